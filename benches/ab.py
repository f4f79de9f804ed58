#!/usr/bin/env python3
"""Interleaved A/B wall-clock comparison of dpalint binaries (docs/performance.md).

    benches/ab.py [--runs N] NAME=BINARY... -- ARGS...

Runs every binary with ARGS once per round, in a different order each round,
for N rounds, and prints min / median / p90 wall time, user+sys CPU time and
peak RSS per binary. Interleaving makes slow drifts of a shared machine (other
builds starting and stopping) hit every binary alike, which back-to-back
hyperfine runs of one command after the other cannot. stdout/stderr of the
runs are discarded. Example:

    benches/ab.py --runs 40 before=/tmp/dpalint-before after=target/profiling/dpalint \\
        -- check target/bench-corpus/v1 --quiet
"""

import os
import random
import statistics
import sys
import time


def run_once(binary, args):
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    pid = os.posix_spawn(
        binary,
        [binary, *args],
        os.environ,
        file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ],
    )
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{binary} exited with {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main():
    argv = sys.argv[1:]
    runs = 30
    if argv[:1] == ["--runs"]:
        runs = int(argv[1])
        argv = argv[2:]
    split = argv.index("--")
    binaries = [b.split("=", 1) for b in argv[:split]]
    args = argv[split + 1 :]
    results = {name: [] for name, _ in binaries}
    for _ in range(2):  # warm-up: page cache, dynamic loader
        for name, binary in binaries:
            run_once(binary, args)
    rng = random.Random(1)
    for _ in range(runs):
        order = binaries[:]
        rng.shuffle(order)
        for name, binary in order:
            results[name].append(run_once(binary, args))
    print(f"{'binary':<14} {'min ms':>8} {'median ms':>10} {'p90 ms':>8} {'cpu ms':>8} {'rss MB':>8}   ({runs} rounds, load {os.getloadavg()[0]:.2f})")
    for name, _ in binaries:
        walls = sorted(w for w, _, _ in results[name])
        cpu = statistics.median(c for _, c, _ in results[name])
        rss = max(r for _, _, r in results[name]) / 1024
        p90 = walls[min(len(walls) - 1, int(len(walls) * 0.9))]
        print(
            f"{name:<14} {walls[0] * 1000:8.1f} {statistics.median(walls) * 1000:10.1f}"
            f" {p90 * 1000:8.1f} {cpu * 1000:8.1f} {rss:8.1f}"
        )


if __name__ == "__main__":
    main()
