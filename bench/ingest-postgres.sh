#!/usr/bin/env bash
# PostgreSQL ingestion benchmark (issue 6): release `tern serve --postgres` nodes on a fresh
# database, driven by wrk with batches of 100 events (bench/events.lua), first one node, then two
# nodes sharing the database; after each, PostgreSQL's own COPY of the same rows (every event,
# messageId, contact and activeness row the runs so far wrote, into empty copies of the tables with
# the same partitions and indexes) as the storage limit, and the ratio to the COPY next to the run.
#
#   bench/ingest-postgres.sh
#   DURATION=30 CONNECTIONS=64 bench/ingest-postgres.sh
#   MESSAGE_IDS=1 bench/ingest-postgres.sh     # every event with a messageId, as Segment's SDKs send
#
# Settings (environment): DURATION seconds per wrk run (20), CONNECTIONS per run, split between
# the nodes (32), CONTACTS distinct contacts (100000), SCRATCH a build directory (default .build),
# TERN_BENCH_POSTGRES_URL an existing database to fill (default: a fresh `tern_bench` database on
# the local cluster, set up by .ci/postgres), TERN_BINARY=path runs that `tern` instead of building
# one, ONE_NODE_ONLY=1 stops after the one-node run with a RESULT line (to compare two commits in
# alternating runs). All traffic goes to 127.0.0.1.
set -euo pipefail

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
CONTACTS=${CONTACTS:-100000}
SCRATCH=${SCRATCH:-.build}

cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

if [ -n "${TERN_BINARY:-}" ]; then
    BIN=$(cd "$(dirname "$TERN_BINARY")" && pwd)
    echo "== using $BIN/tern"
else
    echo "== building (release)"
    swift build -c release --product tern --scratch-path "$SCRATCH"
    BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
fi

DB=${TERN_BENCH_POSTGRES_URL:-$(TERN_CI_DATABASE=tern_bench bash .ci/postgres)}
echo "database: ${DB//:*@/:***@}; $(psql "$DB" -Atc 'SHOW server_version') with" \
    "shared_buffers=$(psql "$DB" -Atc 'SHOW shared_buffers'), synchronous_commit=$(psql "$DB" -Atc 'SHOW synchronous_commit')"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tern-ingest-pg.XXXXXX")
PIDS=()
stop_nodes() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
trap 'stop_nodes; rm -rf "$WORK"' EXIT

CREDENTIALS=$("$BIN/tern" workspace create bench --postgres "$DB" --json)
ADMIN_KEY=$(sed -E 's/.*"adminKey":"([^"]+)".*/\1/' <<<"$CREDENTIALS")
WRITE_KEY=$(sed -E 's/.*"writeKey":"([^"]+)".*/\1/' <<<"$CREDENTIALS")
WORKSPACE=$(sed -E 's/.*"id":"ws_([0-9]+)".*/\1/' <<<"$CREDENTIALS")

# start_nodes N: N nodes on free ports; their URLs in NODES.
start_nodes() {
    NODES=()
    for n in $(seq 1 "$1"); do
        local port
        port=$(free_port "${NODES[@]##*:}")
        "$BIN/tern" serve --postgres "$DB" --host 127.0.0.1 --port "$port" --log-level warning >"$WORK/node$n.log" 2>&1 &
        PIDS+=($!)
        NODES+=("http://127.0.0.1:$port")
    done
    for i in "${!NODES[@]}"; do
        wait_for_server "${NODES[$i]}" "${PIDS[$i]}" "$WORK/node$((i + 1)).log" 30
    done
}

start_nodes 1
curl -fsS -o /dev/null "${NODES[0]}/v1/event-definitions" -H "Authorization: Bearer $ADMIN_KEY" --data-binary \
    '{"id":"cl_order_completed","name":"Order completed","direction":"inbound","score":10,"properties":[
      {"id":"cl_price","name":"Price","type":"number"},{"id":"cl_sku","name":"SKU","type":"string"},
      {"id":"cl_url","name":"URL","type":"url"}]}'

stored() { psql "$DB" -Atc "SELECT count(*) FROM events WHERE workspace_id = $WORKSPACE AND event = 'cl_order_completed'"; }
# CPU ticks used so far by the tern nodes, and by every PostgreSQL process (the machine is shared,
# so CPU per event is the figure that does not depend on what else runs). A process that ends
# between being listed and being read (an autovacuum worker, a backend closing) counts nothing:
# without `|| true` its missing /proc entry failed the pipeline, and the whole script with it.
ticks() { for pid in "$@"; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s + 0}'; }
tern_ticks() { ticks "${PIDS[@]}"; }
postgres_ticks() { ticks $(pgrep -x postgres); }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
HZ=$(getconf CLK_TCK)
per_event() { awk -v t="$1" -v n="$2" -v hz="$HZ" 'BEGIN {printf "%.1f", (n > 0) ? t / hz / n * 1e6 : 0}'; }

