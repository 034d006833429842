import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "erfa.example.no",
    "BASE_URL": "https://erfa.example.no",
    "DATABASE_URL": "sqlite:////tmp/erfa-deploy-check.sqlite3",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_url_selects_the_database():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        env={**PRODUCTION_ENV, "DATABASE_URL": "postgres://erfa:pw@db.example.no:5432/erfa"},
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
