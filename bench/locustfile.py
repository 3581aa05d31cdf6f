"""Locust users for bench.load: each takes one prepared login session and walks its daily pages
(coordinator or service area coordinator), a second or two apart. Any answer but 200 is an error."""

import itertools
import json
import os

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115, PTH123 - read once at import
NEXT = itertools.count()


class DailyUser(HttpUser):
    wait_time = between(1, 2)

    def on_start(self):
        entry = PLAN[next(NEXT) % len(PLAN)]
        self.pages = itertools.cycle(entry["pages"])
        self.headers = {"Cookie": f"sessionid={entry['session']}", "X-Forwarded-Proto": "https"}

    @task
    def daily_page(self):
        key, url = next(self.pages)
        with self.client.get(url, name=key, headers=self.headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")
