#!/usr/bin/env bash
# Ingestion benchmark (issue 2): a release `tern serve` on a fresh data directory, driven by wrk
# with batches (100 events per request) and single events, then the storage limit (tern-bench:
# the same rows into a bare SQLite file from a tight loop) and the ratio between them.
#
#   bench/ingest.sh
#   DURATION=30 BATCH_CONNECTIONS=64 bench/ingest.sh
#
# Settings (environment): DURATION seconds per wrk run (20), THREADS wrk threads (2),
# BATCH_CONNECTIONS (32), SINGLE_CONNECTIONS (64), CONTACTS distinct contacts (100000),
# TIME_SPREAD seconds (0: every event's time is the current second, as in live traffic;
# 86400: times spread at random over the last day, as in a backfill), KEEP_DATA=1 keeps the
# temporary data directory, ROLLUPS=0 runs the server without contact rollups (to measure what they
# cost; issue 4), LIMIT=0 skips the storage limit (for alternating runs with and without rollups,
# which compare only the server's figures), TERN_BINARY=path runs that `tern` instead of building one
# (to compare commits in one sitting). All traffic goes to 127.0.0.1.
set -euo pipefail

DURATION=${DURATION:-20}
THREADS=${THREADS:-2}
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-32}
SINGLE_CONNECTIONS=${SINGLE_CONNECTIONS:-64}
CONTACTS=${CONTACTS:-100000}
TIME_SPREAD=${TIME_SPREAD:-0}
KEEP_DATA=${KEEP_DATA:-0}

cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kernel: $(uname -r); $(swift --version 2>&1 | head -1)"

if ! command -v wrk >/dev/null; then
    echo "== installing wrk"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi
echo "wrk: $(wrk --version 2>&1 | head -1)"

echo "== building (release)"
swift build -c release --product tern
swift build -c release --product tern-bench
BIN=$(swift build -c release --show-bin-path)
TERN=${TERN_BINARY:-$BIN/tern}
echo "server binary: $TERN"

DATA=$(mktemp -d "${TMPDIR:-/tmp}/tern-ingest.XXXXXX")
SERVER_PID=""
trap stop_server_and_clean EXIT

CREDENTIALS=$("$TERN" workspace create bench --data-dir "$DATA/server" --json)
ADMIN_KEY=$(sed -E 's/.*"adminKey":"([^"]+)".*/\1/' <<<"$CREDENTIALS")
WRITE_KEY=$(sed -E 's/.*"writeKey":"([^"]+)".*/\1/' <<<"$CREDENTIALS")

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"

ROLLUP_FLAG=""
[ "${ROLLUPS:-1}" = 0 ] && ROLLUP_FLAG="--no-rollups"
echo "== contact rollups: $([ -n "$ROLLUP_FLAG" ] && echo off || echo on)"
"$TERN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/server" --log-level warning $ROLLUP_FLAG >"$DATA/serve.log" 2>&1 &
SERVER_PID=$!
wait_for_server "$URL" "$SERVER_PID" "$DATA/serve.log" 30
echo "== server pid $SERVER_PID on $URL, data in $DATA/server"

# status BODY_FILE METHOD PATH KEY DATA: prints the HTTP status, the body goes to BODY_FILE.
status() {
    curl -sS -o "$1" -w '%{http_code}' -X "$2" "$URL$3" -H "Authorization: Bearer $4" \
        -H 'Content-Type: application/json' --data-binary "$5"
}

DEFINITION='{"id":"cl_order_completed","name":"Order completed","direction":"inbound","score":10,"properties":[
  {"id":"cl_price","name":"Price","type":"number"},{"id":"cl_sku","name":"SKU","type":"string"},
  {"id":"cl_url","name":"URL","type":"url"}]}'
code=$(status "$DATA/out.json" POST /v1/event-definitions "$ADMIN_KEY" "$DEFINITION")
[[ $code == 20? ]] || { echo "defining the event failed: $code $(cat "$DATA/out.json")" >&2; exit 1; }

