"""Sign-in with the municipality's identity provider (README "Sign-in with your organisation")."""

import os

from .environment import env_list, env_mapping


def oidc_provider_from_env(name):
    prefix = f"OIDC_{name.upper()}_"
    read = lambda key, default="": os.environ.get(prefix + key, default).strip()  # noqa: E731
    return {
        "KIND": read("KIND", name if name in {"entra", "feide", "idporten"} else "generic"),
        "LABEL": read("LABEL"),
        "ISSUER": read("ISSUER"),
        "CLIENT_ID": read("CLIENT_ID"),
        "CLIENT_SECRET": read("CLIENT_SECRET"),
        "SCOPES": read("SCOPES", "openid profile email"),
        "ORGANISATION_CLAIM": read("ORGANISATION_CLAIM"),
        "ORGANISATIONS": env_mapping(prefix + "ORGANISATIONS"),
        "ROLES": env_mapping(prefix + "ROLES"),
        "DEFAULT_ROLE": read("DEFAULT_ROLE"),
    }


# Sign-in with the municipality's identity provider (README "Sign-in with your organisation").
# OIDC_PROVIDERS=entra,feide names them; each reads OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET, ...
# OIDC_PROVIDERS_JSON may instead hold the whole mapping {"entra": {"ISSUER": ..., ...}, ...}.
ERFA_OIDC_PROVIDERS = (
    __import__("json").loads(os.environ["OIDC_PROVIDERS_JSON"])
    if os.environ.get("OIDC_PROVIDERS_JSON")
    else {name: oidc_provider_from_env(name) for name in env_list("OIDC_PROVIDERS")}
)
# mozilla-django-oidc's own settings; the per-provider ones come from ERFA_OIDC_PROVIDERS.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
