"""The JSON search API contract, per backend, including hostile input."""

import pytest

from experiences.factories import ExperiencePageFactory

HOSTILE_QUERIES = [
    '"',
    '"unclosed phrase',
    "((((",
    "))]]}}",
    "AND OR NOT",
    "title:svarut",
    "svarut^1000",
    "*:*",
    "?*~",
    "a" * 500,
    "\\",
    "/regex/",
    '{"query": {"match_all": {}}}',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "NEAR(a b)",
    "svarut\x00\x1f",
    "💥" * 100,
    "  ",
]


@pytest.fixture
def report(search_backend, experience_index):
    page = ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik")
    search_backend.sync()
    return page


def test_api_returns_the_documented_shape(search_backend, report, client):
    response = client.get("/api/search/?q=svarut")
    assert response.status_code == 200
    data = response.json()
    assert {"query", "total", "engine", "took_ms", "results", "facets"} <= set(data)
    assert data["query"] == "svarut" and data["total"] == 1 and data["engine"] == search_backend.name
    assert isinstance(data["took_ms"], int) and isinstance(data["facets"], dict)
    result = data["results"][0]
    assert set(result) == {
        "title",
        "url",
        "type",
        "municipalities",
        "language",
        "published",
        "snippet",
        "score",
        "attachment",
    }
    assert result["title"] == "SvarUt i Malvik" and result["url"] == report.url
    # Found in the report's own text, not in a file it uses.
    assert result["attachment"] is None


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=svarut&page=0",
        "q=svarut&page=-1",
        "q=svarut&page=1000000000",
        "q=svarut&page=abc",
        "q=svarut&page_size=51",
        "q=svarut&page_size=0",
        "q=" + "x" * 501,
        "q=svarut&page=201&page_size=50",
    ],
)
def test_bad_parameters_are_400_with_a_json_message(search_backend, client, query):
    response = client.get(f"/api/search/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_fail_or_time_out_into_the_fallback(search_backend, report, client, query):
    # No stopwatch here (speed is the benchmarks' job): a query the engine chokes on hits the
    # search timeout and falls back, which the engine name below catches.
    response = client.get("/api/search/", {"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["engine"] == search_backend.name  # answered, not fallen back


def test_search_page_bad_parameter_is_400(search_backend, client):
    response = client.get("/search/?q=svarut&page=abc")
    assert response.status_code == 400
    assert "page" in response.context["error_message"]
