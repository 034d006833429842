import datetime

import factory
import wagtail_factories

from django.utils import timezone

from core.factories import PublishedPageFactory
from experiences.models import (
    ExperienceIndexPage,
    ExperiencePage,
    Municipality,
    NationalSolution,
    Network,
    Region,
    Topic,
)


class RegionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Region {n}")
    country = "NO"

    class Meta:
        model = Region
        django_get_or_create = ("country", "name")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kommune {n}")
    country = factory.SelfAttribute("region.country")
    region = factory.SubFactory(RegionFactory)
    number = factory.Sequence(lambda n: f"{5000 + n}")

    class Meta:
        model = Municipality


class NetworkFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Nettverk {n}")
    country = "NO"

    class Meta:
        model = Network
        skip_postgeneration_save = True

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)
            self.save()


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Tema {n}")
    name_sv = factory.LazyAttribute(lambda o: f"{o.name} (sv)")
    name_en = factory.LazyAttribute(lambda o: f"{o.name} (en)")

    class Meta:
        model = Topic


class NationalSolutionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Løsning {n}")
    country = "NO"

    class Meta:
        model = NationalSolution


class ExperienceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Erfaringer"
    slug = "erfaringer"

    class Meta:
        model = ExperienceIndexPage


class ExperiencePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Erfaring {n}")
    summary = "Vi innførte en ny digital tjeneste og lærte mye."
    language = "nb"
    status = "completed"
    background = "<p>Bakgrunnen for prosjektet.</p>"
    what_we_did = "<p>Dette gjorde vi.</p>"
    first_published_at = factory.LazyFunction(timezone.now)
    municipalities = factory.LazyFunction(lambda: [MunicipalityFactory()])

    _relations = ("municipalities", "topics", "national_solutions")

    class Meta:
        model = ExperiencePage


def published_on(year, month=6, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))