# Sanity: one batch of 100 and one single event through the same paths wrk uses.
events=""
for i in $(seq 1 100); do
    events+="${events:+,}{\"event\":\"cl_order_completed\",\"externalId\":\"u$((i * 997 % CONTACTS))\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"properties\":{\"cl_price\":12.5,\"cl_sku\":\"SKU-$i\",\"cl_url\":\"https://shop.example/p/$i\"}}"
done
code=$(status "$DATA/out.json" POST /v1/events/batch "$WRITE_KEY" "{\"events\":[$events]}")
grep -q '"accepted":100,' "$DATA/out.json" && [ "$code" = 200 ] ||
    { echo "sanity batch failed: $code $(cat "$DATA/out.json")" >&2; exit 1; }
code=$(status "$DATA/out.json" POST /v1/events "$WRITE_KEY" \
    '{"event":"cl_order_completed","externalId":"u1","properties":{"cl_price":1,"cl_sku":"A","cl_url":"https://shop.example/p/1"}}')
[ "$code" = 201 ] || { echo "sanity single event failed: $code $(cat "$DATA/out.json")" >&2; exit 1; }
echo "sanity: batch -> 200 accepted=100, single -> 201"

# count SQL: one number from the server's database (read-only, beside the running server).
count() {
    if command -v sqlite3 >/dev/null; then
        sqlite3 "file:$DATA/server/tern.sqlite?mode=ro" "$1"
    else
        python3 -c 'import sqlite3,sys; print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute(sys.argv[2]).fetchone()[0])' \
            "$DATA/server/tern.sqlite" "$1"
    fi
}
ORDERS="SELECT count(*) FROM events WHERE event = 'cl_order_completed'"
CREATED="SELECT count(*) FROM events WHERE event = 'contact_created'"
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
# CPU seconds of this shell's finished children (wrk, mostly), from the `times` builtin, which
# must run in this shell, not in a $(...) subshell.
children_seconds() {
    times >"$DATA/times"
    awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } print t }' "$DATA/times"
}
CLK_TCK=$(getconf CLK_TCK)

