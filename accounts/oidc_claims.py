"""From a provider's verified claims to a user's municipalities and role.

Every change goes through ``accounts.membership`` (``assign``/``set_role``), which audits it.
A provider with an organisation claim is authoritative at every sign-in: the mapped
municipalities replace the user's. A provider without one (ID-porten) leaves membership to an
administrator, who is told about each new user.
"""

import logging

from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from .membership import assign, set_role
from .roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS

logger = logging.getLogger("erfa.security")


class UnknownOrganisation(Exception):
    """The provider names an organisation that is not one of ours: the sign-in is refused."""


def municipalities_for(provider, claims):
    """The municipalities the claims map to; None if this provider says nothing about organisations."""
    from experiences.models import Municipality

    if not provider.organisation_claim:
        return None
    value = claims.get(provider.organisation_claim)
    values = value if isinstance(value, list) else [value]
    slugs = {provider.organisations[str(v)] for v in values if v is not None and str(v) in provider.organisations}
    if not slugs:
        raise UnknownOrganisation(f"{provider.name}: {provider.organisation_claim}={value!r} is not mapped")
    found = list(Municipality.objects.filter(slug__in=slugs))
    if len(found) != len(slugs):
        raise UnknownOrganisation(f"{provider.name}: municipality slugs {sorted(slugs)} not all found")
    return found


def role_for(provider, claims):
    """Editors beat Contributors if both are claimed; the provider's default role otherwise."""
    claimed = set()
    for claim in provider.role_claims:
        value = claims.get(claim) or []
        claimed.update(value if isinstance(value, list) else [value])
    mapped = {provider.roles[str(v)] for v in claimed if str(v) in provider.roles}
    for role in (EDITORS, CONTRIBUTORS):
        if role in mapped:
            return role
    return provider.default_role or None


def apply(provider, user, claims, municipalities, *, created):
    if municipalities is not None:
        assign(user, municipalities)
    role = role_for(provider, claims)
    current = set(user.groups.values_list("name", flat=True))
    # A local administrator is never demoted by a provider (and only reaches here if linked on purpose).
    if ADMINISTRATORS not in current and not user.is_superuser:
        wanted = {role} if role else set()
        if wanted != current & {CONTRIBUTORS, EDITORS}:
            set_role(user, role)
    if created and municipalities is None:
        tell_administrators(provider, user)


def tell_administrators(provider, user):
    """A new user from a provider without an organisation claim: someone must choose their municipality."""
    from .models import Account

    log(instance=Account.objects.get(pk=user.pk), action="erfa.oidc_needs_membership", data={"provider": provider.name})
    recipients = sorted(
        {u.email for u in Group.objects.get(name=ADMINISTRATORS).user_set.filter(is_active=True) if u.email}
    )
    if not recipients:
        logger.warning("New %s user %s needs a municipality, and no administrator has an address", provider.name, user)
        return
    send_mail(
        _("New user without a municipality: %(name)s") % {"name": user.get_full_name() or user.get_username()},
        _(
            "%(name)s signed in through %(provider)s for the first time. The provider does not say which "
            "municipality they work for, so they have none yet. Choose their municipality and role under "
            "Settings → Users."
        )
        % {"name": user.get_full_name() or user.get_username(), "provider": provider.label},
        None,
        recipients,
    )
