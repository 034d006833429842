"""A two-node OpenSearch cluster on loopback: a node down loses neither answers nor publishes.

The cluster is this module's own (HTTP 9272/9273, transport 9472/9473, state in a temporary
folder), started through engines/engine.sh like every other engine and stopped at the end.
Erfa is given both nodes' URLs with SEARCH_SHARDS=2 and SEARCH_REPLICAS=1, as the README tells a
cluster deployment to do. These tests commit for real, so the outbox path runs as in production.
"""

import io
import json
import time
import urllib.error
import urllib.request

import pytest

from django.core.management import call_command
from django.test import Client

from benchmarks.harness import engines as control
from experiences.factories import ExperiencePageFactory
from search.indexing import rebuild
from search.models import IndexOutbox

from . import engines
from .conftest import configure_engine

HTTP_PORTS = (9272, 9273)
TRANSPORT_PORTS = (9472, 9473)
DEADLINE = 120  # seconds for the cluster to change state on a loaded machine
REPORTS = [
    "Digital byggesøknad i Timrå",
    "SvarUt i Malvik",
    "Velferdsteknologi i Levanger",
    "Mina meddelanden i Strömstad",
    "Trygghetslarm i Sundsvall",
    "Skoleskyss i Ørland",
]

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    nodes = control.cluster_nodes("opensearch", HTTP_PORTS, TRANSPORT_PORTS, tmp_path_factory.mktemp("cluster"))
    try:
        urls = [control.start_cluster_node(node) for node in nodes]
    except control.EngineStartError as error:
        for node in nodes:
            control.stop_cluster_node(node)
        engines.unavailable(error)
    yield nodes, urls
    for node in reversed(nodes):
        control.stop_cluster_node(node)


def engine_get(url, path):
    with urllib.request.urlopen(f"{url}{path}", timeout=30) as response:  # noqa: S310 (loopback test engine)
        return json.load(response)


def wait_for_health(url, status):
    started = time.monotonic()
    while time.monotonic() - started < DEADLINE:
        try:
            if engine_get(url, f"/_cluster/health?wait_for_status={status}&timeout=5s")["status"] == status:
                return
        except urllib.error.HTTPError as error:
            if error.code != 408:  # 408: not there yet within the 5 s the engine waited
                raise
        except OSError:
            time.sleep(1)  # the node is still starting or leaving
    pytest.fail(f"the cluster did not turn {status} within {DEADLINE} s")


def shards(url, index):
    return engine_get(url, f"/_cat/shards/{index}?format=json")


def move_primaries_to(url, index, node_name):
    """Fail the primaries held elsewhere so their replicas on ``node_name`` take over.

    Which copy becomes primary is the engine's choice; stopping the node that holds the
    primaries is what proves that searches are answered from the replicas.
    """
    commands = [
        {"cancel": {"index": index, "shard": int(shard["shard"]), "node": shard["node"], "allow_primary": True}}
        for shard in shards(url, index)
        if shard["prirep"] == "p" and shard["node"] != node_name
    ]
    if commands:
        request = urllib.request.Request(  # noqa: S310 (loopback test engine)
            f"{url}/_cluster/reroute",
            data=json.dumps({"commands": commands}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=30).close()  # noqa: S310
    wait_for_health(url, "green")
    assert {shard["node"] for shard in shards(url, index) if shard["prirep"] == "p"} == {node_name}


def api(query):
    return Client().get("/api/search/", {"q": query}).json()


def test_search_and_publishing_survive_a_node_down_and_the_cluster_heals(cluster, settings, experience_index):
    (manager, data_node), (manager_url, data_url) = cluster
    engine = configure_engine(settings, manager_url, "opensearch", URLS=[manager_url, data_url], SHARDS=2, REPLICAS=1)
    for title in REPORTS:
        ExperiencePageFactory(parent=experience_index, title=title)
    rebuild(engine)
    (index,) = engine.indexes_behind_alias()
    index_settings = engine_get(manager_url, f"/{index}/_settings")[index]["settings"]["index"]
    assert (index_settings["number_of_shards"], index_settings["number_of_replicas"]) == ("2", "1")
    wait_for_health(manager_url, "green")
    move_primaries_to(manager_url, index, "opensearch-node2")

    control.stop_cluster_node(data_node)
    try:
        wait_for_health(manager_url, "yellow")
        for title in REPORTS:
            answer = api(title.split(" i ")[0])
            assert answer["engine"] == "opensearch", answer
            assert title in [hit["title"] for hit in answer["results"]]
        assert engine.client.count(index=engine.alias)["count"] == len(REPORTS)

        # Published while a node is down: written to the promoted primaries, or kept in the outbox.
        ExperiencePageFactory(parent=experience_index, title="Nattkamera i Vänersborg")
        call_command("search_worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())
        engine.refresh()
        assert not IndexOutbox.objects.exists()
        answer = api("Nattkamera")
        assert answer["engine"] == "opensearch"
        assert answer["results"][0]["title"] == "Nattkamera i Vänersborg"
    finally:
        control.start_cluster_node(data_node)

    wait_for_health(data_url, "green")
    assert len(engine_get(manager_url, "/_cat/nodes?format=json")) == 2
    assert engine.client.count(index=engine.alias)["count"] == len(REPORTS) + 1
    engine.drop()
