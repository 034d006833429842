"""Where Erfa holds a person's data, and erasing a contact person (GDPR art. 15 and 17).

A *finder* takes a ``Person`` and returns the places that hold their data, each a dict
with at least ``kind`` and ``description`` (and ``"kept": True`` for data no eraser removes,
so ``erase_contact_person`` says it is still held); an *eraser* takes a ``Person`` and
``dry_run`` and returns what it changed (or would change). Other apps add theirs when they
start (e.g. in ``AppConfig.ready``)::

    from core import personal_data
    personal_data.register(find_feedback)          # export lists it
    personal_data.register_eraser(erase_feedback)  # erase_contact_person removes it

Built in: contact persons on experience reports and guide owners on guides — on the
current pages and in **every** stored revision (``Revision.content``, which Wagtail keeps
for drafts, history and rollback) — user accounts with the address, anonymous search log
texts that name the person, and page comments. Erasing rewrites the pages and their
revisions in place, updates both search indexes and writes an ``erfa.erase_contact`` entry
to each page's history that names the fields, never the values.
"""

import json
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

ERASED_TEXT = "[erased]"
ERASE_ACTION = "erfa.erase_contact"

# (model label, email field, name field, other fields about the same person)
PERSONAL_FIELDS = [
    ("experiences.ExperiencePage", "contact_email", "contact_name", ("contact_role",)),
    ("wiki.GuidePage", "owner_email", "owner_name", ()),
]
PLACE_KINDS = {"experiences.ExperiencePage": "contact_person", "wiki.GuidePage": "guide_owner"}


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""

    def __post_init__(self):
        object.__setattr__(self, "email", self.email.strip())
        object.__setattr__(self, "name", " ".join(self.name.split()))

    def email_pattern(self):
        return re.compile(re.escape(self.email), re.IGNORECASE)

    def field_matches(self, email, name):
        email_matches = bool(email) and email.strip().lower() == self.email.lower()
        name_matches = bool(self.name) and bool(name) and " ".join(name.split()).lower() == self.name.lower()
        return email_matches or name_matches

    def mentioned_in(self, text):
        text = (text or "").lower()
        return self.email.lower() in text or (bool(self.name) and self.name.lower() in text)


_finders = []
_erasers = []


def register(finder):
    """Add a finder: ``finder(person) -> [{"kind", "description", ...}]``."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def register_eraser(eraser):
    """Add an eraser: ``eraser(person, dry_run) -> [{"kind", "description", ...}]``."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def find(person):
    return [place for finder in _finders for place in finder(person)]


def export(person):
    """Every place holding the person's data, as a JSON-serialisable dict."""
    return {
        "person": {"email": person.email, "name": person.name},
        "generated_at": timezone.now().isoformat(),
        "places": find(person),
    }


def erase(person, *, dry_run=False, user=None):
    """Run every eraser in one transaction; with ``dry_run`` nothing is changed."""
    with transaction.atomic():
        changes = [change for eraser in _erasers for change in eraser(person, dry_run=dry_run, user=user)]
        if dry_run:
            transaction.set_rollback(True)
    return changes


# ---------------------------------------------------------------------------------------
# Pages and their revisions


def _page_models():
    return [(apps.get_model(label), label, email, name, others) for label, email, name, others in PERSONAL_FIELDS]


def _matching_pages(person, model, email_field, name_field):
    query = Q(**{f"{email_field}__iexact": person.email})
    if person.name:
        query |= Q(**{f"{name_field}__iexact": person.name})
    return model.objects.filter(query)


def _scrub(value, person, pattern):
    """``value`` (JSON data) with the e-mail address replaced wherever it appears in text."""
    if isinstance(value, str):
        return pattern.sub(ERASED_TEXT, value) if person.email.lower() in value.lower() else value
    if isinstance(value, list):
        return [_scrub(item, person, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, person, pattern) for key, item in value.items()}
    return value


def _revisions(model):
    from wagtail.models import Revision

    return Revision.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )


def _revision_holds(content, person, email_field, name_field):
    if person.field_matches(content.get(email_field), content.get(name_field)):
        return True
    return person.email.lower() in json.dumps(content, ensure_ascii=False).lower()


def find_in_pages(person):
    places = []
    for model, label, email_field, name_field, others in _page_models():
        kind = PLACE_KINDS[label]
        revisions_by_page = {}
        for revision in _revisions(model).only("pk", "object_id", "content").iterator():
            if _revision_holds(revision.content, person, email_field, name_field):
                revisions_by_page.setdefault(int(revision.object_id), []).append(revision.pk)
        current = {page.pk: page for page in _matching_pages(person, model, email_field, name_field)}
        text_mentions = _pages_mentioning(model, person, exclude=current)
        for page_id in sorted(set(current) | set(revisions_by_page) | set(text_mentions)):
            page = current.get(page_id) or text_mentions.get(page_id) or model.objects.filter(pk=page_id).first()
            if page_id in current:
                place_kind, fields = kind, (email_field, name_field, *others)
            else:
                place_kind, fields = ("text_mention" if page_id in text_mentions else "page_history"), ()
            places.append(
                {
                    "kind": place_kind,
                    "description": DESCRIPTIONS[place_kind],
                    "page_id": page_id,
                    "page_type": label.lower(),
                    "title": page.title if page is not None else None,
                    "live": page.live if page is not None else None,
                    "url": page.get_url() if page is not None else None,
                    "fields": {name: getattr(page, name) for name in fields},
                    "revision_ids": sorted(revisions_by_page.get(page_id, [])),
                }
            )
    return places


