"""The load test's faults and the invariants they must not break.

During the ``faults`` phase a :class:`FaultScript` restarts PostgreSQL (with ``--db postgres``),
then stops the engine for ``--outage`` seconds and starts it again, while a probe searches once
a second; :func:`judge_faults` then checks what the readers, the probe and the editor saw.
"""

import json
import os
import sys
import threading
import time
from urllib.parse import urlencode

from benchmarks.harness.engines import start_engine, stop_engine
from benchmarks.harness.load import loopback_pool, read_events

ENGINE_START_TIMEOUT = 600
RESTART_GRACE_S = 10  # a request that began inside the restart may fail just after it


def log(message):
    print(f"[load {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


class FaultScript:
    """Restarts PostgreSQL, then stops and restarts the engine, at fixed moments of a phase."""

    def __init__(self, args, port, engine_url, cluster, editor_path, engine):
        self.args = args
        self.engine = engine
        self.pool = loopback_pool(port, size=2)
        self.editor_path = editor_path
        self.outage_check = None
        self.engine_url = engine_url
        self.cluster = cluster
        self.timeline = {}
        self.probes = []  # (time, status, engine) of a search every second
        self.errors = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.prober = threading.Thread(target=self._probe, daemon=True)

    def start(self):
        self.t0 = time.time()
        self.thread.start()
        self.prober.start()

    def _at(self, seconds):
        while time.time() - self.t0 < seconds:
            time.sleep(0.2)

    def _mark(self, name):
        self.timeline[name] = time.time()
        log(f"fault: {name.replace('_', ' ')}")

    def _probe(self):
        import urllib3

        while not self.done.is_set():
            moment = time.time()
            try:
                response = self.pool.request("GET", "/api/search/?" + urlencode({"q": "digital post"}))
                engine = json.loads(response.data).get("engine") if response.status == 200 else None
                self.probes.append((moment, response.status, engine))
            except (urllib3.exceptions.HTTPError, ValueError) as error:
                self.probes.append((moment, None, type(error).__name__))
            time.sleep(1.0)

    def _run(self):
        duration = self.args.duration
        try:
            if self.cluster is not None:
                self._at(duration * 0.15)
                self._mark("database_restart_begins")
                self.cluster.restart()
                self._mark("database_restart_ends")
            self._at(duration * 0.3)
            self._mark("engine_stop_begins")
            stop_engine("opensearch", self.args.state_dir)
            self._mark("engine_stopped")
            self._at(time.time() - self.t0 + self.args.outage)
            self._mark("engine_start_begins")
            # A loaded machine can take minutes to bring OpenSearch back; engine.sh's own limit is 180 s.
            os.environ["ENGINE_START_TIMEOUT"] = str(ENGINE_START_TIMEOUT - 30)
            start_engine("opensearch", self.args.engine_port, self.args.state_dir, timeout=ENGINE_START_TIMEOUT)
            self._mark("engine_back")
            # Checked now, while the load goes on: the clock runs from the engine's return.
            back = self.timeline["engine_back"]
            published = [
                line
                for line in read_events(self.editor_path)
                if line.get("ok") and self.timeline["engine_stop_begins"] <= line["t"] <= back
            ]
            found, not_found = check_outage_publishes(self.engine, published, back, self.args.searchable_within)
            self._mark("outage_publishes_checked")
            self.outage_check = {
                "count": len(published),
                "found_by_engine": len(found),
                "seconds_after_engine_return_max": max(found.values(), default=None),
                "not_found_within_s": not_found,
            }
        except Exception as error:  # reported as a failed invariant, never a hang
            self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            self.done.set()

    def wait(self, timeout):
        self.thread.join(timeout)
        self.done.set()
        self.prober.join(5)
        if self.thread.is_alive():
            self.errors.append("the fault script did not finish in time")


def engine_finds(engine, word, page_id):
    """Whether the engine, asked the served app's own query for ``word``, lists ``page_id``.

    Asked in this process, not through gunicorn: under load a request waits in the server's
    queue for seconds, and that wait would be counted as indexing delay.
    """
    from django.http import QueryDict

    from search.params import parse_search_params
    from search.service import _search_engine

    params = parse_search_params(QueryDict(urlencode({"q": word, "page_size": 50})))
    _total, hits, *_rest = _search_engine(engine, params)
    return any(hit.page_id == page_id for hit in hits)


def check_outage_publishes(engine, published, back_at, within):
    """Seconds after the engine's return until the engine finds each report published during the outage."""
    from search.engine import EngineError

    def look(item):
        try:
            found = engine_finds(engine, item["word"], item["page_id"])
        except EngineError:
            return None
        return round(time.time() - back_at, 1) if found else None

    pending = {item["word"]: item for item in published}
    found = {}
    deadline = back_at + within
    while pending and time.time() < deadline:
        for word, item in list(pending.items()):
            seconds = look(item)
            if seconds is not None and seconds <= within:
                found[word] = seconds
                del pending[word]
        time.sleep(0.5)
    return found, sorted(item["title"] for item in pending.values())


def check_acknowledged(acknowledged):
    """Titles of acknowledged publishes that are not live in the database with their title afterwards.

    Asked through the ORM (this process has the same database configured): an HTTP check would
    mix up a lost write with a slow answer on a loaded machine.
    """
    from django.db import connections

    from experiences.models import ExperiencePage

    connections.close_all()  # the database may have restarted since this process last used it
    live = set(ExperiencePage.objects.live().filter(pk__in=[item["page_id"] for item in acknowledged]).values_list(
        "pk", "title"))  # fmt: skip
    return [item["title"] for item in acknowledged if (item["page_id"], item["title"]) not in live]


def judge_faults(result, script, events, editor_lines):
    """The fault invariants; each broken one is a string in result["violations"]."""
    timeline = script.timeline
    violations = list(script.errors)
    failures = [event for event in events if event["kind"] == "failure"]
    server_errors = [event for event in failures if (event.get("status") or 0) >= 500]
    window = None
    if "database_restart_begins" in timeline and "database_restart_ends" in timeline:
        window = (timeline["database_restart_begins"], timeline["database_restart_ends"] + RESTART_GRACE_S)
    outside = [event for event in failures if not (window and window[0] <= event["t"] <= window[1])]
    result["failures_outside_restart_window"] = len(outside)
    result["server_errors_5xx"] = len(server_errors)
    if window:
        inside = [event for event in failures if window[0] <= event["t"] <= window[1]]
        result["database_restart"] = {
            "seconds": round(timeline["database_restart_ends"] - timeline["database_restart_begins"], 1),
            "failures_inside_window": len(inside),
            "server_errors_inside_window": len([e for e in inside if (e.get("status") or 0) >= 500]),
            "grace_s": RESTART_GRACE_S,
        }
        if outside:
            violations.append(f"{len(outside)} failed requests outside the database restart window")
        result["server_errors_5xx_outside_restart_window"] = len([e for e in outside if (e.get("status") or 0) >= 500])
        if result["server_errors_5xx_outside_restart_window"]:
            violations.append("5xx outside the database restart window")
    else:
        if server_errors:
            violations.append(f"{len(server_errors)} responses with 5xx")
        if failures:
            violations.append(f"{len(failures)} failed requests")

    if "engine_stopped" in timeline and "engine_start_begins" in timeline:
        start, end = timeline["engine_stopped"], timeline["engine_start_begins"]
        during = [probe for probe in script.probes if start <= probe[0] <= end]
        fallback = [probe for probe in during if probe[1] == 200 and probe[2] == "database"]
        locust_fallbacks = [e for e in events if e["kind"] == "fallback" and start <= e["t"] <= end]
        result["engine_outage"] = {
            "seconds_stopped": round(timeline.get("engine_back", end) - timeline["engine_stop_begins"], 1),
            "probe_searches": len(during),
            "probe_searches_answered_by_database": len(fallback),
            "probe_errors": len([probe for probe in during if probe[1] != 200]),
            "load_searches_answered_by_database": len(locust_fallbacks),
        }
        if "engine_back" in timeline:
            back = timeline["engine_back"]
            again = [probe[0] for probe in script.probes if probe[0] >= back and probe[2] == "opensearch"]
            result["engine_outage"]["probe_answered_by_engine_again_after_s"] = (
                round(again[0] - back, 1) if again else None
            )
        if not during or len(fallback) != len(during):
            violations.append("searches during the engine outage were not all answered by the database backend")
    acknowledged = [line for line in editor_lines if line.get("ok")]
    rejected = [line for line in editor_lines if not line.get("ok")]
    result["editor"] = {"publishes_acknowledged": len(acknowledged), "publishes_failed": len(rejected)}
    if rejected:
        result["editor"]["failures"] = sorted({line["error"][:120] for line in rejected})
        late = [line for line in rejected if not (window and window[0] <= line["t"] <= window[1])]
        if late:
            violations.append(f"{len(late)} publishes failed outside the database restart window")
    if script.outage_check is not None:
        result["published_during_outage"] = check = script.outage_check
        if not check["count"]:
            violations.append("the editor published nothing during the engine outage")
        if check["not_found_within_s"]:
            violations.append(
                f"{len(check['not_found_within_s'])} reports published during the outage not searchable in time"
            )
    else:
        violations.append("reports published during the outage were not checked")
    missing = check_acknowledged(acknowledged)
    result["editor"]["acknowledged_missing"] = missing
    if missing:
        violations.append(f"{len(missing)} acknowledged publishes lost")
    result["violations"] = violations
