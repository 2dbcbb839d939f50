"""Segment's official Python SDK (segment-analytics-python), pointed at Tern by host and write key only.

Every message must arrive exactly once, on the right contact, at the right time and with its
properties, including when the SDK retries after a failed or lost request.
"""

import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
import segment.analytics as analytics
from segment.analytics.request import APIError

from conftest import wait_until


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def assert_close(actual_text, expected, tolerance=timedelta(seconds=3)):
    actual = parse_time(actual_text)
    assert abs(actual - expected) <= tolerance, f"time {actual} is not {expected}"


def flush_within(client, timeout=30):
    """client.flush() waits on a queue with no time limit: give it one."""
    done = threading.Thread(target=client.flush, daemon=True)
    done.start()
    done.join(timeout)
    assert not done.is_alive(), f"the SDK did not flush within {timeout}s"


def by_message_id(events):
    found = {}
    for event in events:
        found.setdefault(event["messageId"], []).append(event)
    return found


@pytest.fixture
def sdk(tern):
    """The SDK's module-level client, in sync mode: each call is one request to Tern."""
    errors = []
    analytics.default_client = None
    analytics.write_key = tern.write_key
    analytics.host = tern.url
    analytics.sync_mode = True
    analytics.on_error = lambda error, batch: errors.append((error, batch))
    yield analytics
    analytics.default_client = None
    analytics.sync_mode = False
    analytics.on_error = None
    assert errors == [], f"the SDK reported errors: {errors}"


@pytest.fixture
def make_client():
    """Builds SDK clients with their background consumer thread (the SDK's default mode)."""
    clients = []

    def make(write_key, host, **options):
        errors = []
        options.setdefault("on_error", lambda error, batch: errors.append((error, batch)))
        client = analytics.Client(write_key=write_key, host=host, upload_interval=0.1, **options)
        client.errors = errors
        clients.append(client)
        return client

    yield make
    for client in clients:
        for consumer in client.consumers or []:
            consumer.pause()
        for consumer in client.consumers or []:
            consumer.join(timeout=10)


def test_track_arrives_once_on_the_user_with_its_time_and_properties(tern, sdk):
    when = datetime.now(timezone.utc) - timedelta(days=2, minutes=7)
    sdk.track(
        user_id="user-1", event="Order Completed", timestamp=when, message_id="order-1",
        properties={"cl_price": 12.5, "cl_product": "Shoes", "cl_shipped_at": "2026-01-02T03:04:05Z",
                    "cl_receipt": "https://shop.example/r/1"},
    )

    [event] = tern.events(event="cl_order_completed")
    assert event["messageId"] == "order-1"
    assert event["source"] == "segment"
    assert_close(event["time"], when)
    assert event["properties"]["cl_price"] == 12.5
    assert event["properties"]["cl_product"] == "Shoes"
    assert parse_time(event["properties"]["cl_shipped_at"]) == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert event["properties"]["cl_receipt"] == "https://shop.example/r/1"
    contact = tern.contact("user-1")
    assert contact is not None and event["contactId"] == contact["id"]


def test_track_names_the_definition_by_id_or_by_name_in_any_case(tern, sdk):
    sdk.track(user_id="user-2", event="cl_signed_up", properties={"cl_plan": "pro"})
    sdk.track(user_id="user-2", event="SIGNED up", properties={"cl_plan": "team"})

    events = tern.events(event="cl_signed_up")
    assert sorted(e["properties"]["cl_plan"] for e in events) == ["pro", "team"]


def test_identify_stores_identifiers_and_traits_on_the_contact(tern, sdk):
    sdk.identify("user-3", {"email": "Ada@Example.com", "phone": "+44 7700 900123", "name": "Ada", "plan": "pro"})

    contact = tern.contact("user-3")
    assert contact is not None
    assert contact["externalId"] == "user-3"
    assert contact["phone"] == "+447700900123"
    assert contact["email"].lower() == "ada@example.com"
    assert contact["attributes"]["name"] == "Ada"
    assert contact["attributes"]["plan"] == "pro"


def test_anonymous_events_join_the_user_when_identify_links_them(tern, sdk):
    anonymous = f"anon-{uuid.uuid4()}"
    sdk.track(anonymous_id=anonymous, event="Button Clicked", properties={"cl_label": "pricing"}, message_id="a-1")
    sdk.page(anonymous_id=anonymous, name="Pricing", message_id="a-2",
             properties={"url": "https://shop.example/pricing", "path": "/pricing", "title": "Pricing"})
    sdk.track(user_id="user-4", event="Signed Up", properties={"cl_plan": "pro"}, message_id="u-1")

    sdk.identify("user-4", {"email": "grace@example.com"}, anonymous_id=anonymous, message_id="link")
    sdk.track(anonymous_id=anonymous, event="Button Clicked", properties={"cl_label": "after"}, message_id="a-3")

    contact = tern.contact("user-4")
    assert anonymous in contact["anonymousIds"]
    timeline = by_message_id(tern.timeline(contact["id"]))
    for message_id in ("a-1", "a-2", "u-1", "a-3"):
        assert len(timeline.get(message_id, [])) == 1, f"{message_id} is not once on the merged timeline"
    stored = by_message_id(tern.events())
    for message_id in ("a-1", "a-2", "u-1", "a-3"):
        assert len(stored[message_id]) == 1
        assert stored[message_id][0]["contactId"] == contact["id"]


