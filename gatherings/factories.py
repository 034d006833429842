import datetime

import factory
import wagtail_factories

from django.utils import timezone

from gatherings.models import GatheringIndexPage, GatheringPage, Session


def in_days(days, hour=9):
    """An aware datetime ``days`` from now at ``hour`` o'clock (Oslo time)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


class GatheringIndexPageFactory(wagtail_factories.PageFactory):
    title = "Samlinger"
    slug = "samlinger"

    class Meta:
        model = GatheringIndexPage


class GatheringPageFactory(wagtail_factories.PageFactory):
    """A published gathering; ``sessions`` takes a list of dicts, ``networks``, ``municipalities``
    and ``topics`` lists (``live=False``: a draft)."""

    title = factory.Sequence(lambda n: f"Samling {n}")
    language = "nb"
    starts_at = factory.LazyFunction(lambda: in_days(30, 9))
    ends_at = factory.LazyFunction(lambda: in_days(30, 16))
    place = "Trondheim"
    intro = "<p>Nettverket møtes for å dele erfaringer.</p>"

    class Meta:
        model = GatheringPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent")
        related = {name: kwargs.pop(name, None) or [] for name in ("networks", "municipalities", "topics")}
        sessions = kwargs.pop("sessions", None) or []
        page = model_class(*args, **kwargs)
        for name, value in related.items():
            setattr(page, name, value)
        page.sessions = [Session(**session) for session in sessions]
        live = page.live
        page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        page.refresh_from_db()
        return page
