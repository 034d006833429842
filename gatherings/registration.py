"""Registering for a gathering: a place while there are places, the waiting list after that,
and the first in the queue moves up when someone with a place cancels.

Every change locks the gathering's page row first (``select_for_update``), so on PostgreSQL two
readers registering at the same moment are counted one after the other and never both get the
last place. SQLite has no row locks; there the database's single write lock keeps the count
right, and the second of two simultaneous writers can fail with "database is locked" instead of
taking a place that is not there.
"""

from dataclasses import dataclass

from django.db import transaction

from wagtail.models import Page

from .models import Registration


@dataclass(frozen=True)
class Counts:
    confirmed: int
    waiting: int
    capacity: int | None

    @property
    def free(self):
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def full(self):
        return self.capacity is not None and self.confirmed >= self.capacity


def registration_counts(gathering):
    registrations = Registration.objects.filter(gathering=gathering)
    return Counts(
        confirmed=registrations.filter(waiting=False).count(),
        waiting=registrations.filter(waiting=True).count(),
        capacity=gathering.capacity,
    )


def registration_of(gathering, user):
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(gathering=gathering, user=user).first()


def _lock(gathering):
    Page.objects.select_for_update().filter(pk=gathering.pk).first()


def own_municipality(user):
    """The first municipality the user contributes for, if any: who the user comes for."""
    # A missing membership raises RelatedObjectDoesNotExist, an AttributeError.
    membership = getattr(user, "membership", None)
    if membership is None:
        return None
    return membership.municipalities.order_by("name").first()


def register(gathering, user):
    """The user's registration, made if there was none: with a place, or on the waiting list."""
    with transaction.atomic():
        _lock(gathering)
        existing = Registration.objects.filter(gathering=gathering, user=user).first()
        if existing is not None:
            return existing
        full = registration_counts(gathering).full
        return Registration.objects.create(
            gathering=gathering, user=user, municipality=own_municipality(user), waiting=full
        )


def promote_waiting(gathering):
    """Give free places to the waiting list in the order people registered; the promoted."""
    counts = registration_counts(gathering)
    free = counts.waiting if counts.capacity is None else counts.free
    promoted = list(Registration.objects.filter(gathering=gathering, waiting=True).order_by("created", "pk")[:free])
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(waiting=False)
    return promoted


def cancel(gathering, user):
    """Remove the user's registration; a freed place goes to the first on the waiting list."""
    with transaction.atomic():
        _lock(gathering)
        deleted, _ = Registration.objects.filter(gathering=gathering, user=user).delete()
        promoted = promote_waiting(gathering) if deleted else []
    return bool(deleted), promoted
