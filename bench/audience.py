"""The three audience questions of issue 7, asked of a running Tern and of DuckDB over the same rows.

Run by bench/audience.sh, which builds Tern, generates the data, starts the server and installs
DuckDB; this script times the questions through Tern's HTTP API, exports the workspace's events
from the SQLite file to Parquet, asks DuckDB the same questions with the same semantics, checks that
the answers agree and prints the figures.
"""
import argparse
import csv
import http.client
import json
import os
import sqlite3
import statistics
import sys
import time

import duckdb

DAY = 86_400_000
HOUR = 3_600_000


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True, help="host:port of tern serve")
    p.add_argument("--key", required=True, help="an admin key of the workspace")
    p.add_argument("--database", required=True, help="the server's tern.sqlite")
    p.add_argument("--workspace", type=int, required=True, help="the workspace's integer id")
    p.add_argument("--now", type=int, required=True, help="the end of every window, UTC ms")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", required=True, help="a directory for the exported files")
    p.add_argument("--funnel", default="cl_product_viewed,cl_added_to_cart,cl_order_completed")
    p.add_argument("--did-event", default="page_viewed")
    p.add_argument("--distribution-event", default="page_viewed")
    return p.parse_args()


def questions(args):
    now = args.now
    steps = args.funnel.split(",")
    return [
        {
            "name": "(a) funnel, 3 steps, 7-day window, 90 days",
            "path": "/v1/analytics/funnel",
            "body": {"steps": [{"event": e} for e in steps], "window": {"days": 7}, "from": now - 90 * DAY, "to": now},
            "steps": steps, "window": 7 * DAY, "from": now - 90 * DAY, "to": now,
        },
        {
            "name": f"(b) contacts who did {args.did_event} in the last 30 days",
            "path": "/v1/contacts/search",
            "body": {"filter": {"did": {"event": args.did_event, "from": now - 30 * DAY, "to": now}}, "limit": 1},
            "event": args.did_event, "from": now - 30 * DAY, "to": now,
        },
        {
            "name": f"(c) daily {args.distribution_event} over 90 days, UTC",
            "path": "/v1/analytics/distribution",
            "body": {"event": args.distribution_event, "interval": "day", "timeZone": "UTC", "from": now - 90 * DAY, "to": now},
            "event": args.distribution_event, "from": now - 90 * DAY, "to": now,
        },
    ]


def timed(function, runs):
    """The first (cold) run's time, then `runs` more: (cold ms, [ms], last answer)."""
    start = time.perf_counter()
    answer = function()
    cold = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = function()
        times.append((time.perf_counter() - start) * 1000)
    return cold, times, answer


