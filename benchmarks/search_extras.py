"""What bench_search.py measures beside the served load, in its own process, per engine:

- **Wagtail's own backend** on the same engine and data (``wagtail.search.backends.opensearch3``
  or ``elasticsearch7``, its own index built with ``update_index``): ``Page.objects.live().search(q)``
  against Erfa's ``run_search``, latency over the plan's queries and nDCG@10 over the judged
  queries (benchmarks/relevance/judgments.json; the demo content is in every benchmark database);
- **first-time embedding** (``embedding_figures``, which bench_search.py runs once before serving
  any backend, so the served app fuses as in production): a sample of reports embedded by the
  model, documents/s and CPU seconds, extrapolated to CPU-minutes for 20 000;
- **reindex with cached embeddings**: ``search.indexing.rebuild`` with hybrid search on and every
  vector stored (the reports outside the sample get copies of the sample's vectors: the cost of
  a rebuild does not depend on their values), documents/s;
- **the hybrid part's added latency**: ``run_search`` with hybrid search on and off over the
  plan's queries, query vectors already cached (they are computed once per distinct query), p50;
- **memory**: the engine's RSS with every document and vector in place.
"""

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from benchmarks.harness import engines
from benchmarks.harness.stats import percentile
from benchmarks.relevance import scoring

WAGTAIL_BACKENDS = {
    "opensearch": "wagtail.search.backends.opensearch3",
    "elasticsearch": "wagtail.search.backends.elasticsearch7",
}
ALIAS = "wagtail_baseline"


def _p(values, q):
    return round(percentile(sorted(values), q), 1) if values else None


def plan_queries(paths, limit):
    """The distinct ``q`` of the plan's search paths, in order."""
    queries = []
    for path in paths:
        query = parse_qs(urlsplit(path).query).get("q", [""])[0]
        if query and query not in queries:
            queries.append(query)
    return queries[:limit]


def judged_labels():
    """``{page id: judged id}`` for the demo's experiences, guides and themes."""
    from experiences.models import ExperiencePage
    from wiki.models import GuidePage, ThemePage

    labels = {}
    for model in (ExperiencePage, GuidePage):
        for page_id, external_id in model.objects.values_list("pk", "external_id"):
            if external_id:
                labels[page_id] = external_id
    for page_id, slug in ThemePage.objects.values_list("pk", "slug"):
        labels[page_id] = f"theme:{slug}"
    return labels


def _timed(function, queries):
    """(ms per query, ranked page ids per query)."""
    times, ranked = [], []
    for query in queries:
        started = time.perf_counter()
        ranked.append(function(query))
        times.append((time.perf_counter() - started) * 1000)
    return times, ranked


def _ndcg(ranked, judged, labels):
    scores = []
    for ids, query in zip(ranked, judged, strict=True):
        ndcg, _recall, _missing = scoring.score_ranking([labels.get(pk, pk) for pk in ids], query["judgments"])
        if ndcg is not None:
            scores.append(ndcg)
    return round(sum(scores) / len(scores), 3) if scores else None


def wagtail_baseline(name, url, prefix, queries):
    """Wagtail's backend against Erfa's search, both in this process, the same queries and data."""
    from django.conf import settings
    from django.core.management import call_command

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from search.params import SearchParams
    from search.service import run_search

    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        ALIAS: {"BACKEND": WAGTAIL_BACKENDS[name], "URLS": [url], "INDEX_PREFIX": f"{prefix}wagtail_", "TIMEOUT": 30},
    }
    started = time.perf_counter()
    call_command("update_index", backend_name=ALIAS, verbosity=0)
    index_s = time.perf_counter() - started
    _data, judged = scoring.load_judgments(scoring_path())
    labels = judged_labels()

    def wagtail(query):
        return [page.pk for page in Page.objects.live().search(query, backend=ALIAS)[: scoring.K]]

    def erfa(query):
        return [hit.page_id for hit in run_search(SearchParams(query, page_size=scoring.K)).hits]

    figures = {"index_s": round(index_s, 1)}
    try:
        for label, function in (("wagtail", wagtail), ("erfa", erfa)):
            function(queries[0])  # warm
            times, _ranked = _timed(function, queries)
            _times, ranked = _timed(function, [query["query"] for query in judged])
            figures[label] = {
                "p50_ms": _p(times, 50),
                "p95_ms": _p(times, 95),
                "queries": len(times),
                "ndcg_at_10": _ndcg(ranked, judged, labels),
                "judged_queries": len(judged),
            }
    finally:
        backend = get_search_backend(ALIAS)
        for index in backend.es.indices.get_alias(index=f"{prefix}wagtail_*"):
            backend.es.indices.delete(index=index)
    return figures


