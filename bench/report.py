"""Writes bench/RESULTS.md from the outputs of bench/schedules.exs and bench/peers.py.

    python bench/report.py ANNEAL.tsv ANNEAL.md PEERS.tsv MACHINE.txt > bench/RESULTS.md

ANNEAL.tsv rows: label, n, type, path, ns/step[, median ns/step]. PEERS.tsv rows: label, n,
type, path, best ns/step, median ns/step; path "spec" carries the label's Anneal spec.
Either file may be missing (Anneal's when only the peers ran): its columns then show "—".
"""

import os
import sys
from collections import defaultdict

# Issue 14's targets, ns per step, one thread, 10^6 and 10^7 steps.
TARGET = 1.5
TARGET_F32 = {"cosine_decay": 0.8, "exponential_decay": 0.8}

# Peer paths, in column order, with their headings.
PEER_COLUMNS = [
    ("optax", "optax jit, 1 core"),
    ("optax-mt", "optax jit, all cores"),
    ("jax", "peer formula, jax jit, 1 core"),
    ("jax-mt", "peer formula, jax jit, all cores"),
    ("torch", "torch closed form (numpy)"),
    ("numpy", "numpy (Axon's formula)"),
]


def read_tsv(path):
    """{(label, n, type): {path: (best, median or None)}} and {(label, n): spec}."""
    rows, specs = defaultdict(dict), {}
    if not os.path.exists(path):
        return rows, specs
    with open(path) as f:
        for line in f:
            label, n, dtype, path_, value, *rest = line.rstrip("\n").split("\t")
            if path_ == "spec":
                specs[(label, int(n))] = value
                continue
            median = float(rest[0]) if rest and rest[0] else None
            rows[(label, int(n), dtype)][path_] = (float(value), median)
    return rows, specs


def fmt(x):
    if x is None:
        return "—"
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def fmt_pair(pair):
    """best / median, or best alone."""
    if pair is None:
        return "—"
    best, median = pair
    return fmt(best) if median is None else f"{fmt(best)} / {fmt(median)}"


def verdict(ours, bound):
    if ours is None:
        return "—"
    return f"yes ({ours / bound:.2f}×)" if ours <= bound else f"no ({ours / bound:.2f}×)"


