"""Proof items 7 and 8 of issue 8: security headers on real responses, no inline script or style in
any template, `bandit` clean, production defaults; with DEBUG off, a plain error page with a
reference id that is logged with the exception. (`check --deploy`: tests/core/test_settings.py.)"""

import json
import logging
import re
import subprocess  # nosec B404
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from parentpartner.models import Role
from tests.core.test_settings import run_django

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"SECRET_KEY": "a-production-like-secret-key-with-enough-length-and-variety-0987654321"}


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_security_headers(response):
    csp = csp_directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_headers_on_the_login_page(client, db):
    assert_security_headers(client.get(reverse("login")))


def test_headers_on_a_logged_in_page_and_on_errors(login, world):
    client = login(world.users[Role.CLINICIAN])
    for url, status in [(reverse("home"), 200), ("/no-such-page/", 404), (reverse("parentpartner:site-create"), 403)]:
        response = client.get(url)
        assert response.status_code == status
        assert_security_headers(response)


def test_hsts_over_https(client, db):
    response = client.get(reverse("login"), secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_is_redirected_to_https_in_production():
    result = run_django(
        "shell", "-c", "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)", **PRODUCTION
    )
    assert result.stdout.strip().endswith("True"), result.stderr


def test_production_defaults_for_accounts():
    """What tests/settings.py changes for speed or convenience is right in production."""
    code = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.TWO_FACTOR_REQUIRED, s.PASSWORD_HASHERS[0], s.AXES_FAILURE_LIMIT, s.SESSION_COOKIE_AGE,"
        " s.SESSION_ABSOLUTE_SECONDS, s.DEBUG]))"
    )
    result = run_django("shell", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == [True, "django.contrib.auth.hashers.Argon2PasswordHasher", 5, 1800, 43200, False]


INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "inline <style>": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(template):
    """script-src 'self' and style-src 'self' would block them: behaviour lives in static/js/."""
    text = template.read_text()
    found = [name for name, pattern in INLINE.items() if pattern.search(text)]
    assert not found, (str(template.relative_to(ROOT)), found)


def test_bandit_finds_nothing_in_the_project_code():
    """Every `# nosec` in the code has its reason on the line above it."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", ".", "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert not findings, findings
    assert not report["errors"], report["errors"]
    assert report["metrics"]["_totals"]["loc"] > 5000  # it did scan the project


# --- Error pages (DEBUG off) ------------------------------------------------------------------------


@pytest.mark.urls("tests.urls_errors")
def test_server_error_is_a_plain_page_with_a_logged_reference(world, settings, caplog):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(world.users[Role.CLINICIAN])
    with caplog.at_level(logging.ERROR):
        response = client.get("/fails/")
    assert response.status_code == 500
    body = response.content.decode()
    reference = re.search(r'class="error-reference">([0-9a-f]{12})<', body).group(1)
    for internal in ("RuntimeError", "Traceback", "SELECT", "internal detail", "parentpartner_family", "settings"):
        assert internal not in body
    record = next(r for r in caplog.records if reference in r.getMessage())
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert_security_headers(response)


@pytest.mark.urls("tests.urls_errors")
def test_each_error_gets_its_own_reference(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    first, second = (client.get("/fails/").content for _ in range(2))
    assert first != second


@pytest.mark.urls("tests.urls_errors")
def test_bad_request_forbidden_and_not_found_pages_match_the_site(login, world, settings):
    settings.DEBUG = False
    client = login(world.users[Role.CLINICIAN])
    bad = client.get("/suspicious/")
    assert bad.status_code == 400 and b"Bad request" in bad.content and b"internal detail" not in bad.content
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and b"Not found" in missing.content
    forbidden = client.get(reverse("parentpartner:site-create"))
    assert forbidden.status_code == 403 and b"Not allowed" in forbidden.content
    for response in (bad, missing, forbidden):
        assert b"Parent Partner program" in response.content and b"Traceback" not in response.content
