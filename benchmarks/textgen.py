"""Realistic-looking experience reports in five languages, from the word lists in ``benchmarks/words/``.

Everything is drawn from a ``random.Random`` the caller seeds, so a run is reproducible.
The text is not meant to be good prose: it is meant to have the vocabulary, length and
variety of real reports, so analyzers, index size and bulk throughput behave as they would.

``words/`` holds every word and phrase list of the benchmarks: ``projects.json`` (each project's
name in bokmål, Swedish and English, its topics, tags and national solutions), ``nb.json``,
``sv.json`` and ``en.json`` (sentence templates and the words they are filled with),
``swaps.json`` (bokmål words → nynorsk and Danish) and ``queries.json`` (the search requests).
"""

import datetime
import json
import re
from pathlib import Path

WORDS = Path(__file__).resolve().parent / "words"


def _load(name):
    return json.loads((WORDS / name).read_text(encoding="utf-8"))


PROJECTS = _load("projects.json")
NB, SV, EN = _load("nb.json"), _load("sv.json"), _load("en.json")
SWAPS = _load("swaps.json")  # {"nn": {bokmål: nynorsk}, "da": {bokmål: Danish}}
QUERIES = _load("queries.json")

STATUS_WEIGHTS = [("completed", 6), ("ongoing", 3), ("planned", 1), ("stopped", 1)]
EFFORTS = ["low", "medium", "high", "very_high", ""]
# (words, language, key of the project name) per country.
NORDIC = {"NO": (NB, "nb", "nb"), "SE": (SV, "sv", "sv")}
ENGLISH = {"NO": (EN, "en", "en"), "SE": (EN, "en", "en")}
LANGUAGE_SHARES = {"en": 0.06, "nn": 0.20, "da": 0.08}  # en of all; nn and da of the bokmål reports


def search_queries():
    """``[(query, kind)]``: corpus words per language, compounds, typos, names, questions."""
    return [(query, kind) for kind, queries in QUERIES["queries"].items() for query in queries]


SECTIONS = ["background", "what_we_did", "what_worked", "what_did_not_work", "advice", "results"]


