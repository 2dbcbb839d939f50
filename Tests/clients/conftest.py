"""Shared fixtures: a fresh `tern serve` per test, on a free loopback port, with its own data.

The binary is `$TERN_BINARY`, or `.build/debug/tern` of this checkout (`swift build` makes it).
Every wait here is bounded: a test fails, it never hangs.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

#: The tracking plan every test server starts with.
DEFINITIONS = [
    {
        "id": "cl_order_completed",
        "name": "Order Completed",
        "direction": "inbound",
        "score": 10,
        "properties": [
            {"id": "cl_price", "name": "Price", "type": "number"},
            {"id": "cl_product", "name": "Product", "type": "string"},
            {"id": "cl_shipped_at", "name": "Shipped at", "type": "timestamp"},
            {"id": "cl_receipt", "name": "Receipt", "type": "url"},
        ],
    },
    {
        "id": "cl_signed_up",
        "name": "Signed Up",
        "direction": "inbound",
        "properties": [{"id": "cl_plan", "name": "Plan", "type": "string"}],
    },
    {
        "id": "cl_button_clicked",
        "name": "Button Clicked",
        "direction": "inbound",
        "properties": [
            {"id": "cl_label", "name": "Label", "type": "string"},
            {"id": "cl_n", "name": "Sequence", "type": "number"},
        ],
    },
]


def tern_binary() -> Path:
    path = Path(os.environ.get("TERN_BINARY") or REPO / ".build" / "debug" / "tern")
    if not path.is_absolute():
        path = REPO / path
    if not path.exists():
        pytest.fail(f"no tern binary at {path}: run `swift build` or set TERN_BINARY", pytrace=False)
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until(condition, timeout=15.0, interval=0.1, message="condition"):
    """Polls `condition` until it returns something truthy, which it returns; fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = condition()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message} (last: {last!r})")
        time.sleep(interval)


