"""The identity providers staff sign in with, as configured in ``settings.ERFA_OIDC_PROVIDERS``.

Each provider has a kind that supplies defaults for its claims: Entra ID names the tenant
(one municipality) in ``tid`` and roles or groups in ``roles``/``groups``; Feide names the
organisation; ID-porten/Ansattporten names only the person. Endpoints come from the
issuer's discovery document unless set explicitly.
"""

from dataclasses import dataclass, field

import requests

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .roles import CONTRIBUTORS, EDITORS

# Administrators stay local accounts: no claim can make anyone one.
CLAIMABLE_ROLES = {CONTRIBUTORS, EDITORS}
KIND_DEFAULTS = {
    "entra": {"organisation_claim": "tid", "role_claims": ("roles", "groups"), "label": "Microsoft Entra ID"},
    "feide": {"organisation_claim": "eduPersonOrgDN", "role_claims": ("groups",), "label": "Feide"},
    "idporten": {"organisation_claim": "", "role_claims": (), "label": "ID-porten"},
    "generic": {"organisation_claim": "", "role_claims": ("roles", "groups"), "label": ""},
}
DISCOVERY_SECONDS = 3600


@dataclass(frozen=True)
class Provider:
    name: str
    kind: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    organisation_claim: str
    organisations: dict = field(default_factory=dict)
    role_claims: tuple = ()
    roles: dict = field(default_factory=dict)
    default_role: str = ""
    endpoints: dict = field(default_factory=dict)

    def endpoint(self, key):
        """An endpoint (``authorization_endpoint``, ``token_endpoint``, ``jwks_uri``) from settings or discovery."""
        if self.endpoints.get(key):
            return self.endpoints[key]
        cache_key = f"erfa:oidc:discovery:{self.issuer}"
        document = cache.get(cache_key)
        if document is None:
            response = requests.get(
                self.issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
            cache.set(cache_key, document, DISCOVERY_SECONDS)
        return document[key]


def _build(name, raw):
    kind = raw.get("KIND") or "generic"
    if kind not in KIND_DEFAULTS:
        raise ImproperlyConfigured(f"OIDC provider {name!r}: unknown kind {kind!r} ({', '.join(KIND_DEFAULTS)}).")
    defaults = KIND_DEFAULTS[kind]
    for key in ("ISSUER", "CLIENT_ID"):
        if not raw.get(key):
            raise ImproperlyConfigured(f"OIDC provider {name!r}: OIDC_{name.upper()}_{key} is not set.")
    roles = dict(raw.get("ROLES") or {})
    default_role = raw.get("DEFAULT_ROLE") or ""
    for role in [*roles.values(), default_role]:
        if role and role not in CLAIMABLE_ROLES:
            raise ImproperlyConfigured(
                f"OIDC provider {name!r}: role {role!r} cannot come from claims (only {sorted(CLAIMABLE_ROLES)})."
            )
    return Provider(
        name=name,
        kind=kind,
        label=raw.get("LABEL") or defaults["label"] or name,
        issuer=raw["ISSUER"].rstrip("/"),
        client_id=raw["CLIENT_ID"],
        client_secret=raw.get("CLIENT_SECRET", ""),
        scopes=raw.get("SCOPES") or "openid profile email",
        organisation_claim=raw.get("ORGANISATION_CLAIM") or defaults["organisation_claim"],
        organisations={str(k): v for k, v in (raw.get("ORGANISATIONS") or {}).items()},
        role_claims=tuple(raw.get("ROLE_CLAIMS") or defaults["role_claims"]),
        roles=roles,
        default_role=default_role,
        endpoints={
            key: raw[upper]
            for key, upper in (
                ("authorization_endpoint", "AUTHORIZATION_ENDPOINT"),
                ("token_endpoint", "TOKEN_ENDPOINT"),
                ("jwks_uri", "JWKS_URI"),
            )
            if raw.get(upper)
        },
    )


def providers():
    return {name: _build(name, raw) for name, raw in getattr(settings, "ERFA_OIDC_PROVIDERS", {}).items()}


def get_provider(name):
    raw = getattr(settings, "ERFA_OIDC_PROVIDERS", {}).get(name)
    return _build(name, raw) if raw is not None else None


@checks.register(checks.Tags.security)
def check_providers(app_configs=None, **kwargs):
    """A misconfigured provider is reported at start-up, not on the sign-in page."""
    errors = []
    for name, raw in getattr(settings, "ERFA_OIDC_PROVIDERS", {}).items():
        try:
            _build(name, raw)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="accounts.E101"))
    return errors