def test_alias_merges_the_anonymous_contact_into_the_user(tern, sdk):
    anonymous = f"anon-{uuid.uuid4()}"
    sdk.track(anonymous_id=anonymous, event="Button Clicked", properties={"cl_label": "hero"}, message_id="b-1")
    sdk.track(user_id="user-5", event="Order Completed", properties={"cl_price": 3}, message_id="b-2")

    sdk.alias(previous_id=anonymous, user_id="user-5")
    sdk.alias(previous_id=anonymous, user_id="user-5")  # twice changes nothing

    contact = tern.contact("user-5")
    assert anonymous in contact["anonymousIds"]
    timeline = by_message_id(tern.timeline(contact["id"]))
    assert len(timeline.get("b-1", [])) == 1 and len(timeline.get("b-2", [])) == 1
    owners = {e["contactId"] for e in tern.events() if e["messageId"] in ("b-1", "b-2")}
    assert owners == {contact["id"]}


def test_page_records_page_viewed_with_url_title_referrer_and_path(tern, sdk):
    sdk.page(user_id="user-6", category="Docs", name="Install", message_id="p-1", properties={
        "url": "https://docs.example/install?x=1", "title": "Install Tern",
        "referrer": "https://search.example/", "path": "/install",
    })
    # Properties missing from `properties` come from context.page, as analytics.js sends them.
    sdk.page(user_id="user-6", message_id="p-2", properties={},
             context={"page": {"url": "https://docs.example/faq", "path": "/faq", "title": "FAQ"}})

    pages = by_message_id(tern.events(event="page_viewed"))
    assert pages["p-1"][0]["properties"] == {
        "url": "https://docs.example/install?x=1", "title": "Install Tern",
        "referrer": "https://search.example/", "path": "/install",
    }
    p2 = pages["p-2"][0]["properties"]
    assert (p2["url"], p2["path"], p2["title"]) == ("https://docs.example/faq", "/faq", "FAQ")
    assert pages["p-1"][0]["contactId"] == tern.contact("user-6")["id"]


def test_screen_records_screen_viewed_with_its_name(tern, sdk):
    sdk.screen(user_id="user-7", name="Settings", message_id="s-1")

    [screen] = tern.events(event="screen_viewed")
    assert screen["properties"]["name"] == "Settings"


def test_group_keeps_the_group_on_the_contact(tern, sdk):
    sdk.group(user_id="user-13", group_id="acme", traits={"name": "Acme", "employees": 42})

    contact = tern.contact("user-13")
    assert contact is not None and contact["attributes"]["groupId"] == "acme"


def test_an_unknown_event_is_quarantined_and_the_sdk_sees_success(tern, sdk):
    sdk.track(user_id="user-8", event="Never Defined", properties={"x": 1}, message_id="q-1")
    sdk.track(user_id="user-8", event="Signed Up", properties={"undeclared": 1}, message_id="q-2")

    assert [e for e in tern.events() if e["messageId"] in ("q-1", "q-2")] == []
    rejected = tern.rejected()
    text = str(rejected)
    assert "Never Defined" in text and "q-1" in text and "q-2" in text


def test_a_bad_write_key_is_refused_with_401(tern, sdk):
    sdk.write_key = "not-a-key"
    sdk.default_client = None
    with pytest.raises(APIError) as refused:
        sdk.track(user_id="user-9", event="Signed Up")
    assert refused.value.status == 401


def test_batches_from_the_background_thread_gzipped_arrive_once_each(tern, make_client):
    client = make_client(tern.write_key, tern.url, gzip=True, upload_size=100)
    for n in range(250):
        client.track(user_id=f"user-{n % 5}", event="Button Clicked", message_id=f"bulk-{n}",
                     properties={"cl_label": "x" * 200, "cl_n": n})
    flush_within(client)

    assert client.errors == []
    stored = by_message_id(tern.events(event="cl_button_clicked"))
    assert sorted(stored) == sorted(f"bulk-{n}" for n in range(250))
    assert all(len(copies) == 1 for copies in stored.values())
    assert stored["bulk-7"][0]["properties"]["cl_n"] == 7


