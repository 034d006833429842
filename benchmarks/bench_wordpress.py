#!/usr/bin/env python
"""WordPress import benchmark: import_wordpress on generated exports, time, posts/s and memory.

    .venv/bin/python benchmarks/bench_wordpress.py [--sizes 500,2000] [--out benchmarks/results/wordpress.json]

For each size (ascending) it writes a WXR export of that many posts (Gutenberg paragraphs,
headings, lists, shortcodes, categories and tags, Norwegian and Swedish posts, a draft in ten,
a comment in twenty) and runs ``manage.py import_wordpress`` on it, with its progress bar, into
one throwaway SQLite database (``benchmarks/settings.py``). It reports the import's time and
posts per second, the process's peak RSS after each size, and the peak Python allocation
(tracemalloc) while only reading each export: the reader streams, so both stay flat as the
export grows. Results go to ``--out`` as JSON and to stdout as a Markdown table.
"""

import io
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import cli, django_setup, report  # noqa: E402

CATEGORIES = ["Nyhetsbrev", "eForum", "Digital forvaltning i kommunene", "SvarUt", "Velferdsteknologi", "eSamverkan"]
TAGS = ["SvarUt", "KS Læring", "Digital post", "Handlingsplan", "Fagspor", "Samhandling"]
NB = [
    "kommunene",
    "samarbeider",
    "om",
    "digitale",
    "tjenester",
    "og",
    "deler",
    "erfaringer",
    "fra",
    "prosjektene",
    "sine",
    "strategigruppen",
    "møttes",
    "for",
    "å",
    "drøfte",
    "en",
    "felles",
    "handlingsplan",
    "for",
    "regionen",
    "fagsporet",
    "om",
    "plan",
    "bygg",
    "og",
    "geodata",
    "samlet",
    "deltakere",
    "fra",
    "mange",
    "kommuner",
]
SV = [
    "kommunerna",
    "samverkar",
    "kring",
    "digitalisering",
    "och",
    "delar",
    "erfarenheter",
    "från",
    "sina",
    "projekt",
    "digitaliseringsrådet",
    "prioriterar",
    "gemensamt",
    "införande",
    "av",
    "nationella",
    "lösningar",
    "fokusområdena",
    "är",
    "digitala",
    "tjänster",
    "digital",
    "mognad",
    "och",
    "ledning",
    "och",
    "styrning",
]


def sentence(rng, words):
    picked = [rng.choice(words) for _ in range(rng.randint(8, 16))]
    return " ".join(picked).capitalize() + "."


def post_xml(rng, number):
    swedish = number % 4 == 3
    words = SV if swedish else NB
    status = "draft" if number % 10 == 9 else "publish"
    date = f"20{10 + number % 12:02d}-{1 + number % 12:02d}-{1 + number % 28:02d} 08:00:00"
    paragraphs = "\n".join(
        f"<!-- wp:paragraph --><p>{' '.join(sentence(rng, words) for _ in range(3))}</p><!-- /wp:paragraph -->"
        for _ in range(3)
    )
    content = (
        f"{paragraphs}\n<!-- wp:heading --><h2>{sentence(rng, words)[:60]}</h2><!-- /wp:heading -->\n"
        f"<ul><li>{sentence(rng, words)}</li><li>{sentence(rng, words)}</li></ul>\n"
        + (f'[contact-form-7 id="{number}"]\n' if number % 10 == 0 else "")
        + f"<p>{sentence(rng, words)}</p>"
    )
    categories = "".join(
        f'<category domain="category" nicename="c{index}"><![CDATA[{CATEGORIES[index]}]]></category>'
        for index in sorted({number % len(CATEGORIES), (number * 7) % len(CATEGORIES)})
    )
    tags = f'<category domain="post_tag" nicename="t"><![CDATA[{TAGS[number % len(TAGS)]}]]></category>'
    language = '<category domain="language" nicename="sv"><![CDATA[Svenska]]></category>' if swedish else ""
    comment = (
        "<wp:comment><wp:comment_author><![CDATA[Leser]]></wp:comment_author>"
        "<wp:comment_content><![CDATA[Takk!]]></wp:comment_content>"
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved></wp:comment>"
        if number % 20 == 0
        else ""
    )
    title = escape(f"{sentence(rng, words)[:70].rstrip('.')} ({number})")
    return (
        f"<item><title>{title}</title>"
        f"<link>https://blogg.example.no/{date[:10].replace('-', '/')}/innlegg-{number}/</link>"
        f'<dc:creator>radgiver</dc:creator><guid isPermaLink="false">https://blogg.example.no/?p={number}</guid>'
        f"<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id><wp:post_date>{date}</wp:post_date>"
        f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
        f"<wp:post_name>innlegg-{number}</wp:post_name><wp:status>{status}</wp:status>"
        f"<wp:post_type>post</wp:post_type>{categories}{tags}{language}{comment}</item>\n"
    )


def write_export(path, posts, seed=2026, first_id=1):
    """A WXR export of ``posts`` posts, written a post at a time."""
    rng = random.Random(seed + posts)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>Blogg</title><link>https://blogg.example.no</link><language>nb-NO</language>\n"
        )
        for number in range(first_id, first_id + posts):
            out.write(post_xml(rng, number))
        out.write("</channel></rss>\n")
    return path


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def parse_peak_kb(path):
    from imports.wxr import read_wxr

    tracemalloc.start()
    count = sum(1 for _ in read_wxr(path))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return count, round(peak / 1024)


def measure(folder, posts, first_id, show_progress):
    from django.core.management import call_command

    export = write_export(folder / f"export-{posts}.xml", posts, first_id=first_id)
    items, parse_kb = parse_peak_kb(export)
    out = io.StringIO()
    args = [] if show_progress else ["--no-progress"]
    started = time.perf_counter()
    call_command("import_wordpress", str(export), *args, stdout=out)
    seconds = time.perf_counter() - started
    return {
        "posts": posts,
        "file_mb": round(export.stat().st_size / 2**20, 2),
        "seconds": round(seconds, 2),
        "posts_per_s": round(posts / seconds, 1),
        "peak_rss_mb_after": peak_rss_mb(),
        "read_only_peak_kb": parse_kb,
        "summary": out.getvalue().strip(),
        "items_read": items,
    }


def markdown(results):
    lines = [
        "| posts | export MB | import s | posts/s | peak RSS after (MB) | reading only, peak Python KB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["sizes"]:
        lines.append(
            f"| {row['posts']} | {row['file_mb']} | {row['seconds']} | {row['posts_per_s']} | "
            f"{row['peak_rss_mb_after']} | {row['read_only_peak_kb']} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = cli.parser_for(__doc__)
    parser.add_argument("--sizes", default="500,2000", help="posts per export, ascending (default 500,2000)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    cli.add_out(parser, ROOT / "benchmarks" / "results" / "wordpress.json")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in cli.csv_list(args.sizes) if size.isdigit() and int(size) > 0)
    if not sizes:
        parser.error("--sizes takes positive numbers")
    cli.unwind_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="erfa-bench-wordpress-") as folder:
        folder = Path(folder)
        django_setup.setup_django(folder / "bench.sqlite3")
        django_setup.reference_data_in_place()
        results = {**report.header("wordpress"), "load_average": report.load_average(), "sizes": []}
        first_id = 1
        for posts in sizes:
            results["sizes"].append(measure(folder, posts, first_id, not args.no_progress))
            first_id += posts
        results["load_average_after"] = report.load_average()
    report.publish(args.out, results, markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
