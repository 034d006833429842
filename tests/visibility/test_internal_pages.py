"""Internal pages (Privacy → "Private, accessible to logged-in users") outside search.

Each test names a channel through which an anonymous reader could learn of an internal
report or guide, proves nothing leaks there, and proves a signed-in reader does see it
(so the first half could fail). Search has its own tests in tests/search/test_internal_content.py.
"""

import pytest

from django.contrib.auth.models import AnonymousUser, Group, Permission

from wagtail.models import PageViewRestriction

from core.visibility import audience_of, visible_pages
from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
    TopicFactory,
    published_on,
)
from experiences.models import ExperiencePage, RelatedExperience
from wiki.factories import GuidePageFactory, ThemePageFactory
from wiki.models import GuidePage, ThemeExperience, ThemeGuide

WORD = "Kvitrefuglskjema"


def internal(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


@pytest.fixture
def world(experience_index, wiki_index, theme_index):
    malvik = MunicipalityFactory(name="Malvik", region=RegionFactory(name="Trøndelag"))
    hemmelvik = MunicipalityFactory(name="Hemmelvik", region=RegionFactory(name="Lukketfylket"))
    closed_network = NetworkFactory(name="Lukketnettet")
    post = TopicFactory(name="Digital post")
    hidden_topic = TopicFactory(name="Skjulte skjema")
    pages = {
        "public": ExperiencePageFactory(
            parent=experience_index,
            title="SvarUt i Malvik",
            municipalities=[malvik],
            topics=[post],
            first_published_at=published_on(2020),
        ),
        "internal": ExperiencePageFactory(
            parent=experience_index,
            title=f"{WORD} i Hemmelvik",
            municipalities=[hemmelvik],
            network=closed_network,
            topics=[post, hidden_topic],
            first_published_at=published_on(2011),
        ),
        "guide": GuidePageFactory(parent=wiki_index, title=f"Veileder for {WORD}", topics=[post]),
        "public_guide": GuidePageFactory(parent=wiki_index, title="Arkivplan"),
        "draft": ExperiencePageFactory(
            parent=experience_index, title="Utkast om SvarUt", municipalities=[malvik], topics=[post], live=False
        ),
    }
    pages["internal_child"] = GuidePageFactory(parent=pages["public_guide"], title=f"Arkivplan og {WORD}")
    pages["overdue_internal"] = GuidePageFactory(
        parent=pages["guide"], title=f"Gammel {WORD}-veileder", last_reviewed=published_on(2015).date()
    )
    internal(pages["internal"])
    internal(pages["guide"])
    internal(pages["internal_child"])

    public = pages["public"].get_latest_revision_as_object()
    public.related_links = [RelatedExperience(related_page=pages["internal"])]
    public.save_revision().publish()

    theme = ThemePageFactory(parent=theme_index, title="Digital post", topics=[post])
    theme.picked_experiences = [ThemeExperience(page=pages["internal"])]
    theme.picked_guides = [ThemeGuide(page=pages["guide"])]
    theme.save_revision().publish()
    pages["theme"] = theme
    return pages


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_internal_pages_send_anonymous_readers_to_sign_in(client, reader, world):
    for page in (world["internal"], world["guide"], world["internal_child"]):
        response = client.get(page.url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    history = client.get(world["guide"].url + "historikk/")
    assert history.status_code == 302

    client.force_login(reader)
    page = html(client, world["internal"].url)
    assert WORD in page
    assert client.get(world["guide"].url + "historikk/").status_code == 200


def test_internal_pages_are_marked_for_signed_in_readers(english, reader, world):
    english.force_login(reader)
    assert "Internal: signed-in users only" in html(english, world["internal"].url)
    assert "Internal: signed-in users only" in html(english, world["guide"].url)
    assert "Internal: signed-in users only" not in html(english, world["public"].url)


def test_experience_index_hides_internal_reports_and_their_filter_values(client, reader, experience_index, world):
    page = html(client, experience_index.url)
    assert "SvarUt i Malvik" in page
    for leak in (WORD, "Hemmelvik", "Lukketnettet", "Lukketfylket", "Skjulte skjema", "2011"):
        assert leak not in page, leak
    assert WORD not in html(client, experience_index.url + "?municipality=hemmelvik")
    assert WORD not in html(client, experience_index.url + "?topic=skjulte-skjema")

    client.force_login(reader)
    page = html(client, experience_index.url)
    for seen in (WORD, "Hemmelvik", "Lukketnettet", "Skjulte skjema", "2011"):
        assert seen in page, seen


def test_municipality_and_network_pages_hide_internal_reports(client, reader, experience_index, world):
    assert WORD not in html(client, experience_index.url + "kommune/hemmelvik/")
    assert WORD not in html(client, experience_index.url + "nettverk/lukketnettet/")
    listing = client.get(experience_index.url + "kommuner/")
    counts = {m.name: m.experience_count for m in listing.context["municipalities"]}
    assert counts["Hemmelvik"] == 0 and counts["Malvik"] == 1
    assert {n.name: n.experience_count for n in listing.context["networks"]}["Lukketnettet"] == 0

    client.force_login(reader)
    assert WORD in html(client, experience_index.url + "kommune/hemmelvik/")
    assert WORD in html(client, experience_index.url + "nettverk/lukketnettet/")
    listing = client.get(experience_index.url + "kommuner/")
    assert {m.name: m.experience_count for m in listing.context["municipalities"]}["Hemmelvik"] == 1


def test_comparison_refuses_internal_reports_to_anonymous_readers(client, reader, experience_index, world):
    url = f"{experience_index.url}sammenlign/?ids={world['public'].pk}&ids={world['internal'].pk}"
    response = client.get(url)
    assert response.status_code == 400
    assert WORD not in response.content.decode()
    client.force_login(reader)
    assert WORD in html(client, url)


def test_theme_page_hides_internal_picks_and_newest(client, reader, world):
    page = html(client, world["theme"].url)
    assert WORD not in page
    assert "SvarUt i Malvik" in page  # newest content with the theme's topic
    client.force_login(reader)
    page = html(client, world["theme"].url)
    assert f"{WORD} i Hemmelvik" in page and f"Veileder for {WORD}" in page


def test_home_page_counts_and_lists_public_reports_only(client, reader, home, world):
    response = client.get("/")
    page = response.content.decode()
    assert WORD not in page
    assert response.context["experience_count"] == 1
    assert "Lukketfylket" not in {region.name for region in response.context["region_counts"]}
    assert {t.name: t.experience_count for t in response.context["topic_counts"]} == {"Digital post": 1}

    client.force_login(reader)
    response = client.get("/")
    assert WORD in response.content.decode()
    assert response.context["experience_count"] == 2


def test_wiki_index_and_guide_pages_hide_internal_guides(client, reader, wiki_index, world):
    response = client.get(wiki_index.url)
    page = response.content.decode()
    assert WORD not in page
    assert "Arkivplan" in page
    assert "overdue_count" not in response.context  # readers see each guide's marker, not the count
    assert WORD not in html(client, world["public_guide"].url)

    # An editor's count includes the internal overdue guide they may see.
    reader.user_permissions.add(Permission.objects.get(content_type__app_label="dashboard", codename="view_dashboard"))
    reader = type(reader).objects.get(pk=reader.pk)
    client.force_login(reader)
    response = client.get(wiki_index.url)
    page = response.content.decode()
    assert f"Veileder for {WORD}" in page and f"Arkivplan og {WORD}" in page
    assert response.context["overdue_count"] == 1
    assert f"Arkivplan og {WORD}" in html(client, world["public_guide"].url)


def test_picked_related_reports_hide_internal_ones(client, reader, world):
    assert WORD not in html(client, world["public"].url)
    assert world["public"].related_experiences() == []
    client.force_login(reader)
    assert WORD in html(client, world["public"].url)
    assert world["public"].related_experiences(reader) == [world["internal"]]


def test_sitemap_lists_public_pages_only_whoever_asks(client, reader, world):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(reader)
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        sitemap = response.content.decode()
        assert world["public"].url in sitemap
        assert world["public_guide"].url in sitemap
        for page in ("internal", "guide", "internal_child", "overdue_internal", "draft"):
            assert f"/{world[page].slug}/" not in sitemap, page


def test_api_v2_gives_internal_pages_to_signed_in_callers_only(client, reader, world):
    listing = client.get("/api/v2/pages/?type=experiences.ExperiencePage").json()
    assert [item["title"] for item in listing["items"]] == ["SvarUt i Malvik"]
    guides = client.get("/api/v2/pages/?type=wiki.GuidePage&fields=summary").content.decode()
    assert WORD not in guides
    assert client.get(f"/api/v2/pages/{world['internal'].pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{world['guide'].pk}/").status_code == 404
    assert WORD not in client.get(f"/api/v2/pages/?search={WORD}").content.decode()
    assert client.get(f"/api/v2/pages/{world['draft'].pk}/").status_code == 404

    client.force_login(reader)
    listing = client.get("/api/v2/pages/?type=experiences.ExperiencePage").json()
    assert {item["title"] for item in listing["items"]} == {"SvarUt i Malvik", f"{WORD} i Hemmelvik"}
    assert client.get(f"/api/v2/pages/{world['internal'].pk}/").status_code == 200
    assert client.get(f"/api/v2/pages/{world['draft'].pk}/").status_code == 404


def test_drafts_never_appear_in_listings_even_for_signed_in_readers(client, reader, experience_index, world):
    client.force_login(reader)
    for url in ("/", experience_index.url, experience_index.url + "kommune/malvik/", world["theme"].url):
        assert "Utkast om SvarUt" not in html(client, url), url


def test_search_result_clicks_lead_signed_in_readers_to_internal_pages(client, reader, world):
    from search.insight_models import SearchLog

    log = SearchLog.objects.create(query=WORD.lower(), ui_language="nb", results=1, engine="database")
    url = f"/search/go/{log.pk}/{world['internal'].pk}/1/"
    browser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
    assert client.get(url, HTTP_USER_AGENT=browser).status_code == 404
    client.force_login(reader)
    response = client.get(url, HTTP_USER_AGENT=browser)
    assert response.status_code == 302 and response["Location"] == world["internal"].url


def test_visible_pages_honours_group_and_password_restrictions(django_user_model, wiki_index):
    members_only = GuidePageFactory(parent=wiki_index, title="For redaktører")
    locked = GuidePageFactory(parent=wiki_index, title="Passordbeskyttet")
    editors = Group.objects.create(name="Redaktører")
    restriction = PageViewRestriction.objects.create(page=members_only, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(editors)
    PageViewRestriction.objects.create(page=locked, restriction_type=PageViewRestriction.PASSWORD, password="x")
    member = django_user_model.objects.create_user("member")
    member.groups.add(editors)
    outsider = django_user_model.objects.create_user("outsider")

    def titles(user):
        return set(visible_pages(GuidePage.objects.live(), user).values_list("title", flat=True))

    assert titles(None) == titles(AnonymousUser()) == set()
    assert titles(outsider) == set()
    assert titles(member) == {"For redaktører"}
    assert audience_of(members_only) is None and audience_of(locked) is None


def test_audience_follows_the_closest_restrictions(world):
    assert audience_of(world["public"]) == "public"
    assert audience_of(world["internal"]) == "internal"
    assert audience_of(world["overdue_internal"]) == "internal"  # inherited from its parent
    assert not ExperiencePage.objects.filter(pk=world["internal"].pk).public().exists()
