"""Bulk import of experiences and guides from JSON Lines.

One JSON object per line (format in the README). Each line is validated and written
in its own transaction, so a bad line is reported with its number and reason,
leaves nothing half-written, and the rest of the file still imports. ``external_id``
makes re-import update the same page instead of creating a duplicate.

Every field is checked against what the models can store (lengths, characters, types)
before anything is written, and anything else that goes wrong inside one line becomes that
line's error, so one line can never stop the file.

Related reports are linked from the file on every run, also with ``--create-only`` and for
pages that already exist: a run that was stopped part-way and run again (with or without
``--create-only``) ends with every link the file names whose report exists.
"""

import datetime
import json
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from core.languages import CONTENT_LANGUAGE_CODES
from core.text import nordic_slugify
from imports import reference_data
from imports.markdown import split_sections, to_rich_text, to_stream
from imports.records import (
    LineError,
    check_record,
    checked_name,
    max_length,
    model,
    optional_date,
    parse_date,
    parse_line,
    string,
    string_list,
    validation_message,
)
from imports.related import apply_related, related_ids, resolve_deferred_related

logger = logging.getLogger(__name__)

# A file whose first lines hold no JSON object at all is not JSON Lines (a CSV, a JSON array,
# a binary file): say so once instead of once per line.
NOT_JSON_LINES_AFTER = 10

# Section headings as contributors write them, in every content language.
SECTION_HEADINGS = {
    "background": ["bakgrunn", "bakgrund", "baggrund", "background"],
    "what_we_did": ["hva vi gjorde", "kva vi gjorde", "vad vi gjorde", "hvad vi gjorde", "what we did"],
    "what_worked": ["hva som fungerte", "kva som fungerte", "vad som fungerade", "hvad der virkede", "what worked"],
    "what_did_not_work": [
        "hva som ikke fungerte",
        "kva som ikkje fungerte",
        "vad som inte fungerade",
        "hvad der ikke virkede",
        "what did not work",
        "what didn't work",
    ],
    "advice": ["råd til andre", "råd till andra", "advice to others", "advice"],
    "results": ["resultater", "resultat", "resultatet", "results"],
}
HEADING_TO_SECTION = {heading: name for name, headings in SECTION_HEADINGS.items() for heading in headings}


NOT_JSON_LINES = (
    "This file does not look like JSON Lines: none of its first lines is a JSON object, so the rest was not read. "
    "Write one JSON object per line (a JSON array or pretty-printed JSON does not work)."
)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    warnings: list = field(default_factory=list)
    stopped: bool = False  # the file was not JSON Lines, so the rest was not read

    @property
    def failed(self):
        return len(self.errors)