def ask_tern(args, question):
    host, port = args.url.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    body = json.dumps(question["body"])
    headers = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"}

    def ask():
        connection.request("POST", question["path"], body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            sys.exit(f"{question['path']} answered {response.status}: {data[:500]!r}")
        return json.loads(data)

    return ask


# DuckDB: the same semantics, written out. `{src}` is the Parquet file or the in-memory table.

FUNNEL_SQL = """
WITH s1 AS (SELECT contact_id AS c, time AS t, id FROM {src} WHERE event = $e1 AND time >= $from AND time < $to),
     s2 AS (SELECT contact_id AS c, time AS t FROM {src} WHERE event = $e2 AND time >= $from AND time < $to + $w),
     s3 AS (SELECT contact_id AS c, time AS t FROM {src} WHERE event = $e3 AND time >= $from AND time < $to + $w),
     -- From every first-step event, the earliest second-step event at or after it, then the earliest
     -- third-step event at or after that one (the greedy path of FunnelMath).
     p2 AS (SELECT s1.c, s1.t AS t1, s1.id, s2.t AS t2 FROM s1 ASOF LEFT JOIN s2 ON s1.c = s2.c AND s2.t >= s1.t),
     p3 AS (SELECT p2.*, s3.t AS t3 FROM p2 ASOF LEFT JOIN s3 ON p2.c = s3.c AND s3.t >= p2.t2),
     scored AS (
        SELECT c, t1, id, t2, t3,
               CASE WHEN t2 IS NULL OR t2 - t1 > $w THEN 1 WHEN t3 IS NULL OR t3 - t1 > $w THEN 2 ELSE 3 END AS reach
        FROM p3),
     -- Per contact: its furthest step, reached from its earliest first event (by time, then id).
     best AS (SELECT * FROM scored QUALIFY row_number() OVER (PARTITION BY c ORDER BY reach DESC, t1, id) = 1)
SELECT count(*),
       count(*) FILTER (WHERE reach >= 2),
       count(*) FILTER (WHERE reach >= 3),
       median(t2 - t1) FILTER (WHERE reach >= 2) / 1000.0,
       median(t3 - t2) FILTER (WHERE reach >= 3) / 1000.0
FROM best
"""

DID_SQL = "SELECT count(DISTINCT contact_id) FROM {src} WHERE event = $e AND time >= $from AND time < $to"

# UTC days since 1970-01-01 (a Thursday: Monday-first weekday = (day + 3) % 7), and hours of the day;
# distinct contacts per day only, as Tern gives them.
DISTRIBUTION_SQL = """
WITH e AS (SELECT contact_id, time FROM {src} WHERE event = $e AND time >= $from AND time < $to)
SELECT time // 86400000 AS day, NULL AS weekday, NULL AS hour, count(*), count(DISTINCT contact_id) FROM e GROUP BY 1
UNION ALL
SELECT NULL, (time // 86400000 + 3) % 7, time % 86400000 // 3600000, count(*), NULL FROM e GROUP BY 2, 3
"""


def ask_duckdb(connection, source, question):
    if question["path"] == "/v1/analytics/funnel":
        e1, e2, e3 = question["steps"]
        sql = FUNNEL_SQL.format(src=source)
        parameters = {"e1": e1, "e2": e2, "e3": e3, "from": question["from"], "to": question["to"], "w": question["window"]}
    elif question["path"] == "/v1/contacts/search":
        sql = DID_SQL.format(src=source)
        parameters = {"e": question["event"], "from": question["from"], "to": question["to"]}
    else:
        sql = DISTRIBUTION_SQL.format(src=source)
        parameters = {"e": question["event"], "from": question["from"], "to": question["to"]}
    return lambda: connection.execute(sql, parameters).fetchall()


def normalise_tern(question, answer):
    """The parts both engines answer, in one shape."""
    if question["path"] == "/v1/analytics/funnel":
        return [(s["contacts"], s["medianSecondsFromPrevious"]) for s in answer["steps"]]
    if question["path"] == "/v1/contacts/search":
        return answer["total"]
    return ([(b["events"], b["contacts"]) for b in answer["buckets"]], answer["hourOfWeek"])


def normalise_duckdb(question, rows):
    if question["path"] == "/v1/analytics/funnel":
        first, second, third, median2, median3 = rows[0]
        return [(first, None), (second, median2), (third, median3)]
    if question["path"] == "/v1/contacts/search":
        return rows[0][0]
    first_day, last_day = question["from"] // DAY, (question["to"] - 1) // DAY
    days = {day: (events, contacts) for day, weekday, hour, events, contacts in rows if day is not None}
    matrix = [[0] * 24 for _ in range(7)]
    for day, weekday, hour, events, _ in rows:
        if day is None:
            matrix[weekday][hour] = events
    return ([days.get(day, (0, 0)) for day in range(first_day, last_day + 1)], matrix)


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def export(args):
    """The workspace's events from the SQLite file (read-only) to CSV, then Parquet."""
    csv_path = os.path.join(args.work, "events.csv")
    parquet_path = os.path.join(args.work, "events.parquet")
    start = time.perf_counter()
    source = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    rows = source.execute(
        "SELECT id, contact_id, event, time FROM events WHERE workspace_id = ? ORDER BY id", (args.workspace,))
    count = 0
    with open(csv_path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "contact_id", "event", "time"])
        while True:
            chunk = rows.fetchmany(100_000)
            if not chunk:
                break
            writer.writerows(chunk)
            count += len(chunk)
    source.close()
    exported = time.perf_counter() - start
    duckdb.execute(f"""
        COPY (SELECT * FROM read_csv('{csv_path}', header = true,
              columns = {{'id': 'BIGINT', 'contact_id': 'BIGINT', 'event': 'VARCHAR', 'time': 'BIGINT'}}))
        TO '{parquet_path}' (FORMAT parquet)
    """)
    converted = time.perf_counter() - start - exported
    print(f"exported {count:,} rows (id, contact_id, event, time) to CSV in {exported:.1f} s "
          f"({os.path.getsize(csv_path) / 2**20:.0f} MiB), to Parquet in {converted:.1f} s "
          f"({os.path.getsize(parquet_path) / 2**20:.0f} MiB)")
    os.remove(csv_path)
    return parquet_path, count