def range_table(ours, peers, specs):
    labels = list(dict.fromkeys(label for (label, _) in specs))
    labels += [label for (label, _, _), paths in ours.items() if "range" in paths and label not in labels]
    labels = list(dict.fromkeys(labels))
    keys = sorted({(n, dtype) for (_, n, dtype) in list(peers) + list(ours)})
    heads = ["schedule", "n", "type", "Anneal, 1 thread", "target", "≤ target (median)", "Anneal, 2 threads",
             "speed-up (≥ 1.5× wanted where compute-bound)", "AVX2 kernels, 1 thread", "portable kernels, 1 thread"]
    heads += [h for _, h in PEER_COLUMNS]
    heads += ["floor (np.full)", "floor (NIF)", "faster than optax (1 core)", "write floor above optax"]
    print("| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    misses = []
    for n, dtype in keys:
        floor = peers.get(("write floor (numpy full)", n, dtype), {}).get("floor")
        nif_floor = ours.get(("write floor (NIF)", n, dtype), {}).get("floor")
        for label in labels:
            paths, peer = ours.get((label, n, dtype), {}), peers.get((label, n, dtype), {})
            if "range" not in paths and not peer:
                continue
            anneal = paths.get("range")
            target = TARGET_F32.get(label, TARGET) if dtype == "f32" else TARGET
            # Against optax where optax has the kind, else against the peer's formula in jax.
            rival = peer.get("optax") or peer.get("jax")
            faster = "—" if anneal is None or rival is None else ("yes" if anneal[0] < rival[0] else "no")
            # Which write floor alone (best of its runs) is already slower than optax's best.
            above = ", ".join(name for name, f in (("np.full", floor), ("NIF", nif_floor))
                              if f and rival and f[0] > rival[0])
            if faster == "no":
                misses.append((label, n, dtype, anneal, rival, nif_floor, above))
            # The target is on the median of the runs (the best where no median was written).
            typical = anneal and (anneal[1] if anneal[1] is not None else anneal[0])
            two, avx2, portable = (paths.get(p) for p in ("range 2 threads", "range avx2", "range portable"))
            speedup = "—"
            if typical and two:
                two_typical = two[1] if two[1] is not None else two[0]
                speedup = f"{typical / two_typical:.2f}×"
            cells = [label, f"{n:.0e}", dtype, fmt_pair(anneal), fmt(target), verdict(typical, target),
                     fmt_pair(two), speedup, fmt_pair(avx2), fmt_pair(portable)]
            cells += [fmt_pair(peer.get(path)) for path, _ in PEER_COLUMNS]
            cells += [fmt_pair(floor), fmt_pair(nif_floor), faster, above]
            print("| " + " | ".join(cells) + " |")
    print_misses(misses)


def print_misses(misses):
    """The rows where optax (or the peer formula in jax) is faster on one core, with the write
    floor of a fresh binary (what any NIF result costs before a value is computed) beside it."""
    if not misses:
        print("\nAnneal is faster than optax (or the peer formula in jax) on every row.")
        return
    print(f"\n{len(misses)} rows where optax (or the peer formula in jax) is faster on one core:\n")
    print("| schedule | n | type | Anneal | optax / jax | NIF write floor | write floor above optax |")
    print("|---|---|---|---|---|---|---|")
    for label, n, dtype, anneal, rival, nif_floor, above in misses:
        cells = [label, f"{n:.0e}", dtype, fmt_pair(anneal), fmt_pair(rival), fmt_pair(nif_floor),
                 above or "no"]
        print("| " + " | ".join(cells) + " |")


def main(anneal_tsv, anneal_md, peers_tsv, machine):
    ours, _ = read_tsv(anneal_tsv)
    peers, specs = read_tsv(peers_tsv)
    print("# Benchmark results\n")
    print("Written by `bash bench/run.sh`. ns per step over steps 0..n-1 into a fresh array or binary,")
    print("output allocation included, lower is better; \"a / b\" is best / median of the runs (Anneal: 5,")
    print("peers: 5, after a warm-up that also compiles). The machine is shared (2 cores, other work")
    print("running): compare figures of the same run, and read ratios rather than absolutes.\n")
    if os.path.exists(machine):
        with open(machine) as f:
            print(f.read())
    print("## Ranges: every kind beside its peers (issue 14)\n")
    print("Anneal: `Anneal.evaluate(s, 0..n-1, type: t, into: :binary)` on one thread and on two with the widest kernels the CPU has (AVX-512 here), and on one with the AVX2 kernels and with the portable ones. optax: the jitted")
    print("schedule on an int64 step array with x64 (f64 rows) or an int32 one without x64 (f32 rows:")
    print("float32 arithmetic), pinned to one core or on all. Kinds optax lacks: the formula of the")
    print("library Anneal follows, in jnp, jitted. torch: its closed form as torch computes it, in numpy")
    print("float64 (the PyPI wheel needs CUDA to import). numpy: Axon's formula, float64, cast.")
    print(f"Target: ≤ {TARGET} ns/step (cosine_decay and exponential_decay f32: ≤ 0.8), and faster than")
    print("optax (or the peer formula in jax) at the same precision. \"write floor above optax\": which")
    print("memory-write floor alone (numpy's np.full into a fresh array, or the NIF filling a fresh")
    print("binary) is already slower than optax there.\n")
    range_table(ours, peers, specs)
    if specs:
        print("\n## Parameter sets (at the smallest n; every segment ≥ 64 steps at 10⁶)\n")
        print("| label | Anneal |")
        print("|---|---|")
        n = min(n for (_, n) in specs)
        for (label, m), spec in specs.items():
            if m == n:
                print(f"| {label} | `{spec}` |")
    if os.path.exists(anneal_md):
        print("\n## Every Anneal figure of the same run (`mix run bench/schedules.exs`)\n")
        with open(anneal_md) as f:
            text = f.read()
        # Drop the script's own title: this file has one.
        print(text.split("\n", 1)[1].lstrip("\n"))


if __name__ == "__main__":
    main(*sys.argv[1:])
