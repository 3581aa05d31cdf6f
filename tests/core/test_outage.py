"""The database goes away and comes back (issue 15, part 4).

The app is served by a real WSGI server in one thread, as a worker process serves it: one persistent
database connection (CONN_MAX_AGE) reused from request to request, connections closed or health-checked
by Django's own request signals. The test then takes its database away from it (its connections
killed, new ones refused: ALTER DATABASE ... ALLOW_CONNECTIONS false on this worker's own test
database), requests pages, and gives the database back: the same browser session is served again
without a restart.
"""

import contextlib
import http.client
import logging
import re
import threading
from http.cookies import SimpleCookie
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

import psycopg2
import pytest
from django import db as django_db
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client
from django.urls import path, reverse

from parentpartner import submissions
from parentpartner.models import Role
from parentpartner.security import database_outage
from parentpartner.urls import handler400, handler500  # noqa: F401
from parentpartner.urls import urlpatterns as project_urls
from tests.matrix.pages_mentoring import family_data

pytestmark = pytest.mark.django_db(transaction=True)

UNAVAILABLE = "Temporarily unavailable"
MAYBE_SAVED = "Your change may have been saved"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')
REFERENCE = re.compile(r'class="error-reference">([0-9a-f]{12})<')


def lost_mid_view(request):
    """A view whose connection drops after the request's session and user were loaded."""
    raise django_db.OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("lost-mid-view/", lost_mid_view), *project_urls]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    """The app on 127.0.0.1, one request at a time in one thread, so its connection is reused."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    httpd = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=_Quiet)

    def serve():
        try:
            httpd.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        thread.join(timeout=30)
        httpd.server_close()


class Browser:
    """Keeps its cookies (the session, the CSRF cookie) like a browser, over plain HTTP."""

    def __init__(self, port, user):
        self.port = port
        client = Client()
        client.force_login(user)
        self.cookies = {name: morsel.value for name, morsel in client.cookies.items()}

    def request(self, method, path, data=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response, text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)


def app_backends():
    """The server thread's connections to this database (all but the test's own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def allow_connections(allowed):
    """ALTER DATABASE ... ALLOW_CONNECTIONS, from the server's maintenance database (PostgreSQL refuses
    it for the database a connection is in)."""
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    params.pop("database", None)
    admin = psycopg2.connect(**params)
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            name = connection.settings_dict["NAME"]
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if allowed else "false"}')
    finally:
        admin.close()


@contextlib.contextmanager
def database_away():
    """The app's connections killed and new ones refused, until the block ends (whatever happens in
    it, so that pytest-django can still flush and drop the database). The test's own connection stays."""
    allow_connections(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        yield
    finally:
        allow_connections(True)


@contextlib.contextmanager
def session_save_cuts_the_connection():
    """The next session save (after the view has answered and its transaction has committed) loses
    its connection, as when the network drops at that moment."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_cut_connection() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER test_cut_connection BEFORE UPDATE ON django_session"
            " FOR EACH ROW EXECUTE FUNCTION test_cut_connection()"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER test_cut_connection ON django_session")
            cursor.execute("DROP FUNCTION test_cut_connection()")


def families_named(last_name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM mentoring_family WHERE parent_last_name = %s", [last_name])
        return cursor.fetchone()[0]


def creation_form(browser):
    response, body = browser.get(reverse("mentoring:family-create"))
    assert response.status == 200
    return {"csrfmiddlewaretoken": CSRF.search(body).group(1), submissions.FIELD: TOKEN.search(body).group(1)}


def assert_unavailable(response, body, caplog):
    assert response.status == 503, body[:500]
    assert UNAVAILABLE in body
    assert response.getheader("Retry-After") == "30"
    reference = REFERENCE.search(body).group(1)
    record = next(r for r in caplog.records if reference in r.getMessage())
    assert record.exc_info and database_outage(record.exc_info[1]), "the reference is logged with the exception"
    for internal in ("Traceback", "OperationalError", "psycopg2", "accepting connections"):
        assert internal not in body


def test_pages_answer_503_while_the_database_is_away_and_normally_once_it_is_back(world, server, caplog):
    """Killed connections and refused new ones: every page (the home page, a list, a creation POST)
    answers the plain 503 page with a logged reference and Retry-After, never a 500 or 400; the
    POST writes nothing; once the database is back the same session is served without a restart."""
    # Connections left open by earlier tests of this worker (threads of their own) are not the server's.
    earlier = set(app_backends())
    browser = Browser(server, world.users[Role.SITE_COORDINATOR])
    assert browser.get("/")[0].status == 200
    reused = set(app_backends()) - earlier
    assert browser.get(reverse("mentoring:family-list"))[0].status == 200
    assert set(app_backends()) - earlier == reused and len(reused) == 1, "the server keeps one connection"
    form = creation_form(browser)
    data = {**family_data(world), "family-parent_last_name": "Outage", **form}

    with caplog.at_level(logging.ERROR), database_away():
        for path in ("/", reverse("mentoring:family-list"), reverse("mentoring:family-create")):
            assert_unavailable(*browser.get(path), caplog)
        response, body = browser.post(reverse("mentoring:family-create"), data)
        assert_unavailable(response, body, caplog)
        assert "may not have been saved" in body

    assert families_named("Outage") == 0, "nothing was written while the database was away"
    response, body = browser.get(reverse("mentoring:family-list"))
    assert response.status == 200, body[:500]
    assert set(app_backends()).isdisjoint(reused), "a new connection replaced the killed one"
    response, _ = browser.post(reverse("mentoring:family-create"), data)
    assert response.status == 302
    assert families_named("Outage") == 1


def test_a_creation_cut_off_after_its_commit_says_it_may_be_saved_and_its_retry_makes_no_duplicate(
    world, server, caplog
):
    """ "Saved but told it failed": the family is committed, then the session save loses the
    connection. The page is the 503 page saying the change may have been saved (not a 400 "go back and
    try again"), and sending the same form again leads to the saved family instead of a second one."""
    browser = Browser(server, world.users[Role.SITE_COORDINATOR])
    data = {**family_data(world), "family-parent_last_name": "Cutoff", **creation_form(browser)}

    with caplog.at_level(logging.ERROR), session_save_cuts_the_connection():
        response, body = browser.post(reverse("mentoring:family-create"), data)
    assert response.status == 503, body[:500]
    assert MAYBE_SAVED in body
    assert REFERENCE.search(body)
    assert families_named("Cutoff") == 1

    response, _ = browser.post(reverse("mentoring:family-create"), data)
    assert response.status == 302
    assert families_named("Cutoff") == 1
    response, body = browser.get(response.getheader("Location"))
    assert response.status == 200
    assert "This was already saved" in body


@pytest.mark.urls(__name__)
def test_a_connection_lost_inside_a_view_is_the_503_page_not_a_500(world, caplog):
    """DatabaseOutageMiddleware: the view's own database error (not the session's) is the 503 page with
    its logged reference; a POST is told to check whether its change was saved."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users[Role.CLINICIAN])
    with caplog.at_level(logging.ERROR):
        response = client.get("/lost-mid-view/")
        posted = client.post("/lost-mid-view/", {"note": "x"})
    for answer in (response, posted):
        assert answer.status_code == 503
        assert answer["Retry-After"] == "30"
        body = answer.content.decode()
        reference = REFERENCE.search(body).group(1)
        record = next(r for r in caplog.records if reference in r.getMessage())
        assert record.exc_info and database_outage(record.exc_info[1])
        assert "server closed" not in body
    assert "may not have been saved" not in response.content.decode()
    assert "may not have been saved" in posted.content.decode()