DESCRIPTIONS = {
    "contact_person": "Contact person on an experience report (and in its revisions)",
    "guide_owner": "Owner of a guide (and in its revisions)",
    "text_mention": "E-mail address in the text of a page",
    "page_history": "Only in older versions (revisions) of a page",
}


def _text_fields(model):
    from django.db.models import CharField, TextField

    from wagtail.fields import StreamField

    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (CharField, TextField, StreamField)) and not field.primary_key
    ]


def _pages_mentioning(model, person, exclude=()):
    """Pages whose text (not the personal fields) contains the e-mail address.

    Names in running text are not looked for: too many people share a name with a
    place or a word. The export says so; editors check the text by hand.
    """
    query = Q()
    for name in _text_fields(model):
        query |= Q(**{f"{name}__icontains": person.email})
    return {page.pk: page for page in model.objects.filter(query).exclude(pk__in=list(exclude))}


def erase_from_pages(person, *, dry_run=False, user=None):
    from wagtail.log_actions import log
    from wagtail.search import index

    from search.indexing import enqueue

    pattern = person.email_pattern()
    changes = []
    for model, label, email_field, name_field, others in _page_models():
        personal = (email_field, name_field, *others)
        touched = {}
        matching = _matching_pages(person, model, email_field, name_field)
        for page in list(matching) + list(_pages_mentioning(model, person, exclude=matching).values()):
            fields = []
            if person.field_matches(getattr(page, email_field), getattr(page, name_field)):
                for name in personal:
                    if getattr(page, name):
                        setattr(page, name, "")
                        fields.append(name)
            for name in _text_fields(model):
                if name in personal:
                    continue
                value = getattr(page, name)
                # A StreamField's stored JSON, so block structure and ids stay as they were.
                raw = list(value.raw_data) if hasattr(value, "raw_data") else value
                scrubbed = _scrub(raw, person, pattern)
                if scrubbed != raw:
                    setattr(page, name, scrubbed)
                    fields.append(name)
            if fields:
                touched.setdefault(page.pk, {"page": page, "fields": fields, "revisions": 0})
                if not dry_run:
                    # In place, not as a new revision: a new revision would keep the old ones,
                    # and erasure must not show up as an edit by the person running it.
                    page.save(clean=False, update_fields=fields)
        for revision in _revisions(model).only("pk", "object_id", "content").iterator():
            content = revision.content
            if not _revision_holds(content, person, email_field, name_field):
                continue
            if person.field_matches(content.get(email_field), content.get(name_field)):
                content = {**content, **{name: "" for name in personal if name in content}}
            content = _scrub(content, person, pattern)
            page_id = int(revision.object_id)
            if page_id not in touched:
                page = model.objects.filter(pk=page_id).first()
                touched[page_id] = {"page": page, "fields": [], "revisions": 0}
            touched[page_id]["revisions"] += 1
            if not dry_run:
                type(revision).objects.filter(pk=revision.pk).update(content=content)
        for page_id, change in touched.items():
            page = change["page"]
            changes.append(
                {
                    "kind": PLACE_KINDS[label],
                    "description": "Erased from the page and its revisions",
                    "page_id": page_id,
                    "title": page.title if page is not None else None,
                    "fields": change["fields"],
                    "revisions": change["revisions"],
                }
            )
            if dry_run or page is None:
                continue
            log(
                instance=page,
                action=ERASE_ACTION,
                user=user,
                data={"fields": change["fields"], "revisions": change["revisions"]},
            )
            index.insert_or_update_object(page)
        if touched and not dry_run:
            enqueue(list(touched), "erasure")
    return changes


# ---------------------------------------------------------------------------------------
# Other places


def find_users(person):
    users = get_user_model().objects.filter(email__iexact=person.email)
    return [
        {
            "kind": "user",
            "description": "User account (remove or change it in Settings → Users)",
            "user_id": user.pk,
            "username": user.get_username(),
            "fields": {"email": user.email, "first_name": user.first_name, "last_name": user.last_name},
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
        for user in users
    ]


def _search_logs(person):
    from search.insight_models import SearchLog

    query = Q(query__icontains=person.email)
    if person.name:
        query |= Q(query__icontains=person.name)
    return SearchLog.objects.filter(query)


def find_search_logs(person):
    ids = list(_search_logs(person).values_list("pk", flat=True))
    if not ids:
        return []
    return [
        {
            "kind": "search_log",
            "description": "Anonymous search texts that name the person",
            "count": len(ids),
            "search_log_ids": ids,
        }
    ]


def erase_from_search_logs(person, *, dry_run=False, user=None):
    logs = list(_search_logs(person))
    if not dry_run:
        names = [person.email] + ([person.name] if person.name else [])
        pattern = re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)
        for entry in logs:
            entry.query = pattern.sub(ERASED_TEXT, entry.query)[:255]
            entry.save(update_fields=["query"])
    if not logs:
        return []
    return [{"kind": "search_log", "description": "Name removed from search texts", "count": len(logs)}]


def find_comments(person):
    from wagtail.models import Comment

    query = Q(text__icontains=person.email)
    if person.name:
        query |= Q(text__icontains=person.name)
    return [
        {
            "kind": "comment",
            "description": "Editor comment on a page (edit or delete it in the page editor)",
            "comment_id": comment.pk,
            "page_id": comment.page_id,
        }
        for comment in Comment.objects.filter(query)
    ]


for _finder in (find_in_pages, find_users, find_search_logs, find_comments):
    register(_finder)
for _eraser in (erase_from_pages, erase_from_search_logs):
    register_eraser(_eraser)
