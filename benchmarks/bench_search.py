#!/usr/bin/env python
"""Search benchmark: latency and throughput of /api/search/ and /api/search/suggest/ under load.

    .venv/bin/python benchmarks/bench_search.py [--docs 20000] [--requests 400]
                                                [--backends opensearch,elasticsearch,database]
                                                [--concurrency 1,8] [--out benchmarks/results/search.json]

1. generates ``--docs`` experience reports with ``bench_index.generate_reports`` in a throwaway
   SQLite database (``benchmarks/settings.py``), after the reference data and the demo content
   (``load_demo``); :class:`MixedLanguageWriter` turns part of the generator's bokmål and
   Swedish reports into nynorsk, Danish and English, so every language analyzer has work.
   Wagtail's database index is filled for the generated pages (the database backend and the
   engines' fallback search it), and each engine's index is built with ``search.indexing.rebuild``;
2. serves the site for real, once per backend: ``gunicorn config.wsgi`` with 4 sync workers on a
   free loopback port, ``config.settings.production`` and the generated database, the engine
   chosen through SEARCH_URL / SEARCH_ENGINE / SEARCH_INDEX (no SEARCH_URL for ``database``);
   50 warm-up requests spread over every worker, then on an engine more rounds of them from one
   client until their median settles (``--warmup-rounds``): the figures are those of a warm engine;
3. for every concurrency level sends ``--requests`` search requests (≥ 60 realistic queries in
   nb, nn, sv, da and en: corpus words, compounds, typos, names, questions; half with one or two
   facet filters) and ``--requests`` suggestion requests (2–6 letter prefixes of corpus words and
   names) from that many threads over one urllib3 pool, and records latency, status and the
   ``engine`` that answered. On an engine backend, a search answered by ``database`` is a
   fallback (a timeout or an open circuit breaker); suggestions do not say who answered, so
   their fallbacks are counted from the engine's own query counter (requests that never reached
   the engine);
4. profiles each engine in this process: the engine's ``took`` against the round trip and the
   whole ``run_search``, and the same queries without the highlight, the aggregations, the
   did-you-mean suggester or the fuzzy clause (one-off variants of ``search.query.search_body``),
   and split as the service sends it: counts and page side by side (``search.query.split_body``).

Request lists are drawn once from ``--seed``, so every backend answers the same requests. Engines
run from ``engines/engine.sh`` in their own state folder (``.engines/bench-search``, ports
9290/9291) and are stopped again if this run started them. Results go to ``--out`` as JSON and
to stdout as Markdown. See benchmarks/README.md.
"""

import argparse
import collections
import copy
import datetime
import io
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus, urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import textgen  # noqa: E402
from benchmarks.bench_index import (  # noqa: E402
    BACKEND_SETTING,
    BenchmarkError,
    configure_search,
    engine_version,
    ensure_engine,
    generate_reports,
    index_stats,
    latency_summary,
    machine_info,
    percentile,
    reference_data,
    setup_django,
    stop_engine,
)

DEFAULT_STATE_DIR = ROOT / ".engines" / "bench-search"
DEFAULT_PORTS = {"opensearch": 9290, "elasticsearch": 9291}
BACKENDS = ("opensearch", "elasticsearch", "database")
TARGETS_MS = {"search": 100, "suggest": 30}  # p95 on one node
ENDPOINTS = ("search", "suggest")
DB_INDEX_CHUNK = 1000
SERVER_START_TIMEOUT = 120
REQUEST_TIMEOUT = 60.0
CLEANUP_TIMEOUT = 120.0
PROFILE_TIMEOUT = 30.0
FALLBACK_LOG = "answering from the database"
SLOWEST = 12  # requests listed per level, slowest first


# ---------------------------------------------------------------- arguments


def _csv(text):
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="experience reports to generate (default 20000)")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and level (default 400)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: " + ", ".join(BACKENDS))
    parser.add_argument("--concurrency", default="1,8", help="comma-separated client thread counts (default 1,8)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "search.json"), help="JSON results")
    parser.add_argument("--seed", type=int, default=2025, help="random seed for content and requests")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4, 1 thread each)")
    parser.add_argument("--warmup", type=int, default=50, help="warm-up requests per backend (default 50)")
    parser.add_argument(
        "--warmup-rounds",
        type=int,
        default=10,
        help="engines: up to this many warm-up rounds at one client (5 at least) until the median settles (default 10)",
    )
    parser.add_argument(
        "--phase-seconds",
        type=float,
        default=180,
        help="time budget per warm-up and per endpoint and level: no new request starts after it (default 180)",
    )
    parser.add_argument("--keep-db", default="", help="copy the generated SQLite database here (for experiments)")
    parser.add_argument(
        "--reuse-db",
        default="",
        help="start from a database kept with --keep-db (same --docs and --seed) instead of generating one",
    )
    parser.add_argument(
        "--state-dir",
        default=str(DEFAULT_STATE_DIR),
        help="engine.sh state folder (ENGINES_STATE_DIR); an engine already running there is reused, not stopped",
    )
    parser.add_argument("--ports", default="", help="engine ports, e.g. opensearch=9290,elasticsearch=9291")
    parser.add_argument(
        "--search-timeout",
        type=float,
        default=None,
        help="SEARCH_TIMEOUT (s) for the served app's queries; default: the setting (2 s)",
    )
    parser.add_argument(
        "--write-timeout",
        type=float,
        default=None,
        help="SEARCH_WRITE_TIMEOUT (s), which suggestions use for their engine query; default: the setting (1 s)",
    )
    parser.add_argument(
        "--profile-queries", type=int, default=60, help="search requests profiled per engine (0: no profile)"
    )
    parser.add_argument("--profile-rounds", type=int, default=2, help="passes over the profiled requests")
    parser.add_argument("--keep-engines", action="store_true", help="leave engines this run started running")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    args.backends = _csv(args.backends)
    unknown = [name for name in args.backends if name not in BACKENDS]
    if unknown or not args.backends:
        parser.error(f"--backends takes {', '.join(BACKENDS)}, not {', '.join(unknown) or 'nothing'}")
    try:
        args.concurrency = [int(level) for level in _csv(args.concurrency)]
    except ValueError:
        parser.error("--concurrency takes whole numbers, e.g. 1,8")
    if not args.concurrency or min(args.concurrency) < 1:
        parser.error("--concurrency needs at least one level, each at least 1")
    args.port_map = dict(DEFAULT_PORTS)
    for item in _csv(args.ports):
        name, _, port = item.partition("=")
        if name not in BACKEND_SETTING or not port.isdigit():
            parser.error(f"--ports takes engine=port pairs, not “{item}”")
        args.port_map[name] = int(port)
    if args.docs < 1 or args.requests < 1 or args.workers < 1 or args.warmup < 0 or args.warmup_rounds < 0:
        parser.error("--docs, --requests and --workers must be at least 1, --warmup and --warmup-rounds at least 0")
    return args


# ---------------------------------------------------------------- content in five languages
#
# textgen writes bokmål and Swedish. Nynorsk and Danish reports are bokmål reports with the
# common words swapped (close enough for analyzers, stemmers and index size); English reports
# are written from the table below through the same ReportWriter.


