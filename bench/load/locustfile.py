"""Lifters at 18:00: log in, open /today/, start a session, add exercises and log sets with
short pauses, finish, then look at the dashboard and the history.

Run through bench/load/run.sh (or `make load`); headless, bounded in users and time:
    locust -f bench/load/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8301

Environment:
    LOAD_HOSTS     comma-separated base URLs; users are spread across them (loopback only)
    LOAD_FIXTURE   fixture.json written by prepare.py (lifter names, password, exercise ids)
    LOAD_ACKS      where to write every acknowledged set (user, key, entry) at the end
    LOAD_LOGIN_SHARE  share of users that log in with their password (default 0.1); the others
                   start from the logged-in session prepare.py made (a phone stays logged in)

Each set is posted with its own idempotency key (as the logging page's form does). A set
whose request fails (connection refused or reset, a 5xx) is retried with the same key, on the
next node when there are several, until acknowledged or the test ends; check.py then verifies
that every acknowledged set is stored exactly once.
"""

import json
import os
import random
import re
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

HOSTS = [h for h in os.environ.get("LOAD_HOSTS", "").split(",") if h]
FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
ACKS = []  # (username, idempotency key, entry id) of every set the server acknowledged
UNACKED = []  # sets still unacknowledged when the test stopped
_next_user = iter(range(10**6))

for host in HOSTS:
    if urlsplit(host).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"loopback only, not {host}")

SESSION_ID = re.compile(r"/sessions/(\d+)/")
ENTRY_ID = re.compile(r"#entry-(\d+)")
RETRY_STATUSES = {0, 500, 502, 503, 504}


class Lifter(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.index = next(_next_user)
        self.username = FIXTURE["users"][self.index % len(FIXTURE["users"])]
        self.node = self.index % max(1, len(HOSTS))
        if HOSTS:
            self.client.base_url = HOSTS[self.node]
        if random.random() < float(os.environ.get("LOAD_LOGIN_SHARE", "0.1")):
            self.login()
        else:
            self.client.cookies.set("sessionid", FIXTURE["sessions"][self.username])

    # -- helpers ------------------------------------------------------------------------------
    def _insecure_cookies(self):
        """DEBUG=False marks the cookies Secure; the test talks plain HTTP on loopback."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def _failover(self):
        if len(HOSTS) > 1:
            self.node = (self.node + 1) % len(HOSTS)
            self.client.base_url = HOSTS[self.node]

    def request(self, method, path, name=None, retry=False, **kwargs):
        """One request; with retry, again (same body, same key) until it is answered."""
        headers = kwargs.pop("headers", {})
        while True:
            self._insecure_cookies()
            token = self.client.cookies.get("csrftoken")
            if token and method == "POST":
                headers["X-CSRFToken"] = token
            with self.client.request(
                method,
                path,
                name=name or path,
                headers=headers,
                allow_redirects=False,
                catch_response=True,
                **kwargs,
            ) as response:
                failed = response.status_code in RETRY_STATUSES
                if failed:
                    response.failure(f"{response.status_code} {response.error or ''}"[:120])
                elif response.status_code >= 400:
                    response.failure(f"HTTP {response.status_code}")
                else:
                    response.success()
            if not (failed and retry):
                return response
            if getattr(self.environment.runner, "state", None) in ("stopping", "stopped"):
                return response
            self._failover()
            time.sleep(0.5)

    def login(self):
        self.request("GET", "/accounts/login/", retry=True)
        response = self.request(
            "POST",
            "/accounts/login/",
            retry=True,
            data={"username": self.username, "password": FIXTURE["password"]},
        )
        if response.status_code != 302:
            raise RuntimeError(f"log-in failed for {self.username}: {response.status_code}")

    # -- what a lifter does -------------------------------------------------------------------
    @task
    def train(self):
        self.request("GET", "/today/", retry=True)
        started = self.request(
            "POST", "/sessions/new/", retry=True, data={"title": "Evening session"}
        )
        match = SESSION_ID.search(started.headers.get("Location", ""))
        if not match:
            return
        session = match.group(1)
        self.request("GET", f"/sessions/{session}/", name="/sessions/[id]/", retry=True)
        for exercise in random.sample(FIXTURE["exercises"], 2):
            added = self.request(
                "POST",
                f"/sessions/{session}/exercises/",
                name="/sessions/[id]/exercises/",
                retry=True,
                data={"exercise": str(exercise)},
            )
            match = ENTRY_ID.search(added.headers.get("Location", ""))
            if not match:
                return
            entry = match.group(1)
            for number in range(random.randint(3, 4)):
                self.log_set(entry, load=60 + 5 * number)
                time.sleep(random.uniform(0.5, 1.5))  # a short rest (compressed)
        self.request(
            "POST",
            f"/sessions/{session}/finish/",
            name="/sessions/[id]/finish/",
            retry=True,
            data={"rpe": "8"},
        )
        self.request("GET", "/dashboard/", retry=True)
        self.request("GET", "/sessions/", retry=True)

    def log_set(self, entry, load):
        key = str(uuid.uuid4())
        data = {f"e{entry}-reps": "5", f"e{entry}-load": str(load), "idempotency_key": key}
        response = self.request(
            "POST",
            f"/entries/{entry}/sets/",
            name="/entries/[id]/sets/ (save a set)",
            retry=True,
            data=data,
            headers={"HX-Request": "true"},
        )
        if response.status_code == 200:
            ACKS.append((self.username, key, int(entry)))
        else:
            UNACKED.append((self.username, key, int(entry), response.status_code))


@events.quitting.add_listener
def _write_acks(environment, **_kwargs):
    path = os.environ.get("LOAD_ACKS")
    if path:
        with open(path, "w") as out:
            json.dump({"acknowledged": ACKS, "unacknowledged": UNACKED}, out)
