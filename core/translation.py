"""Text kept per UI language on one object: structural pages and taxonomy names.

Reports and guides are written in one content language and shown as written. The pages
around them (home, indexes, themes, about) and the names readers filter by are the site
speaking, so they follow the reader's UI language. Each such text is a field in bokmål
(``title``, ``intro``, ``name``) with siblings per other UI language (``title_sv``,
``title_en``); an empty sibling falls back to the base text, marked with the base text's
language. One tree, no duplicated pages, so search, feeds and permissions are untouched.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# UI languages with their own field; the base field holds the default UI language.
TRANSLATED_LANGUAGES = [code for code, _label in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@dataclass(frozen=True)
class Translation:
    """A text and the language it is in, for the ``lang`` attribute beside it."""

    text: str
    lang: str

    def __str__(self):
        return self.text or ""

    def __bool__(self):
        return bool(self.text)


def ui_language():
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def base_language(obj):
    """The language of the base field: a theme's own content language, else the site's."""
    return getattr(obj, "language", None) or settings.ERFA_SITE_CONTENT_LANGUAGE


def translated(obj, field, language=None):
    """``obj.<field>`` in ``language`` (default: the UI language), falling back to the base text."""
    if obj is None:
        return Translation("", ui_language())
    if not hasattr(obj, field) and hasattr(obj, "specific"):
        obj = obj.specific  # a plain Page from the tree, e.g. a breadcrumb parent
    language = language or ui_language()
    if language in TRANSLATED_LANGUAGES and hasattr(obj, f"{field}_{language}"):
        text = getattr(obj, f"{field}_{language}")
        if text:
            return Translation(text, language)
    return Translation(getattr(obj, field, ""), base_language(obj))


def translated_field_names(field):
    return [f"{field}_{language}" for language in TRANSLATED_LANGUAGES]


LANGUAGE_HEADINGS = {"sv": _("In Swedish"), "en": _("In English")}


def translation_panels(fields):
    """One admin panel per translated UI language holding ``fields``' siblings in that language."""
    from wagtail.admin.panels import FieldPanel, MultiFieldPanel

    return [
        MultiFieldPanel(
            [FieldPanel(f"{field}_{language}") for field in fields],
            heading=LANGUAGE_HEADINGS.get(language, language),
            help_text=_("Shown when the reader's interface is in this language; empty shows the bokmål text."),
        )
        for language in TRANSLATED_LANGUAGES
    ]