def main():
    args = parse_args()
    print(f"duckdb {duckdb.__version__}; windows end at {args.now} "
          f"({time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(args.now / 1000))}); {args.runs} timed runs after a cold one")
    asked = questions(args)

    results = []
    for question in asked:
        cold, times, answer = timed(ask_tern(args, question), args.runs)
        print(f"Tern   {question['name']}: cold {cold:.1f} ms, median {statistics.median(times):.1f} ms, min {min(times):.1f} ms")
        results.append({"tern": (cold, times, normalise_tern(question, answer))})

    parquet, _ = export(args)
    connection = duckdb.connect()
    threads = connection.execute("SELECT current_setting('threads')").fetchone()[0]
    connection.execute("CREATE TABLE events AS SELECT * FROM read_parquet(?)", [parquet])
    for label, source in [("parquet", f"read_parquet('{parquet}')"), ("table", "events")]:
        for question, result in zip(asked, results):
            cold, times, rows = timed(ask_duckdb(connection, source, question), args.runs)
            print(f"DuckDB ({label}, {threads} threads) {question['name']}: cold {cold:.1f} ms, "
                  f"median {statistics.median(times):.1f} ms, min {min(times):.1f} ms")
            result[label] = (cold, times, normalise_duckdb(question, rows))

    mismatches = 0
    print()
    for question, result in zip(asked, results):
        tern_answer = result["tern"][2]
        for label in ("parquet", "table"):
            if not same(tern_answer, result[label][2]):
                mismatches += 1
                print(f"!!!!!!!! MISMATCH in {question['name']} (DuckDB over the {label}) !!!!!!!!")
                print(f"   Tern:   {json.dumps(tern_answer)[:2000]}")
                print(f"   DuckDB: {json.dumps(result[label][2])[:2000]}")
        if question["path"] == "/v1/analytics/funnel":
            shown = "; ".join(f"{c:,} contacts" + (f" (median {m:,.0f} s after the previous)" if m is not None else "")
                              for c, m in tern_answer)
        elif question["path"] == "/v1/contacts/search":
            shown = f"{tern_answer:,} contacts"
        else:
            buckets = tern_answer[0]
            shown = (f"{len(buckets)} days, {sum(e for e, _ in buckets):,} events, busiest day {max(e for e, _ in buckets):,} "
                     f"events / {max(c for _, c in buckets):,} contacts")
        duck = result["parquet"][2]
        if question["path"] == "/v1/analytics/funnel":
            duck_shown = "; ".join(f"{c:,}" + (f" ({m:,.0f} s)" if m is not None else "") for c, m in duck)
        elif question["path"] == "/v1/contacts/search":
            duck_shown = f"{duck:,}"
        else:
            duck_shown = f"{len(duck[0])} days, {sum(e for e, _ in duck[0]):,} events"
        print(f"{question['name']}\n   Tern:   {shown}\n   DuckDB: {duck_shown}")

    print()
    header = f"{'question':<58} {'Tern ms med/min':>18} {'DuckDB parquet':>18} {'Tern/DuckDB':>12} {'DuckDB table':>16} {'answers':>8}"
    print(header)
    for question, result in zip(asked, results):
        t, p, m = result["tern"][1], result["parquet"][1], result["table"][1]
        agree = same(result["tern"][2], result["parquet"][2]) and same(result["tern"][2], result["table"][2])
        print(f"{question['name']:<58} {statistics.median(t):>9.1f}/{min(t):<8.1f} {statistics.median(p):>9.1f}/{min(p):<8.1f} "
              f"{statistics.median(t) / statistics.median(p):>12.2f} {statistics.median(m):>8.1f}/{min(m):<7.1f} "
              f"{'match' if agree else 'MISMATCH':>8}")
    if mismatches:
        print(f"\n!!!!!!!! {mismatches} MISMATCH(ES) between Tern and DuckDB: see above !!!!!!!!")
        sys.exit(1)


if __name__ == "__main__":
    main()
