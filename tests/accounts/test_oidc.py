"""Sign-in through OpenID Connect, end to end against a real provider (mock-oauth2-server).

The test client follows the real redirects: our login URL → the provider's authorize endpoint
(non-interactive login) → our callback, which exchanges the code at the provider's token
endpoint and checks the ID token against the provider's JWKS.
"""

import base64
import json
from urllib.parse import urlsplit

import pytest
import requests

from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry

from accounts.models import ExternalIdentity
from accounts.oidc import ProviderBackend
from accounts.oidc_providers import _build, check_providers
from accounts.roles import ADMINISTRATORS, CONTRIBUTORS
from accounts.scope import can_act_on, municipality_scope
from core import personal_data
from experiences.factories import ExperiencePageFactory, MunicipalityFactory

from . import oidc_server
from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def oidc_url():
    url = oidc_server.start()
    yield url
    oidc_server.stop()


@pytest.fixture
def providers(oidc_url, settings):
    settings.ERFA_OIDC_PROVIDERS = {
        "entra": oidc_server.entra_provider(),
        "feide": oidc_server.provider(
            "feide", "feide", ORGANISATIONS={oidc_server.TIMRA_FEIDE_ORG: "timra"}, DEFAULT_ROLE=CONTRIBUTORS
        ),
        "idporten": oidc_server.provider("idporten", "idporten"),
        "wrongaud": oidc_server.entra_provider("wrongaud"),
        "expired": oidc_server.entra_provider("expired"),
    }
    cache.clear()
    yield settings.ERFA_OIDC_PROVIDERS
    cache.clear()


@pytest.fixture
def sundsvall(db):
    return MunicipalityFactory(name="Sundsvall", slug="sundsvall", country="SE")


@pytest.fixture
def timra(db):
    return MunicipalityFactory(name="Timrå", slug="timra", country="SE")


def sign_in(client, provider):
    """Follows the real redirects through the provider; returns our callback's answer and its URL."""
    response = client.get(reverse("oidc_login", args=[provider]))
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(oidc_server.url())
    assert "code_challenge=" in authorize and "nonce=" in authorize and "state=" in authorize
    answer = requests.get(authorize, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.netloc == "testserver" and callback.path == reverse("oidc_callback")
    url = f"{callback.path}?{callback.query}"
    return client.get(url), url


def signed_in_user(client):
    return client.get(reverse("login")).wsgi_request.user


def test_sundsvall_employee_signs_in_through_entra_and_edits_exactly_sundsvalls_reports(
    client, providers, sundsvall, timra, experience_index
):
    own = ExperiencePageFactory(parent=experience_index, title="Digital post i Sundsvall", municipalities=[sundsvall])
    other = ExperiencePageFactory(parent=experience_index, title="Digital post i Timrå", municipalities=[timra])

    response, _ = sign_in(client, "entra")

    assert response.status_code == 302
    user = signed_in_user(client)
    assert user.is_authenticated
    assert user.get_full_name() == "Anna Sundberg"
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTORS]
    assert municipality_scope(user) == frozenset({sundsvall.pk})
    assert can_act_on(user, own) and not can_act_on(user, other)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])).status_code != 200


def test_membership_from_claims_is_audited(client, providers, sundsvall):
    sign_in(client, "entra")
    user = ExternalIdentity.objects.get(provider="entra").user

    entries = ModelLogEntry.objects.filter(object_id=str(user.pk))
    membership = entries.get(action="erfa.membership")
    assert membership.data["municipalities"] == ["Sundsvall"]
    assert membership.data["before"]["municipalities"] == []
    assert entries.filter(action="erfa.groups_changed", data__added=[CONTRIBUTORS]).exists()


def test_users_are_matched_by_provider_and_subject_never_by_email(client, providers, sundsvall, django_user_model):
    local = django_user_model.objects.create_user(
        "anna-local", email="anna.sundberg@sundsvall.se", password="x-Pw-2026!"
    )

    sign_in(client, "entra")
    user = signed_in_user(client)
    assert user.pk != local.pk
    assert ExternalIdentity.objects.get(provider="entra", subject="entra-anna-pairwise").user_id == user.pk

    # A second sign-in finds the same user, with no new account.
    client.logout()
    sign_in(client, "entra")
    assert signed_in_user(client).pk == user.pk
    assert django_user_model.objects.filter(external_identities__provider="entra").count() == 1


def test_feide_user_gets_their_organisations_municipality(client, providers, sundsvall, timra):
    response, _ = sign_in(client, "feide")

    assert response.status_code == 302
    user = signed_in_user(client)
    assert municipality_scope(user) == frozenset({timra.pk})
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTORS]


def test_organisation_without_mapping_is_refused(client, providers, settings, timra):
    settings.ERFA_OIDC_PROVIDERS["feide"]["ORGANISATIONS"] = {"o=Another kommune,dc=feide,dc=no": "timra"}

    response, _ = sign_in(client, "feide")

    assert response.status_code == 400
    assert not signed_in_user(client).is_authenticated
    assert not ExternalIdentity.objects.exists()