def _pairs(text):
    """``"a:b c:d"`` → ``{"a": "b", "c": "d"}``: bokmål word → its nynorsk or Danish counterpart."""
    return dict(pair.split(":") for pair in text.split())


NN_FROM_NB = _pairs(
    """
    ikke:ikkje hva:kva hvordan:korleis noen:nokre mye:mykje fra:frå også:òg jeg:eg dem:dei de:dei ble:vart
    mer:meir bare:berre hver:kvar nå:no egen:eiga hele:heile bedre:betre gjøre:gjere gjør:gjer gikk:gjekk
    fikk:fekk sammen:saman samme:same allerede:allereie tidligere:tidlegare tidlig:tidleg tydelig:tydeleg
    dårlig:dårleg ukentlige:vekentlege ukene:vekene ansatte:tilsette nyansatte:nytilsette brukerne:brukarane
    brukere:brukarar innbyggerne:innbyggjarane innbyggere:innbyggjarar tjenesten:tenesta tjenester:tenester
    tjeneste:teneste hjemmetjenesten:heimetenesta hjemmeoppfølging:heimeoppfølging erfaringer:erfaringar
    erfaringene:erfaringane løsningen:løysinga løsning:løysing opplæringen:opplæringa måneder:månader
    henvendelsene:førespurnadene henvendelser:førespurnader enhetene:einingane enheten:eininga enhet:eining
    saksbehandlingen:sakshandsaminga saksbehandlerne:sakshandsamarane saksbehandling:sakshandsaming
    timer:timar utfordringen:utfordringa ønsket:ønskte rutinene:rutinane rutiner:rutinar
    representanter:representantar laget:laga testet:testa rullet:rulla brukerveiledninger:brukarrettleiingar
    holdt:heldt tilbud:tilbod superbrukere:superbrukarar superbrukerne:superbrukarane tiden:tida
    hjalp:hjelpte fryktet:frykta rettet:retta statusmøter:statusmøte fremdriften:framdrifta
    gevinstene:vinstane tall:tal vikarer:vikarar dere:de gi:gje forvaltningen:forvaltinga
    ventetiden:ventetida kortere:kortare driften:drifta nabokommunene:nabokommunane
    trygghetsalarmer:tryggleiksalarmar natten:natta handlet:handla
    """
)

DA_FROM_NB = _pairs(
    """
    hva:hvad noen:nogle mye:meget etter:efter av:af ble:blev mer:mere bare:kun nå:nu tok:tog bruk:brug
    gikk:gik fikk:fik gjøre:gøre gjør:gør nesten:næsten prosent:procent etterpå:bagefter raskt:hurtigt
    tett:tæt feil:fejl lett:let ukentlige:ugentlige ukene:ugerne ansatte:medarbejdere
    brukerne:brugerne brukere:brugere bruker:bruger innbyggerne:borgerne innbyggere:borgere
    opplæringen:oplæringen opplæring:oplæring søknad:ansøgning søknader:ansøgninger søknadene:ansøgningerne
    enhetene:enhederne enheten:enheden enhet:enhed samarbeidet:samarbejdede fungerte:fungerede
    saksbehandlingen:sagsbehandlingen saksbehandlerne:sagsbehandlerne saksbehandling:sagsbehandling
    utfordringen:udfordringen handlet:handlede ønsket:ønskede rutinene:rutinerne
    representanter:repræsentanter kartla:kortlagde laget:lavede testet:testede rullet:rullede
    brukerveiledninger:brugervejledninger integrasjonen:integrationen integrasjon:integration
    superbrukere:superbrugere superbrukerne:superbrugerne gjennomførte:gennemførte
    personvernkonsekvensvurdering:konsekvensanalyse personvernkonsekvensvurderingen:konsekvensanalysen
    personvern:databeskyttelse oppstart:opstart smått:småt utvide:udvide fryktet:frygtede
    statusmøter:statusmøder gevinstene:gevinsterne undervurderte:undervurderede dobbeltarbeid:dobbeltarbejde
    mobildekningen:mobildækningen databehandleravtalen:databehandleraftalen involvert:involveret
    tillitsvalgte:tillidsrepræsentanter snakk:tal dere:I tidlig:tidligt gi:giv tydelig:tydeligt møte:møde
    rundt:omkring dokumentert:dokumenteret kommunestyret:kommunalbestyrelsen vedtok:besluttede
    nabokommunene:nabokommunerne hjemmetjenesten:hjemmeplejen hjemmetjeneste:hjemmepleje
    velferdsteknologi:velfærdsteknologi trygghetsalarmer:tryghedsalarmer byggesøknad:byggeansøgning
    barnehageplass:daginstitutionsplads innføring:indførelse slik:sådan
    """
)

