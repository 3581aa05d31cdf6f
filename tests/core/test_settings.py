"""Settings read the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from parentpartner.env import database_config, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example.org, b.example.org,")
    assert env_list("HOSTS", []) == ["a.example.org", "b.example.org"]


def test_database_url_must_be_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        database_config(tmp_path)


def test_connections_run_without_jit_or_parallel_workers(monkeypatch, tmp_path):
    """Issue 9: short web queries never pay JIT compilation, nor compete with a report's workers."""
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example.org:5432/parentpartner")
    options = database_config(tmp_path)["OPTIONS"]["options"]
    assert "-c jit=off" in options and "-c max_parallel_workers_per_gather=0" in options


def test_a_live_connection_has_them_off(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert (jit, cursor.fetchone()[0]) == ("off", "0")


def run_django(*args, **env):
    # The production defaults, without what the test run itself sets in its environment.
    test_only = (
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "TWO_FACTOR_REQUIRED",
    )
    environment = {k: v for k, v in os.environ.items() if k not in test_only}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_django("check")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-production-like-secret-key-with-enough-length-and-variety-0987654321",
        ALLOWED_HOSTS="parentpartner.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_time_zone_is_central(settings):
    assert settings.TIME_ZONE == "America/Chicago"


def test_sessions_expire_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
