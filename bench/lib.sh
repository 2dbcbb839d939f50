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
