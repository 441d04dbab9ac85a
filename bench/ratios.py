#!/usr/bin/env python3
"""Reads Google Benchmark JSON (benchmarks named <op>/<impl>/<size>) and prints,
per operation and size, the time of each implementation (tyche, floor, torch)
and tyche's ratio to the floor and to LibTorch (ratio > 1: tyche is slower).

Times are per iteration, except for benchmarks that report a counter
"time_per_op" (seconds; e.g. the autograd chain of 100 scalar ops): those rows
show the time per op, marked "/op" in the size column. Several JSON files may be given."""
import json
import sys
from collections import defaultdict


def main(paths):
    rows = defaultdict(dict)
    for path in paths:
        data = json.load(open(path))
        for b in data["benchmarks"]:
            if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
                continue
            parts = b["run_name"].split("/")
            op, impl = parts[0], parts[1]
            size = parts[2] if len(parts) > 2 else "1"
            if "time_per_op" in b:
                size, ns = size + "/op", b["time_per_op"] * 1e9
            else:
                scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
                ns = b["real_time"] * scale
            rows[(op, size)][impl] = ns
    w = max([12] + [len(op) + 1 for op, _ in rows])
    print(f"{'op':<{w}}{'size':>11}{'tyche ns':>14}{'floor ns':>14}{'torch ns':>14}{'tyche/floor':>13}{'tyche/torch':>13}")
    for (op, size), r in rows.items():
        t = r.get("tyche")
        fl, to = r.get("floor"), r.get("torch")
        fmt = lambda v: f"{v:14.1f}" if v is not None else f"{'-':>14}"
        ratio = lambda a, b: f"{a / b:13.2f}" if a is not None and b is not None else f"{'-':>13}"
        print(f"{op:<{w}}{size:>11}{fmt(t)}{fmt(fl)}{fmt(to)}{ratio(t, fl)}{ratio(t, to)}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: ratios.py BENCH.json [MORE.json ...]")
    main(sys.argv[1:])
