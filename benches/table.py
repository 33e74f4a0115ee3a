#!/usr/bin/env python3
"""Prints the README's performance table from criterion's estimates.

Run `cargo bench --all-features --bench parse` first; then
`python3 benches/table.py`. Each row: the median time, the throughput, and
the ratio to its floor; then the interleaved ratios the bench printed.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def median(group, function):
    """The median (ns) and input size of a benchmark, found by its ids
    (criterion's directory names replace some characters)."""
    for benchmark_json in ROOT.glob("*/*/new/benchmark.json"):
        benchmark = json.loads(benchmark_json.read_text())
        if (benchmark["group_id"], benchmark["function_id"]) == (group, function):
            estimates = json.loads((benchmark_json.parent / "estimates.json").read_text())
            size = (benchmark.get("throughput") or {}).get("Bytes")
            return estimates["median"]["point_estimate"], size
    raise SystemExit(f"no estimates for {group}/{function}: run `cargo bench --bench parse`")


def fmt_time(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


ROWS = [
    ("request", "strict parse", [("floor: form_urlencoded::parse().count()", "tokenizer floor"),
                                 ("by hand: serde_urlencoded HashMap + checks", "by hand")]),
    ("request describe", "strict parse", [("floor: form_urlencoded::parse().count()", "tokenizer floor")]),
    ("request remove", "strict parse", [("floor: form_urlencoded::parse().count()", "tokenizer floor")]),
    ("request", "canonical encoding", []),
    ("response success XML", "parse", [("floor: quick-xml event loop", "quick-xml event loop")]),
    ("response error XML", "parse", [("floor: quick-xml event loop", "quick-xml event loop")]),
    ("response success JSON", "parse", [("floor: serde_json::Value", "serde_json::Value")]),
    ("response error JSON", "parse", [("floor: serde_json::Value", "serde_json::Value")]),
    ("verify 1.0", "verify", [("floor: its crypto", "HMAC-SHA1 of its StringToSign")]),
    ("verify V3", "verify", [("floor: its crypto", "SHA-256 + HMAC-SHA256")]),
]

print("| input | bytes | median | throughput | ratio to floor |")
print("|---|---|---|---|---|")
for group, function, floors in ROWS:
    ns, size = median(group, function)
    mib_s = size / (ns / 1e9) / (1 << 20)
    ratios = []
    for floor, label in floors:
        fns, _ = median(group, floor)
        ratios.append(f"{ns / fns:.2f}× {label} ({fmt_time(fns)})")
    print(f"| {group}: {function} | {size} | {fmt_time(ns)} | {mib_s:.0f} MiB/s | {'; '.join(ratios) or '—'} |")

print()
print("| describe page (the last page of 50 `Protected`) | median | per instance in the group |")
print("|---|---|---|")
for n in (1000, 10000):
    ns, _ = median("describe page", f"{n} instances")
    print(f"| group of {n:,} | {fmt_time(ns)} | {ns / n:.1f} ns |")

print()
print("| work / floor | median ratio | quartiles |")
print("|---|---|---|")
for row in json.loads((ROOT / "interleaved.json").read_text()):
    print(f"| {row['work']} / {row['floor']} | {row['ratio']:.2f}× | {row['q1']:.2f}–{row['q3']:.2f} |")
