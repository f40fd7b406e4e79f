"""Runs bulwark and pytm on the model in the current folder, in turn, and prints medians.

Called by benches/pytm-compare.sh, which prepares the folder (model.bulwark.ron, model.py)
and the virtual environment. CPU time (user + system) and peak resident memory come from
the kernel's accounting of each child (wait4), so nothing is timed from outside.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time


def run(argv, stdout_path):
    """One run: (CPU seconds, peak RSS in MB, wall seconds, exit status, standard error)."""
    # Standard error goes to a file, not a pipe, so a chatty child cannot fill a pipe and stall.
    with open(stdout_path, "wb") as out, open(stdout_path + ".err", "w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        message = err.read().decode(errors="replace")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss_kb = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return cpu, rss_kb / 1024, wall, os.waitstatus_to_exitcode(status), message


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--bulwark", required=True)
    p.add_argument("--python", required=True)
    a = p.parse_args()

    tools = {
        # `check` exits 1 when there are findings at or above the threshold: that is success here.
        "bulwark check --format json": ([a.bulwark, "check", "model.bulwark.ron", "--format", "json"], "bulwark.json", {0, 1}),
        "pytm 1.4.0 --json": ([a.python, "model.py", "--json", "pytm.json"], "pytm.stdout", {0}),
    }
    results = {name: [] for name in tools}
    for i in range(a.runs):
        for name, (argv, out, ok) in tools.items():
            cpu, rss, wall, code, err = run(argv, out)
            if code not in ok:
                print(f"{name} failed with exit status {code}:\n{err}", file=sys.stderr)
                return 2
            results[name].append((cpu, rss, wall))
        print(f"  run {i + 1} of {a.runs} done", flush=True)

    def med(name, k):
        return statistics.median(r[k] for r in results[name])

    print(f"\nMedians of {a.runs} runs on {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}:\n")
    print(f"{'':32} {'CPU s':>9} {'peak MB':>9} {'wall s':>9}")
    for name in tools:
        print(f"{name:32} {med(name, 0):9.3f} {med(name, 1):9.1f} {med(name, 2):9.3f}")
    (b, y) = tools.keys()
    cpu_ratio = med(y, 0) / max(med(b, 0), 1e-9)
    mem_ratio = med(y, 1) / max(med(b, 1), 1e-9)
    print(f"\nbulwark uses {cpu_ratio:.0f}x less CPU and {mem_ratio:.1f}x less memory than pytm "
          f"(targets: 150x and 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
