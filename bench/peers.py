"""Peer timings for bench/RESULTS.md (issue 14): for every Anneal kind, the same parameter set
evaluated over steps 0..n-1 by its peers, ns per step, best and median of 5 runs after a
warm-up (which also compiles: compile time is excluded), output allocation included. Not a
test.

    python bench/peers.py OUT.tsv [--sizes 1000000,10000000]

Paths (the TSV's fourth column):
  optax      the optax schedule, jax.jit over a step array, one core (CPU affinity 1 core)
  optax-mt   the same with every core of the machine (XLA may use them)
  jax        kinds optax lacks: the following library's formula in jnp, jax.jit, one core
  jax-mt     the same, every core
  torch      torch's closed form (CosineAnnealingLR, CyclicLR.get_lr) as torch computes it,
             vectorised in numpy float64 (the PyPI torch wheel needs CUDA libraries to import)
  numpy      Axon's formula in numpy float64 (the five Axon kinds)
  floor      the memory-write floor: np.full of a fresh array
f32 rows are computed at f32 (jax without x64: int32 steps, float32 arithmetic; numpy and
torch in float64, cast); f64 rows at f64 (jax with x64, int64 steps). Each precision and
core count runs in a child process of its own, since x64 is a process-wide jax setting.

Every parameter set keeps each segment >= 64 steps long at n = 10^6 (cyclic: cycles of 4000
steps). Labels are shared with bench/schedules.exs: report.py matches rows by label. The
Anneal spec of each label is written to the TSV (path "spec") for the report.

Run by bench/run.sh inside bench/.venv (bench/requirements.txt).
"""

import argparse
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np

REPEATS = 5
SIZES = (1_000_000, 10_000_000)


def measure(fun):
    """Best and median seconds of REPEATS runs after a warm-up run."""
    fun()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fun()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


# --- formulas of the peers that optax does not cover, written once for numpy and jnp --------


def hf_inverse_sqrt(xp, t, w):
    """transformers get_inverse_sqrt_schedule (timescale = warmup_steps)."""
    timescale = w or 10_000
    return xp.where(t < w, t / max(1, w), 1 / xp.sqrt((t + (timescale - w)) / timescale))


def hf_wsd(xp, t, w, s, d, warmup_type="linear", min_lr_ratio=0.0, num_cycles=0.5):
    """transformers get_wsd_schedule, cosine decay."""
    up = t / max(1, w)
    if warmup_type == "cosine":
        up = 0.5 * (1 - xp.cos(math.pi * up))
    up = up * (1 - min_lr_ratio) + min_lr_ratio
    p = (t - w - s) / max(1, d)
    down = 0.5 * (1 + xp.cos(math.pi * num_cycles * 2 * p)) * (1 - min_lr_ratio) + min_lr_ratio
    rest = xp.where(t < w + s, 1.0, xp.where(t < w + s + d, down, min_lr_ratio))
    return xp.where(t < w, xp.maximum(0, up), rest)


def hf_hard_restarts(xp, t, w, total, cycles):
    """transformers get_cosine_with_hard_restarts_schedule_with_warmup."""
    p = (t - w) / max(1, total - w)
    cosine = xp.maximum(0, 0.5 * (1 + xp.cos(math.pi * xp.mod(cycles * p, 1.0))))
    return xp.where(t < w, t / max(1, w), xp.where(p >= 1, 0.0, cosine))


def hf_polynomial(xp, t, init, w, total, lr_end, power):
    """transformers get_polynomial_decay_schedule_with_warmup, times the optimizer's lr."""
    decay = (init - lr_end) * (1 - (t - w) / (total - w)) ** power + lr_end
    return init * xp.where(t < w, t / max(1, w), xp.where(t > total, lr_end / init, decay / init))


def torch_cyclic(xp, t, base, peak, up, down, mode="triangular", gamma=1.0):
    """torch CyclicLR.get_lr at last_epoch = t."""
    total = up + down
    ratio = up / total
    cycle = xp.floor(1 + t / total)
    x = 1.0 + t / total - cycle
    scale = xp.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
    if mode == "triangular2":
        factor = 1 / (2.0 ** (cycle - 1))
    elif mode == "exp_range":
        factor = gamma**t
    else:
        factor = 1.0
    return base + (peak - base) * scale * factor


