import datetime

import factory
import wagtail_factories

from django.utils import timezone

from core.factories import PublishedPageFactory
from wiki.models import GuidePage, ThemeIndexPage, ThemePage, WikiIndexPage


class WikiIndexPageFactory(wagtail_factories.PageFactory):
    title = "Veiledere"
    slug = "wiki"

    class Meta:
        model = WikiIndexPage


class ThemeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tema"
    slug = "tema"

    class Meta:
        model = ThemeIndexPage


def body(*headings):
    blocks = []
    for heading in headings or ("Kom i gang",):
        blocks.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        blocks.append({"type": "paragraph", "value": f"<p>Tekst om {heading.lower()}.</p>"})
    return blocks


class GuidePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Veileder {n}")
    summary = "Slik kommer du i gang."
    language = "nb"
    body = factory.LazyFunction(body)
    last_reviewed = factory.LazyFunction(datetime.date.today)
    review_interval_months = 12
    first_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = GuidePage

    _relations = ("topics",)


class ThemePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Tema {n}")
    intro = "<p>Om temaet.</p>"

    class Meta:
        model = ThemePage

    _relations = ("topics",)