EN = {
    "title": [
        "Introducing {project} in {muni}",
        "Experiences with {project} in {muni}",
        "How {muni} adopted {project}",
        "Pilot of {project} in {muni} – {lesson}",
        "{project_cap} in {muni}: {lesson}",
        "From paper to digital: {project} in {muni}",
        "{muni} cooperated on {project}",
        "What we learned from {project} in {muni}",
    ],
    "lesson": [
        "what we learned",
        "more work than expected",
        "users adopted it quickly",
        "training was the key",
        "the supplier became the bottleneck",
        "the benefits came after a year",
        "not everything went to plan",
        "small steps worked best",
    ],
    "summary": [
        "{muni} introduced {project} in {year} to {goal}.",
        "The project was led by {role} and lasted {months} months.",
        "After {months} months {result}.",
        "We worked with {partner} and {partner2} on the introduction.",
        "The biggest challenge was {problem}.",
        "The experiences were shared at a regional meeting in {year}.",
    ],
    "goal": [
        "save time in case handling",
        "give residents better services",
        "cut postage costs",
        "free up time for service users",
        "get a better overview of the cases",
        "strengthen information security",
        "make the service available around the clock",
        "reduce the number of manual errors",
    ],
    "result": [
        "more than half of the enquiries arrived digitally",
        "case officers spent noticeably less time per case",
        "waiting times had been halved",
        "every unit had adopted the solution",
        "feedback from residents was mostly positive",
        "we had saved around {number} hours",
        "almost {percent} percent of the applications were digital",
    ],
    "role": [
        "the records manager",
        "the digitalisation adviser",
        "a system administrator",
        "the head of home care",
        "the IT manager",
        "the director of health and welfare",
        "a project manager from the service centre",
        "the finance manager",
    ],
    "partner": [
        "the supplier",
        "the neighbouring municipalities",
        "the county council",
        "the union representatives",
        "the user council",
        "the council for the elderly",
        "the regional IT partnership",
    ],
    "problem": [
        "getting the integration with the case management system to work",
        "reaching staff working night shifts",
        "poor mobile coverage in rural areas",
        "unclear responsibilities between the units",
        "the data protection impact assessment",
        "the supplier not delivering on time",
        "training temporary staff and new employees",
        "old routines living on beside the new ones",
    ],
    "background": [
        "Before the project most of the work was done by hand, and {role} spent a lot of time {chore}.",
        "In {year} the municipal council decided that {muni} should invest in {project}.",
        "We had more than {number} enquiries a year, and many of them were about the same thing.",
        "The neighbouring municipalities already had good experiences, and we wanted to learn from them.",
        "The service was vulnerable because only a few employees knew the routines.",
        "Residents asked to be able to {action} online.",
    ],
    "what_we_did": [
        "We set up a working group with {role}, {role2} and representatives of the users.",
        "First we mapped the current routines and wrote a simple benefits plan.",
        "The solution was tested in one unit for {months} months before we rolled it out.",
        "We wrote short user guides and held training sessions at every workplace.",
        "The integration with {system} was set up together with the supplier.",
        "All employees were offered a two-hour course, and every unit got super users.",
        "We carried out a data protection impact assessment before the start.",
    ],
    "what_worked": [
        "The super users were worth their weight in gold in the first months.",
        "It helped to start small and expand once the routines were in place.",
        "Users were more positive than we had feared.",
        "Close dialogue with the supplier meant that bugs were fixed quickly.",
        "Weekly status meetings kept up the pace.",
        "Benefits were easy to measure because we had good figures from before.",
    ],
    "what_did_not_work": [
        "We underestimated how much time the training would take.",
        "The integration with {system} was unstable in the first weeks.",
        "Some employees kept using paper on the side, which meant double work.",
        "Mobile coverage was too poor in parts of the municipality.",
        "It took a long time to get the data processing agreement in place.",
        "We should have involved the union representatives earlier.",
    ],
    "advice": [
        "Set aside time for training, also for temporary staff.",
        "Start with a pilot and measure before and after.",
        "Talk to a municipality that has done it before you.",
        "Do the privacy assessment early, not just before the start.",
        "Give one person clear responsibility for managing the solution afterwards.",
        "Involve the users from the very first meeting.",
    ],
    "results": [
        "We now save around {number} hours a year.",
        "{percent} percent of residents use the digital service.",
        "The number of complaints has gone down, and waiting times are shorter.",
        "The solution is now part of daily operations and is managed by {role}.",
        "The benefits are documented in a separate report to the municipal council.",
    ],
    "chore": ["printing and posting letters", "registering applications", "phoning service users", "keeping lists"],
    "action": ["apply", "report issues", "pay", "sign", "follow their case"],
    "system": [
        "the records management system",
        "the finance system",
        "the health records system",
        "the population register",
        "the e-service platform",
    ],
    "tags": [
        "benefits realisation",
        "user involvement",
        "training",
        "pilot",
        "inter-municipal",
        "supplier",
        "privacy",
        "integration",
        "service design",
        "change management",
        "super users",
        "residents",
    ],
}

EN_PROJECTS = [
    "digital mail",
    "digital mail from the case management systems",
    "a chatbot on the website",
    "digital safety alarms",
    "digital night-time monitoring",
    "medicine dispensers",
    "online building permit applications",
    "online applications for kindergarten places",
    "digital applications for social assistance",
    "e-signing of contracts",
    "a new records management system",
    "moving to cloud services",
    "joint procurement of a case management system",
    "digital skills for employees",
    "risk assessment and internal control",
    "online citizen dialogue",
    "open data on transport and water",
    "robotic invoice processing",
    "digital home monitoring",
    "a self-service portal for residents",
    "GPS tracking for people with dementia",
    "a digital learning environment",
    "a governance model for digitalisation",
    "automated processing of housing loans",
]

LANGUAGE_SHARES = {"en": 0.06, "nn": 0.20, "da": 0.08}  # en of all; nn and da of the bokmål reports
TEXT_FIELDS = ("title", "summary", *textgen.SECTIONS)


def _swap_words(text, table):
    def replace(match):
        word = match.group(0)
        swapped = table.get(word.lower())
        if swapped is None:
            return word
        return swapped[:1].upper() + swapped[1:] if word[:1].isupper() else swapped

    return re.sub(r"\w+", replace, text)


@contextmanager
def _patched(module, **values):
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


class MixedLanguageWriter(textgen.ReportWriter):
    """textgen's reports in five languages: about 41 % nb, 11 % nn, 38 % sv, 4 % da, 6 % en."""

    def report(self):
        if self.rng.random() < LANGUAGE_SHARES["en"]:
            # textgen may grow more projects than EN_PROJECTS names; those keep their bokmål name.
            projects = [
                (EN_PROJECTS[i] if i < len(EN_PROJECTS) else nb,) * 2 + tuple(rest)
                for i, (nb, _sv, *rest) in enumerate(textgen.PROJECTS)
            ]
            with _patched(textgen, NB=EN, SV=EN, PROJECTS=projects):
                report = super().report()
            for name in TEXT_FIELDS:
                report["fields"][name] = report["fields"][name].replace(" og ", " and ")
            report["fields"]["language"] = "en"
            return report
        report = super().report()
        if report["fields"]["language"] != "nb":
            return report
        roll = self.rng.random()
        if roll < LANGUAGE_SHARES["nn"] + LANGUAGE_SHARES["da"]:
            language = "nn" if roll < LANGUAGE_SHARES["nn"] else "da"
            table = NN_FROM_NB if language == "nn" else DA_FROM_NB
            for name in TEXT_FIELDS:
                report["fields"][name] = _swap_words(report["fields"][name], table)
            report["fields"]["language"] = language
        return report


def build_database_index(page_ids, *, progress=True):
    """Wagtail's database index for pages generate_reports wrote (it bypasses the signals)."""
    from tqdm import tqdm

    from modelsearch.backends import get_search_backend

    from experiences.models import ExperiencePage

    index = get_search_backend().get_index_for_model(ExperiencePage)
    ids = sorted(page_ids)
    started = time.perf_counter()
    with tqdm(total=len(ids), unit="page", desc="Database index", file=sys.stderr, disable=not progress) as bar:
        for start in range(0, len(ids), DB_INDEX_CHUNK):
            chunk = ids[start : start + DB_INDEX_CHUNK]
            index.add_items(ExperiencePage, list(ExperiencePage.get_indexed_objects().filter(pk__in=chunk)))
            bar.update(len(chunk))
    return round(time.perf_counter() - started, 1)


