"""Every URL is in the channel registry, and the admin ones keep other municipalities' drafts out.

The secret is a Timrå report that exists only as a draft, submitted for review, with a log
entry; and a live Timrå report whose pending draft has a new, secret title. The requests come
from a Malvik contributor and from an editor limited to a network Timrå is not in.
"""

import re
from pathlib import Path

import pytest

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.timezone import now

from wagtail.models import ReferenceIndex, TaskState, WorkflowState

from accounts.roles import EDITORS
from experiences.factories import ExperiencePageFactory, NetworkFactory

from ..accounts.conftest import make_user
from .channels import REGISTRY, Covered, Listing, NoObjectData, PageObject

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Hemmelig Timrå-utkast"
SECRET_EDIT = "Hemmelig ny tittel"


def walk(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or "")


ROUTES = {}
for _route, _name in walk():
    ROUTES.setdefault(_route, _name)


def test_every_url_pattern_is_in_the_channel_registry():
    missing = sorted(set(ROUTES) - set(REGISTRY))
    assert not missing, f"URL patterns without a scope/leak test or exemption in tests/security/channels.py: {missing}"


def test_registry_names_no_url_that_is_gone():
    assert not sorted(set(REGISTRY) - set(ROUTES))


def test_every_covering_test_exists():
    for route, coverage in REGISTRY.items():
        if isinstance(coverage, Covered):
            path, _, name = coverage.test.partition("::")
            source = ROOT / path
            assert source.exists(), (route, path)
            if name:
                assert re.search(rf"^def {name}\(", source.read_text(), re.M), (route, coverage.test)
        elif isinstance(coverage, NoObjectData):
            assert coverage.reason, route


@pytest.fixture
def secret(experience_index, municipality_a, municipality_b, users):
    draft = ExperiencePageFactory(parent=experience_index, title=SECRET, municipalities=[municipality_b], live=False)
    revision = draft.save_revision(user=users["contributor_b"])
    draft.get_workflow().start(draft, users["contributor_b"])
    # Locked, for the locked pages report.
    type(draft).objects.filter(pk=draft.pk).update(locked=True, locked_by=users["contributor_b"], locked_at=now())
    live = ExperiencePageFactory(
        parent=experience_index, title="Offentlig Timrå-rapport", municipalities=[municipality_b]
    )
    live.title = SECRET_EDIT
    live.save_revision(user=users["contributor_b"], log_action=True)
    draft.refresh_from_db()
    return {
        "page": draft,
        "revision": revision,
        "workflow_state": WorkflowState.objects.get(object_id=str(draft.pk)),
        "task_state": TaskState.objects.get(workflow_state__object_id=str(draft.pk)),
        "index": experience_index,
    }


@pytest.fixture
def outsiders(django_user_model, users, municipality_a):
    network = NetworkFactory(name="DiguT")
    network.members.set([municipality_a])
    network.save()
    editor = make_user(django_user_model, "digut_editor", EDITORS, networks=[network])
    return {"contributor": users["contributor_a"], "network editor": editor}


def url_for(route, coverage, secret):
    name = ROUTES[route]
    page = secret["page"]
    values = {
        "page_id": page.pk,
        "parent_page_id": page.pk,
        "page_to_move_id": page.pk,
        "pk": page.pk,
        "page_pk": page.pk,
        "revision_id": secret["revision"].pk,
        "task_state_id": secret["task_state"].pk,
        "task_id": secret["task_state"].task_id,
        "workflow_state_id": secret["workflow_state"].pk,
        "action_name": "approve",
        "destination_id": secret["index"].pk,
        "content_type_app_name": "experiences",
        "content_type_model_name": "experiencepage",
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    }
    if isinstance(coverage, Listing):
        values.update({k: (page.pk if v == "{secret}" else v) for k, v in coverage.kwargs.items()})
    wanted = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    kwargs = {a or b: values[a or b] for a, b in wanted}
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{coverage.query}" if coverage.query else url


def driven(kind):
    return [route for route, coverage in REGISTRY.items() if isinstance(coverage, kind) and route in ROUTES]


@pytest.mark.parametrize("route", driven(PageObject))
def test_admin_urls_naming_a_foreign_draft_refuse_and_leak_nothing(client, secret, outsiders, route):
    url = url_for(route, REGISTRY[route], secret)
    for who, user in outsiders.items():
        client.force_login(user)
        response = client.get(url)
        body = response.content.decode(errors="replace")
        # 405: the view takes POST only, and answers a GET with nothing.
        assert response.status_code in {302, 403, 404, 405}, (who, url, response.status_code)
        assert SECRET not in body and SECRET_EDIT not in body, (who, url)


@pytest.mark.parametrize("route", driven(Listing))
def test_admin_listings_searches_and_reports_leave_foreign_drafts_out(client, secret, outsiders, users, route):
    url = url_for(route, REGISTRY[route], secret)
    for who, user in outsiders.items():
        client.force_login(user)
        response = client.get(url)
        body = response.content.decode(errors="replace")
        assert response.status_code < 500, (who, url)
        assert SECRET not in body and SECRET_EDIT not in body, (who, url)


def test_listing_check_sees_the_secret_where_it_may_be_seen(client, secret, users):
    """The leak checks can fail: Timrå's own contributor finds the draft in search and the API."""
    client.force_login(users["contributor_b"])
    assert SECRET in client.get(reverse("wagtailadmin_pages:search") + "?q=Hemmelig").content.decode()
    assert SECRET in client.get(reverse("wagtailadmin_api:pages:listing") + "?search=Hemmelig").content.decode()


def test_bulk_action_confirmation_leaves_out_foreign_drafts(client, secret, outsiders):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={secret['page'].pk}"
    for user in outsiders.values():
        client.force_login(user)
        response = client.get(url)
        assert SECRET not in response.content.decode(errors="replace")


def test_snippet_usage_hides_foreign_drafts(client, secret, outsiders, users, municipality_b):
    network = NetworkFactory(name="Medelpad")
    type(secret["page"]).objects.filter(pk=secret["page"].pk).update(network=network)
    ReferenceIndex.create_or_update_for_object(type(secret["page"]).objects.get(pk=secret["page"].pk))
    url = reverse("wagtailsnippets_experiences_network:usage", args=[network.pk])
    client.force_login(users["administrator"])
    assert SECRET in client.get(url).content.decode(), "the usage view must list the report to those who may see it"
    for user in outsiders.values():
        client.force_login(user)
        response = client.get(url)
        assert SECRET not in response.content.decode(errors="replace")
