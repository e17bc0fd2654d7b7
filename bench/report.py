"""Writes bench/RESULTS.md from the outputs of bench/schedules.exs and bench/peers.py.

    python bench/report.py ANNEAL.tsv ANNEAL.md PEERS.tsv MACHINE.txt > bench/RESULTS.md
"""

import sys
from collections import defaultdict


def read_tsv(path):
    rows = defaultdict(dict)
    with open(path) as f:
        for line in f:
            label, n, dtype, path_, ns = line.rstrip("\n").split("\t")
            rows[(label, int(n), dtype)][path_] = float(ns)
    return rows


def fmt(x):
    if x is None:
        return "—"
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def main(anneal_tsv, anneal_md, peers_tsv, machine):
    ours, peers = read_tsv(anneal_tsv), read_tsv(peers_tsv)
    print("# Benchmark results\n")
    print("Written by `bash bench/run.sh`. ns per step, best of 9 runs (Anneal) or 5 (peers) after a warm-up, output")
    print("allocation included; lower is better. The machine is shared (2 cores, other work")
    print("running): compare figures of the same run, and read ratios rather than absolutes.\n")
    with open(machine) as f:
        print(f.read())
    print("## Ranges into binaries: Anneal beside numpy and optax\n")
    print("Anneal: `Anneal.evaluate(s, 0..n-1, type: t, into: :binary)`. numpy: the formula on an")
    print("int64 `arange`, `.astype(t)`. optax: the jitted schedule on an int64 array (x64 on).")
    print("Floors: a NIF filling a fresh binary with a constant; `np.full`.\n")
    print("| schedule | n | type | Anneal | numpy | optax | Anneal floor | numpy floor | Anneal ÷ floor |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (label, n, dtype), paths in ours.items():
        if "range" not in paths:
            continue
        floor = ours.get(("write floor (NIF)", n, dtype), {}).get("floor")
        np_floor = peers.get(("write floor (numpy full)", n, dtype), {}).get("floor")
        peer = peers.get((label, n, dtype), {})
        ratio = paths["range"] / floor if floor else None
        print(
            f"| {label} | {n:.0e} | {dtype} | {fmt(paths['range'])} | {fmt(peer.get('numpy'))} "
            f"| {fmt(peer.get('optax'))} | {fmt(floor)} | {fmt(np_floor)} | {fmt(ratio)} |"
        )
    print("\n## Every Anneal figure of the same run (`mix run bench/schedules.exs`)\n")
    with open(anneal_md) as f:
        text = f.read()
    # Drop the script's own title: this file has one.
    print(text.split("\n", 1)[1].lstrip("\n"))


if __name__ == "__main__":
    main(*sys.argv[1:])