def test_idporten_user_gets_no_municipality_and_administrators_are_told(client, providers, django_user_model):
    make_user(django_user_model, "admin-ingrid", ADMINISTRATORS)

    response, _ = sign_in(client, "idporten")

    assert response.status_code == 302
    user = signed_in_user(client)
    assert user.is_authenticated
    assert municipality_scope(user) == frozenset()
    assert ModelLogEntry.objects.filter(object_id=str(user.pk), action="erfa.oidc_needs_membership").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin-ingrid@example.org"]
    assert "Kari Nordmann" in mail.outbox[0].subject

    # Only the first sign-in tells them.
    client.logout()
    sign_in(client, "idporten")
    assert len(mail.outbox) == 1


def _refused(client, response):
    assert response.status_code == 400
    assert not signed_in_user(client).is_authenticated
    assert not ExternalIdentity.objects.exists()


def test_token_for_another_audience_is_refused(client, providers, sundsvall):
    response, _ = sign_in(client, "wrongaud")
    _refused(client, response)


def test_expired_token_is_refused(client, providers, sundsvall):
    response, _ = sign_in(client, "expired")
    _refused(client, response)


def test_replayed_callback_is_refused(client, providers, sundsvall, django_user_model):
    response, callback = sign_in(client, "entra")
    assert response.status_code == 302

    # The same browser again: its state was used up before the code was exchanged.
    replayed = client.get(callback)
    assert replayed.status_code == 400
    assert ModelLogEntry.objects.filter(action="erfa.sign_in_failed", data__username="oidc:unknown").count() == 1

    # Another browser (a stolen callback URL): it never had that state.
    other = Client()
    assert other.get(callback).status_code == 400
    assert not signed_in_user(other).is_authenticated


def test_token_with_a_bad_signature_is_refused(client, providers, sundsvall, monkeypatch):
    real_get_token = ProviderBackend.get_token

    def tampered(self, payload):
        tokens = real_get_token(self, payload)
        header, body, signature = tokens["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        claims["roles"] = ["Erfa.Editor"]
        body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return {**tokens, "id_token": f"{header}.{body}.{signature}"}

    monkeypatch.setattr(ProviderBackend, "get_token", tampered)
    response, _ = sign_in(client, "entra")
    _refused(client, response)


def test_rotated_keys_are_fetched_again(client, providers, sundsvall):
    # Keys cached before the provider rotated them: none has the token's key id.
    stale = requests.get(f"{oidc_server.url()}/expired/jwks", timeout=10).json()["keys"]
    cache.set("erfa:oidc:jwks:entra", stale)

    response, _ = sign_in(client, "entra")

    assert response.status_code == 302
    assert signed_in_user(client).is_authenticated


def test_failed_callbacks_count_towards_the_lockout(client, providers, settings, sundsvall):
    settings.ERFA_LOGIN_LOCKOUT = {"FAILURES": 2}
    for _ in range(2):
        response, _ = sign_in(client, "wrongaud")
        assert response.status_code == 400

    response, _ = sign_in(client, "wrongaud")

    assert response.status_code == 429


def test_sign_in_page_offers_each_provider(client, providers):
    page = client.get(reverse("login")).content.decode()
    for name in providers:
        assert reverse("oidc_login", args=[name]) in page
    assert "Microsoft Entra ID" in page and "ID-porten" in page


def test_unknown_provider_is_not_found(client, providers):
    assert client.get(reverse("oidc_login", args=["nowhere"])).status_code == 404


def test_external_identity_is_in_the_personal_data_export(client, providers, sundsvall):
    sign_in(client, "entra")

    places = personal_data.export(personal_data.Person(email="Anna.Sundberg@sundsvall.se"))["places"]

    identities = [place for place in places if place["kind"] == "external_identity"]
    assert [place["fields"]["subject"] for place in identities] == ["entra-anna-pairwise"]
    assert identities[0]["fields"]["organisation"] == oidc_server.SUNDSVALL_TENANT
    assert identities[0]["kept"] is True


def test_providers_are_read_from_the_environment(monkeypatch):
    from config.settings.identity import oidc_provider_from_env

    monkeypatch.setenv("OIDC_ENTRA_ISSUER", "https://login.microsoftonline.com/organizations/v2.0")
    monkeypatch.setenv("OIDC_ENTRA_CLIENT_ID", "erfa")
    monkeypatch.setenv("OIDC_ENTRA_ORGANISATIONS", "tenant-1=sundsvall,tenant-2=timra")
    monkeypatch.setenv("OIDC_ENTRA_ROLES", '{"Erfa.Editor": "Editors"}')

    provider = _build("entra", oidc_provider_from_env("entra"))

    assert provider.kind == "entra" and provider.organisation_claim == "tid"
    assert provider.organisations == {"tenant-1": "sundsvall", "tenant-2": "timra"}
    assert provider.roles == {"Erfa.Editor": "Editors"}
    assert provider.label == "Microsoft Entra ID"


def test_no_claim_can_make_an_administrator():
    raw = {"KIND": "entra", "ISSUER": "https://idp.example", "CLIENT_ID": "erfa", "ROLES": {"Admins": ADMINISTRATORS}}
    with pytest.raises(ImproperlyConfigured):
        _build("entra", raw)


def test_misconfigured_provider_is_reported_at_start_up(settings):
    settings.ERFA_OIDC_PROVIDERS = {"entra": {"KIND": "entra", "ISSUER": "https://idp.example"}}

    errors = check_providers()

    assert [error.id for error in errors] == ["accounts.E101"]
    assert "OIDC_ENTRA_CLIENT_ID" in errors[0].msg