# run MODE CONNECTIONS: one wrk run; sets RESULT, STORED (events stored), NEW_CONTACTS,
# SERVER_CORES (CPU the server used), WRK_CORES and OTHER_CORES (everything else on the machine).
run() {
    local before_orders before_created before_ticks after_ticks before_busy after_busy before_children after_children
    before_orders=$(count "$ORDERS"); before_created=$(count "$CREATED")
    children_seconds >"$DATA/c0"; before_children=$(cat "$DATA/c0")
    before_ticks=$(server_cpu_ticks); before_busy=$(busy_ticks)
    echo "== wrk $1: ${DURATION}s, $THREADS threads, $2 connections (load average $(cut -d" " -f1-3 /proc/loadavg))"
    wrk -t"$THREADS" -c"$2" -d"${DURATION}s" --latency -s bench/events.lua "$URL" -- "$WRITE_KEY" "$1" "$CONTACTS" "$TIME_SPREAD" |
        tee "$DATA/wrk-$1.txt"
    after_ticks=$(server_cpu_ticks); after_busy=$(busy_ticks)
    children_seconds >"$DATA/c1"; after_children=$(cat "$DATA/c1")
    RESULT=$(grep '^RESULT' "$DATA/wrk-$1.txt")
    STORED=$(( $(count "$ORDERS") - before_orders ))
    NEW_CONTACTS=$(( $(count "$CREATED") - before_created ))
    SERVER_CORES=$(awk -v t=$((after_ticks - before_ticks)) -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN {printf "%.2f", t / hz / d}')
    WRK_CORES=$(awk -v a="$before_children" -v b="$after_children" -v d="$DURATION" 'BEGIN {printf "%.2f", (b - a) / d}')
    OTHER_CORES=$(awk -v t=$((after_busy - before_busy)) -v hz="$CLK_TCK" -v d="$DURATION" -v s="$SERVER_CORES" -v w="$WRK_CORES" \
        'BEGIN {o = t / hz / d - s - w; printf "%.2f", o < 0 ? 0 : o}')
    local counted; counted=$(field accepted_events)
    echo "stored $STORED cl_order_completed events (responses counted $counted; the rest were in flight at the end)," \
        "$NEW_CONTACTS contacts created on first sight;" \
        "CPU cores used: server $SERVER_CORES, wrk $WRK_CORES, other processes $OTHER_CORES (of $(nproc))"
}
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$RESULT"; }

run batch "$BATCH_CONNECTIONS"
BATCH_RATE=$(field events_per_s); BATCH_P99=$(field p99_ms); BATCH_BAD=$(field unexpected_responses)
BATCH_STORED=$STORED; BATCH_NEW=$NEW_CONTACTS; BATCH_CPU="server $SERVER_CORES, wrk $WRK_CORES, others $OTHER_CORES"
run single "$SINGLE_CONNECTIONS"
SINGLE_RATE=$(field events_per_s); SINGLE_P99=$(field p99_ms); SINGLE_BAD=$(field unexpected_responses)
SINGLE_CPU="server $SERVER_CORES, wrk $WRK_CORES, others $OTHER_CORES"
DB_BYTES=$(du -cb "$DATA/server"/tern.sqlite* | tail -1 | cut -f1)

kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

if [ "${LIMIT:-1}" = 0 ]; then
    echo
    echo "== summary (storage limit skipped: LIMIT=0)"
    echo "RESULT rollups=$([ -n "$ROLLUP_FLAG" ] && echo off || echo on) batched_events_per_s=$BATCH_RATE batched_p99_ms=$BATCH_P99" \
        "single_events_per_s=$SINGLE_RATE single_p99_ms=$SINGLE_P99 unexpected_responses=$((BATCH_BAD + SINGLE_BAD))"
    echo "batched run: $BATCH_STORED events stored, $BATCH_NEW contacts created on first sight; CPU cores used: $BATCH_CPU; single run: $SINGLE_CPU"
    exit 0
fi

echo "== storage limit (tern-bench, the $BATCH_STORED rows of the batched run's size)"
"$BIN/tern-bench" --rows "$BATCH_STORED" --contacts "$CONTACTS" --time-spread "$TIME_SPREAD" $ROLLUP_FLAG --dir "$DATA/limit" | tee "$DATA/limit.txt"
limit() { sed -nE "s/^LIMIT synchronous=$1 rows_per_commit=$2 events_per_s=([0-9]+).*/\1/p" "$DATA/limit.txt"; }

echo
echo "== summary"
printf '%-44s %12s %10s\n' "" "events/s" "p99 ms"
printf '%-44s %12s %10s\n' "batched (100/request, $BATCH_CONNECTIONS connections)" "$BATCH_RATE" "$BATCH_P99"
printf '%-44s %12s %10s\n' "single (1/request, $SINGLE_CONNECTIONS connections)" "$SINGLE_RATE" "$SINGLE_P99"
for sync in FULL NORMAL; do
    for size in 100 1000 10000; do
        printf '%-44s %12s\n' "storage limit, $sync, $size rows/commit" "$(limit $sync $size)"
    done
done
for sync in FULL NORMAL; do
    awk -v s=$sync -v b="$BATCH_RATE" -v l1="$(limit $sync 100)" -v l2="$(limit $sync 1000)" -v l3="$(limit $sync 10000)" 'BEGIN {
        printf "ratio batched / storage limit (%s): %.2f at 100 rows/commit, %.2f at 1,000, %.2f at 10,000\n",
            s, b / l1, b / l2, b / l3 }'
done
echo "batched run: $BATCH_STORED events stored, $BATCH_NEW contacts created on first sight" \
    "($(awk -v n="$BATCH_NEW" -v s="$BATCH_STORED" 'BEGIN {printf "%.1f", 100 * n / s}') per 100 events, each a contacts row and a contact_created row more);" \
    "CPU cores used: $BATCH_CPU; single run: $SINGLE_CPU"
echo "database after both runs: $((DB_BYTES / 1048576)) MiB; unexpected responses: batched $BATCH_BAD, single $SINGLE_BAD"
awk -v b="$BATCH_RATE" -v l="$(limit FULL 100)" 'BEGIN {
    printf "first target (>= 50,000 events/s and >= 0.5 of the storage limit, FULL at 100 rows/commit): %s\n",
        (b >= 50000 && b / l >= 0.5) ? "met" : "NOT met" }'
