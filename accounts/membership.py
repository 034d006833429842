"""The single place that says which municipalities (and networks) a user acts for.

The admin's membership form and invitation form call ``assign``; so will a future OIDC claim
mapper (ID-porten, Feide, Entra ID): after the provider's backend authenticates a user, map
its organisation claim to municipalities and call ``assign(user, municipalities, actor=None)``.
Sign-in itself goes through ``settings.AUTHENTICATION_BACKENDS``, so adding a provider means
adding its backend there, not reshaping these functions.
"""

from django.contrib.auth.models import Group

from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from .scope import forget_scope, municipality_scope


def may_change_scopes(user):
    """Whether the user may change what defines anyone's scope: memberships and network members.

    Administrators only, by the membership permission; and never a user whose own scope is
    limited, since any such change could widen it.
    """
    return (
        user is not None
        and user.is_authenticated
        and user.has_perm("accounts.change_membership")
        and municipality_scope(user) is None
    )


def assign(user, municipalities, networks=None, *, actor=None):
    """Make the user's municipalities (and, for editors, networks) exactly these, and log the change.

    Returns True if anything changed.
    """
    from experiences.models import Municipality, Network

    from .models import Account, Membership

    membership, _ = Membership.objects.get_or_create(user=user)
    before = (
        set(membership.municipalities.values_list("pk", flat=True)),
        set(membership.networks.values_list("pk", flat=True)),
    )
    membership.municipalities.set(municipalities)
    if networks is not None:
        membership.networks.set(networks)
    after = (
        set(membership.municipalities.values_list("pk", flat=True)),
        set(membership.networks.values_list("pk", flat=True)),
    )
    forget_scope(user)
    if before == after:
        return False
    log(
        instance=Account.objects.get(pk=user.pk),
        action="erfa.membership",
        user=actor,
        data={
            "municipalities": sorted(membership.municipalities.values_list("name", flat=True)),
            "networks": sorted(membership.networks.values_list("name", flat=True)),
            "before": {
                "municipalities": _names(Municipality, before[0]),
                "networks": _names(Network, before[1]),
            },
        },
    )
    return True


def set_role(user, group_name, *, actor=None):
    """Put the user in exactly one of the three role groups (or none, for a reader)."""
    from .roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS

    roles = Group.objects.filter(name__in=[CONTRIBUTORS, EDITORS, ADMINISTRATORS])
    user.groups.remove(*roles.exclude(name=group_name))
    if group_name:
        user.groups.add(roles.get(name=group_name))
    forget_scope(user)


def _names(model, pks):
    return sorted(model.objects.filter(pk__in=pks).values_list("name", flat=True))


class NetworkPermissionPolicy(ModelPermissionPolicy):
    """Deleting a network empties the network list of the editors limited to it, and an editor
    without networks acts for every municipality: only those who may change scopes delete one."""

    def user_has_permission(self, user, action):
        if action == "delete" and not may_change_scopes(user):
            return False
        return super().user_has_permission(user, action)


def register_network_policy():
    from wagtail.permissions import register_permission_policy

    from experiences.models import Network

    register_permission_policy(Network, NetworkPermissionPolicy(Network))
