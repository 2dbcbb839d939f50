"""tern.js in real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium).

The test page is served from another loopback port than Tern, so every request tern.js makes is
cross-origin: CORS preflights and answers are part of what is tested.
"""

import json
import os
import shutil
import tempfile
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from conftest import HOST, REPO, wait_until

TERN_JS = REPO / "Sources" / "TernServer" / "Resources" / "tern.js"

# The README's snippet: a stub that keeps calls made before tern.js has loaded.
SNIPPET = """<script>
  window.tern = window.tern || [];
  ["init", "track", "identify", "page", "alias", "reset"].forEach(function (m) {
    tern[m] = tern[m] || function () { tern.push([m].concat([].slice.call(arguments))); return tern; };
  });
  {calls}
</script>
<script src="{tern}/tern.js"{attributes} async></script>"""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<script>{before}</script>
{snippet}
</head><body><h1>{title}</h1><a id="next" href="/pricing.html">Pricing</a></body></html>"""

# A browser without localStorage (disabled, or a private mode that refuses it) nor crypto.randomUUID.
WITHOUT_STORAGE = """
Object.defineProperty(window, "localStorage", {get() { throw new DOMException("denied", "SecurityError"); }});
crypto.randomUUID = undefined;
"""

# path: (title, calls in the snippet, whether the script tag names the write key, script run before)
PAGES = {
    "/index.html": ("Home", "tern.page();", True, ""),
    "/pricing.html": ("Pricing", "tern.page();", True, ""),
    "/quiet.html": ("Quiet", "", True, ""),
    # tern.init with an explicit host instead of data-write-key, called before the script loads.
    "/init.html": ("Init", "tern.init({key!r}, {{host: {tern!r}}}); tern.page({{title: 'Initialised'}});", False, ""),
    "/no-storage.html": ("No storage", "tern.page();", True, WITHOUT_STORAGE),
}


class PageServer:
    """Serves the test pages from their own loopback port (another origin than Tern's)."""

    def __init__(self, write_key, tern_url):
        pages = {}
        for path, (title, calls, with_key, before) in PAGES.items():
            calls = calls.format(key=write_key, tern=tern_url)
            attributes = f' data-write-key="{write_key}"' if with_key else ""
            snippet = SNIPPET.replace("{calls}", calls).replace("{tern}", tern_url).replace("{attributes}", attributes)
            pages[path] = PAGE.format(title=title, snippet=snippet, before=before).encode()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = pages.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{HOST}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def chromium_paths():
    browser = os.environ.get("CHROMIUM_BINARY") or shutil.which("chromium") or "/usr/bin/chromium"
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path in (browser, driver):
        if not Path(path).exists():
            pytest.fail(f"{path} is missing: apt-get install chromium chromium-driver (Tests/clients/run.sh does)",
                        pytrace=False)
    return browser, driver


@pytest.fixture
def site(tern):
    server = PageServer(tern.write_key, tern.url)
    yield server
    server.close()


@pytest.fixture
def gated(tern, browser, flaky_proxy):
    """A page whose tern.js reaches Tern through a FlakyProxy, to make Tern unreachable at will."""
    gate = flaky_proxy()
    server = PageServer(tern.write_key, gate.url)
    yield Page(browser, server), gate
    server.close()


@pytest.fixture
def browser():
    """A fresh headless Chromium with an empty profile (so empty localStorage and cookies)."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must not look for drivers online
    binary, driver_path = chromium_paths()
    profile = tempfile.mkdtemp(prefix="tern-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-background-networking", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    yield driver
    try:
        driver.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """The browser showing a test page, with helpers to reach its `tern`."""

    def __init__(self, driver, site):
        self.driver = driver
        self.site = site

    def open(self, path="/index.html"):
        self.driver.get(self.site.url + path)
        self.wait_loaded()

    def wait_loaded(self):
        wait_until(lambda: self.driver.execute_script("return !!(window.tern && window.tern.VERSION)"),
                   timeout=15, message="tern.js to load")

    def run(self, script, *args):
        return self.driver.execute_script(script, *args)

    def flush(self):
        """Resolves to true when everything queued was acknowledged by Tern."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; tern.flush().then(done, () => done(false));")

    def anonymous_id(self):
        return self.run("return tern.anonymousId()")

    def stored_queue(self):
        return json.loads(self.run("return localStorage.getItem('tern.queue') || '[]'"))

    def console(self):
        try:
            return [entry["message"] for entry in self.driver.get_log("browser")]
        except Exception:
            return []

    def offline(self, offline=True):
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