def scoring_path():
    from benchmarks.bench_relevance import JUDGMENTS

    return JUDGMENTS


def embedding_figures(sample, total):
    """Embed ``sample`` reports for the first time; store copies for the rest. Returns the figures."""
    import numpy as np

    from django.conf import settings

    from search import embeddings
    from search.documents import build_document, indexable_pages, prefetch_relations
    from search.models import Embedding

    Embedding.objects.all().delete()
    pages = prefetch_relations(list(indexable_pages()[:sample]))
    documents = {page.pk: build_document(page) for page in pages}
    hybrid_before, settings.ERFA_SEARCH_HYBRID = settings.ERFA_SEARCH_HYBRID, True
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        embedded = embeddings.sync(documents)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        settings.ERFA_SEARCH_HYBRID = hybrid_before
    vectors = [bytes(vector) for vector in Embedding.objects.values_list("vector", flat=True)]
    rest = []
    for number, page in enumerate(indexable_pages().exclude(pk__in=list(documents)).iterator(chunk_size=500)):
        document = build_document(page)
        rest.append(
            Embedding(
                page_id=page.pk,
                # The real hash of the page's text, so the rebuild finds the vector current.
                text_hash=embeddings.text_hash(embeddings.document_text(document)),
                vector=vectors[number % len(vectors)],
                audience=document["audience"],
                version=document["version"],
                kind=document["type"],
            )
        )
    Embedding.objects.bulk_create(rest, batch_size=1000)
    embeddings.MATRIX.invalidate()
    per_doc_cpu = cpu / max(embedded, 1)
    return {
        "sample": embedded,
        "docs_per_s": round(embedded / wall, 1) if wall else None,
        "cpu_s": round(cpu, 1),
        "cpu_minutes_for_20000": round(per_doc_cpu * 20000 / 60, 1),
        "stored_vectors": Embedding.objects.count(),
        "vector_bytes": int(np.float16().nbytes) * 384,
    }


def hybrid_latency(queries):
    """p50 of ``run_search`` with hybrid search on and off; query vectors cached first."""
    from django.conf import settings

    from search.params import SearchParams
    from search.service import run_search

    figures = {}
    settings.ERFA_SEARCH_HYBRID = True
    for query in queries:
        run_search(SearchParams(query))  # embeds and caches each query's vector, loads the matrix
    for label, on in (("hybrid", True), ("lexical", False)):
        settings.ERFA_SEARCH_HYBRID = on
        times, _ranked = _timed(lambda query: run_search(SearchParams(query)), queries)
        figures[label] = {"p50_ms": _p(times, 50), "p95_ms": _p(times, 95)}
    figures["added_p50_ms"] = round(figures["hybrid"]["p50_ms"] - figures["lexical"]["p50_ms"], 1)
    return figures


def measure(name, url, prefix, engine, paths, args):
    """Every figure above for one engine (its Erfa index already built under ``prefix``)."""
    from django.conf import settings

    from search.indexing import rebuild

    queries = plan_queries(paths, args.extras_queries)
    figures = {"queries": len(queries)}
    figures["wagtail_baseline"] = wagtail_baseline(name, url, prefix, queries)
    hybrid_before = settings.ERFA_SEARCH_HYBRID
    try:
        settings.ERFA_SEARCH_HYBRID = True
        started = time.perf_counter()
        report = rebuild(engine)
        seconds = time.perf_counter() - started
        figures["reindex_cached_embeddings"] = {
            "documents": report["documents"],
            "seconds": round(seconds, 1),
            "docs_per_s": round(report["documents"] / seconds, 1),
            "embedded": report["embedded"],
        }
        figures["hybrid_latency"] = hybrid_latency(queries)
    finally:
        settings.ERFA_SEARCH_HYBRID = hybrid_before
    figures["engine_memory"] = engines.engine_memory(name, args.state_dir)
    return figures


def worker_rss_mb(server):
    """RSS (MB) of each gunicorn worker of ``server`` (the children of its master)."""
    master = server.process.process.pid
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        except OSError:
            continue
    return sizes
