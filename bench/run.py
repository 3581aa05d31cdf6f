"""The benchmark of issue 9, in process: every page of bench.pages for each login that uses it,
median and 95th percentile over repeated requests and the number of SQL queries; beside each main
list the admin changelist of the same rows and the floor. Writes bench/results/latest.json and .md.

    DATABASE_URL=postgres://.../perf_scale python -m bench.run [--repeat 30] [--only KEY ...]
    DATABASE_URL=postgres://.../perf_dev   python -m bench.run --counts-only   # demo query counts

Not a test: `make bench` runs it (and the load test, bench.load).
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
# Transaction control is not a query: BEGIN/COMMIT around the session's renewal in production,
# savepoints where a POST runs inside the bench's rolled-back transaction.
SAVEPOINT = re.compile(r"^((RELEASE |ROLLBACK TO )?SAVEPOINT |BEGIN$|COMMIT$|ROLLBACK$)")


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentpartner.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-not-for-production-0123456789abcdefghij")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    # The bench's sessions come from force_login (here) and prepared session rows (bench.load): neither
    # passes the second factor, so two-step login must be off or every page answers with the code page.
    # `make bench` sets it explicitly; a direct run defaults to it too.
    os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if settings.TWO_FACTOR_REQUIRED:
        raise SystemExit("The benchmark needs TWO_FACTOR_REQUIRED=0 (its sessions skip the second factor).")


def percentile(values, q):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))
    return ordered[index]


class Runner:
    def __init__(self, repeat):
        from django.test import Client

        self.repeat = repeat
        self.clients = {}
        self.Client = Client

    def client(self, username):
        from parentpartner.models import User

        if username not in self.clients:
            user = User.objects.get(username=username)
            client = self.Client(HTTP_X_FORWARDED_PROTO="https")
            client.force_login(user)
            self.clients[username] = (client, user)
        return self.clients[username]

    def request(self, client, method, url, params, data):
        from django.db import transaction

        if method == "GET":
            return client.get(url, params or {})
        # A POST changes data: each one runs in a transaction rolled back afterwards, so every
        # repetition does the same work on the same rows.
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
        return response

    def count(self, fn):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = fn()
        # Read now: the next request clears the log. Transaction control (BEGIN, COMMIT, savepoints)
        # is not counted as a query (see SAVEPOINT).
        return response, sum(1 for q in queries.captured_queries if not SAVEPOINT.match(q["sql"]))

    def measure_together(self, named):
        """Time several variants of a page round-robin (ours, admin, floor, ours, ...), so that what
        else runs on the machine slows them alike and the ratios stay fair."""
        results, times = {}, {name: [] for name in named}
        for name, fn in named.items():
            fn()  # warm up (per-process caches such as content types are filled once, not per request)
            response, queries = self.count(fn)
            results[name] = {"queries": queries, "status": response.status_code}
        for _ in range(self.repeat):
            for name, fn in named.items():
                started = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - started) * 1000)
        for name, values in times.items():
            results[name].update(median=round(statistics.median(values), 1), p95=round(percentile(values, 0.95), 1))
        return results

    def page(self, page, username, counts_only=False):
        from django.urls import reverse

        client, user = self.client(username)
        url = reverse(page.name, args=page.args(user) if page.args else None)
        params = page.params(user) if callable(page.params) else page.params
        data = page.data(user) if page.data else None
        row = {"key": page.key, "login": username, "kind": page.kind, "url": url, "params": params or {}}

        def ours():
            return self.request(client, page.method, url, params, data)

        if counts_only:
            ours()  # warm up, as in the timed run
            response, queries = self.count(ours)
            row.update(queries=queries, status=response.status_code)
            return row
        variants = {"ours": ours}
        if page.admin:
            model, filters = page.admin
            admin_url = reverse(f"bench_admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            admin_params = filters(user)
            variants["admin"] = lambda: client.get(admin_url, admin_params)
        if page.floor:
            floor_url = reverse("bench-floor", args=[page.key])
            variants["floor"] = lambda: client.get(floor_url)
        results = self.measure_together(variants)
        row.update(results["ours"])
        if page.admin:
            row["admin"] = {**results["admin"], "url": admin_url, "params": admin_params}
        if page.floor:
            from bench.floor import floor_sql

            sql, sql_params = floor_sql(page, user)
            sql_times = []
            for _ in range(self.repeat):
                started = time.perf_counter()
                _run_sql(sql, sql_params)
                sql_times.append((time.perf_counter() - started) * 1000)
            row["floor"] = {**results["floor"], "sql_ms": round(statistics.median(sql_times), 2)}
        return row


def _run_sql(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


def verdict(row, demo_counts):
    checks = {"p95": row.get("p95", 0) <= row["budget_ms"], "queries": row["queries"] <= 15}
    checks["status"] = row["status"] in row["expect"]
    if "admin" in row:
        row["ratio_admin"] = round(row["median"] / row["admin"]["median"], 2)
        # The admin's answer must be the page of rows, not an error page, for the ratio to mean anything.
        checks["vs_admin"] = row["ratio_admin"] <= 1.0 and row["admin"]["status"] == 200
    if "floor" in row:
        row["ratio_floor"] = round(row["median"] / row["floor"]["median"], 2)
        checks["vs_floor"] = row["ratio_floor"] <= 3.0
    demo = demo_counts.get(f"{row['key']}/{row['login']}")
    if demo is not None:
        row["demo_queries"] = demo
        checks["same_count"] = demo == row["queries"]
    row["checks"] = checks
    row["ok"] = all(checks.values())
    return row


def machine():
    from django.db import connection

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute(
            "SELECT (SELECT count(*) FROM mentoring_family), (SELECT count(*) FROM mentoring_activityform),"
            " (SELECT count(*) FROM mentoring_contact), (SELECT count(*) FROM parentpartner_parentpartner)"
        )
        families, forms, contacts, partners = cursor.fetchone()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "postgresql": pg,
        "load_average": [round(x, 2) for x in os.getloadavg()], "database": connection.settings_dict["NAME"],
        "data": {"families": families, "activity_forms": forms, "contacts": contacts, "parent_partners": partners},
    }  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 20)))
    parser.add_argument("--only", nargs="*", help="Page keys to run.")
    parser.add_argument("--counts-only", action="store_true", help="Only the query counts (for the demo data).")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    setup()
    from bench.pages import PAGES

    runner = Runner(args.repeat)
    pages = [p for p in PAGES if not args.only or p.key in args.only]
    started = time.monotonic()
    info = machine()
    rows = []
    for page in pages:
        for username in page.roles:
            try:
                row = runner.page(page, username, counts_only=args.counts_only)
            except LookupError as missing:
                print(f"skip {page.key} as {username}: {missing}", file=sys.stderr)
                continue
            row.update(budget_ms=page.budget_ms, expect=list(page.expect))
            rows.append(row)
            print(_line(row), file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    if args.counts_only:
        out = Path(args.out or RESULTS / "demo-counts.json")
        out.write_text(json.dumps({f"{r['key']}/{r['login']}": r["queries"] for r in rows}, indent=1, sort_keys=True))
        print(f"wrote {out}", file=sys.stderr)
        return 0
    demo_file = RESULTS / "demo-counts.json"
    demo_counts = json.loads(demo_file.read_text()) if demo_file.exists() else {}
    rows = [verdict(row, demo_counts) for row in rows]
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    info["seconds"] = round(time.monotonic() - started)
    result = {"machine": info, "repeat": args.repeat, "pages": rows}
    load_file = RESULTS / "load.json"
    if load_file.exists():
        result["load"] = json.loads(load_file.read_text())
    out = Path(args.out or RESULTS / "latest.json")
    out.write_text(json.dumps(result, indent=1, default=str))
    from bench.report import markdown, update_readme

    table = markdown(result)
    out.with_suffix(".md").write_text(table)
    if args.out is None and not args.only:  # a full run updates the README's Performance section
        update_readme(table, RESULTS.parent.parent / "README.md")
    failed = [f"{r['key']}/{r['login']}" for r in rows if not r["ok"]]
    print(f"{len(rows)} measurements, {len(failed)} missing a target: {' '.join(failed)}", file=sys.stderr)
    return 0


def _line(row):
    extra = ""
    if "admin" in row:
        extra += f" admin {row['admin']['median']}ms/{row['admin']['queries']}q"
    if "floor" in row:
        extra += f" floor {row['floor']['median']}ms (sql {row['floor']['sql_ms']}ms)"
    timing = f"{row['median']:>7}ms p95 {row['p95']:>7}ms " if "median" in row else ""
    return f"{row['key']:<28} {row['login']:<16} {row['status']} {timing}{row['queries']:>3}q{extra}"


if __name__ == "__main__":
    sys.exit(main())
