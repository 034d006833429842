#!/usr/bin/env python
"""Attachment benchmark: text extraction speed and what queuing it costs a publish.

    .venv/bin/python benchmarks/bench_extract.py [--pages 50] [--runs 5] [--publishes 30]
                                                 [--out benchmarks/results/extract.json]

1. Extraction: a generated PDF of ``--pages`` pages of Nordic text (about 40 lines a page) is
   read by ``attachments.extraction.read_text`` ``--runs`` times; pages/s of the median run.
   A DOCX and an ODT of the same text are read too (no pages: seconds per file).
2. Publish latency: ``save_revision().publish()`` of a new report with that PDF attached
   (document saved, attachment added, published), ``--publishes`` times per scenario, the
   scenarios interleaved so machine noise falls on all alike:
   - **queued**: as Erfa runs; saving the document writes one queue row;
   - **without**: the queue switched off (no attachment handling at all);
   - **inline**: the text read in the request, what queuing avoids (for comparison only).
   No search engine: the database backend, as benchmarks/settings.py sets it.
"""

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import cli, content, django_setup, report  # noqa: E402
from benchmarks.harness.stats import latency_summary  # noqa: E402
from benchmarks.textgen import ReportWriter  # noqa: E402

SCENARIOS = ("queued", "without", "inline")
LINES_PER_PAGE = 40
SENTENCES = [
    "Handlingsplan för digitalisering i kommunen med mål för e-tjänster och arkiv.",
    "Kommunen inför digital post, färdtjänst och skolskjuts som självbetjäning.",
    "Uppföljning sker varje halvår av kommunstyrelsen och digitaliseringsrådet.",
    "Kommunene i regionen samarbeider om anskaffelse av sak- og arkivsystem.",
    "Erfaringene fra innføringen av SvarUt viser at opplæring må komme først.",
    "Tjenestene skal være universelt utformet og tilgjengelige for alle innbyggere.",
]


def plan_pages(count, rng):
    return [[rng.choice(SENTENCES) for _line in range(LINES_PER_PAGE)] for _page in range(count)]


def bench_extraction(pages, runs):
    from attachments.extraction import read_text
    from tests.attachments.files import docx_bytes, odt_bytes, pdf_bytes

    pdf = pdf_bytes(pages)
    paragraphs = [line for page in pages for line in page]
    files = {"pdf": pdf, "docx": docx_bytes(paragraphs), "odt": odt_bytes(paragraphs)}
    results = {"pdf_pages": len(pages), "pdf_bytes": len(pdf)}
    for kind, data in files.items():
        read_text(data, f"plan.{kind}")  # the first read pays for imports; not counted
        seconds = []
        for _run in range(runs):
            started = time.perf_counter()
            read = read_text(data, f"plan.{kind}")
            seconds.append(time.perf_counter() - started)
        assert read and "digitalisering" in read[0][1], f"{kind}: the text did not come out"
        median = statistics.median(seconds)
        results[kind] = {"runs": runs, "median_s": round(median, 3), "min_s": round(min(seconds), 3)}
        if kind == "pdf":
            results[kind]["pages_per_s"] = round(len(pages) / median, 1)
    return results, pdf


def bench_publishes(parent, writer, pdf, count, *, progress=True):
    from tqdm import tqdm

    from django.core.files.base import ContentFile
    from django.db.models.signals import post_save

    from wagtail.documents.models import Document

    from attachments import queue
    from attachments.extraction import extract
    from attachments.models import AttachmentText
    from experiences.models import ExperienceAttachment

    def publish(number, scenario):
        page = content.new_draft(parent, writer, f"x{scenario}{number}")
        started = time.perf_counter()
        document = Document.objects.create(title=f"Plan {number}", file=ContentFile(pdf, name="plan.pdf"))
        if scenario == "inline":
            extract(AttachmentText.objects.get(document=document))
        ExperienceAttachment.objects.create(page=page, document=document)
        page.save_revision().publish()
        return (time.perf_counter() - started) * 1000

    durations = {scenario: [] for scenario in SCENARIOS}
    publish(0, "warmup")
    for number in tqdm(range(count), desc="Publishing", unit="round", file=sys.stderr, disable=not progress):
        for scenario in SCENARIOS:
            if scenario == "without":
                post_save.disconnect(dispatch_uid="erfa_attachments_queue", sender=Document)
            try:
                durations[scenario].append(publish(number, scenario))
            finally:
                if scenario == "without":
                    queue.connect()
    # Queued publishes left their file for the worker; the inline ones read it.
    pending = AttachmentText.objects.filter(status=AttachmentText.PENDING).count()
    return {
        scenario: {**latency_summary(values), "mean_ms": round(statistics.mean(values), 1)}
        for scenario, values in durations.items()
    } | {"left_queued": pending}


def markdown(results):
    extraction = results["extraction"]
    lines = [
        "| file | size | median | pages/s |",
        "|---|---|---|---|",
        f"| PDF, {extraction['pdf_pages']} pages | {extraction['pdf_bytes'] // 1024} KiB | "
        f"{extraction['pdf']['median_s']} s | {extraction['pdf']['pages_per_s']} |",
        f"| DOCX, same text | | {extraction['docx']['median_s']} s | |",
        f"| ODT, same text | | {extraction['odt']['median_s']} s | |",
        "",
        "| publish with a 50-page PDF attached | p50 | p95 | mean |",
        "|---|---|---|---|",
    ]
    for scenario in SCENARIOS:
        row = results["publish"][scenario]
        lines.append(f"| {scenario} | {row['p50_ms']} ms | {row['p95_ms']} ms | {row['mean_ms']} ms |")
    lines.append(f"\nLoad average at the end: {results['load_average']}")
    return "\n".join(lines)


def run(args):
    rng = random.Random(args.seed)
    results = {**report.header("erfa-extract"), "seed": args.seed}
    with tempfile.TemporaryDirectory(prefix="erfa-bench-") as folder:
        django_setup.setup_django(Path(folder) / "bench.sqlite3")
        django_setup.reference_data_in_place()
        results["versions"] = django_setup.versions()
        pages = plan_pages(args.pages, rng)
        results["extraction"], pdf = bench_extraction(pages, args.runs)
        writer = ReportWriter(rng, **content.reference_data())
        parent = content.generate_reports(1, writer, rng, progress=False)
        results["publish"] = bench_publishes(parent, writer, pdf, args.publishes, progress=not args.no_progress)
    results["load_average"] = report.load_average()
    report.publish(args.out, results, markdown(results))


def main(argv=None):
    parser = cli.parser_for(__doc__)
    cli.add_out(parser, ROOT / "benchmarks" / "results" / "extract.json")
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--publishes", type=int, default=30)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    cli.unwind_on_sigterm()
    run(args)


if __name__ == "__main__":
    main()
