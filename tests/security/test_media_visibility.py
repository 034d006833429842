"""Who sees which document or image (issue 14, finding 4): the file follows the pages that use it.

Anonymous readers get files used by a live public page, or marked public by an editor;
signed-in readers also those of internal pages. Drafts' and unused files are nobody's to read,
on every channel: API v2 listing and detail, and the document download URL.
"""

import pytest

from django.urls import reverse

from wagtail.models import PageViewRestriction

from accounts.roles import CONTRIBUTORS, EDITORS
from core.models import PublicMedia
from tests.accounts.conftest import make_user
from tests.accounts.media import make_media, report_using

FILES = ["public_live", "internal", "draft_only", "unused", "marked"]
SEEN_BY = {
    "anonymous": {"public_live", "marked"},
    "reader": {"public_live", "internal", "marked"},
}
KINDS = ["document", "image"]


@pytest.fixture
def municipality(db):
    from experiences.factories import MunicipalityFactory

    return MunicipalityFactory(name="Sundsvall", country="SE")


@pytest.fixture
def media(experience_index, municipality):
    def build(kind):
        made = {name: make_media(kind, f"fil-{name}") for name in FILES}
        report_using(experience_index, municipality, made["public_live"], live=True)
        internal = report_using(experience_index, municipality, made["internal"], live=True)
        PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
        report_using(experience_index, municipality, made["draft_only"], live=False)
        PublicMedia.objects.create(**{kind: made["marked"]})
        return made

    return build


def sign_in(client, reader, who):
    if who == "reader":
        client.force_login(reader)


def api_titles(client, kind):
    response = client.get(f"/api/v2/{kind}s/?limit=50")
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", list(SEEN_BY))
def test_api_lists_only_files_of_pages_the_reader_may_see(client, reader, media, kind, who):
    made = media(kind)
    sign_in(client, reader, who)
    assert api_titles(client, kind) == {made[name].title for name in SEEN_BY[who]}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", list(SEEN_BY))
def test_api_detail_answers_404_for_files_the_reader_may_not_see(client, reader, media, kind, who):
    made = media(kind)
    sign_in(client, reader, who)
    for name in FILES:
        response = client.get(f"/api/v2/{kind}s/{made[name].pk}/")
        assert response.status_code == (200 if name in SEEN_BY[who] else 404), name
        if response.status_code == 200:
            assert response.json()["title"] == made[name].title


def test_api_search_does_not_find_hidden_files(client, media):
    made = media("document")
    response = client.get("/api/v2/documents/?search=fil")
    assert response.status_code == 200
    assert {item["title"] for item in response.json()["items"]} <= {made[n].title for n in SEEN_BY["anonymous"]}


@pytest.mark.parametrize("who", list(SEEN_BY))
def test_document_download_serves_only_files_the_reader_may_see(client, reader, media, who):
    made = media("document")
    sign_in(client, reader, who)
    for name in FILES:
        response = client.get(made[name].url)
        if name in SEEN_BY[who]:
            assert response.status_code == 200, name
            assert b"".join(response.streaming_content) == f"Innhold i fil-{name}".encode()
        elif who == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), name
        else:
            assert response.status_code == 404, name


def test_editors_download_a_drafts_attachment_while_reviewing(client, django_user_model, media):
    made = media("document")
    client.force_login(make_user(django_user_model, "editor", EDITORS))
    for name in FILES:
        assert client.get(made[name].url).status_code == 200, name


def test_contributors_download_only_their_own_drafts_attachments(client, django_user_model, media, municipality):
    from experiences.factories import MunicipalityFactory

    made = media("document")
    own = make_user(django_user_model, "sundsvall", CONTRIBUTORS, [municipality])
    other = make_user(django_user_model, "malvik", CONTRIBUTORS, [MunicipalityFactory(name="Malvik")])
    client.force_login(own)
    assert client.get(made["draft_only"].url).status_code == 200
    client.force_login(other)
    assert client.get(made["draft_only"].url).status_code == 404
    assert client.get(made["internal"].url).status_code == 200


def test_marking_a_file_public_in_the_admin_publishes_it(client, django_user_model, media):
    made = media("document")
    client.force_login(make_user(django_user_model, "editor", EDITORS))
    response = client.post(reverse("core_publicmedia:add"), {"document": made["unused"].pk})
    assert response.status_code == 302
    client.logout()
    assert made["unused"].title in api_titles(client, "document")
    assert client.get(made["unused"].url).status_code == 200


def test_contributors_cannot_mark_files_public(client, django_user_model, media, municipality):
    made = media("document")
    client.force_login(make_user(django_user_model, "sundsvall", CONTRIBUTORS, [municipality]))
    client.post(reverse("core_publicmedia:add"), {"document": made["draft_only"].pk})
    assert not PublicMedia.objects.filter(document=made["draft_only"]).exists()


def test_network_editors_cannot_mark_another_municipalitys_draft_file_public(client, django_user_model, media):
    from experiences.factories import MunicipalityFactory, NetworkFactory

    made = media("document")
    network = NetworkFactory(members=[MunicipalityFactory(name="Malvik")])
    client.force_login(make_user(django_user_model, "digut", EDITORS, networks=[network]))
    assert made["draft_only"].title not in client.get(reverse("core_publicmedia:add")).content.decode()
    response = client.post(reverse("core_publicmedia:add"), {"document": made["draft_only"].pk})
    assert response.status_code == 200
    assert not PublicMedia.objects.filter(document=made["draft_only"]).exists()
    client.logout()
    assert client.get(made["draft_only"].url).status_code == 302
