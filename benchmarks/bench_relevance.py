#!/usr/bin/env python
"""Relevance benchmark: nDCG@10 and recall@10 of Erfa's search over judged queries on the demo content.

    .venv/bin/python benchmarks/bench_relevance.py [--backends opensearch,elasticsearch,database]
                                                   [--out benchmarks/results/relevance.json] [--kinds typo,names]

1. loads the demo content (``load_demo``) into a throwaway SQLite database (``benchmarks/settings.py``)
   and maps the judged ids (demo ``external_id``s and ``theme:<slug>``) to page ids;
2. for each backend — ``database`` (no engine configured), ``opensearch``, ``elasticsearch`` — builds
   the engine index with ``search.indexing.rebuild`` and runs every judged query through
   ``search.service.run_search``, the code path of the search page and the API;
3. for each engine also runs a *plain BM25 floor*: the same query as one ``multi_match`` over
   ``title``, ``summary`` and ``body`` (standard analyzer, no boosts, fuzziness or synonyms);
4. scores each query: nDCG@10 with gains 2^grade − 1 and the ideal ranking built from all judged
   documents, recall@10 over documents graded 2 or 3; means per ``kind`` and overall.

Engines are started with ``engines/engine.sh`` in their own state folder (``.engines/relevance``,
ports 9280/9281) and stopped again if this run started them. Results go to ``--out`` as JSON (per
query: the top 10 returned, their grades, the relevant documents missed) and to stdout as a
Markdown table. See benchmarks/relevance/README.md.
"""

import hashlib
import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import BenchmarkError, cli, django_setup, engines, report, search_setup  # noqa: E402
from benchmarks.harness.stats import percentile  # noqa: E402
from benchmarks.relevance import scoring  # noqa: E402
from benchmarks.relevance.scoring import K  # noqa: E402

JUDGMENTS = ROOT / "benchmarks" / "relevance" / "judgments.json"
BACKENDS = ("opensearch", "elasticsearch", "database")
BM25_FIELDS = ["title", "summary", "body"]


# ---------------------------------------------------------------- arguments and Django


def parse_args(argv=None):
    parser = cli.parser_for(__doc__)
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: " + ", ".join(BACKENDS))
    cli.add_out(parser, ROOT / "benchmarks" / "results" / "relevance.json")
    parser.add_argument("--kinds", default="", help="only queries of these kinds (comma-separated), default all")
    parser.add_argument("--queries", default="", help="only these query ids (comma-separated, e.g. q01,q45)")
    parser.add_argument(
        "--per-kind", type=int, default=0, help="only the first N queries of each kind (a quick sample; 0 = all)"
    )
    parser.add_argument("--worst", type=int, default=10, help="worst queries to print per backend (default 10)")
    parser.add_argument("--judgments", default=str(JUDGMENTS), help="judgments file")
    parser.add_argument(
        "--search-timeout",
        type=float,
        default=10.0,
        help="SEARCH_TIMEOUT (s) for the benchmark; generous, so a slow first query is not a fallback (default 10)",
    )
    parser.add_argument("--no-bm25", action="store_true", help="skip the plain BM25 floor")
    parser.add_argument(
        "--hybrid",
        action="store_true",
        help="also run every backend with hybrid search (search/hybrid.py) as a column '<backend>+hybrid'",
    )
    args = cli.parse_with_engines(parser, argv, "relevance")
    args.backends = cli.choice_list(parser, "--backends", args.backends, BACKENDS)
    args.backends = [name for name in BACKENDS if name in args.backends]  # a stable column order
    args.kinds = cli.csv_list(args.kinds)
    args.queries = cli.csv_list(args.queries)
    return args


ATTACHMENTS = ROOT / "benchmarks" / "relevance" / "attachments.json"


def attach_files():
    """The files of ``relevance/attachments.json`` attached to their demo reports and read by the
    worker, so the "attachment" queries have something to find."""
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document
    from wagtail.models import ReferenceIndex

    from attachments.extraction import extract_pending
    from experiences.models import ExperienceAttachment, ExperiencePage
    from tests.attachments.files import docx_bytes, odt_bytes, pdf_bytes

    for item in json.loads(ATTACHMENTS.read_text(encoding="utf-8"))["files"]:
        report = ExperiencePage.objects.get(external_id=item["report"])
        kind = item["name"].rsplit(".", 1)[1]
        data = (
            pdf_bytes(item["pages"])
            if kind == "pdf"
            else {"docx": docx_bytes, "odt": odt_bytes}[kind](item["paragraphs"])
        )
        document = Document.objects.create(title=item["name"], file=ContentFile(data, name=item["name"]))
        ExperienceAttachment.objects.create(page=report, document=document)
        ReferenceIndex.create_or_update_for_object(report)
    while extract_pending():
        pass


