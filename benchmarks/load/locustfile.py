"""Locust users for the Erfa load test: 70 % page views, 20 % search with facets, 10 % suggestions.

run_load.py writes the request plan (paths drawn from the generated corpus) to the JSON file named
by LOAD_PLAN and starts ``locust --headless`` with this file. Requests are grouped by class
(``page``, ``search``, ``suggest``) so Locust's CSV has one row and one set of percentiles per
class. Every failure, and every API search the database answered instead of the engine, is
appended with its time to LOAD_EVENTS (JSON lines): the fault checks need to know *when*.
"""

import json
import os
import random
import time

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

_events = open(os.environ["LOAD_EVENTS"], "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run


def _record(**event):
    _events.write(json.dumps({"t": time.time(), **event}) + "\n")
    _events.flush()


@events.request.add_listener
def _on_request(request_type, name, response_time, response_length, response=None, exception=None, **_kwargs):
    status = getattr(response, "status_code", None)
    if exception is not None or (status is not None and status >= 400):
        _record(kind="failure", name=name, status=status, error=str(exception)[:200] if exception else None)


@events.quitting.add_listener
def _close(**_kwargs):
    _events.close()


class Reader(HttpUser):
    # A reader reads for a moment between clicks; 50 users then offer about 25 requests/s.
    wait_time = between(1, 3)

    @task(70)
    def page(self):
        kind = random.choice(PLAN["page_kinds"])
        self.client.get(random.choice(PLAN["pages"][kind]), name="page")

    @task(10)
    def search_api(self):
        with self.client.get(random.choice(PLAN["search"]), name="search", catch_response=True) as response:
            if response.status_code == 200:
                try:
                    engine = response.json().get("engine")
                except ValueError:
                    response.failure("search API answered 200 without JSON")
                    return
                if engine == "database":
                    _record(kind="fallback", name="search")
                response.success()

    @task(10)
    def search_page(self):
        self.client.get("/search/?" + random.choice(PLAN["search"]).partition("?")[2], name="search")

    @task(10)
    def suggest(self):
        self.client.get(random.choice(PLAN["suggest"]), name="suggest")
