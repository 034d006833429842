"""A real OpenID Connect provider for the tests: mock-oauth2-server, started through oidc/server.sh.

Each issuer below stands for one kind of provider (or one way a token can be wrong) and
gives every token the claims such a provider would. Under CI=true a server that cannot
start fails the run.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = Path(os.environ.get("TEST_OIDC_STATE_DIR", ROOT / ".engines" / "test-oidc"))
PORT = int(os.environ.get("TEST_OIDC_PORT", "9265"))
SUNDSVALL_TENANT = "5f3c1e0a-sundsvall-tenant"
TIMRA_FEIDE_ORG = "o=Timra kommun,dc=feide,dc=no"


def _issuer(issuer_id, claims, expiry=300):
    return {
        "issuerId": issuer_id,
        "tokenExpiry": expiry,
        "requestMappings": [{"requestParam": "grant_type", "match": "*", "claims": claims}],
    }


CONFIG = {
    "interactiveLogin": False,
    "httpServer": "NettyWrapper",
    "tokenCallbacks": [
        _issuer(
            "entra",
            {
                "sub": "entra-anna-pairwise",
                "aud": ["erfa-entra"],
                "tid": SUNDSVALL_TENANT,
                "oid": "0a1b2c3d",
                "roles": ["Erfa.Contributor"],
                "given_name": "Anna",
                "family_name": "Sundberg",
                "email": "anna.sundberg@sundsvall.se",
            },
        ),
        _issuer(
            "feide",
            {
                "sub": "feide-ola",
                "aud": ["erfa-feide"],
                "eduPersonOrgDN": TIMRA_FEIDE_ORG,
                "given_name": "Ola",
                "family_name": "Feide",
            },
        ),
        _issuer(
            "idporten",
            {
                "sub": "idporten-pairwise-kari",
                "aud": ["erfa-idporten"],
                "pid": "01017012345",
                "acr": "idporten-loa-high",
                "amr": ["BankID"],
                "given_name": "Kari",
                "family_name": "Nordmann",
            },
        ),
        _issuer("wrongaud", {"sub": "someone", "aud": ["another-client"], "tid": SUNDSVALL_TENANT}),
        _issuer("expired", {"sub": "late", "aud": ["erfa-expired"], "tid": SUNDSVALL_TENANT}, expiry=-600),
    ],
}


def provider(issuer, kind, **extra):
    """Erfa's settings for one of this server's issuers, as OIDC_PROVIDERS_JSON would give them."""
    return {
        "KIND": kind,
        "ISSUER": f"{url()}/{issuer}",
        "CLIENT_ID": f"erfa-{issuer}",
        "CLIENT_SECRET": "secret",
        **extra,
    }


def entra_provider(issuer="entra"):
    """Entra ID as a Swedish municipality would configure it: the tenant is Sundsvall, app roles give the group."""
    return provider(
        issuer,
        "entra",
        ORGANISATIONS={SUNDSVALL_TENANT: "sundsvall"},
        ROLES={"Erfa.Contributor": "Contributors", "Erfa.Editor": "Editors"},
    )


def url():
    return f"http://127.0.0.1:{PORT}"


def start():
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    config = STATE_DIR / "config.json"
    config.write_text(json.dumps(CONFIG))
    result = subprocess.run(
        [ROOT / "oidc" / "server.sh", "start", "--port", str(PORT), "--config", str(config), "--state", str(STATE_DIR)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        message = f"The OIDC test server did not start: {result.stderr.strip()[-2000:]}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(f"{message}\n(Under CI=true this is a failure, not a skip.)")
    return url()


def stop():
    subprocess.run([ROOT / "oidc" / "server.sh", "stop", "--state", str(STATE_DIR)], capture_output=True, timeout=60)
