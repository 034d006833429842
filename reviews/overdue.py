"""Guides past their review date, and the reminders their owners get about them.

A guide is overdue when ``last_reviewed + review_interval_months`` is before today (the
same rule as the "Needs review" marker, ``GuidePage.needs_review``). Owners are a name and
an e-mail on the guide, not user accounts; one e-mail goes to each owner, listing all of
their overdue guides, at most once every ``ERFA_REVIEW_REMINDER_DAYS`` days per guide.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core.text import single_line
from core.urls import absolute_url, page_url
from wiki.models import GuidePage

from .models import ReviewReminder

DEFAULT_REMINDER_DAYS = 30


@dataclass
class OverdueGuide:
    guide: GuidePage
    due: datetime.date
    days_overdue: int
    last_reminded: datetime.datetime | None = None


@dataclass
class Reminder:
    email: str
    owner_name: str
    guides: list = field(default_factory=list)


def reminder_days():
    return int(getattr(settings, "ERFA_REVIEW_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def overdue_guides(today=None):
    """Live guides past their review date, the longest overdue first."""
    today = today or timezone.localdate()
    guides = GuidePage.objects.live().select_related("review_reminder").order_by("path")
    overdue = []
    for guide in guides:
        due = guide.review_due
        if due < today:
            reminder = getattr(guide, "review_reminder", None)
            overdue.append(OverdueGuide(guide, due, (today - due).days, reminder.sent_at if reminder else None))
    overdue.sort(key=lambda item: (-item.days_overdue, item.guide.title))
    return overdue


def _recently_reminded(item, now):
    reminder = getattr(item.guide, "review_reminder", None)
    if reminder is None or reminder.review_due != item.due:
        return False
    return reminder.sent_at > now - datetime.timedelta(days=reminder_days())


def due_reminders(now=None):
    """``(reminders, guides without an owner e-mail)``: one reminder per owner address."""
    now = now or timezone.now()
    reminders, orphans = {}, []
    for item in overdue_guides(timezone.localdate(now)):
        email = (item.guide.owner_email or "").strip()
        if not email:
            orphans.append(item)
            continue
        if _recently_reminded(item, now):
            continue
        reminder = reminders.setdefault(email.lower(), Reminder(email=email, owner_name=item.guide.owner_name))
        reminder.guides.append(item)
    return list(reminders.values()), orphans


def language_for(email):
    """The owner's chosen admin language if they have an account, else the site's language."""
    from django.contrib.auth import get_user_model

    codes = {code for code, _name in settings.LANGUAGES}
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).select_related("wagtail_userprofile")
    user = user.first()
    profile = getattr(user, "wagtail_userprofile", None) if user else None
    preferred = getattr(profile, "preferred_language", "") or ""
    return preferred if preferred in codes else settings.LANGUAGE_CODE


def build_message(reminder):
    language = language_for(reminder.email)
    with translation.override(language):
        count = len(reminder.guides)
        subject = ngettext(
            "Erfa: %(count)d guide is due for review", "Erfa: %(count)d guides are due for review", count
        ) % {"count": count}
        guides = [
            {
                "title": item.guide.title,
                "due": item.due,
                "days_overdue": item.days_overdue,
                "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[item.guide.pk])),
                "url": page_url(item.guide) or "",
            }
            for item in reminder.guides
        ]
        body = render_to_string(
            "reviews/email/review_reminder.txt",
            {"owner_name": reminder.owner_name, "guides": guides, "count": count, "reminder_days": reminder_days()},
        )
    return EmailMessage(
        subject=single_line(subject), body=body, to=[reminder.email], headers={"Content-Language": language}
    )


def send_reminders(*, dry_run=False, now=None):
    """Send what is due; returns ``(sent, failed, reminders, orphans)``."""
    now = now or timezone.now()
    reminders, orphans = due_reminders(now)
    sent, failed = [], []
    for reminder in reminders:
        if dry_run:
            continue
        try:
            build_message(reminder).send()
        except OSError as error:  # SMTP and socket errors; the next run tries again
            failed.append((reminder, error))
            continue
        for item in reminder.guides:
            ReviewReminder.objects.update_or_create(guide=item.guide, defaults={"sent_at": now, "review_due": item.due})
        sent.append(reminder)
    return sent, failed, reminders, orphans


def can_view_report(user):
    """Editors: anyone who may publish some page (contributors may not), and superusers."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not (user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return False
    return user.is_superuser or PagePermissionPolicy().user_has_any_permission(user, ["publish"])
