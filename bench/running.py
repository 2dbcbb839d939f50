#!/usr/bin/env python3
"""What runs on the machine while a benchmark does: samples, every 10 ms, which threads
of `tern` and `postgres` processes are running (state R in /proc), and prints how often 0, 1, 2 …
were running at once, and, for the samples with at most one running, which one: `tern`, or a
PostgreSQL backend by its activity (`COPY`, `COMMIT`, `idle in transaction`, … from its process
title). Linux only; run it as a user that can read the processes' /proc entries.

    python3 bench/running.py [SECONDS]        # default 10, e.g. 5 s into bench/ingest-postgres.sh

A sample reads a few dozen files in /proc and costs a millisecond or two of one core, so the
script takes about a tenth of a core: on a two-core machine it still disturbs what it watches a
little, so take the shares as a picture of where the chain waits, not as a measure.
"""
import collections
import os
import sys
import time


def threads():
    """(pid, tid, comm) of every thread of every tern and postgres process now."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            comm = open(f"/proc/{pid}/comm").read().strip()
            if comm in ("tern", "postgres"):
                found += [(pid, tid, comm) for tid in os.listdir(f"/proc/{pid}/task")]
        except OSError:
            pass  # the process ended
    return found


def activity(pid):
    """A PostgreSQL backend's activity, from the title it sets: 'postgres: 15/main: user db host(port) COPY'."""
    try:
        title = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
    except OSError:
        return "postgres (ended)"
    return title.rsplit(")", 1)[-1].strip()[:40] or title.strip()[:40]


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    watched = threads()
    at_once = collections.Counter()
    alone = collections.Counter()
    samples = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        running = []
        for pid, tid, comm in watched:
            try:
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue
            if stat[stat.rindex(")") + 2] == "R":
                running.append("tern" if comm == "tern" else activity(pid))
        samples += 1
        at_once[len(running)] += 1
        if len(running) <= 1:
            alone[running[0] if running else "(nothing)"] += 1
        time.sleep(0.01)
    print(f"samples: {samples} over {seconds:g} s")
    for count in sorted(at_once):
        print(f"{count} running: {100 * at_once[count] / samples:.1f}%")
    print("at most one running, which:")
    for what, count in alone.most_common(10):
        print(f"  {100 * count / samples:.1f}% {what}")


if __name__ == "__main__":
    main()
