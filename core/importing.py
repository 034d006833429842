"""Bulk import of experiences and guides from JSON Lines.

One JSON object per line (format in the README). Each line is validated and written
in its own transaction, so a bad line is reported with its number and reason,
leaves nothing half-written, and the rest of the file still imports. ``external_id``
makes re-import update the same page instead of creating a duplicate.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from core.languages import CONTENT_LANGUAGE_CODES, COUNTRY_CODES
from core.markdown import split_sections, to_rich_text, to_stream
from core.text import nordic_slugify, single_line

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    warnings: list = field(default_factory=list)

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
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise LineError(f"“{name}” is not a real date: {value}.") from None


def _optional_date(record, name):
    value = record.get(name)
    return None if value is None else parse_date(value, name)


def _string(record, name, *, max_length=None, required=True):
    value = record.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise LineError(f"“{name}” must be a non-empty string.")
    value = value.strip()
    if max_length and len(value) > max_length:
        raise LineError(f"“{name}” is longer than {max_length} characters.")
    return value


def _string_list(record, name):
    value = record.get(name)
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LineError(f"“{name}” must be a list of non-empty strings.")
    if any(len(item) > 100 for item in value):
        raise LineError(f"Every entry in “{name}” must be at most 100 characters.")
    return list(dict.fromkeys(item.strip() for item in value))


class ContentImporter:
    def __init__(self, *, create_only=False, user=None):
        self.create_only = create_only
        self.user = user
        self.deferred_related = {}  # page id -> external ids not yet imported

    # -- reading ---------------------------------------------------------
    def import_lines(self, lines, progress=None):
        result = ImportResult()
        for number, line in enumerate(lines, start=1):
            if progress is not None:
                progress(number)
            if not line.strip():
                continue
            try:
                outcome = self.import_line(line)
            except LineError as error:
                result.errors.append((number, str(error)))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        result.warnings.extend(self.resolve_deferred_related())
        return result

    def import_line(self, line):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise LineError(f"Invalid JSON: {error.msg} (column {error.colno}).") from None
        if not isinstance(record, dict):
            raise LineError("Each line must be a JSON object.")
        return self.import_record(record)

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
    def _common(self, record):
        external_id = _string(record, "external_id", max_length=120)
        language = record["language"]
        if language not in CONTENT_LANGUAGE_CODES:
            raise LineError(
                f"Unknown language {json.dumps(language)[:20]}: use one of {', '.join(CONTENT_LANGUAGE_CODES)}."
            )
        return {
            "external_id": external_id,
            "title": single_line(_string(record, "title", max_length=255)),
            "language": language,
            "summary": _string(record, "summary", max_length=800),
            "body": _string(record, "body", required=False),
            "topics": _string_list(record, "topics"),
            "tags": _string_list(record, "tags"),
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
        return topics

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
        common = self._common(record)
        existing = self._find_existing(common["external_id"], "experiences.ExperiencePage")
        if existing is not None and self.create_only:
            return "skipped"
        status = record.get("status")
        statuses = [code for code, _label in ExperiencePage._meta.get_field("status").choices]
        if status not in statuses:
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
        if effort and effort not in efforts:
            raise LineError(f"“effort” must be one of {', '.join(efforts)} or null.")
        page.effort = effort
        self._apply_sections(page, common["body"])
        page.key_figures = self._key_figures(record.get("key_figures"))
        self._apply_contact(page, record.get("contact"))
        page.municipalities = municipalities
        page.topics = self._topics(common["topics"])
        page.national_solutions = self._national_solutions(record.get("national_solutions") or [])
        page.tags.set(common["tags"])
        missing_related = self._apply_related(page, record.get("related") or [])
        outcome = self._save_and_publish(page, parent, common, existing is None)
        if missing_related:
            self.deferred_related[page.pk] = missing_related
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
        return [
            {"type": "figure", "value": {"label": item["label"][:120], "value": item["value"][:60]}} for item in figures
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
                validate_email(email)
            except ValidationError:
                raise LineError(f"“contact.email” is not a valid email address: {email[:60]}.") from None
        page.contact_name = contact["name"].strip()[:120]
        page.contact_role = str(contact.get("role") or "").strip()[:120]
        page.contact_email = email

    def _apply_related(self, page, external_ids):
        """Link related reports already imported; return the ids still missing."""
        ExperiencePage = _model("experiences.ExperiencePage")
        RelatedExperience = _model("experiences.RelatedExperience")
        if not isinstance(external_ids, list) or not all(isinstance(item, str) for item in external_ids):
            raise LineError("“related” must be a list of external ids.")
        found = {p.external_id: p for p in ExperiencePage.objects.filter(external_id__in=external_ids)}
        page.related_links = [RelatedExperience(related_page=found[item]) for item in external_ids if item in found]
        return [item for item in external_ids if item not in found]

    def resolve_deferred_related(self):
        """Links to reports later in the file are added once the whole file is in."""
        ExperiencePage = _model("experiences.ExperiencePage")
        RelatedExperience = _model("experiences.RelatedExperience")
        warnings = []
        for page_id, missing in self.deferred_related.items():
            page = ExperiencePage.objects.get(pk=page_id).get_latest_revision_as_object()
            found = {p.external_id: p for p in ExperiencePage.objects.filter(external_id__in=missing)}
            for external_id in missing:
                if external_id in found:
                    page.related_links.add(RelatedExperience(related_page=found[external_id]))
                else:
                    warnings.append(f"{page.external_id}: related experience “{external_id}” was not found.")
            if found:
                with transaction.atomic():
                    page.save_revision(user=self.user, log_action=True).publish(user=self.user)
        self.deferred_related = {}
        return warnings

    def _municipalities(self, values, language):
        if not isinstance(values, list) or not values:
            raise LineError("“municipalities” must be a non-empty list for an experience.")
        return [self._municipality(value, language) for value in values]

    def _municipality(self, value, language):
        Municipality = _model("experiences.Municipality")
        Region = _model("experiences.Region")
        if isinstance(value, str) and value.strip():
            matches = list(Municipality.objects.filter(name__iexact=value.strip()))
            if len(matches) > 1:
                raise LineError(f"“{value}” names municipalities in several countries: give {{name, country}}.")
            if matches:
                return matches[0]
            country = LANGUAGE_COUNTRY.get(language)
            if country is None:
                raise LineError(f"Unknown municipality “{value}”: give it as {{name, country, region}}.")
            return Municipality.objects.create(name=value.strip()[:100], country=country)
        if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
            raise LineError("Each municipality must be a name or an object with “name”.")
        name = value["name"].strip()[:100]
        country = value.get("country") or LANGUAGE_COUNTRY.get(language)
        if country not in COUNTRY_CODES:
            raise LineError(f"Municipality “{name}”: country must be one of {', '.join(COUNTRY_CODES)}.")
        municipality = Municipality.objects.filter(country=country, name__iexact=name).first()
        if municipality is not None:
            return municipality
        region = None
        if isinstance(value.get("region"), str) and value["region"].strip():
            region_name = value["region"].strip()[:100]
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
        network = Network.objects.filter(name__iexact=value.strip()).first()
        if network is None:
            network = Network.objects.create(name=value.strip()[:100], country=municipalities[0].country)
        return network

    def _national_solutions(self, values):
        NationalSolution = _model("experiences.NationalSolution")
        if not isinstance(values, list) or not all(isinstance(item, str) and item.strip() for item in values):
            raise LineError("“national_solutions” must be a list of names.")
        solutions = []
        for value in values:
            solution = (
                NationalSolution.objects.filter(slug=value).first()
                or NationalSolution.objects.filter(name__iexact=value).first()
            )
            if solution is None:
                solution = NationalSolution.objects.create(name=value.strip()[:100])
            solutions.append(solution)
        return solutions

    # -- guides ----------------------------------------------------------
    def _import_guide(self, record):
        GuidePage = _model("wiki.GuidePage")
        WikiIndexPage = _model("wiki.WikiIndexPage")
        common = self._common(record)
        existing = self._find_existing(common["external_id"], "wiki.GuidePage")
        if existing is not None and self.create_only:
            return "skipped"
        if record.get("status") is not None:
            raise LineError("“status” must be null for a guide.")
        parent_id = record.get("parent")
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
        page.owner_name = _string(record, "owner", max_length=120, required=False)
        page.last_reviewed = _optional_date(record, "last_reviewed") or common["published"]
        interval = record.get("review_interval_months", 12)
        if not isinstance(interval, int) or not 1 <= interval <= 60:
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
