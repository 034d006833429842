#!/usr/bin/env python
"""An editor who keeps publishing experience reports while the load test runs.

    python benchmarks/load/editor.py --out editor.jsonl [--interval 2]

Runs with the served app's environment (``config.settings.production``, the same DATABASE_URL
and SEARCH_* settings), so a publish takes the path an admin request takes: one transaction
(as ATOMIC_REQUESTS gives a request) holding the page, its revision and the search outbox row,
and the outbox flushed to the engine after commit. Each title carries a made-up word that
occurs nowhere else, so the driver can search for exactly that page afterwards.

A publish is acknowledged when its transaction committed: only then is a line with
``"ok": true`` written (and flushed) to ``--out``. Failures (the database restarting) are
written with ``"ok": false`` and the editor tries again after the interval. SIGTERM stops it.
"""

import argparse
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

running = True


def _stop(*_args):
    global running
    running = False


def made_up_word(rng):
    """A pronounceable word no analyzer, synonym list or generated report knows."""
    return "".join(rng.choice("bdfgklmnprstv") + rng.choice("aiou") for _ in range(4)) + "x"


def publish_one(parent, writer, user, number, rng):
    from django.db import transaction

    from benchmarks.harness.content import new_draft

    word = made_up_word(rng)
    with transaction.atomic():
        page = new_draft(
            parent, writer, f"e{number}-{os.getpid()}", title_prefix=f"{word.capitalize()}: ", slug_length=50
        )
        page.save_revision(user=user).publish(user=user)
    return {"word": word, "title": page.title, "url": page.url, "page_id": page.pk}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="JSON lines: one per publish attempt")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between publishes (default 2)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections, connection

    from benchmarks.harness.content import reference_data
    from benchmarks.textgen import MixedLanguageWriter
    from experiences.models import ExperienceIndexPage

    rng = random.Random(args.seed)
    user, _created = get_user_model().objects.get_or_create(
        username="load-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    writer = MixedLanguageWriter(random.Random(args.seed + 1), **reference_data())
    number = 0
    with open(args.out, "a", encoding="utf-8") as out:
        while running:
            number += 1
            started = time.time()
            try:
                parent = ExperienceIndexPage.objects.get()
                line = {"ok": True, **publish_one(parent, writer, user, number, rng)}
            except Exception as error:  # the database restarting: record it, reconnect, go on
                line = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
                connection.close()
            close_old_connections()
            line.update(started=started, t=time.time())
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
            deadline = time.monotonic() + args.interval
            while running and time.monotonic() < deadline:
                time.sleep(0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
