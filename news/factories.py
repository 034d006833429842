import datetime

import factory
import wagtail_factories

from django.utils import timezone

from core.factories import PublishedPageFactory
from news.models import NewsIndexPage, NewsItemPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nyheter"
    slug = "nyheter"

    class Meta:
        model = NewsIndexPage


class NewsItemPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Nyhet {n}")
    intro = "Kort om saken."
    language = "nb"
    date = factory.LazyFunction(datetime.date.today)
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>Mer om saken.</p>"}])
    first_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = NewsItemPage

    _relations = ("municipalities",)
