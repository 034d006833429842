"""The GDPR registry: where Erfa holds a person's data, and erasing it (GDPR art. 15 and 17).

This module holds only the registry and what every app shares; it imports no content app.
Each app that holds personal data registers its part when it starts (``AppConfig.ready``)::

    from core import personal_data
    personal_data.register_models(*self.get_models())  # every text field, walked generically
    personal_data.register(find_feedback)              # export lists these places
    personal_data.register_eraser(erase_feedback)      # erase_contact_person removes them
    personal_data.after_erase(reindex)                 # told what changed, after erasing
    register_contact_fields(...)  # from core.personal_contact: a page type's contact fields

A *finder* takes a ``Person`` and returns the places that hold their data, each a dict with
at least ``kind`` and ``description`` (``"kept": True`` for data no eraser removes, so
``erase_contact_person`` says it is still held); an *eraser* takes a ``Person``, ``dry_run``
and ``user`` and returns what it changed (or would change).

Hand-written finders and erasers are for data whose structure matters (a contact person's
name, role and address go together). Everything else is found by ``core.personal_text``,
which walks every text, rich text, StreamField and JSON field of the registered models,
so a field added later is covered without anyone remembering to list it. Erasing runs the
hand-written erasers first, then the walker, then writes one ``erfa.erase_contact`` entry
per page (naming fields, never values) and refreshes Wagtail's database search index.
"""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

ERASED_TEXT = "[erased]"
ERASE_ACTION = "erfa.erase_contact"


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""

    def __post_init__(self):
        object.__setattr__(self, "email", self.email.strip())
        object.__setattr__(self, "name", " ".join(self.name.split()))

    def email_pattern(self):
        return re.compile(re.escape(self.email), re.IGNORECASE)

    @property
    def name_in_text(self):
        """The name, if it may be looked for in running text.

        Only a full name (two words or more): one word such as "Kari" names many people
        and places, and replacing it everywhere would damage text about someone else.
        """
        return self.name if len(self.name.split()) >= 2 else ""

    def pattern(self):
        """The address, or the full name with any spacing, anywhere in a text."""
        parts = [re.escape(self.email)]
        if self.name_in_text:
            parts.append(r"\s+".join(re.escape(word) for word in self.name_in_text.split()))
        return re.compile("|".join(parts), re.IGNORECASE)

    def field_matches(self, email, name):
        email_matches = bool(email) and email.strip().lower() == self.email.lower()
        name_matches = bool(self.name) and bool(name) and " ".join(name.split()).lower() == self.name.lower()
        return email_matches or name_matches

    def mentioned_in(self, text):
        return bool(text) and self.pattern().search(text) is not None


# Models with text that is never about a person, or that this registry must not rewrite; a
# test fails when a model with text fields is neither registered nor named here.
NOT_PERSONAL = {
    "auth.User": "User accounts: the accounts app lists them; an account is deleted in Settings → Users, "
    "never rewritten by erasing a contact person",
    "auth.Group": "Role names",
    "auth.Permission": "Permission names",
    "contenttypes.ContentType": "Model names",
    "sessions.Session": "Signed, encoded session data that expires; no text to search or rewrite",
    "wagtailsearch.SQLiteFTSIndexEntry": "SQLite's full-text table, kept equal to wagtailsearch.IndexEntry by "
    "triggers; compacted after erasing",
    "wagtailimages.Rendition": "Image filter specifications",
    "wagtailcore.Page": "Pages are walked as their specific page types, which their apps register",
}

# Framework apps whose models hold text people write (titles, comments, log entries, revisions,
# search index entries and search terms); core registers them, each content app its own.
FRAMEWORK_APPS = (
    "wagtailcore",
    "wagtailsearch",
    "wagtailsearchpromotions",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
    "wagtailadmin",
    "wagtailusers",
    "taggit",
    "admin",
)

_finders = []
_erasers = []
_after_erase = []
_models = []


