"""The XSS corpus (xss_payloads.txt) through every editor- and reader-writable field and
every query parameter, checked on public pages, search snippets, the JSON APIs and the admin.

To cover something new, add one entry: a field to EXPERIENCE_FIELDS / GUIDE_FIELDS /
THEME_FIELDS / SNIPPET_FIELDS, a page to CONTENT_URLS, a reader-controlled URL to
QUERY_URLS, or an admin screen to ADMIN_URLS. (The feedback forms and feeds of issue 5
are not on this branch yet: each becomes one QUERY_URLS/CONTENT_URLS entry.)
"""

import json
from urllib.parse import urlencode

import pytest

from django.db import transaction
from django.test import Client

from core.facets import FACETS
from experiences.factories import (
    ExperienceIndexPageFactory,
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    TopicFactory,
)
from home.factories import make_site
from imports.markdown import to_rich_text
from wiki.factories import GuidePageFactory, ThemeIndexPageFactory, ThemePageFactory, WikiIndexPageFactory

from .xss import editor_rich_text, injections, json_injections, load_payloads, texts_of

PAYLOADS = load_payloads()


def test_the_corpus_has_at_least_thirty_distinct_payloads():
    assert len(PAYLOADS) >= 30
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_json_check_reads_html_fields_and_leaves_plain_text_alone():
    assert json_injections({"title": "<script>alert(1)</script>"}) == []
    assert json_injections({"results": [{"snippet": "<img src=x onerror=alert(1)>"}]})
    assert json_injections({"body": [{"type": "paragraph", "value": "<svg onload=alert(1)>"}]})
    assert json_injections({"body": [{"type": "heading", "value": {"text": "<svg onload=alert(1)>"}}]}) == []


def test_html_check_finds_injections_and_passes_escaped_text():
    assert injections("<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;alert(1)</p>") == []
    assert injections('<a href="java&#x09;script:alert(1)">x</a>')
    assert injections('<input value="" onmouseover="alert(1)" x="">')
    assert injections("<script>alert(1)</script>")
    assert injections('<script type="application/json">{"t": "alert(1)"}</script>') == []


def sections(payload):
    # Rich text reaches the database two ways: the importer's Markdown and the admin's editor.
    return {
        "background": to_rich_text(payload),
        "what_we_did": editor_rich_text(payload),
        "what_worked": to_rich_text(f"Se [dette]({payload}) og {payload}"),
        "what_did_not_work": editor_rich_text(payload),
        "advice": to_rich_text(payload),
        "results": editor_rich_text(payload),
    }


EXPERIENCE_FIELDS = [
    ("title", lambda p: {"title": p}),
    ("seo title and description", lambda p: {"seo_title": p, "search_description": p}),
    ("summary", lambda p: {"summary": p}),
    ("sections", sections),
    ("key figures", lambda p: {"key_figures": [{"type": "figure", "value": {"label": p, "value": p}}]}),
    ("tags", lambda p: {"tags": [p[:100]]}),
    ("contact", lambda p: {"contact_name": p, "contact_role": p}),
]
GUIDE_FIELDS = [
    ("title", lambda p: {"title": p}),
    ("summary and owner", lambda p: {"summary": p, "owner_name": p}),
    ("tags", lambda p: {"tags": [p[:100]]}),
    (
        "body blocks",
        lambda p: {
            "body": [
                {"type": "heading", "value": {"text": p, "level": "h2"}},
                {"type": "paragraph", "value": to_rich_text(p)},
                {"type": "paragraph", "value": editor_rich_text(p)},
                {"type": "steps", "value": {"title": p, "steps": [to_rich_text(p), editor_rich_text(p)]}},
                {"type": "checklist", "value": {"title": p, "items": [p]}},
                {"type": "callout", "value": {"kind": "info", "text": editor_rich_text(p)}},
                {
                    "type": "table",
                    "value": {"data": [[p, p], [p, p]], "first_row_is_table_header": True, "table_caption": p},
                },
            ]
        },
    ),
]
THEME_FIELDS = [
    ("title", lambda p: {"title": p}),
    ("intro", lambda p: {"intro": editor_rich_text(p) + to_rich_text(p)}),
    ("tags", lambda p: {"tags": [p[:100]]}),
]
SNIPPET_FIELDS = [
    ("municipality name", lambda p: {"municipality": MunicipalityFactory(name=p[:100])}),
    ("topic names", lambda p: {"topic": TopicFactory(name=p[:100], name_sv=p[:100], name_en=p[:100])}),
    ("network name", lambda p: {"network": NetworkFactory(name=p[:100])}),
    ("national solution name", lambda p: {"solution": NationalSolutionFactory(name=p[:100])}),
]


