"""Role × action × file matrix for documents and images (issue 14, finding 1).

A file belongs to the pages that use it. Municipality A's reports are in scope for
``contributor_a`` and for the editor limited to a network of A; B's are not. Files used by a
live report may be changed only by users who may publish that report, so a replaced file
never skips moderation. Every refused row leaves the file exactly as it was: title, file name,
bytes and collection.
"""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

from accounts.roles import EDITORS
from experiences.factories import NetworkFactory

from .conftest import make_user
from .media import make_media, media_state, png_bytes, report_using

ROLES = ["contributor_a", "contributor_b", "network_editor", "editor", "administrator"]
FILES = ["a_draft", "a_live", "b_draft", "b_live", "unused", "own"]
ALLOWED = {
    # Own drafts' files; not a live report's (that needs publishing rights), not B's.
    "contributor_a": {"a_draft", "own"},
    "contributor_b": {"b_draft", "own"},
    # Limited to a network of A: publishes A's reports, nothing of B's.
    "network_editor": {"a_draft", "a_live", "own"},
    "editor": set(FILES),
    "administrator": set(FILES),
}
ACTIONS = ["edit", "replace", "delete", "bulk_delete"]
KINDS = ["document", "image"]


@pytest.fixture
def roles(users, django_user_model, municipality_a):
    network = NetworkFactory(members=[municipality_a])
    return {
        **users,
        "network_editor": make_user(django_user_model, "network_editor", EDITORS, networks=[network]),
    }


@pytest.fixture
def files(roles, experience_index, municipality_a, municipality_b):
    def build(kind, role):
        uploader = roles["administrator"]
        made = {}
        for name, municipality, live in (
            ("a_draft", municipality_a, False),
            ("a_live", municipality_a, True),
            ("b_draft", municipality_b, False),
            ("b_live", municipality_b, True),
        ):
            made[name] = make_media(kind, f"fil-{name}", uploaded_by=uploader)
            report_using(experience_index, municipality, made[name], live=live)
        made["unused"] = make_media(kind, "fil-unused", uploaded_by=uploader)
        made["own"] = make_media(kind, "fil-own", uploaded_by=roles[role])
        return made

    return build


def edit_url(media):
    if media._meta.model_name == "document":
        return reverse("wagtaildocs:edit", args=[media.pk])
    return reverse("wagtailimages:edit", args=[media.pk])


def delete_url(media):
    if media._meta.model_name == "document":
        return reverse("wagtaildocs:delete", args=[media.pk])
    return reverse("wagtailimages:delete", args=[media.pk])


def new_file(media):
    if media._meta.model_name == "document":
        return SimpleUploadedFile("erstattet.txt", b"Erstattet innhold", content_type="text/plain")
    return SimpleUploadedFile("erstattet.png", png_bytes("black"), content_type="image/png")


def perform(client, action, media):
    collection = Collection.get_first_root_node().pk
    match action:
        case "edit":
            return client.post(edit_url(media), {"title": "Endret tittel", "collection": collection})
        case "replace":
            return client.post(
                edit_url(media), {"title": media.title, "file": new_file(media), "collection": collection}
            )
        case "delete":
            return client.post(delete_url(media))
        case "bulk_delete":
            url = reverse("wagtail_bulk_action", args=[media._meta.app_label, media._meta.model_name, "delete"])
            return client.post(f"{url}?id={media.pk}")


def took_effect(action, before, after):
    if action in {"delete", "bulk_delete"}:
        return after is None
    if after is None:
        return False
    title, name, content, _ = after
    if action == "edit":
        return title == "Endret tittel"
    return content != before[2] and name != before[1]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_media_permission_matrix(client, roles, files, kind, action, role):
    made = files(kind, role)
    client.force_login(roles[role])
    for name in FILES:
        media = made[name]
        before = media_state(media)
        response = perform(client, action, media)
        after = media_state(media)
        expected = name in ALLOWED[role]
        assert response.status_code in {200, 302, 403}, (name, response.status_code)
        assert took_effect(action, before, after) is expected, f"{role} {action} {kind} {name}"
        if not expected:
            assert after == before, f"{role} {action} {kind} {name}: refused, but the file changed"


@pytest.mark.parametrize("kind", KINDS)
def test_media_listing_shows_only_files_the_contributor_may_change(client, roles, files, kind):
    made = files(kind, "contributor_a")
    client.force_login(roles["contributor_a"])
    url = reverse("wagtaildocs:index" if kind == "document" else "wagtailimages:index")
    content = client.get(url).content.decode()
    for name in FILES:
        assert (edit_url(made[name]) in content) is (name in ALLOWED["contributor_a"]), name


def test_document_chooser_hides_other_municipalities_draft_files(client, roles, files):
    made = files("document", "contributor_a")
    client.force_login(roles["contributor_a"])
    content = client.get(reverse("wagtaildocs_chooser:choose_results")).content.decode()
    shown = {name for name in FILES if made[name].title in content}
    # Files of live reports are public anyway; B's draft and files nobody uses are B's business.
    assert shown == {"a_draft", "a_live", "b_live", "own"}


@pytest.mark.parametrize("kind", KINDS)
def test_multiple_upload_editor_follows_the_same_rule(client, roles, files, kind):
    made = files(kind, "contributor_a")
    client.force_login(roles["contributor_a"])
    namespace, prefix = ("wagtaildocs", "doc") if kind == "document" else ("wagtailimages", "image")
    collection = Collection.get_first_root_node().pk
    for name in FILES:
        media = made[name]
        before = media_state(media)
        client.post(
            reverse(f"{namespace}:edit_multiple", args=[media.pk]),
            {f"{prefix}-{media.pk}-title": "Endret tittel", f"{prefix}-{media.pk}-collection": collection},
        )
        edited = media_state(media)
        assert took_effect("edit", before, edited) is (name in ALLOWED["contributor_a"]), name
        client.post(reverse(f"{namespace}:delete_multiple", args=[media.pk]))
        after = media_state(media)
        assert (after is None) is (name in ALLOWED["contributor_a"]), name
        if name not in ALLOWED["contributor_a"]:
            assert after == before, f"{name}: refused, but the file changed"
