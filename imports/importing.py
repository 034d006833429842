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
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from core.languages import CONTENT_LANGUAGE_CODES, COUNTRY_CODES
from core.text import nordic_slugify
from imports.markdown import split_sections, to_rich_text, to_stream

logger = logging.getLogger(__name__)

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# A file whose first lines hold no JSON object at all is not JSON Lines (a CSV, a JSON array,
# a binary file): say so once instead of once per line.
NOT_JSON_LINES_AFTER = 10
# Lone surrogates cannot be stored as UTF-8 at all; NUL is refused by PostgreSQL; the other
# control characters are invisible and break mail headers, feeds and exports. Tabs and line
# breaks are allowed, except in single-line fields.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile("[\n\r\u2028\u2029]")
TYPES = ("experience", "guide")
REQUIRED = ("external_id", "type", "title", "language", "topics", "tags", "summary", "body", "published")
LANGUAGE_COUNTRY = {"nb": "NO", "nn": "NO", "sv": "SE", "da": "DK"}

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


class LineError(ValueError):
    """Why one import line was refused; shown to the person importing."""


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


def _model(name):
    app_label, model_name = name.split(".")
    return apps.get_model(app_label, model_name)


def parse_date(value, name):
    if not isinstance(value, str) or not DATE.match(value):
        raise LineError(f"“{name}” must be a date written YYYY-MM-DD, not {json.dumps(value)[:40]}.")
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise LineError(f"“{name}” is not a real date: {value}.") from None
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        raise LineError(f"“{name}” must be a date from {EARLIEST_YEAR} to {LATEST_YEAR}, not {value}.")
    return date


def _optional_date(record, name):
    value = record.get(name)
    return None if value is None else parse_date(value, name)


def check_characters(record):
    """Refuse a line with a character no text field may hold, wherever it is (keys too)."""
    stack = [("", record)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, "a field name")
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{number}]", item) for number, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, f"“{path}”")


def _check_text(text, where):
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad is None:
        return
    code = ord(bad.group())
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "the control character"
    raise LineError(f"{where} contains {what} U+{code:04X} at character {bad.start() + 1}, which cannot be stored.")


def single_line(value, name):
    if LINE_BREAKS.search(value):
        raise LineError(f"“{name}” must be a single line, without line breaks.")
    return value


def max_length(model_name, field_name):
    return _model(model_name)._meta.get_field(field_name).max_length


def _name(value, name, limit):
    """A name as given (never cut short: two long names cut the same way would collide)."""
    value = single_line(value.strip(), name)
    if len(value) > limit:
        raise LineError(f"“{name}” is longer than {limit} characters: {value[:40]}….")
    return value


def _string(record, name, *, max_length=None, required=True, multiline=False):
    value = record.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise LineError(f"“{name}” must be a non-empty string.")
    value = value.strip()
    if not multiline:
        single_line(value, name)
    if max_length and len(value) > max_length:
        raise LineError(f"“{name}” is longer than {max_length} characters.")
    return value


