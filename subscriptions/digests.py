"""Building and sending the email digests.

Each follower gets at most one email per run, listing live public experiences (and news
items of the networks and municipalities they follow) first
published since their last digest (or since they started following) that match anything
they follow or any search they saved. Every sent experience is recorded per user, so no digest repeats one; the
record and the send happen in one transaction, so a failed send leaves nothing recorded
and the next run tries again.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core.text import single_line
from core.urls import absolute_url, page_url
from core.visibility import visible_pages
from experiences.models import ExperiencePage
from news.models import NewsItemPage

from .follows import followed_ids
from .models import KINDS, DigestItem, DigestSettings
from .tokens import make_token

logger = logging.getLogger(__name__)

MAX_ITEMS = 50


@dataclass
class Digest:
    settings: DigestSettings
    items: list = field(default_factory=list)

    @property
    def user(self):
        return self.settings.user


def matching_experiences(user, since):
    ids = followed_ids(user)
    condition = Q()
    for kind, (_follow_field, page_field) in KINDS.items():
        if ids[kind]:
            condition |= Q(**{f"{page_field}__in": ids[kind]})
    if not condition:
        return ExperiencePage.objects.none()
    already_sent = DigestItem.objects.filter(user=user).values("page_id")
    # Public only, even for a signed-in subscriber: e-mail is forwarded and read outside Erfa.
    return (
        visible_pages(ExperiencePage.objects.live())
        .filter(condition, first_published_at__gt=since)
        .exclude(pk__in=already_sent)
        .distinct()
        .order_by("-first_published_at")
        .prefetch_related("municipalities")
    )


def matching_news(user, since):
    """News items of the networks and municipalities the reader follows, not sent before.

    News has no topics or national solutions; it reaches followers through its network and
    municipalities. Public only, as for reports: e-mail is forwarded and read outside Erfa.
    """
    ids = followed_ids(user)
    condition = Q()
    if ids["network"]:
        condition |= Q(network__in=ids["network"])
    if ids["municipality"]:
        condition |= Q(municipalities__in=ids["municipality"])
    if not condition:
        return NewsItemPage.objects.none()
    already_sent = DigestItem.objects.filter(user=user).values("page_id")
    return (
        visible_pages(NewsItemPage.objects.live())
        .filter(condition, first_published_at__gt=since)
        .exclude(pk__in=already_sent)
        .distinct()
        .order_by("-first_published_at")
        .prefetch_related("municipalities")
    )


def saved_search_matches(user, since):
    """Experiences first published since ``since`` that the reader's saved searches find, not sent before.

    Each search runs as the search page runs it, for an anonymous reader: e-mail is forwarded
    and read outside Erfa, so a digest never lists internal pages.
    """
    from search.params import SearchParams
    from search.service import run_search

    ids = set()
    for saved in user.saved_searches.all():
        params = SearchParams(saved.query, page_size=MAX_ITEMS, filters=saved.filters, sort="newest")
        ids.update(hit.page_id for hit in run_search(params).hits if hit.type in ("experience", "news"))
    if not ids:
        return []
    already_sent = DigestItem.objects.filter(user=user).values("page_id")
    found = []
    for model in (ExperiencePage, NewsItemPage):
        found.extend(
            visible_pages(model.objects.live())
            .filter(pk__in=ids, first_published_at__gt=since)
            .exclude(pk__in=already_sent)
            .prefetch_related("municipalities")
        )
    return sorted(found, key=lambda page: page.first_published_at, reverse=True)


def pending_digests(frequency):
    subscribers = (
        DigestSettings.objects.filter(frequency=frequency, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    for digest_settings in subscribers:
        since = digest_settings.last_digest_at or digest_settings.created
        items = list(matching_experiences(digest_settings.user, since)[:MAX_ITEMS])
        items += list(matching_news(digest_settings.user, since)[:MAX_ITEMS])
        seen = {page.pk for page in items}
        for page in saved_search_matches(digest_settings.user, since):
            if page.pk not in seen:
                items.append(page)
                seen.add(page.pk)
        items = sorted(items, key=lambda page: page.first_published_at, reverse=True)[:MAX_ITEMS]
        if items:
            yield Digest(digest_settings, items)


def build_message(digest):
    user = digest.user
    unsubscribe_url = absolute_url(reverse("subscriptions:unsubscribe", args=[make_token(user)]))
    with translation.override(digest.settings.language):
        context = {
            "user": user,
            "items": [(page, page_url(page)) for page in digest.items],
            "unsubscribe_url": unsubscribe_url,
            "manage_url": absolute_url(reverse("subscriptions:manage")),
            "daily": digest.settings.frequency == "daily",
        }
        count = len(digest.items)
        subject = ngettext("Erfa: %(count)d new experience", "Erfa: %(count)d new experiences", count) % {
            "count": count
        }
        text = render_to_string("subscriptions/email/digest.txt", context)
        html = render_to_string("subscriptions/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=single_line(subject),
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            # RFC 8058: mail clients may unsubscribe with one POST, without opening a page.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(digest_settings, started):
    """Move the subscriber's last digest time to ``started`` unless another run already did.

    The first statement of the sending transaction, and conditional on the time this run read:
    of two workers sending the same digest at once, the second finds it moved (it waits for
    the first's transaction on SQLite's write lock, or on PostgreSQL's row lock) and skips.
    """
    previous = digest_settings.last_digest_at
    claimed = DigestSettings.objects.filter(pk=digest_settings.pk, last_digest_at=previous)
    if previous is None:
        claimed = DigestSettings.objects.filter(pk=digest_settings.pk, last_digest_at__isnull=True)
    if not claimed.update(last_digest_at=started):
        return False
    digest_settings.last_digest_at = started
    return True


def send_digests(frequency, dry_run=False):
    """Send every due digest; returns (sent, failed, digests) where digests were built."""
    sent = failed = 0
    built = []
    # Taken before the queries: an experience published while the run is under way belongs
    # to the next digest rather than falling between two.
    started = timezone.now()
    for digest in pending_digests(frequency):
        built.append(digest)
        if dry_run:
            continue
        try:
            with transaction.atomic():
                if not _claim(digest.settings, started):
                    continue
                DigestItem.objects.bulk_create([DigestItem(user=digest.user, page=page) for page in digest.items])
                build_message(digest).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send the digest to user %s", digest.user.pk)
            failed += 1
        else:
            sent += 1
    return sent, failed, built
