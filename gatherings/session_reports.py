"""After a gathering: a session becomes a draft experience report for the speaker's
municipality to complete and submit.

The draft is prefilled with what the programme knows (title, municipality, network, language,
slides as an attachment) and goes through the usual moderation when the municipality
submits it. Who may make one follows the scope rule (``accounts.scope``): someone who may
edit the gathering and act for the speaker's municipality.
"""

from django.utils.translation import gettext as _

from wagtail.models import Page

from accounts.scope import municipality_scope
from experiences.models import ExperienceAttachment, ExperienceIndexPage, ExperiencePage


class CannotDraft(Exception):
    """The session cannot become a report (no municipality, or not this user's to make)."""


def may_draft(user, session):
    if session.municipality_id is None:
        return False
    if not session.page.permissions_for_user(user).can_edit():
        return False
    scope = municipality_scope(user)
    return scope is None or session.municipality_id in scope


def target_index():
    return ExperienceIndexPage.objects.first()


def draft_report(session, user):
    """A new unpublished experience report made from ``session``; CannotDraft if not allowed."""
    if session.municipality_id is None:
        raise CannotDraft(_("The session names no speakers' municipality to write the report."))
    if not may_draft(user, session):
        raise CannotDraft(_("You cannot act for this session's municipality."))
    index = target_index()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        raise CannotDraft(_("You cannot add experience reports."))
    gathering = session.page.specific
    report = ExperiencePage(
        title=session.title,
        language=gathering.language,
        summary=session.description[:800]
        or _("Presented at %(gathering)s. Complete the report and submit it for review.")
        % {"gathering": gathering.title},
        status="completed",
        network=gathering.networks.first(),
        live=False,
        owner=user,
    )
    report.municipalities = [session.municipality]
    if session.slides_id:
        report.attachments = [ExperienceAttachment(document=session.slides)]
    index.add_child(instance=report)
    report.save_revision(user=user, log_action=True)
    return Page.objects.get(pk=report.pk).specific