def keras_restarts(xp, t, init, first):
    """Keras CosineDecayRestarts, t_mul 2, m_mul 1, alpha 0 (Anneal's defaults)."""
    frac = t / first
    i = xp.floor(xp.log(1 - frac * (1 - 2.0)) / math.log(2.0))
    done = (1 - 2.0**i) / (1 - 2.0)
    frac = (frac - done) / 2.0**i
    return init * 0.5 * (1 + xp.cos(math.pi * frac))


def torch_cosine_annealing(xp, t, base, t_max):
    """torch CosineAnnealingLR._get_closed_form_lr, eta_min 0."""
    return base * (1 + xp.cos(math.pi * t / t_max)) / 2


# --- the parameter sets ----------------------------------------------------------------------


def schedules(n, optax, jnp):
    """(label, Anneal spec, {path: function of a step array}) for every kind. `optax` and
    `jnp` may be None (the numpy-only child)."""
    w, k = n // 10, n // 100
    quarter = {n // 4: 0.5, n // 2: 0.2, 3 * n // 4: 0.5}
    o = optax

    def peers(optax_=None, jax_=None, torch_=None, numpy_=None):
        paths = {}
        if o is not None and optax_ is not None:
            paths["optax"] = optax_()
        if jnp is not None and jax_ is not None:
            paths["jax"] = lambda t: jax_(jnp, t)
        if jnp is None and torch_ is not None:
            paths["torch"] = lambda t: torch_(np, t)
        if jnp is None and numpy_ is not None:
            paths["numpy"] = numpy_
        return paths

    def axon_exponential(rate, steps, staircase=False):
        def f(t):
            p = t / steps
            return 0.1 * rate ** (np.floor(p) if staircase else p)

        return f

    return [
        # Axon's five (numpy: Axon's formulas).
        (
            "cosine_decay",
            f"Anneal.new(:cosine_decay, 0.1, decay_steps: {n})",
            peers(
                lambda: o.cosine_decay_schedule(0.1, n),
                torch_=lambda xp, t: torch_cosine_annealing(xp, t, 0.1, n),
                numpy_=lambda t: 0.1 * (0.5 * (1 + np.cos(np.pi * np.minimum(t, n) / n))),
            ),
        ),
        (
            "exponential_decay",
            f"Anneal.new(:exponential_decay, 0.1, transition_steps: {k})",
            peers(lambda: o.exponential_decay(0.1, k, 0.95), numpy_=axon_exponential(0.95, k)),
        ),
        (
            "exponential_decay (underflows)",
            "Anneal.new(:exponential_decay, 0.1, decay_rate: 0.95, transition_steps: 10)",
            peers(lambda: o.exponential_decay(0.1, 10, 0.95), numpy_=axon_exponential(0.95, 10)),
        ),
        (
            "exponential_decay staircase",
            f"Anneal.new(:exponential_decay, 0.1, transition_steps: {k}, staircase: true)",
            peers(
                lambda: o.exponential_decay(0.1, k, 0.95, staircase=True),
                numpy_=axon_exponential(0.95, k, True),
            ),
        ),
        (
            "polynomial_decay",
            f"Anneal.new(:polynomial_decay, 0.1, transition_steps: {n})",
            peers(
                lambda: o.polynomial_schedule(0.1, 1e-3, 2, n),
                numpy_=lambda t: (0.1 - 1e-3) * (1 - np.clip(t, 0, n) / n) ** 2 + 1e-3,
            ),
        ),
        (
            "linear_decay + warmup",
            f"Anneal.new(:linear_decay, 0.1, warmup: {w}, steps: {n})",
            peers(
                lambda: o.join_schedules(
                    [o.linear_schedule(0.0, 0.1, w), o.linear_schedule(0.1, 0.0, n - w)], [w]
                ),
                numpy_=lambda t: np.where(t < w, 0.1 * t / w, 0.1 * np.maximum(0, (n - t) / (n - w))),
            ),
        ),
        (
            "constant",
            "Anneal.new(:constant, 0.1)",
            peers(lambda: o.constant_schedule(0.1), numpy_=lambda t: np.full(t.shape, 0.1)),
        ),
        # The seven beyond Axon.
        (
            "warmup_cosine_decay",
            f"Anneal.new(:warmup_cosine_decay, 0.0, peak_value: 0.1, warmup_steps: {w}, decay_steps: {n})",
            peers(lambda: o.warmup_cosine_decay_schedule(0.0, 0.1, w, n)),
        ),
        (
            "piecewise_constant",
            f"Anneal.new(:piecewise_constant, 0.1, boundaries_and_scales: %{{{n // 3} => 0.5, {2 * n // 3} => 0.1}})",
            peers(lambda: o.piecewise_constant_schedule(0.1, {n // 3: 0.5, 2 * n // 3: 0.1})),
        ),
        (
            "inverse_sqrt",
            f"Anneal.new(:inverse_sqrt, 0.1, warmup_steps: {w})",
            peers(jax_=lambda xp, t: 0.1 * hf_inverse_sqrt(xp, t, w)),
        ),
        (
            "warmup_stable_decay",
            f"Anneal.new(:warmup_stable_decay, 0.1, warmup_steps: {w}, stable_steps: {4 * w}, decay_steps: {5 * w})",
            peers(jax_=lambda xp, t: 0.1 * hf_wsd(xp, t, w, 4 * w, 5 * w)),
        ),
        (
            "cosine_decay_restarts",
            f"Anneal.new(:cosine_decay_restarts, 0.1, first_decay_steps: {w})",
            peers(
                # optax's SGDR: cosine periods of w, 2w, 4w, 8w (15w >= n), as Keras' t_mul 2.
                lambda: o.sgdr_schedule(
                    [
                        dict(init_value=0.1, peak_value=0.1, warmup_steps=0, decay_steps=w * 2**i)
                        for i in range(4)
                    ]
                ),
                jax_=lambda xp, t: keras_restarts(xp, t, 0.1, w),
            ),
        ),
        (
            "one_cycle",
            f"Anneal.new(:one_cycle, 0.1, transition_steps: {n})",
            peers(lambda: o.cosine_onecycle_schedule(n, 0.1)),
        ),
        (
            "join (constant, cosine_decay)",
            f"Anneal.new(:join, [Anneal.new(:constant, 0.1), Anneal.new(:cosine_decay, 0.1, decay_steps: {n - w})], boundaries: [{w}])",
            peers(lambda: o.join_schedules([o.constant_schedule(0.1), o.cosine_decay_schedule(0.1, n - w)], [w])),
        ),
        (
            "join nested (join (linear, cosine), constant)",
            f"Anneal.new(:join, [Anneal.new(:join, [Anneal.new(:polynomial_decay, 0.0, end_value: 0.1, power: 1, transition_steps: {w}), Anneal.new(:cosine_decay, 0.1, decay_steps: {7 * w})], boundaries: [{w}]), Anneal.new(:constant, 0.01)], boundaries: [{9 * w}])",
            peers(
                lambda: o.join_schedules(
                    [
                        o.join_schedules([o.linear_schedule(0.0, 0.1, w), o.cosine_decay_schedule(0.1, 7 * w)], [w]),
                        o.constant_schedule(0.01),
                    ],
                    [9 * w],
                )
            ),
        ),
        # Issue 16's options on existing kinds.
        (
            "exponential_decay end_value",
            f"Anneal.new(:exponential_decay, 0.1, transition_steps: {k}, end_value: 1.0e-3)",
            peers(lambda: o.exponential_decay(0.1, k, 0.95, end_value=1e-3)),
        ),
        (
            "cosine_decay exponent",
            f"Anneal.new(:cosine_decay, 0.1, decay_steps: {n}, exponent: 2.0)",
            peers(lambda: o.cosine_decay_schedule(0.1, n, exponent=2.0)),
        ),
        (
            "cosine_decay exponent 3.7",
            f"Anneal.new(:cosine_decay, 0.1, decay_steps: {n}, exponent: 3.7)",
            peers(lambda: o.cosine_decay_schedule(0.1, n, exponent=3.7)),
        ),
        (
            "warmup_stable_decay warmup_type cosine",
            f"Anneal.new(:warmup_stable_decay, 0.1, warmup_steps: {w}, stable_steps: {4 * w}, decay_steps: {5 * w}, warmup_type: :cosine, min_lr_ratio: 0.1)",
            peers(jax_=lambda xp, t: 0.1 * hf_wsd(xp, t, w, 4 * w, 5 * w, "cosine", 0.1)),
        ),
        # Issue 16's new kinds.
        (
            "piecewise_interpolate",
            f"Anneal.new(:piecewise_interpolate, 0.1, boundaries_and_scales: %{{{n // 4} => 0.5, {n // 2} => 0.2, {3 * n // 4} => 0.5}})",
            peers(lambda: o.piecewise_interpolate_schedule("linear", 0.1, quarter)),
        ),
        (
            "piecewise_interpolate cosine",
            f"Anneal.new(:piecewise_interpolate, 0.1, boundaries_and_scales: %{{{n // 4} => 0.5, {n // 2} => 0.2, {3 * n // 4} => 0.5}}, interpolate_type: :cosine)",
            peers(lambda: o.piecewise_interpolate_schedule("cosine", 0.1, quarter)),
        ),
        (
            "linear_one_cycle",
            f"Anneal.new(:linear_one_cycle, 0.1, transition_steps: {n})",
            peers(lambda: o.linear_onecycle_schedule(n, 0.1)),
        ),
        (
            "warmup_constant",
            f"Anneal.new(:warmup_constant, 0.0, peak_value: 0.1, warmup_steps: {w})",
            peers(lambda: o.warmup_constant_schedule(0.0, 0.1, w)),
        ),
        (
            "warmup_exponential_decay",
            f"Anneal.new(:warmup_exponential_decay, 0.0, peak_value: 0.1, warmup_steps: {w}, transition_steps: {k}, decay_rate: 0.95, end_value: 1.0e-3)",
            peers(lambda: o.warmup_exponential_decay_schedule(0.0, 0.1, w, k, 0.95, end_value=1e-3)),
        ),
        (
            "cosine_with_hard_restarts",
            f"Anneal.new(:cosine_with_hard_restarts, 0.1, warmup_steps: {w}, training_steps: {n}, num_cycles: 4)",
            peers(jax_=lambda xp, t: 0.1 * hf_hard_restarts(xp, t, w, n, 4)),
        ),
        (
            "warmup_polynomial_decay",
            f"Anneal.new(:warmup_polynomial_decay, 0.1, warmup_steps: {w}, training_steps: {n})",
            peers(jax_=lambda xp, t: hf_polynomial(xp, t, 0.1, w, n, 1e-7, 1.0)),
        ),
        (
            "cyclic",
            "Anneal.new(:cyclic, 0.01, max_value: 0.1, step_size_up: 2000)",
            peers(
                jax_=lambda xp, t: torch_cyclic(xp, t, 0.01, 0.1, 2000, 2000),
                torch_=lambda xp, t: torch_cyclic(xp, t, 0.01, 0.1, 2000, 2000),
            ),
        ),
        (
            "cyclic exp_range",
            "Anneal.new(:cyclic, 0.01, max_value: 0.1, step_size_up: 2000, step_size_down: 6000, mode: :exp_range, gamma: 0.99999)",
            peers(
                jax_=lambda xp, t: torch_cyclic(xp, t, 0.01, 0.1, 2000, 6000, "exp_range", 0.99999),
                torch_=lambda xp, t: torch_cyclic(xp, t, 0.01, 0.1, 2000, 6000, "exp_range", 0.99999),
            ),
        ),
        (
            "multiply (cosine_decay, exponential_decay)",
            f"Anneal.multiply([Anneal.new(:cosine_decay, 0.1, decay_steps: {n}), Anneal.new(:exponential_decay, 1.0, transition_steps: {k})])",
            peers(lambda: product(o.cosine_decay_schedule(0.1, n), o.exponential_decay(1.0, k, 0.95))),
        ),
        (
            "shift (warmup_cosine_decay)",
            f"Anneal.shift(Anneal.new(:warmup_cosine_decay, 0.0, peak_value: 0.1, warmup_steps: {w}, decay_steps: {2 * n}), {n // 2})",
            peers(lambda: shift(o.warmup_cosine_decay_schedule(0.0, 0.1, w, 2 * n), n // 2)),
        ),
    ]


def product(a, b):
    return lambda t: a(t) * b(t)


def shift(s, by):
    return lambda t: s(t + by)


# --- one child: one precision, one core count -------------------------------------------------


def child(dtype, threads, sizes, numpy_only):
    """Prints TSV rows: label, n, dtype, path, best ns/step, median ns/step."""
    if threads == 1:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    suffix = "" if threads == 1 else "-mt"
    out = sys.stdout
    if numpy_only:
        optax = jnp = jax = None
    else:
        import jax

        jax.config.update("jax_enable_x64", dtype == "f64")
        import jax.numpy as jnp
        import optax
    np_type = np.float32 if dtype == "f32" else np.float64
    for n in sizes:
        if numpy_only:
            steps = np.arange(n, dtype=np.int64)
            best, median = measure(lambda: np.full(n, 0.1, dtype=np_type))
            out.write(f"write floor (numpy full)\t{n}\t{dtype}\tfloor\t{best * 1e9 / n}\t{median * 1e9 / n}\n")
        else:
            # Without x64 jax has no int64: int32 steps (exact to 2^31) and float32 arithmetic.
            steps = jnp.arange(n, dtype=jnp.int64 if dtype == "f64" else jnp.int32)
            j_type = jnp.float64 if dtype == "f64" else jnp.float32
        for label, spec, paths in schedules(n, optax, jnp):
            if numpy_only and threads == 1:
                out.write(f"{label}\t{n}\t{dtype}\tspec\t{spec}\t\n")
            for path, fun in paths.items():
                if numpy_only:
                    run = lambda fun=fun: fun(steps).astype(np_type)  # noqa: E731
                else:
                    # optax schedules are written for a scalar step (piecewise_interpolate and the
                    # one-cycle schedules do not broadcast): vmapped, as an optax user would.
                    if path == "optax":
                        fun = jax.vmap(lambda t, fun=fun: jnp.asarray(fun(t), j_type))
                    else:
                        fun = lambda t, fun=fun: fun(t.astype(j_type))  # noqa: E731
                    fn = jax.jit(lambda t, fun=fun: jnp.broadcast_to(jnp.asarray(fun(t), j_type), t.shape))
                    run = lambda fn=fn: fn(steps).block_until_ready()  # noqa: E731
                best, median = measure(run)
                name = path if path in ("numpy", "torch") else path + suffix
                out.write(f"{label}\t{n}\t{dtype}\t{name}\t{best * 1e9 / n}\t{median * 1e9 / n}\n")
                out.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the TSV to write")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated step counts")
    parser.add_argument("--child", nargs=3, metavar=("DTYPE", "THREADS", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    if args.child:
        dtype, threads, kind = args.child
        child(dtype, int(threads), sizes, kind == "numpy")
        return
    cores = len(os.sched_getaffinity(0))
    runs = [(d, 1, kind) for d in ("f32", "f64") for kind in ("numpy", "jax")]
    if cores > 1:
        runs += [(d, cores, "jax") for d in ("f32", "f64")]
    with open(args.out, "w") as f:
        for dtype, threads, kind in runs:
            print(f"peers: {dtype}, {threads} core(s), {kind}", file=sys.stderr)
            argv = [sys.executable, __file__, "-", "--sizes", args.sizes, "--child", dtype, str(threads), kind]
            result = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=True)
            f.write(result.stdout)
            for line in result.stdout.splitlines():
                label, n, dt, path, best, median = line.split("\t")
                if path != "spec":
                    print(f"{label:46} {int(n):>9} {dt} {path:9} {float(best):8.2f} {float(median):8.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
