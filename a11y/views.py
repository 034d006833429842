import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

# A statement is a legal document written per jurisdiction (Norway's Uu-tilsynet, Sweden's
# DIGG), not a string catalogue, so each UI language has its own template.
STATEMENT_TEMPLATES = {
    "nb": "a11y/statement_nb.html",
    "sv": "a11y/statement_sv.html",
    "en": "a11y/statement_en.html",
}
# When the statement was last assessed; both countries require the date on the statement.
STATEMENT_DATE = datetime.date(2026, 11, 21)


def accessibility_statement(request):
    language = (translation.get_language() or "nb").split("-")[0]
    template = STATEMENT_TEMPLATES.get(language, STATEMENT_TEMPLATES["en"])
    context = {"contact_email": settings.ERFA_ACCESSIBILITY_CONTACT, "statement_date": STATEMENT_DATE}
    return render(request, template, context)
