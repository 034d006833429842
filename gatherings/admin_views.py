"""The admin view that turns a gathering's sessions into draft experience reports."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.params import ascii_int

from .models import GatheringPage, Session
from .session_reports import CannotDraft, draft_report, may_draft


def session_reports(request, page_id):
    gathering = get_object_or_404(GatheringPage, pk=page_id)
    if not gathering.permissions_for_user(request.user).can_edit():
        raise Http404
    title = _("Sessions to experience reports")
    if request.method == "POST":
        session_id = ascii_int(request.POST.get("session", ""))
        session = Session.objects.filter(pk=session_id, page=gathering).select_related("page").first()
        if session is None:
            raise Http404
        try:
            report = draft_report(session, request.user)
        except CannotDraft as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.path)
        messages.success(request, _("A draft report was made. Complete it and submit it for review."))
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[report.pk]))
    sessions = [
        (session, may_draft(request.user, session))
        for session in gathering.sessions.select_related("municipality", "slides", "page")
    ]
    return TemplateResponse(
        request,
        "gatherings/admin/session_reports.html",
        {
            "page_title": title,
            "gathering": gathering,
            "sessions": sessions,
            "header_icon": "doc-full",
        },
    )
