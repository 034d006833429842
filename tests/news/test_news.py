"""News items: the index, their network, feeds and digests, each under the one visibility rule."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own feed output in tests

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

from experiences.factories import MunicipalityFactory, NetworkFactory
from news.factories import NewsIndexPageFactory, NewsItemPageFactory
from subscriptions.models import DigestSettings, Follow

ATOM = "{http://www.w3.org/2005/Atom}"


def internal(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


@pytest.fixture
def news(home):
    digut = NetworkFactory(name="DiguT")
    esamverkan = NetworkFactory(name="eSamverkan", country="SE")
    index = NewsIndexPageFactory(parent=home, network=digut)
    items = {
        "public": NewsItemPageFactory(parent=index, title="Nyhetsbrev 1. halvår 2016", network=digut),
        "internal": NewsItemPageFactory(parent=index, title="Referat fra strategigruppen", network=digut),
        "draft": NewsItemPageFactory(parent=index, title="Utkast til nyhetsbrev", network=digut, live=False),
        "other": NewsItemPageFactory(
            parent=index, title="eSamverkan 2020", network=esamverkan, language="sv", intro="Tre fokusområden."
        ),
    }
    internal(items["internal"])
    return {"index": index, "digut": digut, "esamverkan": esamverkan, **items}


def test_news_index_shows_internal_items_to_signed_in_readers_only(client, news, reader):
    anonymous = client.get(news["index"].url).content.decode()
    assert "Nyhetsbrev 1. halvår 2016" in anonymous
    assert "Referat fra strategigruppen" not in anonymous
    assert "Utkast til nyhetsbrev" not in anonymous
    client.force_login(reader)
    signed_in = client.get(news["index"].url).content.decode()
    assert "Referat fra strategigruppen" in signed_in
    assert "Utkast til nyhetsbrev" not in signed_in


def test_internal_news_item_sends_anonymous_readers_to_sign_in(client, news):
    response = client.get(news["internal"].url)
    assert response.status_code == 302
    assert client.get(news["public"].url).status_code == 200


def test_item_written_in_a_network_newsletter_belongs_to_that_network(news):
    item = NewsItemPageFactory.build(title="Ny sak", network=None)
    news["index"].add_child(instance=item)
    item.full_clean()
    assert item.network == news["digut"]


def test_news_item_page_marks_its_content_language(client, news):
    html = client.get(news["other"].url).content.decode()
    assert '<h1 class="ds-heading" data-size="xl" lang="sv">eSamverkan 2020</h1>' in html


def feed_titles(response):
    root = ET.fromstring(response.content)  # noqa: S314
    return [item.findtext("title") for item in root.iter("item")] or [
        entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")
    ]


def test_news_feeds_list_public_live_items_only(client, news):
    for url in ("/feeds/news/rss/", "/feeds/news/atom/"):
        titles = feed_titles(client.get(url))
        assert sorted(titles) == ["Nyhetsbrev 1. halvår 2016", "eSamverkan 2020"], url


def test_news_feed_of_a_network_lists_that_networks_items(client, news):
    titles = feed_titles(client.get(f"/feeds/news/network/{news['esamverkan'].slug}/rss/"))
    assert titles == ["eSamverkan 2020"]
    assert client.get("/feeds/news/network/finnes-ikke/rss/").status_code == 404


def test_news_pages_announce_their_feeds(client, news):
    html = client.get(news["public"].url).content.decode()
    assert 'href="/feeds/news/rss/"' in html
    assert f'href="/feeds/news/network/{news["digut"].slug}/atom/"' in html


def test_digest_lists_new_public_news_of_a_followed_network_or_municipality(django_user_model, news):
    malvik = MunicipalityFactory(name="Malvik")
    item = NewsItemPageFactory(parent=news["index"], title="Malvik tar i bruk SvarUt", network=None)
    item.municipalities.set([malvik])
    item.save()
    user = django_user_model.objects.create_user("dagny", email="dagny@example.org", password="pw-123456-x")
    settings = DigestSettings.objects.create(user=user, frequency="daily", language="nb")
    DigestSettings.objects.filter(pk=settings.pk).update(created=timezone.now() - datetime.timedelta(days=10))
    Follow.objects.create(user=user, network=news["digut"])
    Follow.objects.create(user=user, municipality=malvik)
    call_command("send_digests", "--frequency", "daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [message] = mail.outbox
    assert "Nyhetsbrev 1. halvår 2016" in message.body
    assert "Malvik tar i bruk SvarUt" in message.body
    assert "Referat fra strategigruppen" not in message.body  # internal: e-mail is forwarded
    assert "Utkast til nyhetsbrev" not in message.body
    assert "eSamverkan 2020" not in message.body  # not followed
    call_command("send_digests", "--frequency", "daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1, "an item is sent once"
