# Shared by the benchmark scripts: `source "$(dirname "$0")/lib.sh"`.

# free_port: prints a TCP port nothing listens on, from 20000-60000, or fails.
free_port() {
    local candidate
    for candidate in $(shuf -i 20000-60000 -n 50); do
        if [ -z "$(ss -Hltn "sport = :$candidate")" ]; then echo "$candidate"; return 0; fi
    done
    echo "no free port found" >&2
    return 1
}

# stop_server_and_clean: the EXIT trap of a script that runs one server: stops $SERVER_PID if it
# still runs, then removes $DATA unless KEEP_DATA=1.
stop_server_and_clean() {
    if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ "${KEEP_DATA:-0}" = 1 ]; then echo "data kept in $DATA"; else rm -rf "$DATA"; fi
}

# wait_for_server URL PID LOG SECONDS: returns once URL/openapi.json answers; fails, printing LOG,
# if the process PID ends first, or after SECONDS.
wait_for_server() {
    local url=$1 pid=$2 log=$3 seconds=$4
    for _ in $(seq 1 $((seconds * 10))); do
        curl -fsS -o /dev/null "$url/openapi.json" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; return 1; }
        sleep 0.1
    done
    echo "the server at $url did not answer within $seconds s" >&2
    return 1
}
