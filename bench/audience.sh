#!/usr/bin/env bash
# Audience and analytics benchmark (issue 7): a release `tern generate` fills a fresh workspace
# (1M contacts, 10M events over 90 days by default), a release `tern serve` answers the three
# questions of the issue through the HTTP API, and DuckDB (from PyPI, pinned, in .build-bench-venv)
# answers the same questions over the same rows exported to Parquet; the answers must agree.
#
#   bench/audience.sh
#   EVENTS=100000 CONTACTS=10000 bench/audience.sh        # a quick run
#
# Settings (environment): CONTACTS (1000000), EVENTS (10000000), DAYS (90), SEED (1), RUNS timed
# runs per question after a cold one (5), SCRATCH build directory (.build), KEEP_DATA=1 keeps the
# temporary data directory, DATA_DIR=path uses (and keeps) an existing data directory made by an
# earlier run with KEEP_DATA=1 instead of generating again (WORKSPACE and ADMIN_KEY must then name its
# workspace and key, and NOW the end of the windows, as that run printed). The questions: FUNNEL
# (three comma-separated event ids), DID_EVENT and DISTRIBUTION_EVENT (page_viewed).
set -euo pipefail

CONTACTS=${CONTACTS:-1000000}
EVENTS=${EVENTS:-10000000}
DAYS=${DAYS:-90}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
SCRATCH=${SCRATCH:-.build}
KEEP_DATA=${KEEP_DATA:-0}
FUNNEL=${FUNNEL:-cl_product_viewed,cl_added_to_cart,cl_order_completed}
DID_EVENT=${DID_EVENT:-page_viewed}
DISTRIBUTION_EVENT=${DISTRIBUTION_EVENT:-page_viewed}
DUCKDB_VERSION=2.0.0

cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kernel: $(uname -r); $(swift --version 2>&1 | head -1); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

echo "== DuckDB $DUCKDB_VERSION (PyPI) in .build-bench-venv"
VENV=.build-bench-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
if ! "$VENV/bin/python" -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet "duckdb==$DUCKDB_VERSION"
fi

echo "== building (release)"
swift build -c release --product tern --scratch-path "$SCRATCH"
BIN=$(swift build -c release --show-bin-path --scratch-path "$SCRATCH")

SERVER_PID=""
if [ -n "${DATA_DIR:-}" ]; then
    DATA=$DATA_DIR
    KEEP_DATA=1
    : "${WORKSPACE:?DATA_DIR needs WORKSPACE}" "${ADMIN_KEY:?DATA_DIR needs ADMIN_KEY}" "${NOW:?DATA_DIR needs NOW}"
else
    DATA=$(mktemp -d "${TMPDIR:-/tmp}/tern-audience.XXXXXX")
fi
trap stop_server_and_clean EXIT

if [ -z "${DATA_DIR:-}" ]; then
    CREDENTIALS=$("$BIN/tern" workspace create bench --data-dir "$DATA/server" --json)
    WORKSPACE=$(sed -E 's/.*"id":"([^"]+)".*/\1/' <<<"$CREDENTIALS")
    ADMIN_KEY=$(sed -E 's/.*"adminKey":"([^"]+)".*/\1/' <<<"$CREDENTIALS")

    echo "== tern generate: $CONTACTS contacts, $EVENTS events, $DAYS days, seed $SEED"
    started=$(date +%s.%N)
    "$BIN/tern" generate --workspace "$WORKSPACE" --contacts "$CONTACTS" --events "$EVENTS" --days "$DAYS" --seed "$SEED" \
        --data-dir "$DATA/server"
    finished=$(date +%s.%N)
    NOW=$(date +%s%3N)
    echo "tern generate took $(awk -v a="$started" -v b="$finished" 'BEGIN {printf "%.1f", b - a}') s (the whole process)"
    if [ "$KEEP_DATA" = 1 ]; then
        echo "to run again on this data: DATA_DIR=$DATA WORKSPACE=$WORKSPACE ADMIN_KEY=$ADMIN_KEY NOW=$NOW bench/audience.sh"
    fi
fi
DB_BYTES=$(du -cb "$DATA/server"/tern.sqlite* | tail -1 | cut -f1)
echo "database: $(awk -v b="$DB_BYTES" 'BEGIN {printf "%.2f GiB", b / 2^30}') ($DB_BYTES bytes, tern.sqlite with its WAL)"

PORT=$(free_port)

echo "== tern serve on 127.0.0.1:$PORT"
started=$(date +%s.%N)
"$BIN/tern" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/server" --log-level warning >"$DATA/serve.log" 2>&1 &
SERVER_PID=$!
wait_for_server "http://127.0.0.1:$PORT" "$SERVER_PID" "$DATA/serve.log" 600
echo "answering after $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== the questions"
"$VENV/bin/python" bench/audience.py --url "127.0.0.1:$PORT" --key "$ADMIN_KEY" --database "$DATA/server/tern.sqlite" \
    --workspace "${WORKSPACE#ws_}" --now "$NOW" --runs "$RUNS" --work "$DATA" \
    --funnel "$FUNNEL" --did-event "$DID_EVENT" --distribution-event "$DISTRIBUTION_EVENT"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