class ReportWriter:
    """Draws one report at a time; ``municipalities`` etc. are model instances from the reference data."""

    def __init__(self, rng, *, municipalities, topics, national_solutions, networks):
        self.rng = rng
        self.municipalities = {
            "NO": [m for m in municipalities if m.country == "NO"],
            "SE": [m for m in municipalities if m.country == "SE"],
        }
        self.topics = {topic.slug: topic for topic in topics}
        self.solutions = {solution.slug: solution for solution in national_solutions}
        self.networks = networks  # [(network, {member municipality ids})]
        self.statuses = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]

    def _fill(self, template, words, context):
        rng = self.rng
        values = {
            **context,
            "role": rng.choice(words["role"]),
            "role2": rng.choice(words["role"]),
            "partner": rng.choice(words["partner"]),
            "partner2": rng.choice(words["partner"]),
            "goal": rng.choice(words["goal"]),
            "problem": rng.choice(words["problem"]),
            "chore": rng.choice(words["chore"]),
            "action": rng.choice(words["action"]),
            "system": rng.choice(words["system"]),
            "months": rng.randint(3, 30),
            "number": rng.choice([300, 800, 1200, 2500, 4000, 12000, 28000]),
            "percent": rng.randint(20, 95),
            "lesson": rng.choice(words["lesson"]),
        }
        values["result"] = words["result"][rng.randrange(len(words["result"]))].format(**values)
        return template.format(**values)

    def _paragraphs(self, name, words, context):
        pool = words[name]
        paragraphs = []
        for _ in range(self.rng.randint(1, 3)):
            sentences = self.rng.sample(pool, k=min(len(pool), self.rng.randint(2, 4)))
            paragraphs.append("<p>" + " ".join(self._fill(s, words, context) for s in sentences) + "</p>")
        return "".join(paragraphs)

    def report(self):
        return self._report(NORDIC)

    def _report(self, languages):
        """A dict of ExperiencePage field values plus its relations (model instances, tag names)."""
        rng = self.rng
        country = "NO" if rng.random() < 0.6 else "SE"
        words, language, name_key = languages[country]
        project = rng.choice(PROJECTS)
        name = project[name_key]
        municipalities = rng.sample(self.municipalities[country], k=1 if rng.random() < 0.8 else rng.randint(2, 4))
        published = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(12 * 365))
        context = {
            "project": name,
            "project_cap": name[:1].upper() + name[1:],
            "muni": " og ".join(m.name for m in municipalities[:2]) if country == "NO" else municipalities[0].name,
            "year": published.year - rng.randint(0, 2),
        }
        title = self._fill(rng.choice(words["title"]), words, context)[:250]
        summary = " ".join(self._fill(s, words, context) for s in rng.sample(words["summary"], k=rng.randint(2, 3)))
        sections = {name: self._paragraphs(name, words, context) if rng.random() < 0.85 else "" for name in SECTIONS}
        sections["background"] = sections["background"] or self._paragraphs("background", words, context)
        status = rng.choice(self.statuses)
        period_start = published - datetime.timedelta(days=rng.randint(120, 900))
        period_end = (
            None if status in ("planned", "ongoing") else published - datetime.timedelta(days=rng.randint(0, 90))
        )
        ids = {m.pk for m in municipalities}
        networks = [network for network, members in self.networks if ids & members]
        topics = [self.topics[slug] for slug in project["topics"] if slug in self.topics]
        if rng.random() < 0.3:
            topics.append(rng.choice(list(self.topics.values())))
        solutions = [
            self.solutions[slug]
            for slug in project["national_solutions"]
            if slug in self.solutions and self.solutions[slug].country == country
        ]
        tags = sorted({*project["tags"], *rng.sample(words["tags"], k=rng.randint(1, 3))})
        return {
            "fields": {
                "title": title,
                "summary": summary[:800],
                "language": language,
                "status": status,
                "effort": rng.choice(EFFORTS),
                "period_start": None if status == "planned" else period_start,
                "period_end": period_end,
                "network": rng.choice(networks) if networks and rng.random() < 0.7 else None,
                **sections,
            },
            "published": published,
            "municipalities": municipalities,
            "topics": list(dict.fromkeys(topics)),
            "national_solutions": solutions,
            "tags": tags,
        }


TEXT_FIELDS = ("title", "summary", *SECTIONS)


def _swap_words(text, table):
    def replace(match):
        word = match.group(0)
        swapped = table.get(word.lower())
        if swapped is None:
            return word
        return swapped[:1].upper() + swapped[1:] if word[:1].isupper() else swapped

    return re.sub(r"\w+", replace, text)


class MixedLanguageWriter(ReportWriter):
    """Reports in five languages: about 41 % nb, 11 % nn, 38 % sv, 4 % da, 6 % en.

    Nynorsk and Danish reports are bokmål reports with the common words swapped (close enough
    for analyzers, stemmers and index size); English reports are written from ``en.json``.
    """

    def report(self):
        if self.rng.random() < LANGUAGE_SHARES["en"]:
            report = self._report(ENGLISH)
            for name in TEXT_FIELDS:
                report["fields"][name] = report["fields"][name].replace(" og ", " and ")
            return report
        report = super().report()
        if report["fields"]["language"] != "nb":
            return report
        roll = self.rng.random()
        if roll < LANGUAGE_SHARES["nn"] + LANGUAGE_SHARES["da"]:
            language = "nn" if roll < LANGUAGE_SHARES["nn"] else "da"
            for name in TEXT_FIELDS:
                report["fields"][name] = _swap_words(report["fields"][name], SWAPS[language])
            report["fields"]["language"] = language
        return report