def merged(fields, payload):
    values = {}
    for _name, write in fields:
        values.update(write(payload))
    return values


def make_content(index, payload, experience_index, wiki_index, theme_index):
    objects = merged(SNIPPET_FIELDS, payload)
    slug = f"xss-{index}"
    objects["experience"] = ExperiencePageFactory(
        parent=experience_index,
        slug=slug,
        municipalities=[objects["municipality"]],
        topics=[objects["topic"]],
        national_solutions=[objects["solution"]],
        network=objects["network"],
        **merged(EXPERIENCE_FIELDS, payload),
    )
    objects["guide"] = GuidePageFactory(
        parent=wiki_index, slug=slug, topics=[objects["topic"]], **merged(GUIDE_FIELDS, payload)
    )
    objects["theme"] = ThemePageFactory(
        parent=theme_index, slug=slug, topics=[objects["topic"]], **merged(THEME_FIELDS, payload)
    )
    return objects


CONTENT_URLS = [
    ("experience page", lambda o: o["experience"].url),
    ("guide page", lambda o: o["guide"].url),
    ("guide history", lambda o: f"{o['guide'].url}historikk/"),
    ("theme page", lambda o: o["theme"].url),
    ("municipality page", lambda o: f"/erfaringer/kommune/{o['municipality'].slug}/"),
    ("network page", lambda o: f"/erfaringer/nettverk/{o['network'].slug}/"),
    ("comparison", lambda o: f"/erfaringer/sammenlign/?ids={o['experience'].pk}&ids={o['other'].pk}"),
]
LISTING_URLS = ["/", "/erfaringer/", "/erfaringer/kommuner/", "/wiki/", "/tema/"]
EXPERIENCE_FILTERS = ["municipality", "region", "country", "network", "topic", "tag", "solution", "status", "language"]
QUERY_URLS = [
    ("search page q", lambda p: "/search/?" + urlencode({"q": p})),
    ("search page, every parameter", lambda p: "/search/?" + urlencode({n: p for n in ("q", *FACETS)})),
    ("search page sort and paging", lambda p: "/search/?" + urlencode({"q": "x", "sort": p, "page": p})),
    ("search API, every parameter", lambda p: "/api/search/?" + urlencode({n: p for n in ("q", *FACETS)})),
    ("search API paging", lambda p: "/api/search/?" + urlencode({"q": p, "page_size": p})),
    ("suggestions", lambda p: "/api/search/suggest/?" + urlencode({"q": p})),
    ("experience filters", lambda p: "/erfaringer/?" + urlencode({n: p for n in EXPERIENCE_FILTERS})),
    ("experience year and page", lambda p: "/erfaringer/?" + urlencode({"year": p, "page": p})),
    ("comparison ids", lambda p: "/erfaringer/sammenlign/?" + urlencode({"ids": p})),
    ("pages API", lambda p: "/api/v2/pages/?" + urlencode({"search": p, "type": "experiences.ExperiencePage"})),
    ("not found", lambda p: "/finnes-ikke/" + p.replace("/", "").replace("?", "").replace("#", "") + "/"),
    ("sign-in next", lambda p: "/accounts/login/?" + urlencode({"next": p})),
]
SEARCHES = ["alert", "script", "onerror", "javascript", "mark", "klikk"]