# run LABEL: wrk against every node at once, CONNECTIONS split between them; sets RATE and P99.
run() {
    local before after n=${#NODES[@]} t0 p0 b0
    before=$(stored); t0=$(tern_ticks); p0=$(postgres_ticks); b0=$(busy_ticks)
    echo "== $1: ${DURATION}s, $CONNECTIONS connections over $n node(s) (load average $(cut -d" " -f1-3 /proc/loadavg))"
    local i=0 wrk_pids=()
    for url in "${NODES[@]}"; do
        wrk -t1 -c$((CONNECTIONS / n)) -d"${DURATION}s" --latency -s bench/events.lua "$url" -- "$WRITE_KEY" batch "$CONTACTS" 0 \
            "$([ "${MESSAGE_IDS:-0}" = 1 ] && echo messageids)" \
            >"$WORK/wrk-$1-$i.txt" &
        wrk_pids+=($!)
        i=$((i + 1))
    done
    wait "${wrk_pids[@]}"
    after=$(stored)
    TERN_US=$(per_event $(( $(tern_ticks) - t0 )) $((after - before)))
    PG_US=$(per_event $(( $(postgres_ticks) - p0 )) $((after - before)))
    MACHINE=$(awk -v t=$(( $(busy_ticks) - b0 )) -v hz="$HZ" -v d="$DURATION" 'BEGIN {printf "%.2f", t / hz / d}')
    RATE=$(awk -v s=$((after - before)) -v d="$DURATION" 'BEGIN {printf "%.0f", s / d}')
    P99=$(grep -h '^RESULT' "$WORK"/wrk-"$1"-*.txt | sed -E 's/.* p99_ms=([^ ]+).*/\1/' | sort -n | tail -1)
    local bad; bad=$(grep -h '^RESULT' "$WORK"/wrk-"$1"-*.txt | sed -E 's/.* unexpected_responses=([0-9]+).*/\1/' | awk '{s += $1} END {print s}')
    echo "stored $((after - before)) events: $RATE events/s; worst p99 $P99 ms; unexpected responses $bad;" \
        "CPU per event: tern $TERN_US µs, PostgreSQL $PG_US µs; busy cores (everything on the machine) $MACHINE of $(nproc)"
}

# copy_limit LABEL: PostgreSQL's own COPY of every row the runs so far wrote, right after them (the
# machine's speed drifts over minutes, so each ratio is taken against the COPY next to it); sets
# COPY_RATE (order events/s) and COPY_US (the backend's CPU per order event).
copy_limit() {
    echo "== storage limit after $1: COPY of the same rows into empty copies of the tables"
    # Every row the runs wrote: the order events, the contact_created events of new contacts, the
    # contacts and their folded activeness, each table with the same indexes (and the events with the
    # same partitions). The limit in events/s is the order events divided by the time COPY takes for
    # all of them.
    ROWS=$(stored)
    psql "$DB" -q -v ON_ERROR_STOP=1 <<SQL
DROP SCHEMA IF EXISTS bench_copy CASCADE;
CREATE SCHEMA bench_copy;
CREATE TABLE bench_copy.events (LIKE public.events INCLUDING DEFAULTS) PARTITION BY RANGE (time);
CREATE INDEX ON bench_copy.events (workspace_id, id);
CREATE INDEX ON bench_copy.events (workspace_id, contact_id, time, id);
CREATE INDEX ON bench_copy.events (workspace_id, event, time);
CREATE TABLE bench_copy.contacts (LIKE public.contacts INCLUDING ALL);
CREATE TABLE bench_copy.activeness_buckets (LIKE public.activeness_buckets INCLUDING ALL);
CREATE TABLE bench_copy.event_message_ids (LIKE public.event_message_ids INCLUDING ALL);
SQL
    psql "$DB" -Atc "SELECT 'CREATE TABLE bench_copy.' || c.relname || ' PARTITION OF bench_copy.events ' || pg_get_expr(c.relpartbound, c.oid) || ';'
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.events'::regclass" | psql "$DB" -q -v ON_ERROR_STOP=1
    psql "$DB" -q -c "\\copy (SELECT * FROM events WHERE workspace_id = $WORKSPACE) TO '$WORK/events.copy'"
    psql "$DB" -q -c "\\copy (SELECT * FROM contacts WHERE workspace_id = $WORKSPACE) TO '$WORK/contacts.copy'"
    psql "$DB" -q -c "\\copy (SELECT * FROM activeness_buckets WHERE workspace_id = $WORKSPACE) TO '$WORK/activeness.copy'"
    psql "$DB" -q -c "\\copy (SELECT * FROM event_message_ids WHERE workspace_id = $WORKSPACE) TO '$WORK/messages.copy'"
    EVENT_ROWS=$(( $(wc -l <"$WORK/events.copy") + $(wc -l <"$WORK/messages.copy") ))
    CONTACT_ROWS=$(( $(wc -l <"$WORK/contacts.copy") + $(wc -l <"$WORK/activeness.copy") ))
    # The backend's own CPU, read from /proc before it exits with the session.
    START=$(date +%s.%N)
    psql "$DB" -q -v ON_ERROR_STOP=1 <<SQL
SELECT pg_backend_pid() AS backend \\gset
\\setenv BACKEND :backend
\\! awk '{print \$14 + \$15}' /proc/\$BACKEND/stat >"$WORK/copy-ticks-before"
\\copy bench_copy.contacts FROM '$WORK/contacts.copy'
\\copy bench_copy.activeness_buckets FROM '$WORK/activeness.copy'
\\copy bench_copy.events FROM '$WORK/events.copy'
\\copy bench_copy.event_message_ids FROM '$WORK/messages.copy'
\\! awk '{print \$14 + \$15}' /proc/\$BACKEND/stat >"$WORK/copy-ticks-after"
SQL
    END=$(date +%s.%N)
    COPY_US=$(per_event $(( $(cat "$WORK/copy-ticks-after") - $(cat "$WORK/copy-ticks-before") )) "$ROWS")
    COPY_ROWS_RATE=$(awk -v r=$((EVENT_ROWS + CONTACT_ROWS)) -v a="$START" -v b="$END" 'BEGIN {printf "%.0f", r / (b - a)}')
    COPY_RATE=$(awk -v r="$ROWS" -v a="$START" -v b="$END" 'BEGIN {printf "%.0f", r / (b - a)}')
    psql "$DB" -q -c "DROP SCHEMA bench_copy CASCADE"
    echo "COPY of $EVENT_ROWS event and messageId rows and $CONTACT_ROWS contact and activeness rows: $COPY_ROWS_RATE rows/s, so $COPY_RATE order events/s;" \
        "CPU per order event: PostgreSQL $COPY_US µs"
}

run one-node
ONE=$RATE; ONE_P99=$P99; ONE_CPU="tern $TERN_US µs + PostgreSQL $PG_US µs"; ONE_TERN_US=$TERN_US; ONE_PG_US=$PG_US
stop_nodes
if [ "${ONE_NODE_ONLY:-0}" = 1 ]; then
    echo "RESULT nodes=1 events_per_s=$ONE p99_ms=$ONE_P99 tern_us=$ONE_TERN_US postgres_us=$ONE_PG_US"
    exit 0
fi
copy_limit "the one-node run"
COPY_ONE=$COPY_RATE; COPY_ONE_US=$COPY_US
start_nodes 2
run two-nodes
TWO=$RATE; TWO_P99=$P99; TWO_CPU="tern $TERN_US µs + PostgreSQL $PG_US µs"
stop_nodes
copy_limit "both runs"
COPY_TWO=$COPY_RATE

echo
echo "== summary"
printf '%-48s %12s %10s\n' "" "events/s" "p99 ms"
printf '%-48s %12s %10s\n' "batched, 1 node ($CONNECTIONS connections)" "$ONE" "$ONE_P99"
printf '%-48s %12s %10s\n' "batched, 2 nodes ($CONNECTIONS connections)" "$TWO" "$TWO_P99"
printf '%-48s %12s\n' "storage limit: COPY after the one-node run" "$COPY_ONE"
printf '%-48s %12s\n' "storage limit: COPY after both runs" "$COPY_TWO"
echo "CPU per event: 1 node $ONE_CPU; 2 nodes $TWO_CPU; COPY $COPY_ONE_US µs per order event"
awk -v t="$ONE_TERN_US" -v p="$ONE_PG_US" -v c="$COPY_ONE_US" -v cores="$(nproc)" -v copy="$COPY_ONE" 'BEGIN {
    printf "by CPU on one node: an event costs %.1f µs (of which PostgreSQL %.1f µs), COPY %.1f µs: ratio %.2f of COPY (PostgreSQL alone %.2f)\n",
        t + p, p, c, c / (t + p), c / p
    # COPY runs on one backend; recording can use every core, but the load generator shares them.
    printf "ceiling at that CPU per event with all %d cores busy and wrk costing nothing: %.0f events/s, %.2f of COPY\n",
        cores, cores * 1e6 / (t + p), cores * 1e6 / (t + p) / copy }'
awk -v a="$ONE" -v b="$TWO" -v c="$COPY_ONE" -v d="$COPY_TWO" 'BEGIN {
    printf "ratio to COPY: %.2f (1 node), %.2f (2 nodes)\n", a / c, b / d
    printf "target (>= 30,000 events/s on one node and >= 0.5 of COPY): %s\n", (a >= 30000 && a / c >= 0.5) ? "met" : "NOT met" }'
