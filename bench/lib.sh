# Shared by the benchmark scripts: `source "$(dirname "$0")/lib.sh"`.

# free_port [TAKEN…]: prints a TCP port no socket uses, other than the TAKEN ones, or fails. Drawn
# from 20000 up to the kernel's ephemeral range: a port inside it can be the local end of a client
# connection (wrk's, PostgreSQL's) by the time the server binds it.
free_port() {
    local candidate top
    top=$(( $(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768) - 1 ))
    for candidate in $(shuf -i "20000-$top" -n 50); do
        [[ " $* " == *" $candidate "* ]] && continue
        if [ -z "$(ss -Htan "sport = :$candidate")" ]; then echo "$candidate"; return 0; fi
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