def _string_list(record, name, limit=100):
    value = record.get(name)
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LineError(f"“{name}” must be a list of non-empty strings.")
    if any(len(item.strip()) > limit for item in value):
        raise LineError(f"Every entry in “{name}” must be at most {limit} characters.")
    return list(dict.fromkeys(single_line(item.strip(), name) for item in value))


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
        self.resolve_deferred_related(result)
        return result

    def import_line(self, line):
        return self.import_record(self.parse_line(line))

    def parse_line(self, line):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise LineError(f"Invalid JSON: {error.msg} (column {error.colno}).") from None
        except ValueError as error:  # e.g. an integer with more digits than Python converts
            raise LineError(f"Invalid JSON: {error}.") from None
        except RecursionError:
            raise LineError("Invalid JSON: nested too deeply.") from None
        if isinstance(record, list):
            raise LineError("Each line must be one JSON object, not an array: write one object per line.")
        if not isinstance(record, dict):
            raise LineError("Each line must be a JSON object.")
        check_characters(record)
        return record

    def import_record(self, record):
        missing = [name for name in REQUIRED if name not in record]
        if missing:
            raise LineError(f"Missing field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")
        kind = record["type"]
        if kind not in TYPES:
            raise LineError(f"Unknown type {json.dumps(kind)[:40]}: use “experience” or “guide”.")
        try:
            with transaction.atomic():
                if kind == "experience":
                    return self._import_experience(record)
                return self._import_guide(record)
        except ValidationError as error:
            raise LineError(_validation_message(error)) from None

    # -- shared fields ---------------------------------------------------
    def _common(self, record, model_name):
        external_id = _string(record, "external_id", max_length=max_length(model_name, "external_id"))
        language = record["language"]
        if not isinstance(language, str) or language not in CONTENT_LANGUAGE_CODES:
            raise LineError(
                f"Unknown language {json.dumps(language)[:20]}: use one of {', '.join(CONTENT_LANGUAGE_CODES)}."
            )
        return {
            "external_id": external_id,
            "title": _string(record, "title", max_length=max_length(model_name, "title")),
            "language": language,
            "summary": _string(record, "summary", max_length=max_length(model_name, "summary"), multiline=True),
            "body": _string(record, "body", required=False, multiline=True),
            "topics": _string_list(record, "topics", max_length("experiences.Topic", "name")),
            "tags": _string_list(record, "tags", max_length("taggit.Tag", "name")),
            "published": parse_date(record["published"], "published"),
        }

    def _find_existing(self, external_id, model_name):
        for other in ("experiences.ExperiencePage", "wiki.GuidePage"):
            page = _model(other).objects.filter(external_id=external_id).first()
            if page is not None:
                if other != model_name:
                    raise LineError(f"“{external_id}” already belongs to a page of another type.")
                return page
        return None

    def _topics(self, values):
        Topic = _model("experiences.Topic")
        topics = []
        for value in values:
            topic = (
                Topic.objects.filter(slug=value).first()
                or Topic.objects.filter(name__iexact=value).first()
                or Topic.objects.filter(name_sv__iexact=value).first()
                or Topic.objects.filter(name_en__iexact=value).first()
            )
            if topic is None:
                topic = Topic.objects.create(name=value)
            topics.append(topic)
        return list(dict.fromkeys(topics))  # two spellings of one topic link it once

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
        ExperiencePage = _model("experiences.ExperiencePage")
        ExperienceIndexPage = _model("experiences.ExperienceIndexPage")
        common = self._common(record, "experiences.ExperiencePage")
        related = self._related_ids(record.get("related"))
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
        municipalities = self._municipalities(record.get("municipalities"), common["language"])
        network = self._network(record.get("network"), municipalities)
        parent = ExperienceIndexPage.objects.first()
        if parent is None:
            raise LineError("There is no experience index page to import into; create one first.")

        page = existing.specific if existing else ExperiencePage()
        page.title = common["title"]
        page.external_id = common["external_id"]
        page.language = common["language"]
        page.summary = common["summary"]
        page.status = status
        page.network = network
        page.period_start = _optional_date(record, "period_start")
        page.period_end = _optional_date(record, "period_end")
        effort = record.get("effort") or ""
        efforts = [code for code, _label in ExperiencePage._meta.get_field("effort").choices]
        if effort and (not isinstance(effort, str) or effort not in efforts):
            raise LineError(f"“effort” must be one of {', '.join(efforts)} or null.")
        page.effort = effort
        self._apply_sections(page, common["body"])
        page.key_figures = self._key_figures(record.get("key_figures"))
        self._apply_contact(page, record.get("contact"))
        page.municipalities = municipalities
        page.topics = self._topics(common["topics"])
        page.national_solutions = self._national_solutions(record.get("national_solutions") or [])
        page.tags.set(common["tags"])
        missing_related = self._apply_related(page, related)
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
            _name(item["label"], "key_figures.label", 120)
            _name(item["value"], "key_figures.value", 60)
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
        page.contact_name = _name(
            contact["name"], "contact.name", max_length("experiences.ExperiencePage", "contact_name")
        )
        page.contact_role = _name(role, "contact.role", max_length("experiences.ExperiencePage", "contact_role"))
        page.contact_email = email

    def _related_ids(self, value):
        if value is None:
            return []
        limit = max_length("experiences.ExperiencePage", "external_id")
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise LineError("“related” must be a list of external ids.")
        return list(dict.fromkeys(_name(item, "related", limit) for item in value))

    def _apply_related(self, page, external_ids):
        """Link related reports already imported; return the ids still missing."""
        ExperiencePage = _model("experiences.ExperiencePage")
        RelatedExperience = _model("experiences.RelatedExperience")
        found = {p.external_id: p for p in ExperiencePage.objects.filter(external_id__in=external_ids)}
        page.related_links = [RelatedExperience(related_page=found[item]) for item in external_ids if item in found]
        return [item for item in external_ids if item not in found]

    def resolve_deferred_related(self, result):
        """Add the links the file names that a page still lacks, once every line is in.

        Runs for pages this run wrote and for existing pages it skipped, so it also finishes
        what an interrupted run left. It never publishes what an editor has not: a page that
        is not live, or has a newer draft, gets the links in a new draft revision instead.
        """
        for page_id, (number, external_ids) in self.deferred_related.items():
            try:
                with transaction.atomic():
                    self._link_related(page_id, number, external_ids, result)
            except Exception as error:
                logger.exception("Related links for import line %s failed unexpectedly", number)
                result.errors.append((number, f"Related links could not be added: {error!r}"[:500]))
        self.deferred_related = {}

    def _link_related(self, page_id, number, external_ids, result):
        ExperiencePage = _model("experiences.ExperiencePage")
        RelatedExperience = _model("experiences.RelatedExperience")
        live = ExperiencePage.objects.get(pk=page_id)
        # Read before saving: for a page without a draft the "latest revision" is this same object.
        publish = live.live and not live.has_unpublished_changes
        page = live.get_latest_revision_as_object()
        linked = {link.related_page_id for link in page.related_links.all()}
        found = {p.external_id: p for p in ExperiencePage.objects.filter(external_id__in=external_ids)}
        added = False
        for external_id in external_ids:
            target = found.get(external_id)
            if target is None:
                result.warnings.append(
                    f"line {number}: {page.external_id}: related experience “{external_id}” was not found."
                )
            elif target.pk not in linked:
                page.related_links.add(RelatedExperience(related_page=target))
                linked.add(target.pk)
                added = True
        if not added:
            return
        revision = page.save_revision(user=self.user, log_action=True)
        if publish:
            revision.publish(user=self.user)
        else:
            result.warnings.append(
                f"line {number}: {page.external_id} is unpublished or has a draft; its related links were added to a "
                "new draft, not published."
            )

    def _municipalities(self, values, language):
        if not isinstance(values, list) or not values:
            raise LineError("“municipalities” must be a non-empty list for an experience.")
        return list(dict.fromkeys(self._municipality(value, language) for value in values))

    def _municipality(self, value, language):
        Municipality = _model("experiences.Municipality")
        Region = _model("experiences.Region")
        limit = max_length("experiences.Municipality", "name")
        if isinstance(value, str) and value.strip():
            value = _name(value, "municipalities", limit)
            matches = list(Municipality.objects.filter(name__iexact=value))
            if len(matches) > 1:
                raise LineError(f"“{value}” names municipalities in several countries: give {{name, country}}.")
            if matches:
                return matches[0]
            country = LANGUAGE_COUNTRY.get(language)
            if country is None:
                raise LineError(f"Unknown municipality “{value}”: give it as {{name, country, region}}.")
            return Municipality.objects.create(name=value, country=country)
        if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
            raise LineError("Each municipality must be a name or an object with “name”.")
        name = _name(value["name"], "municipalities.name", limit)
        country = value.get("country") or LANGUAGE_COUNTRY.get(language)
        if not isinstance(country, str) or country not in COUNTRY_CODES:
            raise LineError(f"Municipality “{name}”: country must be one of {', '.join(COUNTRY_CODES)}.")
        municipality = Municipality.objects.filter(country=country, name__iexact=name).first()
        if municipality is not None:
            return municipality
        region = None
        if isinstance(value.get("region"), str) and value["region"].strip():
            region_name = _name(value["region"], "municipalities.region", max_length("experiences.Region", "name"))
            region = Region.objects.filter(country=country, name__iexact=region_name).first()
            if region is None:
                region = Region.objects.create(country=country, name=region_name)
        return Municipality.objects.create(name=name, country=country, region=region)

    def _network(self, value, municipalities):
        Network = _model("experiences.Network")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise LineError("“network” must be a name or null.")
        name = _name(value, "network", max_length("experiences.Network", "name"))
        network = Network.objects.filter(name__iexact=name).first()
        if network is None:
            network = Network.objects.create(name=name, country=municipalities[0].country)
        return network

    def _national_solutions(self, values):
        NationalSolution = _model("experiences.NationalSolution")
        if not isinstance(values, list) or not all(isinstance(item, str) and item.strip() for item in values):
            raise LineError("“national_solutions” must be a list of names.")
        limit = max_length("experiences.NationalSolution", "name")
        solutions = []
        for value in dict.fromkeys(_name(value, "national_solutions", limit) for value in values):
            solution = (
                NationalSolution.objects.filter(slug=value).first()
                or NationalSolution.objects.filter(name__iexact=value).first()
            )
            if solution is None:
                solution = NationalSolution.objects.create(name=value)
            solutions.append(solution)
        return list(dict.fromkeys(solutions))

    # -- guides ----------------------------------------------------------
    def _import_guide(self, record):
        GuidePage = _model("wiki.GuidePage")
        WikiIndexPage = _model("wiki.WikiIndexPage")
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
        page = existing.specific if existing else GuidePage()
        page.title = common["title"]
        page.external_id = common["external_id"]
        page.language = common["language"]
        page.summary = common["summary"]
        page.body = to_stream(common["body"]) or [{"type": "paragraph", "value": to_rich_text(common["summary"])}]
        page.owner_name = _string(
            record, "owner", max_length=max_length("wiki.GuidePage", "owner_name"), required=False
        )
        page.last_reviewed = _optional_date(record, "last_reviewed") or common["published"]
        interval = record.get("review_interval_months", 12)
        if not isinstance(interval, int) or isinstance(interval, bool) or not 1 <= interval <= 60:
            raise LineError("“review_interval_months” must be a whole number from 1 to 60.")
        page.review_interval_months = interval
        page.topics = self._topics(common["topics"])
        page.tags.set(common["tags"])
        return self._save_and_publish(page, parent, common, existing is None)


def _validation_message(error):
    if hasattr(error, "message_dict"):
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def _unique_slug(parent, title):
    base = nordic_slugify(title)[:70] or "page"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
