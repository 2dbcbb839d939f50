#!/usr/bin/env bash
# Definition import benchmark (issue 3): a filled CSV template of EVENTS events with PROPERTIES
# properties each (5,000 × 4 = 20,000 lines by default), imported into a fresh workspace through
# the release CLI (`tern definitions import`) and through the API (`POST /v1/event-definitions/import`
# on a release `tern serve`). Each import's export is then compared with the file: it must be the
# same bytes (the round trip).
#
#   bench/definitions-import.sh
#   EVENTS=20000 bench/definitions-import.sh
#
# Settings (environment): EVENTS (5000), PROPERTIES per event (4), RUNS per path (3),
# SCRATCH build directory (.build), KEEP_DATA=1 keeps the temporary data directory.
set -euo pipefail

EVENTS=${EVENTS:-5000}
PROPERTIES=${PROPERTIES:-4}
RUNS=${RUNS:-3}
SCRATCH=${SCRATCH:-.build}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(swift --version 2>&1 | head -1)"

echo "== building (release)"
swift build -c release --scratch-path "$SCRATCH" --product tern >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)

DATA=$(mktemp -d "${TMPDIR:-/tmp}/tern-definitions.XXXXXX")
SERVER_PID=""
trap stop_server_and_clean EXIT

# The file as an export writes it (BOM, CRLF, events by name), so the round trip can compare bytes.
# Every event is in one of 20 groups; its properties cycle through the four types.
FILE="$DATA/plan.csv"
printf '\xef\xbb\xbf' > "$FILE"
awk -v events="$EVENTS" -v properties="$PROPERTIES" 'BEGIN {
    printf "event_name,event_id,direction,score,stage,group,description,property_name,property_id,property_type\r\n"
    split("string number timestamp url", types, " ")
    for (e = 1; e <= events; e++) {
        id = sprintf("%06d", e)
        inbound = e % 3 != 0
        event = sprintf("Event %s,cl_event_%s,%s,%d,%s,Group %02d,\"Sent by the shop, step %d\"", id, id,
            inbound ? "inbound" : "outbound", inbound ? e % 50 : 0, inbound && e % 7 == 0 ? "lead" : "", e % 20, e)
        for (p = 1; p <= properties; p++) {
            printf "%s,Property %d,cl_property_%d,%s\r\n", event, p, p, types[(p - 1) % 4 + 1]
        }
        if (properties == 0) printf "%s,,,\r\n", event
    }
}' >> "$FILE"
LINES=$(wc -l < "$FILE")
echo "== file: $EVENTS events, $LINES lines, $(du -h "$FILE" | cut -f1)"

seconds() { python3 -c "import sys; print(f'{float(sys.argv[1]):.3f}')" "$1"; }

echo "== CLI: tern definitions import (whole process: start, open, check, one transaction)"
for run in $(seq "$RUNS"); do
    WORKSPACE=$("$BIN/tern" workspace create "cli $run" --data-dir "$DATA/cli" --json | sed -E 's/.*"id":"([^"]+)".*/\1/')
    START=$(date +%s.%N)
    "$BIN/tern" definitions import "$FILE" --workspace "$WORKSPACE" --data-dir "$DATA/cli" 2>/dev/null
    END=$(date +%s.%N)
    echo "run $run: $(seconds "$(echo "$END - $START" | bc)") s"
    "$BIN/tern" definitions export --workspace "$WORKSPACE" --data-dir "$DATA/cli" > "$DATA/export-cli.csv"
    cmp -s "$FILE" "$DATA/export-cli.csv" && echo "  round trip: the export is the same file" || { echo "  round trip FAILED"; exit 1; }
done

# "Expect:" stops curl from waiting up to a second for a "100 Continue" before sending a large body.
echo "== API: POST /v1/event-definitions/import on a release tern serve (curl's time_total)"
PORT=$(free_port)
"$BIN/tern" serve --port "$PORT" --data-dir "$DATA/api" --log-level error > "$DATA/serve.log" 2>&1 &
SERVER_PID=$!
wait_for_server "http://127.0.0.1:$PORT" "$SERVER_PID" "$DATA/serve.log" 10
for run in $(seq "$RUNS"); do
    CREDENTIALS=$("$BIN/tern" workspace create "api $run" --data-dir "$DATA/api" --json)
    ADMIN_KEY=$(sed -E 's/.*"adminKey":"([^"]+)".*/\1/' <<<"$CREDENTIALS")
    RESULT=$(curl -s -o "$DATA/reply.json" -w "%{http_code} %{time_total}" "localhost:$PORT/v1/event-definitions/import" \
        -H "Authorization: Bearer $ADMIN_KEY" -H "Content-Type: text/csv" -H "Expect:" --data-binary "@$FILE")
    echo "run $run: HTTP ${RESULT% *}, $(seconds "${RESULT#* }") s"
    curl -s "localhost:$PORT/v1/event-definitions/export?format=csv" -H "Authorization: Bearer $ADMIN_KEY" > "$DATA/export-api.csv"
    cmp -s "$FILE" "$DATA/export-api.csv" && echo "  round trip: the export is the same file" || { echo "  round trip FAILED"; exit 1; }
done
