"""Peer timings for bench/RESULTS.md: the schedules of bench/schedules.exs in numpy and in
jax/optax (jit, CPU, float64 enabled, int64 steps), ns per step, best of 5 after a warm-up,
output allocation included. Not a test.

    python bench/peers.py OUT.tsv

Run by bench/run.sh inside bench/.venv (pip install numpy jax optax threadpoolctl).
"""

import sys
import time

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

REPEATS = 5


def best(fun):
    fun()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fun()
        times.append(time.perf_counter() - start)
    return min(times)


def numpy_schedules(n):
    """Each as a function of an int64 step array, computed in float64 (Axon's formulas)."""
    k_exp = n // 100

    def cosine(t):
        return 0.1 * (0.5 * (1 + np.cos(np.pi * np.minimum(t, n) / n)))

    def exponential(rate, k, staircase=False):
        def f(t):
            p = t / k
            return 0.1 * rate ** (np.floor(p) if staircase else p)

        return f

    def polynomial(t):
        c = np.clip(t, 0, n)
        return (0.1 - 1e-3) * (1 - c / n) ** 2 + 1e-3

    def linear(t):
        w = n // 10
        return np.where(t < w, 0.1 * t / w, 0.1 * np.maximum(0, (n - t) / (n - w)))

    def constant(t):
        return np.full(t.shape, 0.1)

    return [
        ("cosine_decay", cosine),
        ("exponential_decay", exponential(0.95, k_exp)),
        ("exponential_decay (underflows)", exponential(0.95, 10)),
        ("exponential_decay staircase", exponential(0.95, k_exp, True)),
        ("polynomial_decay", polynomial),
        ("linear_decay + warmup", linear),
        ("constant", constant),
    ]


def optax_schedules(n):
    k_exp = n // 100
    w = n // 10
    return [
        ("cosine_decay", optax.cosine_decay_schedule(0.1, n)),
        ("exponential_decay", optax.exponential_decay(0.1, k_exp, 0.95)),
        ("exponential_decay (underflows)", optax.exponential_decay(0.1, 10, 0.95)),
        (
            "exponential_decay staircase",
            optax.exponential_decay(0.1, k_exp, 0.95, staircase=True),
        ),
        ("polynomial_decay", optax.polynomial_schedule(0.1, 1e-3, 2, n)),
        (
            "linear_decay + warmup",
            optax.join_schedules(
                [optax.linear_schedule(0.0, 0.1, w), optax.linear_schedule(0.1, 0.0, n - w)],
                [w],
            ),
        ),
        ("constant", optax.constant_schedule(0.1)),
    ]


def main(out):
    rows = []
    for n in (1_000_000, 10_000_000):
        steps = np.arange(n, dtype=np.int64)
        jsteps = jnp.arange(n, dtype=jnp.int64)
        for dtype, name in ((np.float32, "f32"), (np.float64, "f64")):
            floor = best(lambda: np.full(n, 0.1, dtype=dtype))
            rows.append(("write floor (numpy full)", n, name, "floor", floor))
            for label, f in numpy_schedules(n):
                rows.append((label, n, name, "numpy", best(lambda: f(steps).astype(dtype))))
            for label, s in optax_schedules(n):
                fn = jax.jit(
                    lambda t, s=s, dtype=dtype: jnp.broadcast_to(jnp.asarray(s(t), dtype), t.shape)
                )
                rows.append(
                    (label, n, name, "optax", best(lambda: fn(jsteps).block_until_ready()))
                )
            for row in rows[-15:]:
                print(f"{row[0]:32} {row[1]:>9} {row[2]} {row[3]:6} {row[4] * 1e9 / n:8.2f}")
    with open(out, "w") as f:
        for label, n, name, path, seconds in rows:
            f.write(f"{label}\t{n}\t{name}\t{path}\t{seconds * 1e9 / n}\n")


if __name__ == "__main__":
    main(sys.argv[1])
