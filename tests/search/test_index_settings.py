"""Index settings follow the deployment: one shard and no replica on a single node, more on a cluster."""

from search.mapping import index_body


def test_a_new_index_has_the_configured_shards_and_replicas(settings):
    settings.ERFA_SEARCH = {**settings.ERFA_SEARCH, "SHARDS": 2, "REPLICAS": 1}
    index = index_body()["settings"]["index"]
    assert (index["number_of_shards"], index["number_of_replicas"]) == (2, 1)


def test_a_single_node_index_has_no_replica_by_default(settings):
    settings.ERFA_SEARCH = {
        key: value for key, value in settings.ERFA_SEARCH.items() if key not in ("SHARDS", "REPLICAS")
    }
    index = index_body()["settings"]["index"]
    assert (index["number_of_shards"], index["number_of_replicas"]) == (1, 0)
