"""Demo content for a fresh Erfa: reference data, reports, guides, themes.

It builds on the site structure every install gets (``imports.site_structure``, the
``setup_site`` command). Idempotent: what exists is left as it is (editors may have
changed it), what is missing is created. The reports and guides go through the same importer as
``import_content``, so the demo also exercises the import path.
"""

import json
from pathlib import Path

from imports.importing import ContentImporter
from imports.site_structure import ensure_site  # noqa: F401 - callers build the demo through this module

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def _read_json(name):
    return json.loads((DEMO_DATA / name).read_text(encoding="utf-8"))


def _read_lines(name):
    return (DEMO_DATA / name).read_text(encoding="utf-8").splitlines()


def load_reference_data():
    from experiences.models import Municipality, NationalSolution, Network, Region, Topic

    for item in _read_json("topics.json"):
        Topic.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name_nb"], "name_sv": item["name_sv"], "name_en": item["name_en"]},
        )
    for item in _read_json("national_solutions.json"):
        description = item.get("description_nb") if item["country"] == "NO" else item.get("description_sv")
        NationalSolution.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "name_sv": item.get("name_sv", ""),
                "name_en": item.get("name_en", ""),
                "country": item["country"],
                "description": description or "",
            },
        )
    for item in _read_json("municipalities.json"):
        region = Region.objects.filter(country=item["country"], name=item["region"]).first()
        Municipality.objects.get_or_create(
            country=item["country"],
            name=item["name"],
            defaults={"number": item.get("number", ""), "region": region, "population": item.get("population")},
        )
    for item in _read_json("networks.json"):
        network, created = Network.objects.get_or_create(
            name=item["name"],
            defaults={
                "slug": item["slug"],
                "full_name": item.get("full_name", ""),
                "country": item.get("country", ""),
                "description": item.get("description", ""),
            },
        )
        if created:
            network.members.set(Municipality.objects.filter(name__in=item["members"]))
            network.save()


def load_content(stdout=None):
    importer = ContentImporter(create_only=True)
    results = {}
    for name in ("experiences.jsonl", "guides.jsonl"):
        results[name] = importer.import_lines(_read_lines(name))
    return results


def load_themes():
    from experiences.models import ExperiencePage, Topic
    from wiki.models import GuidePage, ThemeExperience, ThemeGuide, ThemeIndexPage, ThemePage

    index = ThemeIndexPage.objects.first()
    created = 0
    for item in _read_json("themes.json"):
        if ThemePage.objects.child_of(index).filter(slug=item["slug"]).exists():
            continue
        theme = ThemePage(slug=item["slug"], language=item.get("language", "nb"), **_theme_texts(item))
        theme.topics = list(Topic.objects.filter(slug__in=item.get("topics", [])))
        theme.tags.set(item.get("tags", []))
        experiences = {
            p.external_id: p for p in ExperiencePage.objects.filter(external_id__in=item.get("experiences", []))
        }
        guides = {p.external_id: p for p in GuidePage.objects.filter(external_id__in=item.get("guides", []))}
        theme.picked_experiences = [
            ThemeExperience(page=experiences[i]) for i in item.get("experiences", []) if i in experiences
        ]
        theme.picked_guides = [ThemeGuide(page=guides[i]) for i in item.get("guides", []) if i in guides]
        index.add_child(instance=theme)
        theme.save_revision().publish()
        created += 1
    return created


def _at(day, clock):
    import datetime

    from django.utils import timezone

    hour, minute = (int(part) for part in clock.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load_gatherings():
    """Gatherings dated from today (so the calendar always has upcoming and past ones), with
    sessions linked to the demo reports they present."""
    import datetime

    from django.utils import timezone

    from experiences.models import ExperiencePage, Municipality, Network, Topic
    from gatherings.models import GatheringIndexPage, GatheringPage, Session

    calendar = GatheringIndexPage.objects.first()
    if calendar is None:
        return 0
    created = 0
    for item in _read_json("gatherings.json"):
        if GatheringPage.objects.child_of(calendar).filter(slug=item["slug"]).exists():
            continue
        first_day = timezone.localdate() + datetime.timedelta(days=item["starts_in_days"])
        gathering = GatheringPage(
            slug=item["slug"],
            title=item["title"],
            language=item["language"],
            starts_at=_at(first_day, item["start"]),
            ends_at=_at(first_day + datetime.timedelta(days=item["days"] - 1), item["end"]),
            place=item["place"],
            online_url=item["online_url"],
            capacity=item["capacity"],
            intro=f"<p>{item['intro']}</p>",
        )
        gathering.networks = list(Network.objects.filter(slug__in=item["networks"]))
        gathering.municipalities = list(Municipality.objects.filter(name__in=item["municipalities"]))
        gathering.topics = list(Topic.objects.filter(slug__in=item["topics"]))
        reports = {p.external_id: p for p in ExperiencePage.objects.filter(external_id__startswith="demo-exp-")}
        gathering.sessions = [
            Session(
                starts_at=_at(first_day + datetime.timedelta(days=session["day"]), session["start"]),
                ends_at=_at(first_day + datetime.timedelta(days=session["day"]), session["end"]),
                title=session["title"],
                track=session["track"],
                description=session["description"],
                municipality=Municipality.objects.filter(name=session["municipality"]).first(),
                report=reports.get(session.get("report")),
            )
            for session in item["sessions"]
        ]
        calendar.add_child(instance=gathering)
        gathering.save_revision().publish()
        created += 1
    return created


def _theme_texts(item):
    """A theme's title and intro in its own language and in the other UI languages given."""
    texts = {}
    for suffix in ("", "_sv", "_en"):
        if item.get(f"title{suffix}"):
            texts[f"title{suffix}"] = item[f"title{suffix}"]
        if item.get(f"intro{suffix}"):
            texts[f"intro{suffix}"] = f"<p>{item[f'intro{suffix}']}</p>"
    return texts