def load_demo():
    """The demo content, and ``{judged id: (page id, title)}`` for every experience, guide, theme
    and gathering (``gathering:<slug>``)."""
    from experiences.models import ExperiencePage
    from gatherings.models import GatheringPage
    from wiki.models import GuidePage, ThemePage

    django_setup.load_demo()
    attach_files()
    documents = {}
    for model in (ExperiencePage, GuidePage):
        for page_id, external_id, title in model.objects.values_list("pk", "external_id", "title"):
            if external_id:
                documents[external_id] = (page_id, title)
    for page_id, slug, title in ThemePage.objects.values_list("pk", "slug", "title"):
        documents[f"theme:{slug}"] = (page_id, title)
    for page_id, slug, title in GatheringPage.objects.values_list("pk", "slug", "title"):
        documents[f"gathering:{slug}"] = (page_id, title)
    return documents


# ---------------------------------------------------------------- running queries


class ServiceLog(logging.Handler):
    """Collects what ``search.service`` logs (why a query fell back to the database)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage()[:500])


def run_queries(backend, engine, queries, page_labels, *, progress):
    """Every query through ``run_search``; one row per query."""
    from tqdm import tqdm

    from search.indexing import breaker
    from search.params import SearchParams
    from search.service import run_search

    handler = ServiceLog()
    service_logger = logging.getLogger("search.service")
    service_logger.addHandler(handler)
    engine_took = []
    if engine is not None:
        # Note the engine's own ``took`` of each request (the rest is Python and the network).
        search = engine.search

        def noting_took(body, **kwargs):
            response = search(body, **kwargs)
            engine_took.append(response.get("took"))
            return response

        engine.search = noting_took
    rows = []
    try:
        for query in tqdm(queries, desc=f"{backend}", unit="query", file=sys.stderr, disable=not progress):
            handler.messages.clear()
            engine_took.clear()
            started = time.perf_counter()
            response = run_search(SearchParams(query["query"], page_size=K))
            elapsed_ms = (time.perf_counter() - started) * 1000
            fell_back = response.engine != backend
            if fell_back:
                # Count it, but don't let the circuit breaker turn one failure into many.
                breaker.reset()
            ranked = [page_labels.get(hit.page_id, f"page:{hit.page_id}") for hit in response.hits]
            row = _row(query, ranked, total=response.total, elapsed_ms=elapsed_ms, engine=response.engine)
            row.update(fallback=fell_back, expansions=list(response.expansions), log=list(handler.messages))
            if engine is not None:
                row["engine_took_ms"] = engine_took[-1] if engine_took else None
            rows.append(row)
    finally:
        service_logger.removeHandler(handler)
        if engine is not None:
            del engine.search
    return rows


def bm25_body(text):
    return {
        "query": {"multi_match": {"query": text, "fields": BM25_FIELDS}},
        "_source": ["page_id"],
        "size": K,
        "track_total_hits": True,
    }


def run_bm25(engine, queries, page_labels, *, progress):
    """The plain BM25 floor: one untuned ``multi_match`` per query, straight to the engine."""
    from tqdm import tqdm

    rows = []
    for query in tqdm(queries, desc=f"{engine.name} bm25", unit="query", file=sys.stderr, disable=not progress):
        started = time.perf_counter()
        response = engine.search(bm25_body(query["query"]))
        elapsed_ms = (time.perf_counter() - started) * 1000
        hits = response["hits"]["hits"]
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else total
        ranked = [page_labels.get(hit["_source"]["page_id"], f"page:{hit['_source']['page_id']}") for hit in hits]
        rows.append(_row(query, ranked, total=total, elapsed_ms=elapsed_ms, engine=engine.name))
    return rows


def _row(query, ranked, *, total, elapsed_ms, engine):
    judgments = query["judgments"]
    ndcg, recall, missing = scoring.score_ranking(ranked, judgments)
    return {
        "id": query["id"],
        "query": query["query"],
        "kind": query["kind"],
        "language": query.get("language", ""),
        "ndcg": None if ndcg is None else round(ndcg, 4),
        "recall": None if recall is None else round(recall, 4),
        "total": total,
        "engine": engine,
        "took_ms": round(elapsed_ms, 1),
        "top": [{"id": doc, "grade": judgments.get(doc, 0)} for doc in ranked[:K]],
        "missing": missing,
    }


def measure_backend(name, url, queries, documents, args):
    """Scores for one backend: ``run_search`` always, the BM25 floor for engines."""
    from django.conf import settings

    from search.indexing import rebuild, reconcile_embeddings

    settings.ERFA_SEARCH_HYBRID = bool(args.hybrid)
    page_labels = {page_id: doc for doc, (page_id, _title) in documents.items()}
    prefix = search_setup.index_prefix("relevance")
    engine = search_setup.configure_search(url, name, prefix, args.search_timeout)
    result = {"backend": name}
    try:
        if engine is not None:
            result["version"] = search_setup.engine_version(engine)
            started = time.perf_counter()
            report = rebuild(engine)
            engine.refresh()
            result["index"] = {"documents": report["documents"], "seconds": round(time.perf_counter() - started, 2)}
            # Warm up caches and the JIT so the first judged query is not timed out into a fallback.
            engine.search(bm25_body("digital"))
        if args.hybrid:
            # Vectors are kept in the benchmark's database: the first backend embeds the demo.
            started = time.perf_counter()
            embedded = reconcile_embeddings()
            result["embedding"] = {"embedded": embedded, "seconds": round(time.perf_counter() - started, 2)}
            rows = run_queries(name, engine, queries, page_labels, progress=not args.no_progress)
            result["hybrid"] = {"queries": rows, "latency_ms": latency(rows)}
            settings.ERFA_SEARCH_HYBRID = False
        started = time.perf_counter()
        rows = run_queries(name, engine, queries, page_labels, progress=not args.no_progress)
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["fallbacks"] = sum(row["fallback"] for row in rows)
        result["empty"] = [row["id"] for row in rows if not row["top"]]
        result["latency_ms"] = latency(rows)
        result["queries"] = rows
        if engine is not None and not args.no_bm25:
            bm25 = run_bm25(engine, queries, page_labels, progress=not args.no_progress)
            result["bm25"] = {"empty": [row["id"] for row in bm25 if not row["top"]], "queries": bm25}
    finally:
        if engine is not None:
            try:
                engine.drop()
            except Exception as error:  # cleanup must not hide the real failure
                print(f"Could not drop the {name} benchmark index: {error}", file=sys.stderr)
        search_setup.configure_search(None, "database", prefix, args.search_timeout)
    return result


def latency(rows):
    """Median and maximum time per ``run_search`` (and the engine's own ``took``) in ms."""
    summary = {}
    for key in ("took_ms", "engine_took_ms"):
        values = sorted(row[key] for row in rows if row.get(key) is not None)
        if values:
            summary[key] = {"p50": percentile(values, 50), "max": values[-1]}
    return summary


# ---------------------------------------------------------------- reporting


def _fmt(value):
    return "–" if value is None else f"{value:.3f}"


def columns(results):
    """(label, summary) per column group: each backend, then the BM25 floor of each engine."""
    groups = [(name, result["summary"]) for name, result in results.items()]
    groups += [(f"{name} BM25", result["bm25"]["summary"]) for name, result in results.items() if "bm25" in result]
    return groups


def markdown_table(results, kinds):
    groups = columns(results)
    header = ["kind", "n"] + [f"{label} {metric}" for label, _ in groups for metric in ("nDCG@10", "R@10")]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["--:"] * (len(header) - 1)) + "|"]
    for kind in [*kinds, "overall"]:
        first = groups[0][1].get(kind)
        if first is None:
            continue
        cells = [f"**{kind}**" if kind == "overall" else kind, str(first["n"])]
        for _label, summary in groups:
            cells += [_fmt(summary[kind]["ndcg"]), _fmt(summary[kind]["recall"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def halves_table(results, kinds):
    """nDCG@10 per kind on the tuning half (A) and the other half (B) of each kind's queries."""
    names = list(results)
    header = ["kind", *[f"{name} A / B" for name in names]]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["--:"] * len(names)) + "|"]
    for kind in [*kinds, "overall"]:
        cells = [kind]
        for name in names:
            split = results[name].get("halves", {}).get(kind, {})
            cells.append(f"{_fmt(split.get('A'))} / {_fmt(split.get('B'))}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def fallback_lines(results):
    lines = []
    for name, result in results.items():
        if name != "database":
            lines.append(f"- {name}: {result['fallbacks']} fallback(s) to the database over {len(result['queries'])}")
        if result["empty"]:
            lines.append(f"- {name}: no results for {', '.join(result['empty'])}")
    return lines


def worst_lines(results, count):
    lines = []
    for name, result in results.items():
        worst = sorted(result["queries"], key=lambda row: (row["ndcg"] is None, row["ndcg"] or 0))[:count]
        lines.append(f"\nWorst {count} for {name}:")
        for row in worst:
            top = ", ".join(f"{item['id']}({item['grade']})" for item in row["top"][:3]) or "nothing"
            lines.append(f"  {row['id']} {_fmt(row['ndcg'])} {row['query']!r} → {top}; missing {list(row['missing'])}")
    return lines


def code_state():
    """The git commit and a digest of search/ as it is on disk, so a result can be tied to the code it measured."""
    source = report.source_state() or {}
    digest = hashlib.sha256()
    for path in sorted((ROOT / "search").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".txt", ".json"):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return {"commit": source.get("commit"), "search_sha256": digest.hexdigest()[:16]}


# ---------------------------------------------------------------- main


def main(argv=None):
    args = parse_args(argv)
    judgments, queries = scoring.load_judgments(args.judgments, args.kinds, args.queries, args.per_kind)
    kinds = list(dict.fromkeys(query["kind"] for query in queries))
    half = scoring.halves(queries)
    code = code_state()
    workdir = Path(tempfile.mkdtemp(prefix="erfa-relevance-"))
    started_engines = []
    try:
        started = time.perf_counter()
        django_setup.setup_django(workdir / "relevance.sqlite3")
        print("Loading the demo content …", file=sys.stderr, flush=True)
        documents = load_demo()
        setup_seconds = round(time.perf_counter() - started, 2)
        scoring.check_judged_ids(queries, documents)
        results = {}
        for name in args.backends:
            url = None
            if name != "database":
                url, started_here = engines.ensure_engine(name, args.port_map[name], args.state_dir)
                if started_here:
                    started_engines.append(name)
            result = measure_backend(name, url, queries, documents, args)
            result["summary"] = scoring.aggregate(result["queries"], kinds)
            result["halves"] = scoring.split_ndcg(result["queries"], kinds, half)
            if "bm25" in result:
                result["bm25"]["summary"] = scoring.aggregate(result["bm25"]["queries"], kinds)
            results[name] = result
            if "hybrid" in result:
                hybrid = result.pop("hybrid")
                results[f"{name}+hybrid"] = {
                    "backend": f"{name}+hybrid",
                    "fallbacks": sum(row["fallback"] for row in hybrid["queries"]),
                    "empty": [row["id"] for row in hybrid["queries"] if not row["top"]],
                    "summary": scoring.aggregate(hybrid["queries"], kinds),
                    "halves": scoring.split_ndcg(hybrid["queries"], kinds, half),
                    **hybrid,
                }
    finally:
        if not args.keep_engines:
            for name in started_engines:
                engines.stop_engine(name, args.state_dir)
        shutil.rmtree(workdir, ignore_errors=True)

    table = markdown_table(results, kinds) + "\n\n" + halves_table(results, kinds)
    data = {
        **report.header("relevance", date_key="generated_at"),
        "code": {**code, "changed_during_run": code_state() != code},
        "judgments": {"file": str(args.judgments), "version": judgments.get("version"), "queries": len(queries)},
        "setup_seconds": setup_seconds,
        "k": K,
        "relevant_grade": scoring.RELEVANT_GRADE,
        "kinds": kinds,
        "backends": results,
        "documents": {doc: title for doc, (_page_id, title) in sorted(documents.items())},
        "table": table,
    }
    out = report.write_json(args.out, data)
    print(table)
    print("\n".join(["", *fallback_lines(results), *worst_lines(results, args.worst)]))
    print(f"\nPer-query details: {out}")
    engines_fell_back = any(result["fallbacks"] for name, result in results.items() if name != "database")
    return 1 if engines_fell_back else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"bench_relevance: {error}", file=sys.stderr)
        sys.exit(2)
