"""What goes into Wagtail's audit log beyond what Wagtail logs itself.

Wagtail already logs page creation, edits, publishing, unpublishing, deletion, moves and every
workflow step. This module adds sign-ins, failed sign-ins (the attempted username, never the
password), role and permission changes, and the municipalities of the report each page
entry is about. Entries are written against the ``Account`` and ``Role`` proxies so editors
can read them in Reports → Site history without any right over users and groups.
"""

import contextlib
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import GroupCollectionPermission, GroupPagePermission, ModelLogEntry, PageLogEntry

from security.ratelimit import client_key

MAX_USERNAME = 150


def _restoring(model):
    """True while the database is being filled from a serialized copy (a test's serialized rollback).

    Many-to-many signals carry no ``raw`` flag; the proxy's content type row not being back yet
    gives it away, and an entry written then would point at a stale content type.
    """
    # A direct query: the cached lookup could be stale, and a cache miss would insert the row.
    return not ContentType.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name).exists()


def _account(user):
    from .models import Account

    if _restoring(Account):
        return None
    return Account.objects.filter(pk=user.pk).first()


def _role(group):
    from .models import Role

    if _restoring(Role):
        return None
    return Role.objects.filter(pk=group.pk).first()


def _municipality_names(user):
    from .models import Membership

    membership = Membership.objects.filter(user=user).first()
    return sorted(membership.municipalities.values_list("name", flat=True)) if membership else []


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    account = _account(user)
    if account is not None:
        log(instance=account, action="erfa.sign_in", user=user, data={"municipalities": _municipality_names(user)})


# Failed sign-ins from one address: the first FAILED_SIGN_IN_ENTRIES in a window of
# FAILED_SIGN_IN_WINDOW seconds get an entry each (what a person mistyping, or a colleague
# behind the same address, produces); the rest of that window's failures from the address are
# tallied in ONE "erfa.sign_in_failed_many" entry with a counter. A script rotating user names
# thus writes a bounded number of rows, and the audit log still shows how many it tried.
# The address itself is only a cache key and is never written to the log.
FAILED_SIGN_IN_ENTRIES = 20
FAILED_SIGN_IN_WINDOW = 3600


def _failures_from_address(request):
    """This failure's number among this window's failures from the request's address, and the window key."""
    cache = caches[getattr(settings, "ERFA_RATE_LIMIT_CACHE", "default")]
    window = int(time.time() // FAILED_SIGN_IN_WINDOW)
    address = client_key(request) if request is not None else "no-request"
    key = f"erfa:audit:failed-sign-in:{address}:{window}"
    cache.add(key, 0, timeout=FAILED_SIGN_IN_WINDOW * 2)
    try:
        return cache.incr(key), key, cache
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=FAILED_SIGN_IN_WINDOW * 2)
        return 1, key, cache


def _tally_failed_sign_in(number, key, cache, account_type):
    failures = number - FAILED_SIGN_IN_ENTRIES
    data = {"failures": failures, "window_seconds": FAILED_SIGN_IN_WINDOW}
    entry_id = cache.get(f"{key}:entry")
    if entry_id and ModelLogEntry.objects.filter(pk=entry_id).update(data=data, timestamp=timezone.now()):
        return
    entry = ModelLogEntry.objects.create(
        content_type=account_type,
        object_id="0",
        label="?",
        timestamp=timezone.now(),
        action="erfa.sign_in_failed_many",
        data=data,
    )
    cache.set(f"{key}:entry", entry.pk, timeout=FAILED_SIGN_IN_WINDOW * 2)


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    from .models import Account

    account_type = ContentType.objects.get_for_model(Account, for_concrete_model=False)
    number, key, cache = _failures_from_address(request)
    if number > FAILED_SIGN_IN_ENTRIES:
        _tally_failed_sign_in(number, key, cache, account_type)
        return
    # Django masks secrets in ``credentials``; only the username is kept, and only it is logged.
    username = str(credentials.get("username", ""))[:MAX_USERNAME]
    known = get_user_model().objects.filter(username=username).first()
    ModelLogEntry.objects.create(
        content_type=account_type,
        # "0" marks an unknown account: the report then shows the attempted name without a link.
        object_id=str(known.pk) if known else "0",
        label=username or "?",
        timestamp=timezone.now(),
        action="erfa.sign_in_failed",
        data={"username": username, "municipalities": _municipality_names(known) if known else []},
    )


@receiver(m2m_changed, sender=get_user_model().groups.through)
def log_group_membership(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # group.user_set changed
        users = get_user_model().objects.filter(pk__in=pk_set or [])
        groups = [instance]
    else:
        users = [instance]
        groups = list(Group.objects.filter(pk__in=pk_set)) if pk_set else list(instance.groups.all())
    verb = "added" if action == "post_add" else "removed"
    for user in users:
        account = _account(user)
        if account is not None and groups:
            log(
                instance=account,
                action="erfa.groups_changed",
                data={verb: sorted(g.name for g in groups), "municipalities": _municipality_names(user)},
            )


@receiver(m2m_changed, sender=Group.permissions.through)
def log_group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"} or reverse:
        return
    permissions = Permission.objects.filter(pk__in=pk_set) if pk_set else instance.permissions.all()
    role = _role(instance)
    if role is not None:
        verb = "added" if action == "post_add" else "removed"
        log(instance=role, action="erfa.permissions_changed", data={verb: sorted(p.codename for p in permissions)})


def _log_object_permission(instance, verb):
    role = _role(instance.group)
    target = getattr(instance, "page", None) or getattr(instance, "collection", None)
    if role is not None:
        log(
            instance=role,
            action="erfa.permissions_changed",
            data={verb: [instance.permission.codename], "on": str(target)},
        )


@receiver(post_save, sender=GroupPagePermission)
@receiver(post_save, sender=GroupCollectionPermission)
def log_object_permission_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _log_object_permission(instance, "added")


@receiver(post_delete, sender=GroupPagePermission)
@receiver(post_delete, sender=GroupCollectionPermission)
def log_object_permission_removed(sender, instance, **kwargs):
    # When the whole group is being deleted, Wagtail logs that deletion itself.
    with contextlib.suppress(Group.DoesNotExist):
        _log_object_permission(instance, "removed")


@receiver(pre_save, sender=PageLogEntry)
def add_municipalities_to_page_entry(sender, instance, raw=False, **kwargs):
    """Every page entry about an experience report names its municipalities, so the log can be read per municipality."""
    if raw or instance.pk is not None or not instance.page_id:
        return
    from experiences.models import ExperiencePage

    through = ExperiencePage.municipalities.through
    names = sorted(
        through.objects.filter(experiencepage_id=instance.page_id).values_list("municipality__name", flat=True)
    )
    if names:
        instance.data = {**(instance.data or {}), "municipalities": names}


def _network_members_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Network members decide network-limited editors' scope, so each change is logged with before and after."""
    from experiences.models import Network

    if action not in {"pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # municipality.networks changed
        networks = list(Network.objects.filter(pk__in=pk_set)) if pk_set else list(instance.networks.all())
    else:
        networks = [instance]
    for network in networks:
        members = sorted(
            network.members.through.objects.filter(network=network).values_list("municipality__name", flat=True)
        )
        if action.startswith("pre_"):
            network._erfa_members_before = members
        elif (before := getattr(network, "_erfa_members_before", None)) is not None and before != members:
            del network._erfa_members_before
            log(instance=network, action="erfa.network_members", data={"before": before, "after": members})


def connect_network_audit():
    from experiences.models import Network

    m2m_changed.connect(_network_members_changed, sender=Network.members.through, dispatch_uid="erfa-network-members")