@pytest.fixture
def page(browser, site):
    return Page(browser, site)


def by_message_id(events):
    found = {}
    for event in events:
        found.setdefault(event["messageId"], []).append(event)
    return found


def only(events, **fields):
    return [e for e in events if all(e.get(k) == v for k, v in fields.items())]


def seconds_between(a, b):
    def parse(t):
        return t if isinstance(t, datetime) else datetime.fromisoformat(t.replace("Z", "+00:00"))
    return abs((parse(a) - parse(b)).total_seconds())


def test_tern_serves_this_tern_js(tern):
    response = requests.get(tern.url + "/tern.js", timeout=10)
    assert response.status_code == 200
    assert "javascript" in response.headers.get("Content-Type", "")
    assert response.content == TERN_JS.read_bytes(), "the binary serves another tern.js: rebuild it"


def test_ingestion_answers_cors_preflights_from_any_page(tern):
    origin = "http://127.0.0.1:1"
    preflight = requests.options(tern.url + "/v1/batch", timeout=10, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,content-encoding,x-tern-source"})
    assert preflight.status_code in (200, 204)
    assert preflight.headers.get("Access-Control-Allow-Origin") == origin
    assert "POST" in preflight.headers.get("Access-Control-Allow-Methods", "")
    allowed = preflight.headers.get("Access-Control-Allow-Headers", "").lower()
    for header in ("authorization", "content-type", "content-encoding", "x-tern-source"):
        assert header in allowed


def test_page_view_and_track_arrive_once_from_the_browser(tern, page):
    page.open("/index.html")
    anonymous = page.anonymous_id()
    page.run("tern.track('Order Completed', {cl_price: 12.5, cl_product: 'Hat'})")

    [viewed] = tern.wait_for_events(1, event="page_viewed")
    [order] = tern.wait_for_events(1, event="cl_order_completed")
    assert viewed["source"] == "browser" and order["source"] == "browser"
    assert viewed["properties"]["url"] == page.site.url + "/index.html"
    assert viewed["properties"]["path"] == "/index.html"
    assert viewed["properties"]["title"] == "Home"
    assert order["properties"] == {"cl_price": 12.5, "cl_product": "Hat"}
    assert viewed["contactId"] == order["contactId"]
    assert seconds_between(order["time"], datetime.now(timezone.utc)) < 10
    assert anonymous in tern.contact_by_id(order["contactId"])["anonymousIds"]
    time.sleep(1.5)  # nothing arrives twice
    assert len(tern.events(event="cl_order_completed")) == 1 and len(tern.events(event="page_viewed")) == 1
    assert page.stored_queue() == []


def test_calls_made_before_init_with_an_explicit_host_are_kept(tern, page):
    page.open("/init.html")

    [viewed] = tern.wait_for_events(1, event="page_viewed")
    assert viewed["properties"]["title"] == "Initialised"
    assert viewed["properties"]["path"] == "/init.html"


def test_identify_merges_the_visitor_and_its_timeline_holds_everything(tern, page):
    page.open("/index.html")
    anonymous = page.anonymous_id()
    page.run("tern.track('Button Clicked', {cl_label: 'pricing'})")
    page.driver.find_element("id", "next").click()  # a second page, same visitor
    page.wait_loaded()
    assert page.anonymous_id() == anonymous
    page.run("tern.identify('user-b1', {email: 'visitor@example.com', plan: 'trial'})")
    page.run("tern.track('Signed Up', {cl_plan: 'trial'})")
    assert page.flush() is True

    contact = wait_until(lambda: tern.contact("user-b1"), message="the identified contact")
    assert anonymous in contact["anonymousIds"]
    assert contact["email"] == "visitor@example.com"
    assert contact["attributes"]["plan"] == "trial"
    timeline = wait_until(lambda: (lambda t: t if len(only(t, event="cl_signed_up")) else None)(
        tern.timeline(contact["id"])), message="the merged timeline")
    names = [e["event"] for e in timeline]
    assert names.count("page_viewed") == 2
    assert names.count("cl_button_clicked") == 1
    assert names.count("cl_signed_up") == 1
    times = [datetime.fromisoformat(e["time"].replace("Z", "+00:00")) for e in timeline]
    assert times == sorted(times, reverse=True), "the timeline is newest first"
    viewed = sorted(e["properties"]["path"] for e in only(timeline, event="page_viewed"))
    assert viewed == ["/index.html", "/pricing.html"]
    pricing = only(timeline, event="page_viewed")
    assert any(e["properties"].get("referrer") == page.site.url + "/index.html" for e in pricing)
    # Every event of this visitor is on this one contact, none elsewhere.
    tracked = ("page_viewed", "cl_button_clicked", "cl_signed_up")
    assert {e["contactId"] for e in tern.events() if e["event"] in tracked} == {contact["id"]}

    # The user id is remembered by later pages; reset() forgets it and starts a new visitor.
    page.open("/quiet.html")
    assert page.run("return tern.userId()") == "user-b1"
    page.run("tern.reset()")
    assert page.run("return tern.userId()") is None
    assert page.anonymous_id() != anonymous


def test_alias_links_the_visitor_to_a_user(tern, page):
    page.open("/quiet.html")
    anonymous = page.anonymous_id()
    page.run("tern.track('Button Clicked', {cl_label: 'before'})")
    page.run("tern.alias('user-b2')")
    assert page.flush() is True

    contact = wait_until(lambda: tern.contact("user-b2"), message="the aliased contact")
    assert anonymous in contact["anonymousIds"]
    [clicked] = tern.wait_for_events(1, event="cl_button_clicked")
    assert clicked["contactId"] == contact["id"]


def test_unsent_events_survive_a_reload_and_arrive_once(tern, gated):
    page, gate = gated
    page.open("/quiet.html")
    gate.hold("refuse")  # Tern unreachable: every send fails as a network error
    page.run("tern.track('Button Clicked', {cl_label: 'while unreachable'})")
    [kept] = wait_until(lambda: page.stored_queue() or None, message="the event in localStorage")
    assert kept["event"] == "Button Clicked"
    wait_until(lambda: len(gate.requests) >= 2, message="a send and its retry to fail")

    page.driver.refresh()  # pagehide's beacon fails too
    page.wait_loaded()
    assert [m["messageId"] for m in page.stored_queue()] == [kept["messageId"]]
    wait_until(lambda: any(kept["messageId"].encode() in body for _, _, body in gate.requests[3:]),
               message="the reloaded page to try again")
    assert tern.events(event="cl_button_clicked") == []

    gate.release()
    [event] = tern.wait_for_events(1, timeout=30, event="cl_button_clicked")
    assert event["messageId"] == kept["messageId"]
    assert event["properties"] == {"cl_label": "while unreachable"}
    assert seconds_between(event["time"], kept["timestamp"]) < 1, "the time it happened, not the time it was sent"
    wait_until(lambda: page.stored_queue() == [], timeout=10, message="localStorage to be emptied")
    time.sleep(1.5)
    assert len(tern.events(event="cl_button_clicked")) == 1


def test_offline_events_are_retried_when_the_browser_is_back_online(tern, page):
    page.open("/quiet.html")
    page.offline()
    page.run("tern.track('Signed Up', {cl_plan: 'offline'})")
    time.sleep(2)
    assert tern.events(event="cl_signed_up") == []
    page.offline(False)

    [event] = tern.wait_for_events(1, timeout=30, event="cl_signed_up")
    assert event["properties"] == {"cl_plan": "offline"}
    time.sleep(1.5)
    assert len(tern.events(event="cl_signed_up")) == 1


def test_events_waiting_when_the_page_is_left_go_out_by_beacon(tern, gated):
    page, gate = gated
    page.open("/quiet.html")
    page.run("for (let n = 0; n < 5; n++) tern.track('Button Clicked', {cl_label: 'leaving', cl_n: n});")
    page.driver.get("about:blank")  # before the 1 s flush: pagehide sends them by sendBeacon

    events = tern.wait_for_events(5, timeout=15, event="cl_button_clicked")
    assert sorted(e["properties"]["cl_n"] for e in events) == [0, 1, 2, 3, 4]
    # A beacon carries no headers of tern.js's own: the key is in the body, the library names the source.
    beacons = [headers for _, headers, _ in gate.requests if headers.get("Content-Type", "").startswith("text/plain")]
    assert beacons and "Authorization" not in beacons[0]
    assert {e["source"] for e in events} == {"browser"}

    # The beacon's answer could not be read, so the next page sends them again: stored once still.
    page.open("/quiet.html")
    wait_until(lambda: page.stored_queue() == [], timeout=15, message="the resent events to be acknowledged")
    assert len(tern.events(event="cl_button_clicked")) == 5


def test_many_events_are_batched_compressed_and_stored_once_each(tern, gated):
    page, gate = gated
    page.open("/quiet.html")
    page.run("for (let n = 0; n < 120; n++) tern.track('Button Clicked', {cl_label: 'x'.repeat(250), cl_n: n});")
    assert page.flush() is True

    events = tern.wait_for_events(120, event="cl_button_clicked")
    assert len(events) == 120
    assert sorted(e["properties"]["cl_n"] for e in events) == list(range(120))
    assert all(len(copies) == 1 for copies in by_message_id(events).values())
    assert any(headers.get("Content-Encoding") == "gzip" for _, headers, _ in gate.requests)


def test_an_oversized_event_is_dropped_in_the_browser_not_sent(tern, page):
    page.open("/quiet.html")
    page.run("tern.track('Signed Up', {cl_plan: 'x'.repeat(40000)}); tern.track('Signed Up', {cl_plan: 'small'});")
    assert page.flush() is True

    [event] = tern.wait_for_events(1, event="cl_signed_up")
    assert event["properties"] == {"cl_plan": "small"}


def test_a_failed_send_is_retried_and_a_refused_one_dropped(tern, gated):
    page, gate = gated
    page.open("/quiet.html")
    gate.plan = ["503"]
    page.run("tern.track('Signed Up', {cl_plan: 'retried'})")
    [event] = tern.wait_for_events(1, timeout=20, event="cl_signed_up")
    assert gate.answers[:2] == ["503", "forward"]
    assert event["properties"] == {"cl_plan": "retried"}

    gate.plan = ["400"]  # a 4xx other than 429 would be refused again: not retried
    sent = len(gate.requests)
    page.run("tern.track('Signed Up', {cl_plan: 'refused'})")
    wait_until(lambda: len(gate.requests) > sent, message="the send")
    wait_until(lambda: page.stored_queue() == [], timeout=10, message="the refused event to leave storage")
    time.sleep(3)
    assert gate.answers[sent:] == ["400"]
    assert len(tern.events(event="cl_signed_up")) == 1


def test_without_local_storage_the_visitor_is_kept_in_a_cookie(tern, page):
    page.open("/no-storage.html")
    anonymous = page.anonymous_id()
    assert len(anonymous) == 36 and anonymous[14] == "4"  # a version 4 UUID from the fallback
    assert page.run("return document.cookie").find("tern.anonymousId=") >= 0
    page.open("/no-storage.html")
    assert page.anonymous_id() == anonymous
    page.run("tern.identify('user-b3')")
    assert page.flush() is True

    contact = wait_until(lambda: tern.contact("user-b3"), message="the identified contact")
    assert anonymous in contact["anonymousIds"]
    views = tern.wait_for_events(2, event="page_viewed")
    assert {e["contactId"] for e in views} == {contact["id"]}


def test_a_workspace_limited_to_other_origins_gets_nothing_from_this_page(tern, page):
    tern.api("PUT", "/v1/settings/allowed-origins", json={"origins": [page.site.url]})
    page.open("/quiet.html")
    page.run("tern.track('Signed Up', {cl_plan: 'allowed'})")
    assert page.flush() is True
    tern.wait_for_events(1, event="cl_signed_up")

    tern.api("PUT", "/v1/settings/allowed-origins", json={"origins": ["https://shop.example"]})
    page.run("tern.track('Signed Up', {cl_plan: 'refused'})")
    assert page.flush() is True  # 403: refused for good, so not kept for retries
    assert page.stored_queue() == []
    time.sleep(1)
    assert [e["properties"]["cl_plan"] for e in tern.events(event="cl_signed_up")] == ["allowed"]


def test_another_user_on_the_same_browser_is_not_merged_into_the_first(tern, page):
    page.open("/quiet.html")
    first_visitor = page.anonymous_id()
    page.run("tern.identify('user-b4'); tern.track('Signed Up', {cl_plan: 'first'})")
    page.run("tern.identify('user-b5'); tern.track('Signed Up', {cl_plan: 'second'})")  # no reset() between
    assert page.anonymous_id() != first_visitor
    assert page.flush() is True

    first, second = tern.contact("user-b4"), tern.contact("user-b5")
    assert first is not None and second is not None and first["id"] != second["id"]
    plans = {e["properties"]["cl_plan"]: e["contactId"] for e in tern.wait_for_events(2, event="cl_signed_up")}
    assert plans == {"first": first["id"], "second": second["id"]}