def register(finder):
    """Add a finder: ``finder(person) -> [{"kind", "description", ...}]``."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def register_eraser(eraser):
    """Add an eraser: ``eraser(person, dry_run, user) -> [{"kind", "description", ...}]``."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def register_models(*models):
    """Let the generic walker find and erase the person in every text field of these models."""
    for model in models:
        if model not in _models and not model._meta.abstract and not model._meta.proxy:
            _models.append(model)


def registered_models():
    return list(_models)


def register_framework_models():
    from django.apps import apps

    for label in FRAMEWORK_APPS:
        try:
            models = apps.get_app_config(label).get_models()
        except LookupError:  # not installed here
            continue
        register_models(*[model for model in models if model._meta.label not in NOT_PERSONAL])


def after_erase(callback):
    """Add ``callback(changes)``, called after a real (not dry) erasure with every change made."""
    if callback not in _after_erase:
        _after_erase.append(callback)
    return callback


def find(person):
    from . import personal_text

    return [place for finder in _finders for place in finder(person)] + personal_text.find(person, _models)


def export(person):
    """Every place holding the person's data, as a JSON-serialisable dict."""
    return {
        "person": {"email": person.email, "name": person.name},
        "generated_at": timezone.now().isoformat(),
        "places": find(person),
    }


def erase(person, *, dry_run=False, user=None):
    """Run every eraser, then the text walker, in one transaction; ``dry_run`` changes nothing."""
    from . import personal_text

    with transaction.atomic():
        changes = [change for eraser in _erasers for change in eraser(person, dry_run=dry_run, user=user)]
        changes += personal_text.erase(person, _models, dry_run=dry_run)
        if dry_run:
            transaction.set_rollback(True)
        else:
            _log_pages(changes, user)
            _refresh_database_index(changes)
            for callback in _after_erase:
                callback(changes)
    if not dry_run:
        _compact_full_text_index()
    return changes


def _log_pages(changes, user):
    from wagtail.log_actions import log
    from wagtail.models import Page

    fields, revisions = {}, {}
    for change in changes:
        if change.get("page_id"):
            fields.setdefault(change["page_id"], []).extend(change.get("fields", []))
            revisions[change["page_id"]] = revisions.get(change["page_id"], 0) + change.get("revisions", 0)
    for page in Page.objects.filter(pk__in=list(fields)).specific():
        # Names the fields, never the values: the history shows an erasure, not whom.
        data = {"fields": sorted(set(fields[page.pk])), "revisions": revisions[page.pk]}
        log(instance=page, action=ERASE_ACTION, user=user, data=data)


def _refresh_database_index(changes):
    """Rewrite Wagtail's database search entries of every changed object from its new text."""
    from django.apps import apps

    from wagtail.search import index

    for change in changes:
        label, pk = change.get("model"), change.get("object_id")
        if label is None or pk is None:
            continue
        model = apps.get_model(label)
        if issubclass(model, index.Indexed):
            instance = model._default_manager.filter(pk=pk).first()
            if instance is not None:
                index.insert_or_update_object(instance)


def _compact_full_text_index():
    """Merge SQLite's full-text segments, so deleted terms leave the index files too.

    FTS5 only marks a changed row deleted until its segments are merged; until then the old
    words are still in ``wagtailsearch_indexentry_fts_data``.
    """
    if connection.vendor != "sqlite" or "wagtailsearch_indexentry_fts" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO wagtailsearch_indexentry_fts(wagtailsearch_indexentry_fts) VALUES ('optimize')")


def scrub(value, person, pattern=None):
    """``value`` (text or JSON data) with the person's address and full name replaced."""
    pattern = pattern or person.pattern()
    if isinstance(value, str):
        return pattern.sub(ERASED_TEXT, value)
    if isinstance(value, list):
        return [scrub(item, person, pattern) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, person, pattern) for key, item in value.items()}
    return value