class ContentImporter:
    def __init__(self, *, create_only=False, user=None):
        self.create_only = create_only
        self.user = user
        self.deferred_related = {}  # page id -> (line number, external ids to link once all lines are in)
        self.line_number = None

    # -- reading ---------------------------------------------------------
    def import_lines(self, lines, progress=None):
        """Import every line; ``lines`` holds text, or a LineError for a line that could not be read."""
        result = ImportResult()
        objects_seen = 0
        for number, line in enumerate(lines, start=1):
            if progress is not None:
                progress(number)
            if isinstance(line, str) and not line.strip():
                continue
            self.line_number = number
            try:
                if isinstance(line, LineError):
                    raise line
                record = self.parse_line(line)
                objects_seen += 1
                outcome = self.import_record(record)
            except LineError as error:
                result.errors.append((number, str(error)))
                if not objects_seen and len(result.errors) >= NOT_JSON_LINES_AFTER:
                    result.errors[-1] = (number, f"{error} {NOT_JSON_LINES}")
                    result.stopped = True
                    break
                continue
            except Exception as error:
                # Whatever else fails inside one line (its transaction is rolled back) is that
                # line's error: the traceback goes to the log, the rest of the file goes on.
                logger.exception("Import line %s failed unexpectedly", number)
                result.errors.append((number, f"Unexpected error, nothing from this line was saved: {error!r}"[:500]))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        self.line_number = None
        resolve_deferred_related(self.deferred_related, self.user, result)
        self.deferred_related = {}
        return result

    def import_line(self, line):
        return self.import_record(self.parse_line(line))

    def parse_line(self, line):
        return parse_line(line)

    def import_record(self, record):
        kind = check_record(record)
        try:
            with transaction.atomic():
                if kind == "experience":
                    return self._import_experience(record)
                return self._import_guide(record)
        except ValidationError as error:
            raise LineError(validation_message(error)) from None

    # -- shared fields ---------------------------------------------------
    def _common(self, record, model_name):
        external_id = string(record, "external_id", max_length=max_length(model_name, "external_id"))
        language = record["language"]
        if not isinstance(language, str) or language not in CONTENT_LANGUAGE_CODES:
            raise LineError(
                f"Unknown language {json.dumps(language)[:20]}: use one of {', '.join(CONTENT_LANGUAGE_CODES)}."
            )
        return {
            "external_id": external_id,
            "title": string(record, "title", max_length=max_length(model_name, "title")),
            "language": language,
            "summary": string(record, "summary", max_length=max_length(model_name, "summary"), multiline=True),
            "body": string(record, "body", required=False, multiline=True),
            "topics": string_list(record, "topics", max_length("experiences.Topic", "name")),
            "tags": string_list(record, "tags", max_length("taggit.Tag", "name")),
            "published": parse_date(record["published"], "published"),
        }

    def _find_existing(self, external_id, model_name):
        for other in ("experiences.ExperiencePage", "wiki.GuidePage"):
            page = model(other).objects.filter(external_id=external_id).first()
            if page is not None:
                if other != model_name:
                    raise LineError(f"“{external_id}” already belongs to a page of another type.")
                return page
        return None

    def _page_with_common(self, page, common):
        page.title = common["title"]
        page.external_id = common["external_id"]
        page.language = common["language"]
        page.summary = common["summary"]
        return page

    def _published_at(self, date):
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12, 0)))

    def _save_and_publish(self, page, parent, common, is_new):
        page.first_published_at = self._published_at(common["published"])
        if is_new:
            page.slug = _unique_slug(parent, common["title"])
            page.live = False
            parent.add_child(instance=page)
        elif page.get_parent().pk != parent.pk:
            page.move(parent, pos="last-child")
            page.refresh_from_db(fields=["path", "depth", "url_path"])
        page.full_clean()
        page.save_revision(user=self.user, log_action=True).publish(user=self.user)
        return "created" if is_new else "updated"

    # -- experiences -----------------------------------------------------
    def _import_experience(self, record):
        ExperiencePage = model("experiences.ExperiencePage")
        ExperienceIndexPage = model("experiences.ExperienceIndexPage")
        common = self._common(record, "experiences.ExperiencePage")
        related = related_ids(record.get("related"))
        existing = self._find_existing(common["external_id"], "experiences.ExperiencePage")
        if existing is not None and self.create_only:
            # The page stays as it is, but links the file names and the page lacks are still
            # made at the end: a run stopped part-way may not have made them.
            if related:
                self.deferred_related[existing.pk] = (self.line_number, related)
            return "skipped"
        status = record.get("status")
        statuses = [code for code, _label in ExperiencePage._meta.get_field("status").choices]
        if not isinstance(status, str) or status not in statuses:
            raise LineError(f"“status” must be one of {', '.join(statuses)} for an experience.")
        municipalities = reference_data.municipalities(record.get("municipalities"), common["language"])
        network = reference_data.network(record.get("network"), municipalities)
        parent = ExperienceIndexPage.objects.first()
        if parent is None:
            raise LineError("There is no experience index page to import into; create one first.")

        page = self._page_with_common(existing.specific if existing else ExperiencePage(), common)
        page.status = status
        page.network = network
        page.period_start = optional_date(record, "period_start")
        page.period_end = optional_date(record, "period_end")
        effort = record.get("effort") or ""
        efforts = [code for code, _label in ExperiencePage._meta.get_field("effort").choices]
        if effort and (not isinstance(effort, str) or effort not in efforts):
            raise LineError(f"“effort” must be one of {', '.join(efforts)} or null.")
        page.effort = effort
        self._apply_sections(page, common["body"])
        page.key_figures = self._key_figures(record.get("key_figures"))
        self._apply_contact(page, record.get("contact"))
        page.municipalities = municipalities
        page.topics = reference_data.topics(common["topics"])
        page.national_solutions = reference_data.national_solutions(record.get("national_solutions") or [])
        page.tags.set(common["tags"])
        missing_related = apply_related(page, related)
        outcome = self._save_and_publish(page, parent, common, existing is None)
        if missing_related:
            self.deferred_related[page.pk] = (self.line_number, missing_related)
        return outcome

    def _apply_sections(self, page, body):
        sections = {name: [] for name in SECTION_HEADINGS}
        for heading, text in split_sections(body):
            name = HEADING_TO_SECTION.get((heading or "").strip().rstrip(":").casefold())
            if heading is None:
                name = "background"
            if name is None:
                # Keep unknown sections rather than drop them: they join "what we did".
                sections["what_we_did"].append(f"### {heading}\n\n{text}")
            else:
                sections[name].append(text)
        for name, parts in sections.items():
            setattr(page, name, to_rich_text("\n\n".join(parts)) if parts else "")

    def _key_figures(self, figures):
        if figures is None:
            return []
        if not isinstance(figures, list) or not all(
            isinstance(item, dict) and isinstance(item.get("label"), str) and isinstance(item.get("value"), str)
            for item in figures
        ):
            raise LineError("“key_figures” must be a list of {label, value} objects with string values.")
        for item in figures:
            checked_name(item["label"], "key_figures.label", 120)
            checked_name(item["value"], "key_figures.value", 60)
        return [
            {"type": "figure", "value": {"label": item["label"].strip(), "value": item["value"].strip()}}
            for item in figures
        ]

    def _apply_contact(self, page, contact):
        if contact is None:
            page.contact_name = page.contact_role = page.contact_email = ""
            return
        if not isinstance(contact, dict) or not isinstance(contact.get("name"), str) or not contact["name"].strip():
            raise LineError("“contact” must be an object with at least a name.")
        email = contact.get("email") or ""
        if email:
            try:
                if not isinstance(email, str):
                    raise ValidationError("not a string")
                validate_email(email)
            except ValidationError:
                raise LineError(f"“contact.email” is not a valid email address: {str(email)[:60]}.") from None
        role = contact.get("role") or ""
        if not isinstance(role, str):
            raise LineError("“contact.role” must be a string or null.")
        page.contact_name = checked_name(
            contact["name"], "contact.name", max_length("experiences.ExperiencePage", "contact_name")
        )
        page.contact_role = checked_name(role, "contact.role", max_length("experiences.ExperiencePage", "contact_role"))
        page.contact_email = email

    # -- guides ----------------------------------------------------------
    def _import_guide(self, record):
        GuidePage = model("wiki.GuidePage")
        WikiIndexPage = model("wiki.WikiIndexPage")
        common = self._common(record, "wiki.GuidePage")
        existing = self._find_existing(common["external_id"], "wiki.GuidePage")
        if existing is not None and self.create_only:
            return "skipped"
        if record.get("status") is not None:
            raise LineError("“status” must be null for a guide.")
        parent_id = record.get("parent")
        if parent_id is not None and not isinstance(parent_id, str):
            raise LineError("“parent” must be the external id of a guide, or null.")
        if parent_id:
            parent = GuidePage.objects.filter(external_id=parent_id).first()
            if parent is None:
                raise LineError(f"Parent guide “{str(parent_id)[:120]}” does not exist (yet): list parents first.")
        else:
            parent = WikiIndexPage.objects.first()
            if parent is None:
                raise LineError("There is no wiki index page to import into; create one first.")
        page = self._page_with_common(existing.specific if existing else GuidePage(), common)
        page.body = to_stream(common["body"]) or [{"type": "paragraph", "value": to_rich_text(common["summary"])}]
        page.owner_name = string(record, "owner", max_length=max_length("wiki.GuidePage", "owner_name"), required=False)
        page.last_reviewed = optional_date(record, "last_reviewed") or common["published"]
        interval = record.get("review_interval_months", 12)
        if not isinstance(interval, int) or isinstance(interval, bool) or not 1 <= interval <= 60:
            raise LineError("“review_interval_months” must be a whole number from 1 to 60.")
        page.review_interval_months = interval
        page.topics = reference_data.topics(common["topics"])
        page.tags.set(common["tags"])
        return self._save_and_publish(page, parent, common, existing is None)


def _unique_slug(parent, title):
    base = nordic_slugify(title)[:70] or "page"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
