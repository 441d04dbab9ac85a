#!/usr/bin/env python3
"""Reads Google Benchmark JSON and prints, per operation and size, the time of
each implementation and its ratio to tyche (ratio > 1: slower than tyche)."""
import json
import sys
from collections import defaultdict


def main(path):
    data = json.load(open(path))
    rows = defaultdict(dict)
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        parts = b["run_name"].split("/")
        op, impl = parts[0], parts[1]
        size = parts[2] if len(parts) > 2 else "1"
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
        rows[(op, size)][impl] = b["real_time"] * scale
    print(f"{'op':<12}{'size':>9}{'tyche ns':>14}{'floor ns':>14}{'torch ns':>14}{'tyche/floor':>13}{'tyche/torch':>13}")
    for (op, size), r in rows.items():
        t = r.get("tyche")
        fl, to = r.get("floor"), r.get("torch")
        fmt = lambda v: f"{v:14.1f}" if v is not None else f"{'-':>14}"
        ratio = lambda a, b: f"{a / b:13.2f}" if a is not None and b is not None else f"{'-':>13}"
        print(f"{op:<12}{size:>9}{fmt(t)}{fmt(fl)}{fmt(to)}{ratio(t, fl)}{ratio(t, to)}")


if __name__ == "__main__":
    main(sys.argv[1])
