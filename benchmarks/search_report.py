"""The search benchmark's verdicts and Markdown: ratios between backends, p95 targets, the README's tables."""

TARGETS_MS = {"search": 100, "suggest": 30}  # p95 on one node
ENDPOINTS = ("search", "suggest")


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
    lines += extras_lines(results)
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


def extras_lines(results):
    """Wagtail's own backend beside Erfa's, the hybrid part, reindex and embedding, memory (search_extras.py)."""
    lines = []
    for name, data in results["backends"].items():
        extras, memory = data.get("extras"), data.get("memory") or {}
        if data.get("extras_error"):
            lines += ["", f"{name}: extras failed: {data['extras_error'][:300]}"]
        if not extras:
            continue
        wagtail = extras["wagtail_baseline"]
        hybrid = extras["hybrid_latency"]
        embedding = extras.get("first_time_embedding") or {}
        reindex = extras["reindex_cached_embeddings"]
        lines += [
            "",
            f"{name}, in process ({extras['queries']} plan queries; nDCG@10 over "
            f"{wagtail['erfa']['judged_queries']} judged queries on the demo content):",
            "",
            "| search | p50 ms | p95 ms | nDCG@10 |",
            "|---|---:|---:|---:|",
        ]
        for label in ("erfa", "wagtail"):
            row = wagtail[label]
            title = "Erfa run_search" if label == "erfa" else "Wagtail Page.objects.live().search(q)"
            lines.append(f"| {title} | {row['p50_ms']} | {row['p95_ms']} | {row['ndcg_at_10']} |")
        workers = memory.get("web_workers_rss_mb") or []
        engine_rss = (extras.get("engine_memory") or {}).get("rss_mb")
        lines += [
            "",
            f"- hybrid part: p50 {hybrid['hybrid']['p50_ms']} ms on, {hybrid['lexical']['p50_ms']} ms off "
            f"(+{hybrid['added_p50_ms']} ms)",
            (
                f"- first-time embedding: {embedding['docs_per_s']} documents/s over {embedding['sample']}, "
                f"{embedding['cpu_minutes_for_20000']} CPU-minutes for 20 000"
                if embedding
                else "- first-time embedding: not measured (--embed-sample 0)"
            ),
            f"- reindex with cached embeddings: {reindex['docs_per_s']} documents/s "
            f"({reindex['documents']} in {reindex['seconds']} s, {reindex['embedded']} embedded)",
            f"- RSS: web workers {', '.join(str(size) for size in workers) or '–'} MB while serving; "
            f"engine {engine_rss} MB with every document and vector",
        ]
    return lines