@pytest.mark.parametrize("failure", ["503", "drop"])
def test_the_sdk_retries_a_failed_request_and_each_event_is_stored_once(tern, make_client, flaky_proxy, failure):
    # "503": the first attempt never reaches Tern. "drop": it does, and is stored, but the answer
    # is lost, so the SDK sends the same batch again: Tern must keep one copy of each messageId.
    proxy = flaky_proxy([failure])
    client = make_client(tern.write_key, proxy.url)
    anonymous = f"anon-{uuid.uuid4()}"
    client.track(anonymous_id=anonymous, event="Button Clicked", properties={"cl_label": "one"}, message_id="r-1")
    client.track(user_id="user-10", event="Order Completed", properties={"cl_price": 9.9}, message_id="r-2")
    client.identify("user-10", {"email": "retry@example.com"}, anonymous_id=anonymous, message_id="r-3")
    client.alias(previous_id=anonymous, user_id="user-10", message_id="r-4")
    flush_within(client)

    assert client.errors == []
    assert proxy.answers[0] == failure and len(proxy.requests) >= 2, proxy.answers
    first, retried = proxy.requests[0][2], proxy.requests[1][2]
    assert b"r-1" in first and b"r-1" in retried
    assert proxy.requests[1][1].get("X-Retry-Count") == "1"

    stored = by_message_id(tern.events())
    assert len(stored["r-1"]) == 1 and len(stored["r-2"]) == 1
    contact = tern.contact("user-10")
    assert anonymous in contact["anonymousIds"]
    assert stored["r-1"][0]["contactId"] == stored["r-2"][0]["contactId"] == contact["id"]
    assert contact["email"] == "retry@example.com"
    timeline = by_message_id(tern.timeline(contact["id"]))
    assert len(timeline["r-1"]) == 1 and len(timeline["r-2"]) == 1


def test_the_sdk_waits_out_a_429_with_retry_after_and_delivers_once(tern, make_client, flaky_proxy):
    proxy = flaky_proxy(["429"], retry_after=1)
    client = make_client(tern.write_key, proxy.url)
    client.track(user_id="user-11", event="Signed Up", properties={"cl_plan": "free"}, message_id="rl-1")
    flush_within(client)

    assert client.errors == []
    assert proxy.answers[:2] == ["429", "forward"]
    [event] = tern.events(event="cl_signed_up")
    assert event["messageId"] == "rl-1"


def test_the_same_message_sent_again_later_is_stored_once(tern, sdk):
    for _ in range(3):
        sdk.track(user_id="user-12", event="Signed Up", properties={"cl_plan": "pro"}, message_id="again-1")

    assert len(tern.events(event="cl_signed_up")) == 1


def test_tern_answers_like_segment(tern):
    """Status codes the SDKs act on: 200 success, 400 malformed, 401 bad key, 413 too large."""
    url = tern.url + "/v1/track"
    auth = (tern.write_key, "")
    ok = requests.post(url, auth=auth, json={"userId": "u", "event": "Signed Up"}, timeout=10)
    assert (ok.status_code, ok.json()) == (200, {"success": True})
    assert requests.post(url, auth=auth, data=b"{not json", timeout=10).status_code == 400
    assert requests.post(url, auth=("wrong", ""), json={"userId": "u", "event": "Signed Up"}, timeout=10).status_code == 401
    huge = {"userId": "u", "event": "Signed Up", "properties": {"cl_plan": "x" * 40000}}
    assert requests.post(url, auth=auth, json=huge, timeout=10).status_code == 413
    # writeKey in the body, and a text/plain body as navigator.sendBeacon sends it.
    beacon = requests.post(tern.url + "/v1/batch", data='{"writeKey": "%s", "batch": [{"type": "track", '
                           '"userId": "u", "event": "Signed Up", "messageId": "beacon-1"}]}' % tern.write_key,
                           headers={"Content-Type": "text/plain;charset=UTF-8"}, timeout=10)
    assert beacon.status_code == 200
    wait_until(lambda: any(e["messageId"] == "beacon-1" for e in tern.events()), timeout=5, message="beacon-1")


def test_two_users_sharing_an_anonymous_id_stay_two_contacts(tern, sdk):
    sdk.track(anonymous_id="shared-device", event="Signed Up", message_id="sd-1")
    sdk.identify("alice", {"email": "alice@example.com"}, anonymous_id="shared-device")
    sdk.track(user_id="bob", event="Signed Up", message_id="sd-2")
    sdk.identify("bob", {"email": "bob@example.com"}, anonymous_id="shared-device")

    alice, bob = tern.contact("alice"), tern.contact("bob")
    assert alice is not None and bob is not None and alice["id"] != bob["id"]
    owners = {e["messageId"]: e["contactId"] for e in tern.events(event="cl_signed_up")}
    assert owners == {"sd-1": alice["id"], "sd-2": bob["id"]}


def test_after_alias_events_under_the_previous_user_id_land_on_the_merged_contact(tern, sdk):
    sdk.track(user_id="old-id", event="Signed Up", message_id="al-1")
    sdk.track(user_id="new-id", event="Signed Up", message_id="al-2")
    sdk.alias(previous_id="old-id", user_id="new-id")
    sdk.track(user_id="old-id", event="Signed Up", message_id="al-3")

    merged = tern.contact("new-id")
    owners = {e["messageId"]: e["contactId"] for e in tern.events(event="cl_signed_up")}
    assert owners == {"al-1": merged["id"], "al-2": merged["id"], "al-3": merged["id"]}
