"""The POST targets of the feedback forms on experience and guide pages.

They work without JavaScript: a valid post redirects back to the page (its ``#feedback``
section shows the thank-you); an invalid one answers 400 with the page's form and its errors.
"""

import logging
import smtplib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from core.text import single_line
from core.urls import page_url
from core.visibility import visible_pages
from experiences.models import ExperiencePage
from wiki.models import GuidePage

from .forms import QuestionForm, ReuseForm, UsefulForm, member_municipalities
from .models import Feedback, Question, Reuse
from .permissions import editor_emails

logger = logging.getLogger(__name__)

SESSION_KEY = "erfa_feedback_pages"
NOTICE_KEY = "erfa_feedback_notice"
# A reader without cookies gets a new session on every post; this caps what one address can send.
MAX_POSTS_PER_ADDRESS_PER_HOUR = 30
MAX_QUESTIONS_PER_USER_PER_DAY = 10
MAX_ID = 2**63 - 1


def _live_visible(request, page_id, *models):
    """The live page if ``request.user`` may open it: public for everyone, internal when signed in."""
    if not 0 < page_id <= MAX_ID:
        raise Http404
    page = visible_pages(Page.objects.live(), request.user).filter(pk=page_id).specific().first()
    if page is None or not isinstance(page, models):
        raise Http404
    return page


def _back(page, anchor="feedback"):
    return HttpResponseRedirect(f"{page.url}#{anchor}")


def _over_limit(key, limit, seconds):
    """A fixed-window counter in the cache; enough to stop a script, not a determined attacker."""
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count > limit


def _page_with_errors(request, page, **forms):
    context = page.get_context(request)
    context.update({f"{name}_form": form for name, form in forms.items()})
    return TemplateResponse(request, page.get_template(request), context, status=400)


def notice(request, page, section, text):
    """A one-time message shown in the page's own section after the redirect (not in the
    site-wide messages, so it appears next to the form it answers)."""
    request.session[NOTICE_KEY] = [page.pk, section, text]


def pop_notice(request, page, section):
    stored = request.session.get(NOTICE_KEY)
    if stored and stored[0] == page.pk and stored[1] == section:
        del request.session[NOTICE_KEY]
        return stored[2]
    return None


def has_voted(request, page):
    return page.pk in request.session.get(SESSION_KEY, [])


@require_POST
def useful(request, page_id):
    page = _live_visible(request, page_id, ExperiencePage, GuidePage)
    if has_voted(request, page):
        return _back(page)
    address = request.META.get("REMOTE_ADDR", "")
    if _over_limit(f"erfa-feedback:{address}", MAX_POSTS_PER_ADDRESS_PER_HOUR, 3600):
        return TemplateResponse(request, "feedback/too_many.html", {"page": page, "back_url": page.url}, status=429)
    form = UsefulForm(request.POST)
    if not form.is_valid():
        return _page_with_errors(request, page, useful=form)
    Feedback.objects.create(
        page=page,
        useful=form.cleaned_data["useful"],
        comment=form.cleaned_data["comment"].strip(),
        language=(get_language() or "nb")[:2],
    )
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), page.pk][-200:]
    return _back(page)


@require_POST
@login_required
def reused(request, page_id):
    page = _live_visible(request, page_id, ExperiencePage)
    if not member_municipalities(request.user).exists():
        # The page itself explains why: only members of a municipality record reuse.
        return TemplateResponse(request, page.get_template(request), page.get_context(request), status=403)
    form = ReuseForm(request.POST, page=page, user=request.user)
    if not form.is_valid():
        return _page_with_errors(request, page, reuse=form)
    municipality = form.cleaned_data["municipality"]
    try:
        with transaction.atomic():
            Reuse.objects.create(page=page, municipality=municipality, user=request.user)
    except IntegrityError:
        notice(request, page, "reuse", _("%(name)s is already recorded as reusing this.") % {"name": municipality.name})
    else:
        notice(request, page, "reuse", _("Thank you. %(name)s is now counted.") % {"name": municipality.name})
    return _back(page, "reuse")


@require_POST
@login_required
def question(request, page_id):
    page = _live_visible(request, page_id, ExperiencePage)
    if _over_limit(f"erfa-question:{request.user.pk}", MAX_QUESTIONS_PER_USER_PER_DAY, 86400):
        return TemplateResponse(request, "feedback/too_many.html", {"page": page, "back_url": page.url}, status=429)
    form = QuestionForm(request.POST)
    if not request.user.email:
        form.add_error(None, _("Your account has no email address, so nobody could answer you."))
    if not form.is_valid():
        return _page_with_errors(request, page, question=form)
    recipients = sorted({page.contact_email, *editor_emails()} - {""})
    asked = Question.objects.create(
        page=page,
        user=request.user,
        asker_email=request.user.email,
        text=form.cleaned_data["text"].strip(),
        recipients="\n".join(recipients),
    )
    if recipients:
        asked.emailed = _send_question(request, page, asked, recipients)
        asked.save(update_fields=["emailed"])
    notice(request, page, "ask", _("Your question has been sent. Answers come by email."))
    return _back(page, "ask")


def _send_question(request, page, asked, recipients):
    context = {
        "page": page,
        "page_url": page_url(page),
        "question": asked,
        "asker_name": request.user.get_full_name() or request.user.get_username(),
    }
    message = EmailMessage(
        subject=single_line(_("Question about “%(title)s” on Erfa") % {"title": page.title}),
        body=render_to_string("feedback/email/question.txt", context),
        to=recipients,
        reply_to=[asked.asker_email],
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        # Stored anyway: editors see unsent questions in the admin list.
        logger.exception("Could not email question %s", asked.pk)
        return False
    return True
