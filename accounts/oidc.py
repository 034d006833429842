"""Sign-in through the municipality's identity provider (OpenID Connect), on mozilla-django-oidc.

The library serves one provider; here the provider comes from the sign-in URL
(``/accounts/oidc/<provider>/login/``) and is stored with the request's state in the session,
so the one callback uses that provider's endpoints, client and keys. The library supplies
the code flow with state, nonce and PKCE; this module adds what it leaves open: the ID token's
issuer and audience are checked, its keys are cached per provider and fetched again when a
token names a key id not seen yet (the provider rotated its keys), and users are found by
(provider, subject) in ``ExternalIdentity``, never by e-mail.

A failed callback counts against the sign-in lockout (security/lockout.py) under the name
``oidc:<provider>`` from the client's address, and is audited as a failed sign-in.
"""

import hashlib
import logging
from urllib.parse import parse_qs, urlparse

import jwt
import requests
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import View

from security.lockout import clear_failures, locked_for
from security.ratelimit import client_ip

from .oidc_claims import UnknownOrganisation, apply, municipalities_for
from .oidc_providers import get_provider

logger = logging.getLogger("erfa.security")
SIGN_ALGO = "RS256"
JWKS_SECONDS = 24 * 3600


def lockout_name(provider_name):
    return f"oidc:{provider_name or 'unknown'}"


class ProviderBackend(OIDCAuthenticationBackend):
    """Authenticates a callback from the provider named in ``oidc_provider``; passes over everything else."""

    def __init__(self, *args, **kwargs):
        # The library reads one provider's settings here; ours are read per call in authenticate().
        self.UserModel = get_user_model()
        self.provider = None

    def authenticate(self, request, oidc_provider=None, **kwargs):
        provider = get_provider(oidc_provider) if oidc_provider else None
        if request is None or provider is None:
            return None
        self.provider = provider
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_USER_ENDPOINT = None
        try:
            self.OIDC_OP_TOKEN_ENDPOINT = provider.endpoint("token_endpoint")
            self.OIDC_OP_JWKS_ENDPOINT = provider.endpoint("jwks_uri")
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, UnknownOrganisation, jwt.InvalidTokenError, requests.RequestException) as error:
            logger.warning("Sign-in through %s refused: %s", provider.name, error)
            return None

    def _verify_jws(self, payload, key):
        if jwt.get_unverified_header(payload).get("alg") != SIGN_ALGO:
            raise SuspiciousOperation(f"ID token not signed with {SIGN_ALGO}")
        # The library leaves the audience unchecked; a token issued to another client is refused here.
        return jwt.decode(
            payload,
            key,
            algorithms=[SIGN_ALGO],
            audience=self.provider.client_id,
            issuer=self.provider.issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )

    def retrieve_matching_jwk(self, token):
        kid = jwt.get_unverified_header(token).get("kid")
        cache_key = f"erfa:oidc:jwks:{self.provider.name}"
        keys = cache.get(cache_key)
        key = _find_key(keys, kid)
        if key is None:
            # Unknown key id: the provider may have rotated its keys since they were cached.
            response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=import_from_settings("OIDC_TIMEOUT", 10))
            response.raise_for_status()
            keys = response.json().get("keys", [])
            cache.set(cache_key, keys, JWKS_SECONDS)
            key = _find_key(keys, kid)
        if key is None:
            raise SuspiciousOperation(f"No key {kid!r} at {self.provider.name}'s JWKS endpoint")
        return jwt.PyJWK(key)

    def get_userinfo(self, access_token, id_token, payload):
        # The verified ID token carries every claim the mapping reads (tid, roles, groups, organisation).
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = payload
        subject = str(claims.get("sub") or "")
        if not subject:
            raise SuspiciousOperation("ID token without a subject")
        municipalities = municipalities_for(self.provider, claims)
        return link_user(self.provider, subject, claims, municipalities)


def _find_key(keys, kid):
    for key in keys or []:
        if key.get("kid") == kid and key.get("alg", SIGN_ALGO) == SIGN_ALGO:
            return key
    return None


def link_user(provider, subject, claims, municipalities):
    """The user for (provider, subject), created on first sign-in, with membership from the claims."""
    from .models import ExternalIdentity

    User = get_user_model()
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(provider=provider.name, subject=subject)
            .first()
        )
        created = identity is None
        if created:
            digest = hashlib.sha256(f"{provider.name}\x00{subject}".encode()).hexdigest()[:20]
            user = User.objects.create_user(f"{provider.name}-{digest}")
            identity = ExternalIdentity(user=user, provider=provider.name, subject=subject)
        user = identity.user
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = str(claims.get("email") or user.email)[:254]
        user.save()
        organisation = claims.get(provider.organisation_claim) if provider.organisation_claim else ""
        identity.organisation = str(organisation or "")[:255]
        identity.save()
        apply(provider, user, claims, municipalities, created=created)
    return user


def _failed(request, provider, status=400):
    label = provider.label if provider else _("your organisation")
    return TemplateResponse(request, "registration/oidc_failed.html", {"provider_label": label}, status=status)


class ProviderLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider named in the URL, with state, nonce and PKCE."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)
        self.provider = None

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES" and self.provider is not None:
            return self.provider.scopes
        return import_from_settings(attr, *args)

    def get(self, request, provider):
        self.provider = get_provider(provider)
        if self.provider is None:
            raise Http404(_("No such identity provider."))
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.provider.endpoint("authorization_endpoint")
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.warning("Identity provider %s unreachable: %s", self.provider.name, error)
            return _failed(request, self.provider, status=503)
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response.url).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = self.provider.name
        request.session.modified = True
        return response


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: exchanges the code with the provider the state was issued for.

    A state is used once: it is removed before the code is exchanged, so a replayed callback
    finds none and is refused.
    """

    def get(self, request):
        state = request.GET.get("state", "")
        states = request.session.get("oidc_states") or {}
        entry = states.get(state) if state else None
        provider = get_provider(entry.get("provider", "")) if entry else None
        name = lockout_name(provider.name if provider else None)
        ip = client_ip(request)
        if locked_for(name, ip):
            response = TemplateResponse(
                request,
                "security/locked_out.html",
                {"message": _("Too many failed sign-in attempts. Sign-in is paused; try again later.")},
                status=429,
            )
            return response
        if entry is not None:
            del states[state]
            request.session.save()
        if entry is None or provider is None or request.GET.get("error") or not request.GET.get("code"):
            user_login_failed.send(sender=__name__, credentials={"username": name}, request=request)
            return _failed(request, provider)
        # Reload the session after the slow exchange, as the library does, not to overwrite parallel tabs.
        request.session = request.session.__class__(request.session.session_key)
        self.user = auth.authenticate(
            request=request,
            username=name,
            oidc_provider=provider.name,
            nonce=entry.get("nonce"),
            code_verifier=entry.get("code_verifier"),
        )
        if self.user is not None and self.user.is_active:
            clear_failures(name, ip)
            return self.login_success()
        return _failed(request, provider)