class TernServer:
    """One running `tern serve` with one workspace and the test tracking plan."""

    def __init__(self, binary: Path, directory: Path):
        self.binary = binary
        self.directory = directory
        self.data = directory / "data"
        self.log_path = directory / "tern.log"
        self.process = None
        self.port = None
        created = subprocess.run(
            [str(binary), "workspace", "create", "clients", "--data-dir", str(self.data), "--json"],
            capture_output=True, text=True, timeout=60,
        )
        assert created.returncode == 0, f"tern workspace create failed: {created.stderr or created.stdout}"
        keys = json.loads(created.stdout)
        self.workspace = keys["id"]
        self.admin_key = keys["adminKey"]
        self.write_key = keys["writeKey"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {self.admin_key}"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self):
        self.port = free_port()
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [str(self.binary), "serve", "--data-dir", str(self.data), "--host", HOST, "--port", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()

        def up():
            if self.process.poll() is not None:
                raise AssertionError(f"tern serve exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                return requests.get(self.url + "/openapi.json", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(up, timeout=30, message=f"tern serve on port {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_tail(self, lines=40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # ---- the admin API ----

    def api(self, method, path, expect=(200, 201), **kwargs):
        response = self.session.request(method, self.url + path, timeout=10, **kwargs)
        if expect is not None:
            assert response.status_code in expect, (
                f"{method} {path} answered {response.status_code}: {response.text[:2000]}")
        return response

    def define(self, definitions):
        for definition in definitions:
            self.api("POST", "/v1/event-definitions", json=definition, expect=(201,))

    def _pages(self, path, params):
        items, cursor = [], None
        for _ in range(1000):  # at most a million rows: bounded like every loop here
            query = dict(params, limit=1000)
            if cursor:
                query["cursor"] = cursor
            page = self.api("GET", path, params=query).json()
            items.extend(page["items"])
            cursor = page.get("nextCursor")
            if not page.get("hasMore") or not cursor:
                return items
        raise AssertionError(f"{path} never ended")

    def events(self, event=None, contact_id=None):
        """Every stored event (optionally of one definition or contact), in the order stored."""
        params = {}
        if event:
            params["event"] = event
        if contact_id:
            params["contactId"] = contact_id
        return self._pages("/v1/events", params)

    def timeline(self, contact_id):
        return self._pages(f"/v1/contacts/{contact_id}/events", {})

    def contact(self, external_id):
        """The contact with this external id (userId), or None."""
        items = self.api("GET", "/v1/contacts", params={"externalId": external_id}).json()["items"]
        return items[0] if items else None

    def contact_by_id(self, contact_id):
        return self.api("GET", f"/v1/contacts/{contact_id}").json()

    def rejected(self):
        return self._pages("/v1/rejected-events", {})

    def wait_for_events(self, count, timeout=15, **filters):
        """Waits until at least `count` events match, then returns them all."""
        return wait_until(
            lambda: (lambda found: found if len(found) >= count else None)(self.events(**filters)),
            timeout=timeout, message=f"{count} event(s) matching {filters}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


@pytest.fixture
def tern(request):
    """A fresh Tern: its own process, port, data and workspace, with DEFINITIONS defined."""
    directory = Path(tempfile.mkdtemp(prefix="tern-clients-"))
    server = TernServer(tern_binary(), directory)
    try:
        server.start()
        server.define(DEFINITIONS)
        yield server
    finally:
        server.stop()
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            print(f"\n--- tern serve log ({server.log_path}) ---\n{server.log_tail()}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


class FlakyProxy:
    """A loopback HTTP proxy in front of Tern that misbehaves on ingestion requests, as told.

    `plan` holds one action per POST, in order; `hold(action)` applies one to every POST until
    `release()`; otherwise POSTs are forwarded. GET and OPTIONS (tern.js, CORS preflights) are
    always forwarded. The actions:
    - "forward": pass the request on and its answer back;
    - a status such as "503", "429" or "400": answer it without passing the request on
      (`retry_after` sets the Retry-After header);
    - "drop": pass the request on, so Tern stores it, then close the connection without an answer,
      as if the response were lost on the way back;
    - "refuse": close the connection without passing the request on: a network error to the client.
    """

    def __init__(self, target_port, plan=(), retry_after=None):
        self.target_port = target_port
        self.plan = list(plan)
        self.held = None
        self.retry_after = retry_after
        self.requests = []  # (path, headers, body) of every POST seen
        self.answers = []   # the action taken for each
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.relay(b"")

            def do_OPTIONS(self):
                self.relay(b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with proxy.lock:
                    proxy.requests.append((self.path, dict(self.headers), body))
                    action = proxy.held or (proxy.plan.pop(0) if proxy.plan else "forward")
                    proxy.answers.append(action)
                if action.isdigit():
                    payload = b'{"code": "unavailable", "message": "try again"}'
                    self.send_response(int(action))
                    if proxy.retry_after is not None:
                        self.send_header("Retry-After", str(proxy.retry_after))
                    origin = self.headers.get("Origin")
                    if origin:
                        self.send_header("Access-Control-Allow-Origin", origin)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                elif action == "refuse":
                    self.hang_up()
                elif action == "drop":
                    proxy.forward(self.command, self.path, self.headers, body)
                    self.hang_up()
                else:
                    self.relay(body)

            def hang_up(self):
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

            def relay(self, body):
                status, headers, answer = proxy.forward(self.command, self.path, self.headers, body)
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length", "date", "server"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def hold(self, action):
        with self.lock:
            self.held = action

    def release(self):
        with self.lock:
            self.held = None

    def forward(self, method, path, headers, body):
        connection = http.client.HTTPConnection(HOST, self.target_port, timeout=10)
        try:
            passed = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
            connection.request(method, path, body=body or None, headers=passed)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def flaky_proxy(tern):
    """Builds FlakyProxy instances in front of the test's Tern; closes them afterwards."""
    proxies = []

    def make(plan=(), retry_after=None):
        proxy = FlakyProxy(tern.port, plan, retry_after=retry_after)
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.close()
