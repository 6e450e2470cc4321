"""Log-in lock-outs through a real forwarding proxy, over real sockets.

The app runs in pytest-django's live server with MONTAGE_TRUSTED_PROXY_COUNT = 1. In front of it
stands `ForwardingProxy`, a reverse proxy written here with the standard library that does what
nginx does with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`: it forwards each
request and appends the address of the peer it accepted the connection from to whatever
X-Forwarded-For the client sent. It knows nothing about the test.

Distinct clients are distinct source addresses: on Linux the whole of 127.0.0.0/8 is loopback,
so each `Client` binds its socket to its own address (127.0.0.2, 127.0.0.3) and the proxy sees
that as the peer, exactly as it would see two machines. The app sees every request come from the
proxy (REMOTE_ADDR 127.0.0.1), as behind a TLS terminator.
"""

import html
import http.client
import http.cookies
import os
import re
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
ATTACKER = "127.0.0.2"
VICTIM = "127.0.0.3"
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}


class _Forward(BaseHTTPRequestHandler):
    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers.pop("X-Forwarded-For", None)
        sent = ", ".join(self.headers.get_all("X-Forwarded-For") or [])
        peer = self.client_address[0]
        headers["X-Forwarded-For"] = f"{sent}, {peer}" if sent else peer
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=30)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            content = response.read()
        finally:
            upstream.close()
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = forward

    def log_message(self, format, *args):
        pass


class ForwardingProxy(ThreadingHTTPServer):
    """Listens on 127.0.0.1 (any free port) and forwards to `upstream` (host, port)."""

    daemon_threads = True

    def __init__(self, upstream):
        super().__init__(("127.0.0.1", 0), _Forward)
        self.upstream = upstream


class Client:
    """One machine: its own source address, its own cookies; talks only to the proxy."""

    def __init__(self, proxy_port, address):
        self.proxy_port = proxy_port
        self.address = address
        self.cookies = http.cookies.SimpleCookie()

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.proxy_port, timeout=30, source_address=(self.address, 0)
        )
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return response.status, content

    def log_in(self, username, password, forwarded_for=None):
        """The log-in page's form, filled in and posted; the response's status."""
        status, page = self.request("GET", LOGIN)
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {
            "csrfmiddlewaretoken": html.unescape(token),
            "username": username,
            "password": password,
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        status, _ = self.request("POST", LOGIN, urllib.parse.urlencode(form), headers)
        return status


def loopback_address_usable(address):
    try:
        with socket.socket() as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


@pytest.fixture
def proxy(live_server, settings):
    for address in (ATTACKER, VICTIM):
        if not loopback_address_usable(address):
            message = f"cannot bind {address} (all of 127.0.0.0/8 is loopback on Linux only)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    settings.MONTAGE_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    upstream = urllib.parse.urlsplit(live_server.url)
    server = ForwardingProxy((upstream.hostname, upstream.port))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()
    cache.clear()


@pytest.fixture
def victim(transactional_db):
    return UserFactory(username="victim")


@pytest.fixture
def attacker_locked_out(proxy, victim, settings):
    """The attacker has failed the victim's password up to the limit, through the proxy."""
    attacker = Client(proxy, ATTACKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.log_in(victim.username, "wrong-password")
    return attacker


def test_through_a_proxy_the_client_that_failed_is_locked_out(attacker_locked_out, victim):
    assert attacker_locked_out.log_in(victim.username, PASSWORD) == 429


def test_through_a_proxy_the_victim_logs_in_from_another_address(
    attacker_locked_out, proxy, victim
):
    assert Client(proxy, VICTIM).log_in(victim.username, PASSWORD) == 302


def test_through_a_proxy_a_forged_forwarded_header_does_not_lift_the_lock(
    attacker_locked_out, victim
):
    status = attacker_locked_out.log_in(victim.username, PASSWORD, forwarded_for=VICTIM)
    assert status == 429