def check(response, where, findings):
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    if response["Content-Type"].startswith("application/json"):
        found = json_injections(json.loads(response.content))
    else:
        assert response["Content-Type"].startswith("text/html"), where
        found = injections(response.content.decode())
    findings.extend(f"{where}: {problem}" for problem in found)


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end;
    each test runs in its own savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = make_site()
        experience_index = ExperienceIndexPageFactory(parent=home)
        wiki_index = WikiIndexPageFactory(parent=home)
        theme_index = ThemeIndexPageFactory(parent=home)
        created = [
            make_content(index, payload, experience_index, wiki_index, theme_index)
            for index, payload in enumerate(PAYLOADS)
        ]
        for index, objects in enumerate(created):
            objects["other"] = created[index - 1]["experience"]
            objects["experience_index"], objects["wiki_index"] = experience_index, wiki_index
        yield list(zip(PAYLOADS, created, strict=True))
        transaction.set_rollback(True)


def test_stored_payloads_render_escaped_on_public_pages(db, corpus, reader):
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(reader)
    findings = []
    for payload, objects in corpus:
        for name, url_of in CONTENT_URLS:
            url = url_of(objects)
            check(anonymous.get(url), f"{name} {url} for {payload!r}", findings)
        # Signed-in readers also see the contact person.
        response = signed_in.get(objects["experience"].url)
        check(response, f"experience page signed in for {payload!r}", findings)
        page = response.content.decode()
        # Escaped, not mangled: the reader sees exactly what the editor typed.
        assert texts_of(page, "h1") == [payload]
        assert texts_of(page, "title") == [f"{payload} – Erfa"]
    for url in LISTING_URLS:
        check(anonymous.get(url), url, findings)
    assert not findings, "\n".join(findings)


def test_reader_query_parameters_render_escaped(db, corpus):
    findings = []
    client = Client()
    for payload in PAYLOADS:
        for name, url_of in QUERY_URLS:
            check(client.get(url_of(payload)), f"{name} with {payload!r}", findings)
    assert not findings, "\n".join(findings)


def test_search_snippets_and_api_escape_stored_payloads(db, corpus):
    findings = []
    client = Client()
    marked = 0
    for word in SEARCHES:
        page = client.get("/search/", {"q": word})
        check(page, f"search page q={word}", findings)
        marked += page.content.decode().count("<mark>")
        api = client.get("/api/search/", {"q": word, "page_size": 50})
        check(api, f"search API q={word}", findings)
        assert api.json()["total"] > 0, word
    for type_name in ("experiences.ExperiencePage", "wiki.GuidePage", "wiki.ThemePage"):
        response = client.get("/api/v2/pages/", {"type": type_name, "fields": "*", "limit": 50})
        assert response.status_code == 200
        check(response, f"pages API {type_name}", findings)
    # The snippets did highlight matches, so the check above saw <mark> next to payload text.
    assert marked > 0
    assert not findings, "\n".join(findings)


def test_admin_listings_and_editors_escape_payloads(db, corpus, admin_client):
    # English admin: the bokmål catalogue has a known breakout, see the xfail test below.
    admin_client.cookies["erfa_language"] = "en"
    findings = []
    payload, objects = corpus[0]
    urls = [
        f"/admin/pages/{objects['experience_index'].pk}/",
        f"/admin/pages/{objects['wiki_index'].pk}/",
        "/admin/pages/search/?" + urlencode({"q": "alert"}),
        "/admin/snippets/experiences/municipality/",
        "/admin/snippets/experiences/topic/",
        "/admin/snippets/experiences/network/",
        "/admin/snippets/experiences/nationalsolution/",
        f"/admin/pages/{objects['experience'].pk}/edit/",
        f"/admin/pages/{objects['guide'].pk}/edit/",
        f"/admin/pages/{objects['experience'].pk}/history/",
        "/admin/reports/site-history/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        check(response, url, findings)
    for payload, _objects in corpus[:: len(corpus) // 8]:
        response = admin_client.get("/admin/pages/search/?" + urlencode({"q": payload}))
        check(response, f"admin search for {payload!r}", findings)
    assert not findings, "\n".join(findings)


def test_admin_page_listing_in_bokmal_escapes_titles(db, corpus, admin_client):
    admin_client.cookies["erfa_language"] = "nb"
    guide_index = corpus[0][1]["wiki_index"]
    GuidePageFactory(parent=guide_index, slug="breakout", title="x onmouseover=alert(1) y")
    html = admin_client.get(f"/admin/pages/{guide_index.pk}/").content.decode()
    assert injections(html) == []
