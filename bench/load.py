"""The load half of the benchmark (issue 9): the app under gunicorn on 127.0.0.1 with several workers,
50 simulated users (coordinators and service area coordinators, each with their own session) going
through their daily pages for a bounded time with locust, headless. Writes bench/results/load.json
(requests/s, p50/p95/p99, errors), which bench.run puts in the table.

    DATABASE_URL=postgres://.../perf_scale python -m bench.load [--users 50] [--seconds 60] [--workers 4]
"""

import argparse
import csv
import json
import os
import socket
import subprocess  # nosec B404 - starts gunicorn and locust with fixed argument lists
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def free_port():
    """A port nobody listens on (other servers may share the machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def plan(users):
    """One session and page list per simulated user: about 70% site coordinators, 30% SACs."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from bench.pages import DAILY, PAGES, SAC, SC
    from parentpartner.models import Role, User
    from parentpartner.security import LOGIN_TIME_KEY

    by_key = {page.key: page for page in PAGES}
    logins = {
        SC: list(User.objects.filter(role=Role.SITE_COORDINATOR).order_by("pk")),
        SAC: list(User.objects.filter(role=Role.SERVICE_AREA_COORDINATOR).order_by("pk")),
    }
    entries = []
    for n in range(users):
        kind = SAC if n % 10 >= 7 else SC
        user = logins[kind][n % len(logins[kind])]
        pages = []
        for key in DAILY[kind]:
            page = by_key[key]
            try:
                pages.append((key, reverse(page.name, args=page.args(user) if page.args else None)))
            except LookupError:
                continue
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # As a real login stamps it (parentpartner.security): without it SessionLifetimeMiddleware
        # ends the session and every page answers with the login page.
        session[LOGIN_TIME_KEY] = int(time.time())
        session.create()
        entries.append({"login": user.username, "session": session.session_key, "pages": pages})
    return entries


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def _number(text):
    """Locust writes N/A for a page that got no request in the measured window (short runs)."""
    return None if text in ("N/A", "") else float(text)


def preflight(port, entry):
    """One prepared session must reach its first daily page (200) before the load starts: a session
    the app refuses would otherwise show up only as 100% errors at the end."""
    import http.client

    key, url = entry["pages"][0]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", url, headers={"Cookie": f"sessionid={entry['session']}", "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{key} as {entry['login']}: {response.status} {response.getheader('Location', '')}")
    connection.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", 60)))
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    from bench.run import setup

    setup()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    plan_file = work / "plan.json"
    entries = plan(args.users)
    from django.contrib.sessions.models import Session
    from django.db import connection

    if Session.objects.filter(session_key__in=[e["session"] for e in entries]).count() != len(entries):
        raise SystemExit("bench.load: the prepared sessions were not all saved")
    connection.close()
    plan_file.write_text(json.dumps(entries))
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost", "BENCH_PLAN": str(plan_file)}
    env.pop("DEBUG", None)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 # nosec B603 - fixed argument list, no shell
        [sys.executable, "-m", "gunicorn", "parentpartner.wsgi", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_for_port(port)
        preflight(port, entries[0])
        load_before = os.getloadavg()[0]
        subprocess.run(  # noqa: S603 # nosec B603 - fixed argument list, no shell
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u",
             str(args.users), "-r", str(max(1, args.users // 10)), "--reset-stats", "-t", f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}",
             "--csv", str(work / "load"), "--only-summary", "--loglevel", "WARNING"], cwd=ROOT, env=env, check=False,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open(work / "load_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    result = {
        "users": args.users, "seconds": args.seconds, "workers": args.workers, "locust": version("locust"),
        "requests": int(total["Request Count"]), "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]), "p50": float(total["50%"]), "p95": float(total["95%"]),
        "p99": float(total["99%"]), "load_average_before": round(load_before, 2),
        "pages": {row["Name"]: {"requests": int(row["Request Count"]), "p50": _number(row["50%"]),
                                "p95": _number(row["95%"]), "errors": int(row["Failure Count"])}
                  for row in rows if row["Name"] != "Aggregated"},
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "pages"}), file=sys.stderr)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