def corpus_facts():
    """What the requests draw on: filter values and names attached to public content, title words."""
    from django.db.models import Count

    from taggit.models import Tag

    from experiences.models import ExperiencePage, Municipality, NationalSolution, Network, Topic
    from search.documents import indexable_pages

    experiences = ExperiencePage.objects.live()
    languages = {
        row["language"]: row["n"] for row in experiences.values("language").annotate(n=Count("pk")).order_by("language")
    }
    municipalities = list(
        Municipality.objects.filter(experiences__live=True).distinct().order_by("slug").values_list("slug", "name")
    )
    topics = list(Topic.objects.filter(experiences__live=True).distinct().order_by("slug"))
    networks = list(Network.objects.filter(experiences__live=True).distinct().values_list("name", flat=True))
    solutions = list(NationalSolution.objects.filter(experiences__live=True).distinct().values_list("name", flat=True))
    tags = list(Tag.objects.filter(experiences_experiencepagetag_items__isnull=False).distinct().values_list("name"))
    step = max(1, experiences.count() // 2000)  # an even, reproducible sample of titles
    titles = list(experiences.order_by("pk").values_list("title", flat=True))[::step]
    words = sorted({word for title in titles for word in re.findall(r"[^\W\d_]{4,}", title)})
    return {
        "pages": indexable_pages().count(),
        "experiences": experiences.count(),
        "languages": languages,
        "municipalities": municipalities,
        "topics": [topic.slug for topic in topics],
        "names": sorted(
            {name for _slug, name in municipalities}
            | set(networks)
            | set(solutions)
            | {name for topic in topics for name in topic.names()}
            | {name for (name,) in tags}
        ),
        "words": words,
    }


# ---------------------------------------------------------------- requests

# (query, kind): corpus words per language, compounds, typos, names, questions.
QUERIES = [
    ("digital post", "nb"),
    ("byggesøknad", "nb"),
    ("sosialhjelp", "nb"),
    ("trygghetsalarm", "nb"),
    ("velferdsteknologi", "nb"),
    ("medisindispenser", "nb"),
    ("barnehageplass", "nb"),
    ("opplæring av ansatte", "nb"),
    ("gevinstrealisering", "nb"),
    ("personvern", "nb"),
    ("skytjenester", "nb"),
    ("e-signering av avtaler", "nb"),
    ("sak- og arkivsystem", "nb"),
    ("chatbot på nettsidene", "nb"),
    ("leverandøren ble flaskehalsen", "nb"),
    ("superbrukere", "nb"),
    ("hjemmetjenesten", "nb"),
    ("erfaringar med velferdsteknologi", "nn"),
    ("heimetenesta", "nn"),
    ("opplæring av tilsette", "nn"),
    ("løysinga vart teken i bruk", "nn"),
    ("tryggleiksalarmar", "nn"),
    ("sakshandsaming", "nn"),
    ("bygglov e-tjänst", "sv"),
    ("försörjningsstöd", "sv"),
    ("trygghetslarm", "sv"),
    ("hemtjänsten", "sv"),
    ("läkemedelsautomater", "sv"),
    ("förskoleplats", "sv"),
    ("molntjänster", "sv"),
    ("upphandling av verksamhetssystem", "sv"),
    ("nyttorealisering", "sv"),
    ("självservice för invånare", "sv"),
    ("medborgardialog", "sv"),
    ("velfærdsteknologi", "da"),
    ("hjemmeplejen", "da"),
    ("byggeansøgning", "da"),
    ("borgerne", "da"),
    ("oplæring af medarbejdere", "da"),
    ("digital mail", "en"),
    ("building permit application", "en"),
    ("welfare technology", "en"),
    ("home care", "en"),
    ("cloud services", "en"),
    ("lessons learned", "en"),
    ("sosialhjelpssøknad", "compound"),
    ("barnehagesøknad", "compound"),
    ("personvernkonsekvensvurdering", "compound"),
    ("ärendehanteringssystem", "compound"),
    ("digitaliseringsrådgiver", "compound"),
    ("kompetanseheving", "compound"),
    ("byggesknad", "typo"),
    ("trygghetsalram", "typo"),
    ("velferdsteknolgi", "typo"),
    ("hemtjänsetn", "typo"),
    ("arkivsytem", "typo"),
    ("gevinstrealisring", "typo"),
    ("sjalvservice", "typo"),
    ("harnosand", "typo"),
    ("bodo digital post", "typo"),
    ("SvarUt", "name"),
    ("Digisos", "name"),
    ("BankID", "name"),
    ("ID-porten", "name"),
    ("Altinn", "name"),
    ("KS Fiks", "name"),
    ("Kivra", "name"),
    ("Malvik SvarUt", "name"),
    ("Timrå bygglov", "name"),
    ("Levanger velferdsteknologi", "name"),
    ("DiguT", "name"),
    ("hvordan innføre digital post i kommunen", "question"),
    ("hvordan fikk dere de ansatte med på opplæringen", "question"),
    ("hur fick ni medarbetarna att använda systemet", "question"),
    ("korleis kom de i gang med digitalt tilsyn", "question"),
    ("what did not work with the supplier", "question"),
    ("hvad virkede ikke med leverandøren", "question"),
]
FILTER_NAMES = ("language", "country", "topic", "municipality")


def search_queries(facts, rng):
    """The fixed queries plus municipality names (alone and with a project word) from the corpus."""
    queries = list(QUERIES)
    names = [name for _slug, name in facts["municipalities"]]
    for name in rng.sample(names, k=min(8, len(names))):
        queries.append((name, "name"))
    for name in rng.sample(names, k=min(4, len(names))):
        queries.append(
            (f"{name} {rng.choice(['digital post', 'bygglov', 'chatbot', 'e-tjänst', 'opplæring'])}", "name")
        )
    return queries


def _filters(facts, rng):
    values = {
        "language": [language for language, count in facts["languages"].items() for _ in range(max(1, count // 50))],
        "country": ["NO", "SE"],
        "topic": facts["topics"],
        "municipality": [slug for slug, _name in facts["municipalities"]],
    }
    chosen = rng.sample([name for name in FILTER_NAMES if values[name]], k=rng.choice([1, 2]))
    return [(name, rng.choice(values[name])) for name in chosen]


def search_paths(queries, facts, rng, count):
    """``count`` search requests; exactly half (rounded down) carry one or two facet filters."""
    filtered = set(rng.sample(range(count), count // 2))
    paths = []
    for number in range(count):
        query, _kind = rng.choice(queries)
        params = [("q", query)]
        if number in filtered:
            params += _filters(facts, rng)
        if rng.random() < 0.1:
            params.append(("page", "2"))
        paths.append("/api/search/?" + urlencode(params))
    return paths


def has_filters(path):
    return any(name in FILTER_NAMES for name in parse_qs(path.partition("?")[2]))


def suggest_prefixes(facts, rng, count=300):
    from search.suggest import fold

    prefixes = set()
    sources = [facts["words"] or facts["names"], facts["names"] or facts["words"]]
    for _attempt in range(50 * count):  # a tiny corpus may have fewer distinct prefixes
        if len(prefixes) >= count:
            break
        word = rng.choice(sources[0] if rng.random() < 0.7 else sources[1]).strip()
        if len(word) < 2:
            continue
        prefix = word[: rng.randint(2, min(6, len(word)))]
        if rng.random() < 0.6:
            prefix = prefix.lower()
        if rng.random() < 0.1:
            prefix = fold(prefix)
        prefixes.add(prefix)
    return sorted(prefixes)


def suggest_paths(prefixes, rng, count):
    return ["/api/search/suggest/?" + urlencode({"q": rng.choice(prefixes)}) for _ in range(count)]


def workload(facts, args):
    """Request paths per endpoint and level, and for the warm-up; the same for every backend."""
    rng = random.Random(args.seed + 1)
    queries = search_queries(facts, rng)
    prefixes = suggest_prefixes(facts, rng)
    levels = {
        level: {
            "search": search_paths(queries, facts, random.Random(f"{args.seed}-search-{level}"), args.requests),
            "suggest": suggest_paths(prefixes, random.Random(f"{args.seed}-suggest-{level}"), args.requests),
        }
        for level in args.concurrency
    }
    warm_rng = random.Random(f"{args.seed}-warmup")
    warmup = search_paths(queries, facts, warm_rng, args.warmup - args.warmup // 3)
    warmup += suggest_paths(prefixes, warm_rng, args.warmup // 3)
    warm_rng.shuffle(warmup)
    return {
        "queries": queries,
        "prefixes": prefixes,
        "levels": levels,
        "warmup": warmup,
    }


# ---------------------------------------------------------------- serving


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServer:
    """``gunicorn config.wsgi`` on a free loopback port, production settings, the generated database."""

    def __init__(self, db_path, folder, *, workers, search=None, timeouts=None):
        self.workers = workers
        self.log_path = Path(folder) / f"gunicorn-{uuid.uuid4().hex[:6]}.log"
        static = Path(folder) / "static"
        static.mkdir(exist_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SEARCH_", "DJANGO_", "DATABASE_", "ERFA_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY="erfa-search-benchmark-only",  # noqa: S106 - loopback only, throwaway data
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=f"sqlite:///{db_path}",
            SECURE_SSL_REDIRECT="false",
            STATIC_ROOT=str(static),
            MEDIA_ROOT=str(Path(folder) / "media"),
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
            # Every benchmark client is one loopback address: the per-client limits would
            # answer most of the load with 429.
            RATE_LIMITS_ENABLED="0",
        )
        if search:
            env.update(SEARCH_URL=search["url"], SEARCH_ENGINE=search["engine"], SEARCH_INDEX=search["prefix"])
        env.update({f"SEARCH_{key}": str(value) for key, value in (timeouts or {}).items()})
        self.env = env
        self.process = None
        self.port = None

    def start(self):
        import urllib3

        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(self.workers),
            "--threads",
            "1",
            "-b",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            # On stop, workers get this long to finish a request (a database search can take seconds).
            "--graceful-timeout",
            "10",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        pool = urllib3.HTTPConnectionPool("127.0.0.1", self.port, maxsize=1, retries=False, timeout=5.0)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError(f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                if pool.request("GET", "/api/search/suggest/?q=").status == 200:
                    return self
            except urllib3.exceptions.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise BenchmarkError(f"gunicorn did not answer within {SERVER_START_TIMEOUT} s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # the master stops its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_text(self):
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines=30):
        return "\n".join(self.log_text().splitlines()[-lines:])


# ---------------------------------------------------------------- load


def run_load(port, paths, concurrency, *, label, budget=None, progress=True):
    """Send ``paths`` from ``concurrency`` threads over one pool; one row per request, in order.

    After ``budget`` seconds no new request starts (those in flight finish); the rows of requests
    never sent stay None.
    """
    import urllib3
    from tqdm import tqdm

    pool = urllib3.HTTPConnectionPool(
        "127.0.0.1", port, maxsize=concurrency, block=True, retries=False, timeout=REQUEST_TIMEOUT
    )
    rows = [None] * len(paths)
    cursor = iter(range(len(paths)))
    lock = threading.Lock()
    bar = tqdm(total=len(paths), unit="req", desc=label, file=sys.stderr, disable=not progress)

    def work():
        while True:
            with lock:
                number = next(cursor, None)
            if number is None or (deadline is not None and time.perf_counter() > deadline):
                return
            row = {"path": paths[number], "ms": None, "status": None, "engine": None, "took_ms": None, "error": None}
            started = time.perf_counter()
            try:
                response = pool.request("GET", paths[number])
                row["ms"] = (time.perf_counter() - started) * 1000
                row["status"] = response.status
                data = json.loads(response.data)
                row["engine"] = data.get("engine")
                row["took_ms"] = data.get("took_ms")
                if response.status != 200:
                    row["error"] = f"HTTP {response.status}: {str(data.get('error', ''))[:200]}"
            except (urllib3.exceptions.HTTPError, OSError, ValueError) as error:
                row["error"] = f"{type(error).__name__}: {error}"[:300]
            rows[number] = row
            with lock:
                bar.update(1)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    deadline = started + budget if budget else None
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    bar.close()
    pool.close()
    return rows, wall


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def summarize(rows, wall, *, engine_name=None):
    planned = len(rows)
    rows = [row for row in rows if row is not None]
    latencies = [row["ms"] for row in rows if row["ms"] is not None]
    errors = [row for row in rows if row["error"]]
    summary = latency_summary(latencies)
    ordered = sorted(latencies)
    summary.update(
        p99_ms=_round(percentile(ordered, 99)) if ordered else None,
        mean_ms=_round(statistics.fmean(ordered)) if ordered else None,
        requests=len(rows),
        planned=planned,
        stopped_by_time_budget=len(rows) < planned,
        wall_s=round(wall, 2),
        requests_per_s=round(len(rows) / wall, 1) if wall else None,
        errors=len(errors),
        error_samples=sorted({row["error"] for row in errors})[:5],
        status_codes=dict(sorted(collections.Counter(str(row["status"]) for row in rows).items())),
        # Whether the tail is a few heavy queries or any query at a bad moment.
        slowest=[
            {"path": unquote_plus(row["path"]), "ms": _round(row["ms"]), "took_ms": row["took_ms"]}
            for row in sorted((row for row in rows if row["ms"] is not None), key=lambda row: -row["ms"])[:SLOWEST]
        ],
    )
    answered = collections.Counter(row["engine"] for row in rows if row["engine"])
    if answered:
        summary["answered_by"] = dict(answered)
        summary["fallbacks"] = answered.get("database", 0) if engine_name else 0
        tooks = [row["took_ms"] for row in rows if row["took_ms"] is not None]
        service = latency_summary(tooks)
        service["p99_ms"] = _round(percentile(sorted(tooks), 99)) if tooks else None
        summary["service_took_ms"] = service
    return summary


def engine_search_stats(engine):
    """The index's own search counters (one shard: one query per search request)."""
    stats = engine.client.indices.stats(index=engine.alias, metric="search", request_timeout=CLEANUP_TIMEOUT)
    search = stats["_all"]["primaries"]["search"]
    return {
        key: search.get(key, 0)
        for key in ("query_total", "query_time_in_millis", "fetch_total", "fetch_time_in_millis")
    }


def engine_side(before, after, requests):
    queries = after["query_total"] - before["query_total"]
    fetches = after["fetch_total"] - before["fetch_total"]
    return {
        "queries": queries,
        "mean_query_ms": round((after["query_time_in_millis"] - before["query_time_in_millis"]) / queries, 1)
        if queries
        else None,
        "mean_fetch_ms": round((after["fetch_time_in_millis"] - before["fetch_time_in_millis"]) / fetches, 1)
        if fetches
        else None,
        # Requests the engine never saw: answered from the database because the breaker was open.
        "not_sent_to_engine": max(0, requests - queries),
    }


# ---------------------------------------------------------------- profiling in this process


def _without(body, *keys):
    return {key: value for key, value in body.items() if key not in keys}


def _without_fuzzy(body):
    trimmed = copy.deepcopy(body)
    matching = trimmed["query"]["bool"]["must"]["bool"]
    matching["should"] = [clause for clause in matching["should"] if "fuzziness" not in clause.get("multi_match", {})]
    return trimmed


VARIANTS = {
    "full": lambda body, engine: body,
    "no highlight": lambda body, engine: _without(body, "highlight"),
    "no aggregations": lambda body, engine: _without(body, "aggs"),
    "no did-you-mean": lambda body, engine: _without(body, "suggest"),
    "no fuzzy clause": lambda body, engine: _without_fuzzy(body),
    "query only": lambda body, engine: _without(body, "highlight", "aggs", "suggest"),
    # How the service asks (search.query.split_body): counts without scores, the page counting
    # only on engines where that is faster. A list is sent as one msearch; its took is the
    # slower of the two, as they run side by side.
    "split: counts only": lambda body, engine: _split(body, engine)[0],
    "split: page only": lambda body, engine: _split(body, engine)[1],
    "split: both in one msearch": lambda body, engine: list(_split(body, engine)),
}


def _split(body, engine):
    from search.query import split_body

    return split_body(body, count_page=engine.counts_on_page)


def _took(engine, request):
    if isinstance(request, list):
        return max(response["took"] for response in engine.msearch(request, timeout=PROFILE_TIMEOUT))
    return engine.search(request, timeout=PROFILE_TIMEOUT)["took"]


def profile_engine(engine, paths, rounds, *, progress=True):
    """Engine ``took`` and round trip per query variant, and the whole ``run_search`` in this process."""
    from tqdm import tqdm

    from django.http import QueryDict

    from search.indexing import breaker
    from search.params import parse_search_params
    from search.query import search_body
    from search.service import SOURCE_FIELDS, run_search

    requests = [parse_search_params(QueryDict(path.partition("?")[2])) for path in paths]
    built = []
    build_ms = []
    for params in requests:
        started = time.perf_counter()
        body, _expansions = search_body(params, source_fields=SOURCE_FIELDS)
        build_ms.append((time.perf_counter() - started) * 1000)
        built.append(body)
    for body in built:  # warm: caches, JIT
        engine.search(body, timeout=PROFILE_TIMEOUT)
    took = {name: [] for name in VARIANTS}
    round_trip = {name: [] for name in VARIANTS}
    service, service_engines = [], collections.Counter()
    total = rounds * len(built) * (len(VARIANTS) + 1)
    with tqdm(
        total=total, unit="query", desc=f"Profiling ({engine.name})", file=sys.stderr, disable=not progress
    ) as bar:
        for _round_number in range(rounds):
            for params, body in zip(requests, built, strict=True):
                for name, variant in VARIANTS.items():
                    started = time.perf_counter()
                    took_ms = _took(engine, variant(body, engine))
                    round_trip[name].append((time.perf_counter() - started) * 1000)
                    took[name].append(took_ms)
                    bar.update(1)
                breaker.reset()
                started = time.perf_counter()
                answer = run_search(params)
                service.append((time.perf_counter() - started) * 1000)
                service_engines[answer.engine] += 1
                bar.update(1)
    full_mean = statistics.fmean(took["full"])
    variants = {}
    for name in VARIANTS:
        summary = latency_summary(took[name])
        mean = statistics.fmean(took[name])
        variants[name] = {
            "took_p50_ms": summary["p50_ms"],
            "took_p95_ms": summary["p95_ms"],
            "took_mean_ms": round(mean, 1),
            "round_trip_p50_ms": latency_summary(round_trip[name])["p50_ms"],
            "round_trip_mean_ms": round(statistics.fmean(round_trip[name]), 1),
            "saves_vs_full_ms": round(full_mean - mean, 1),
            "saves_vs_full_pct": round(100 * (full_mean - mean) / full_mean, 1) if full_mean else None,
        }
    return {
        "queries": len(built),
        "rounds": rounds,
        "variants": variants,
        "build_body_ms": latency_summary(build_ms),
        "run_search_ms": {**latency_summary(service), "mean_ms": round(statistics.fmean(service), 1)},
        "run_search_answered_by": dict(service_engines),
    }


# ---------------------------------------------------------------- one backend


def build_engine_index(name, url, prefix, args):
    from tqdm import tqdm

    from search import indexing
    from search.documents import indexable_pages

    engine = configure_search(url, name, prefix, search_timeout=CLEANUP_TIMEOUT)
    total = indexable_pages().count()
    started = time.perf_counter()
    with tqdm(total=total, unit="doc", desc=f"Indexing ({name})", file=sys.stderr, disable=args.no_progress) as bar:
        report = indexing.rebuild(engine, progress=bar.update)
    seconds = time.perf_counter() - started
    engine.refresh()
    stats = index_stats(engine, report["index"])
    return engine, {"documents": report["documents"], "seconds": round(seconds, 1), **stats}


def drop_index(name, url, prefix):
    engine = configure_search(url, name, prefix, search_timeout=CLEANUP_TIMEOUT)
    try:
        engine.drop()
    except Exception as error:  # cleanup must not hide the benchmark's own error
        print(f"Could not drop {prefix}*: {error}", file=sys.stderr)
    configure_search("", name, prefix)


def timeouts(args):
    """Timeout overrides for the served app, as ERFA_SEARCH keys (SEARCH_<key> in its environment)."""
    chosen = {"SEARCH_TIMEOUT": args.search_timeout, "WRITE_TIMEOUT": args.write_timeout}
    return {key: value for key, value in chosen.items() if value is not None}


def warm_up(server, paths, engine, name, args):
    """Warm every worker; repeat (up to 3 times) after the breaker delay while a worker may have tripped it.

    A warm-up request that timed out would leave that worker's breaker open into the first measured
    level, so its fallbacks would be charged to the measurement instead of the cold start.
    """
    from django.conf import settings

    served = {**settings.ERFA_SEARCH, **timeouts(args)}
    limits = {"search": served["SEARCH_TIMEOUT"], "suggest": served["WRITE_TIMEOUT"]}
    attempts = []
    for attempt in range(1, 4):
        before = engine_search_stats(engine) if engine else None
        rows, wall = run_load(
            server.port,
            paths,
            args.workers,
            label=f"Warm-up {attempt} ({name})",
            budget=args.phase_seconds,
            progress=not args.no_progress,
        )
        summary = summarize(rows, wall, engine_name=engine and engine.name)
        slow = sum(
            row["ms"] > 1000 * limits["suggest" if "/suggest/" in path else "search"]
            for row, path in zip(rows, paths, strict=True)
            if row is not None and row["ms"] is not None
        )
        keys = ("requests", "planned", "errors", "error_samples", "p50_ms", "max_ms", "wall_s")
        record = {key: summary.get(key) for key in keys}
        record["over_timeout"] = slow
        record["fallbacks"] = summary.get("fallbacks", 0)
        if engine:
            after = engine_search_stats(engine)
            record["not_sent_to_engine"] = engine_side(before, after, summary["requests"])["not_sent_to_engine"]
        attempts.append(record)
        if not engine or not (slow or record["fallbacks"] or record["not_sent_to_engine"]):
            break
        time.sleep(settings.ERFA_SEARCH["RETRY_AFTER"] + 1)  # let every tripped breaker close
    return {"attempts": attempts, **(settle(server, paths, engine, name, args) if engine else {})}


STEADY = 0.10  # a warm-up round's median within 10 % of the round before: the engine is warm
MIN_ROUNDS = 5


def settle(server, paths, engine, name, args):
    """Warm-up rounds at one client until the median stops falling, at least MIN_ROUNDS of them.

    A freshly started engine's JVM compiles its search code over the first few hundred
    queries: the three warm-up attempts had medians of 342, 175 and 84 ms, and in process the
    same 200 searches had a p95 of 123 ms just after the index was built and 74 ms once warm.
    A level measured before then charges that start-up to search latency. One client, as the
    first level, so the median is not that of a queue.
    """
    rounds = []
    for number in range(1, args.warmup_rounds + 1):
        rows, wall = run_load(
            server.port,
            paths,
            1,
            label=f"Warm-up round {number} ({name})",
            budget=args.phase_seconds,
            progress=not args.no_progress,
        )
        summary = summarize(rows, wall, engine_name=engine.name)
        rounds.append({key: summary.get(key) for key in ("requests", "errors", "p50_ms", "p95_ms", "wall_s")})
        if len(rounds) >= MIN_ROUNDS and _settled(rounds[-2]["p50_ms"], rounds[-1]["p50_ms"]):
            break
    settled = len(rounds) >= 2 and _settled(rounds[-2]["p50_ms"], rounds[-1]["p50_ms"])
    return {"rounds": rounds, "settled": settled}


def _settled(before, now):
    return bool(before and now is not None) and abs(now - before) <= STEADY * before


def measure_backend(result, name, url, db_path, folder, plan, args):
    """Fill ``result``: serve with ``name``, warm up, then every level and endpoint; engine figures per phase."""
    from search.engine import EngineError

    engine, search = None, None
    if url:
        prefix = result["index_prefix"] = f"erfa_bench_search_{uuid.uuid4().hex[:8]}_"
        engine, result["index"] = build_engine_index(name, url, prefix, args)
        result.update(url=url, version=engine_version(engine))
        search = {"url": url, "engine": BACKEND_SETTING[name], "prefix": prefix}
    else:
        result["version"] = "wagtail database backend (SQLite FTS5)"
    server = AppServer(db_path, folder, workers=args.workers, search=search, timeouts=timeouts(args))
    try:
        server.start()
        result["server"] = {"workers": args.workers, "threads": 1, "port": server.port}
        if plan["warmup"]:
            result["warmup"] = warm_up(server, plan["warmup"], engine, name, args)
        result["levels"] = {}
        for level in args.concurrency:
            result["levels"][str(level)] = {}
            for endpoint in ENDPOINTS:
                paths = plan["levels"][level][endpoint]
                before = engine_search_stats(engine) if engine else None
                load = os.getloadavg()[0]
                rows, wall = run_load(
                    server.port,
                    paths,
                    level,
                    label=f"{name} {endpoint} ×{level}",
                    budget=args.phase_seconds,
                    progress=not args.no_progress,
                )
                summary = summarize(rows, wall, engine_name=engine and engine.name)
                summary["load_1m_before"] = round(load, 2)
                if engine:
                    summary["engine_side"] = engine_side(before, engine_search_stats(engine), summary["requests"])
                    if endpoint == "suggest":
                        summary["fallbacks"] = summary["engine_side"]["not_sent_to_engine"]
                else:
                    summary["fallbacks"] = 0
                result["levels"][str(level)][endpoint] = summary
    finally:
        server.stop()
        log = server.log_text()
        result["server_log"] = {
            "fallback_lines": log.count(FALLBACK_LOG),
            "worker_timeouts": log.count("WORKER TIMEOUT"),
            "tail": server.log_tail(10) if log.strip() else "",
        }
    if engine and args.profile_queries > 0:
        engine = configure_search(url, name, result["index_prefix"], search_timeout=CLEANUP_TIMEOUT)
        paths = list(dict.fromkeys(plan["levels"][args.concurrency[0]]["search"]))[: args.profile_queries]
        try:
            result["profile"] = profile_engine(engine, paths, args.profile_rounds, progress=not args.no_progress)
        except EngineError as error:  # the load figures stand; say why the profile is missing
            result["profile_error"] = f"{type(error).__name__}: {error}"


# ---------------------------------------------------------------- reporting


def ratios(backends, concurrency):
    """p50 and p95 of the database over each engine, and of each engine over those measured before it.

    With the default order that is elasticsearch/opensearch, database/opensearch and database/elasticsearch.
    """
    out = {}
    measured = [(name, data) for name, data in backends.items() if "levels" in data]
    for endpoint in ENDPOINTS:
        for level in map(str, concurrency):
            pairs = {}
            for position, (a, data_a) in enumerate(measured):
                for other, (b, data_b) in enumerate(measured):
                    # Over engines only; between two engines once, the later over the earlier.
                    if b == "database" or a == b or (a != "database" and other > position):
                        continue
                    first, second = data_a["levels"][level][endpoint], data_b["levels"][level][endpoint]
                    for stat in ("p50_ms", "p95_ms"):
                        if first.get(stat) and second.get(stat):
                            pairs[f"{a}/{b} {stat.removesuffix('_ms')}"] = round(first[stat] / second[stat], 2)
            if pairs:
                out[f"{endpoint} ×{level}"] = pairs
    return out


def targets(backends):
    verdicts = {}
    for name, data in backends.items():
        for level, endpoints in data.get("levels", {}).items():
            for endpoint, summary in endpoints.items():
                p95 = summary.get("p95_ms")
                verdicts[f"{name} {endpoint} ×{level}"] = {
                    "p95_ms": p95,
                    "target_ms": TARGETS_MS[endpoint],
                    "met": p95 is not None and p95 < TARGETS_MS[endpoint],
                }
    return verdicts


def markdown(results):
    machine = results["machine"]
    lines = [
        f"Erfa search benchmark, {results['corpus']['pages']} pages ({results['docs']} generated reports), "
        f"{results['date']}, {machine['cpu_count']} × {machine['cpu_model']}, {machine['memory_gb']} GB, "
        f"gunicorn {results['server']['workers']} sync workers",
        "",
        "| backend | endpoint | clients | requests | p50 ms | p95 ms | p99 ms | req/s | errors | fallbacks "
        "| app took p50 / p95 ms | engine query ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, data in results["backends"].items():
        if "levels" not in data:
            lines.append(f"| {name} | failed: {data.get('error', '?')[:200]} |")
            continue
        for level, endpoints in data["levels"].items():
            for endpoint, s in endpoints.items():
                took = s.get("service_took_ms")
                took_text = f"{took['p50_ms']} / {took['p95_ms']}" if took else "–"
                engine = (s.get("engine_side") or {}).get("mean_query_ms")
                sent = f"{s['requests']} of {s['planned']}" if s.get("stopped_by_time_budget") else s["requests"]
                lines.append(
                    f"| {name} | {endpoint} | {level} | {sent} | {s['p50_ms']} | {s['p95_ms']} "
                    f"| {s['p99_ms']} | {s['requests_per_s']} | {s['errors']} | {s['fallbacks']} "
                    f"| {took_text} | {engine if engine is not None else '–'} |"
                )
    if results["ratios"]:
        lines += ["", "| endpoint, clients | ratios |", "|---|---|"]
        for key, pairs in results["ratios"].items():
            lines.append(f"| {key} | " + ", ".join(f"{pair} {value}" for pair, value in pairs.items()) + " |")
    profiled = {name: data["profile"] for name, data in results["backends"].items() if "profile" in data}
    if profiled:
        lines += [
            "",
            "| engine | query variant | took p50 ms | took p95 ms | took mean ms | saves vs full | round trip p50 ms |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for name, profile in profiled.items():
            for variant, v in profile["variants"].items():
                saves = "–" if variant == "full" else f"{v['saves_vs_full_ms']} ms ({v['saves_vs_full_pct']} %)"
                lines.append(
                    f"| {name} | {variant} | {v['took_p50_ms']} | {v['took_p95_ms']} | {v['took_mean_ms']} "
                    f"| {saves} | {v['round_trip_p50_ms']} |"
                )
        for name, profile in profiled.items():
            lines.append(
                f"\n{name}, in process over {profile['queries']} queries × {profile['rounds']}: whole run_search "
                f"p50 {profile['run_search_ms']['p50_ms']} ms (mean {profile['run_search_ms']['mean_ms']}), "
                f"full query round trip p50 {profile['variants']['full']['round_trip_p50_ms']} ms, engine took p50 "
                f"{profile['variants']['full']['took_p50_ms']} ms, building the body p50 "
                f"{profile['build_body_ms']['p50_ms']} ms."
            )
    missed = [key for key, verdict in results["targets"].items() if not verdict["met"]]
    if any(
        summary.get("stopped_by_time_budget")
        for data in results["backends"].values()
        for endpoints in data.get("levels", {}).values()
        for summary in endpoints.values()
    ):
        lines += ["", f"“n of m”: the {results['phase_seconds']:g} s time budget per phase ran out after n requests."]
    lines += [
        "",
        f"Targets (p95): search < {TARGETS_MS['search']} ms, suggest < {TARGETS_MS['suggest']} ms. "
        + (f"Missed: {', '.join(missed)}." if missed else "All met."),
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def prepare(args, db_path):
    """Django on a fresh SQLite file with demo content, generated reports and Wagtail's database index."""
    started = time.perf_counter()
    setup_django(db_path)
    from django.core.management import call_command

    from experiences.models import ExperiencePage
    from imports import demo

    demo.ensure_site()
    demo.load_reference_data()
    output, errors = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=output, stderr=errors)
    if errors.getvalue().strip():
        print(f"load_demo reported:\n{errors.getvalue()}", file=sys.stderr)
    setup_s = time.perf_counter() - started
    rng = random.Random(args.seed)
    writer = MixedLanguageWriter(rng, **reference_data())
    before = set(ExperiencePage.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    generate_reports(args.docs, writer, rng, progress=not args.no_progress)
    generation_s = time.perf_counter() - started
    generated = set(ExperiencePage.objects.values_list("pk", flat=True)) - before
    database_index_s = build_database_index(generated, progress=not args.no_progress)
    if args.keep_db:
        from django.db import connection

        connection.close()
        shutil.copyfile(db_path, args.keep_db)
    return {
        "setup_s": round(setup_s, 1),
        "generation_s": round(generation_s, 1),
        "database_index_s": database_index_s,
    }


def run(args):
    import django

    results = {
        "benchmark": "erfa-search",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "docs": args.docs,
        "requests_per_level": args.requests,
        "concurrency": args.concurrency,
        "phase_seconds": args.phase_seconds,
        "seed": args.seed,
        "server": {"command": "gunicorn config.wsgi", "workers": args.workers, "threads": 1},
        "targets_ms": TARGETS_MS,
        "backends": {},
    }
    with tempfile.TemporaryDirectory(prefix="erfa-bench-search-") as folder:
        db_path = Path(folder) / "bench.sqlite3"
        run_started = time.perf_counter()
        if args.reuse_db:
            # Generating 20 000 reports takes longer than measuring them; a kept copy skips it.
            shutil.copyfile(args.reuse_db, db_path)
            setup_django(db_path)
            results["timings"] = {"reused_db": args.reuse_db}
        else:
            results["timings"] = prepare(args, db_path)
        from django.conf import settings

        import wagtail

        results["versions"] = {"django": django.get_version(), "wagtail": wagtail.__version__}
        served = {**settings.ERFA_SEARCH, **timeouts(args)}
        results["search_settings"] = {key: served[key] for key in ("WRITE_TIMEOUT", "SEARCH_TIMEOUT", "RETRY_AFTER")}
        results["search_settings"]["overridden"] = sorted(timeouts(args))
        facts = corpus_facts()
        plan = workload(facts, args)
        results["corpus"] = {
            "pages": facts["pages"],
            "experiences": facts["experiences"],
            "languages": facts["languages"],
            "municipalities_with_content": len(facts["municipalities"]),
            "topics_with_content": len(facts["topics"]),
        }
        results["workload"] = {
            "queries": len(plan["queries"]),
            "query_kinds": dict(collections.Counter(kind for _query, kind in plan["queries"])),
            "suggest_prefixes": len(plan["prefixes"]),
            "search_with_filters_share": round(
                statistics.fmean(has_filters(path) for path in plan["levels"][args.concurrency[0]]["search"]), 2
            ),
            "warmup": len(plan["warmup"]),
        }
        from search.engine import EngineError

        for name in args.backends:
            result = results["backends"][name] = {"backend": name}
            url, started_here = "", False
            started = time.perf_counter()
            try:
                if name != "database":
                    url, started_here = ensure_engine(name, args.port_map[name], args.state_dir)
                    result["started_by_benchmark"] = started_here
                measure_backend(result, name, url, db_path, folder, plan, args)
            except (BenchmarkError, EngineError) as error:
                print(f"{name}: {error}", file=sys.stderr)
                result["error"] = f"{type(error).__name__}: {error}"
            finally:
                if result.get("index_prefix"):
                    drop_index(name, url, result["index_prefix"])
                if started_here and not args.keep_engines:
                    stop_engine(name, args.state_dir)
                result["seconds"] = round(time.perf_counter() - started, 1)
    results["timings"]["total_s"] = round(time.perf_counter() - run_started, 1)
    results["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    results["ratios"] = ratios(results["backends"], args.concurrency)
    results["targets"] = targets(results["backends"])
    return results


def main(argv=None):
    args = parse_args(argv)
    # On SIGTERM unwind like Ctrl-C: stop gunicorn and engines this run started, remove the temporary files.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    results = run(args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"\nResults written to {out}")
    failed = [name for name, data in results["backends"].items() if "levels" not in data]
    if failed:
        print(f"Not measured: {', '.join(failed)} (see “error” in {out}).", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
