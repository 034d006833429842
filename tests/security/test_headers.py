import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.test import Client, override_settings

from experiences.factories import ExperiencePageFactory

ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def experience(experience_index):
    return ExperiencePageFactory(parent=experience_index, title="Digital byggesøknad")


def public_responses(client, experience):
    return {
        "page": client.get(experience.url),
        "home": client.get("/"),
        "search page": client.get("/search/", {"q": "byggesøknad"}),
        "search API": client.get("/api/search/", {"q": "byggesøknad"}),
        "suggest API": client.get("/api/search/suggest/", {"q": "bygg"}),
        "pages API": client.get("/api/v2/pages/"),
        "bad request": client.get("/api/search/"),
        "not found": client.get("/finnes-ikke/"),
    }


def test_public_responses_carry_the_security_headers(client, experience):
    for name, response in public_responses(client, experience).items():
        assert response.status_code in (200, 400, 404), name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response.headers["X-Frame-Options"] == "DENY", name
        assert "camera=()" in response.headers["Permissions-Policy"], name
        directives = csp_directives(response)
        assert directives["frame-ancestors"] == ["'none'"], name
        assert directives["script-src"][0] == "'self'", name
        assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"], name
        assert directives["object-src"] == ["'none'"], name
    assert public_responses(client, experience)["not found"].status_code == 404


def test_public_policy_is_enforced_not_report_only(client, experience):
    response = client.get(experience.url)
    assert "Content-Security-Policy" in response.headers
    assert "Content-Security-Policy-Report-Only" not in response.headers


@override_settings(ROOT_URLCONF="tests.security.urls_failing")
def test_server_error_page_carries_the_security_headers(home):
    client = Client(raise_request_exception=False)
    response = client.get("/__fail__/")
    assert response.status_code == 500
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_admin_gets_its_own_policy_that_still_forbids_foreign_framing(admin_client, home):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" in directives["script-src"]


def test_nonce_is_named_in_the_policy_only_when_a_template_used_it(rf, settings):
    from django.http import HttpResponse

    from security.headers import SecurityHeadersMiddleware

    def view_using_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    def view_without_nonce(request):
        return HttpResponse("<p>plain</p>")

    first = SecurityHeadersMiddleware(view_using_nonce)(rf.get("/"))
    second = SecurityHeadersMiddleware(view_using_nonce)(rf.get("/"))
    nonce = first.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in csp_directives(first)["script-src"]
    assert nonce not in second.headers["Content-Security-Policy"], "a nonce must never be reused"
    plain = SecurityHeadersMiddleware(view_without_nonce)(rf.get("/"))
    assert "nonce-" not in plain.headers["Content-Security-Policy"]


def test_served_documents_keep_wagtails_stricter_policy(client, home):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    document = Document.objects.create(title="Notat", file=ContentFile(b"Et notat.\n", name="notat.txt"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def production_settings():
    """The security values exactly as config/settings/production.py computes them."""
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "LANGUAGE_COOKIE_SECURE",
        "LANGUAGE_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SAMESITE",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "erfa.example.no",
        "DATABASE_URL": "sqlite:////tmp/erfa-headers-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production():
    return production_settings()


def test_production_sends_hsts_and_secure_httponly_samesite_cookies(production, client, reader):
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    with override_settings(**production):
        response = client.get("/accounts/login/", secure=True)
        assert response.status_code == 200
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
        response = client.post(
            "/accounts/login/", {"username": "reader", "password": "pw-reader-123"}, secure=True, follow=False
        )
        assert response.status_code == 302
        client.post("/i18n/setlang/", {"language": "sv", "next": "/"}, secure=True)
    for name in ("sessionid", "csrftoken", "erfa_language"):
        cookie = client.cookies[name]
        assert cookie["secure"], name
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


def test_production_redirects_plain_http_to_https(production, client, home):
    with override_settings(**production):
        response = client.get("/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
