"""Writes test/fixtures/references.csv (the schedules beyond Axon) and
test/fixtures/references_breadth.csv (every schedule and option of issue 16, cases in
breadth.py): values computed by the libraries whose semantics Anneal follows (optax, Hugging
Face transformers, Keras, torch).

Set-up, once (no GPU; about 2 GB, most of it the torch wheel, whose source is read, never
imported: see peer_sources.py). The virtual environment lives outside the repository, or in
test/support/references/.venv, which git ignores:

    python3 -m venv /work/venv/references
    /work/venv/references/bin/pip install --no-deps -r test/support/references/requirements.txt
    /work/venv/references/bin/python test/support/references/generate.py

The tests only read the CSVs; none of this runs at test time.

Known traps, handled here:
  * optax: float64 needs jax_enable_x64, and the step must be a Python int (an int32 step
    silently computes several schedules in float32).
  * transformers: its schedules are plain lr_lambda functions in transformers/optimization.py,
    which imports torch. The functions are taken from that file's source and run with a stand-in
    for torch's LambdaLR that returns the lambda itself (base_lr = 1, then scaled by init_value,
    as LambdaLR would scale the optimizer's learning rate).
  * torch: the PyPI wheel needs CUDA libraries to import. CyclicLR is taken from its source and
    its get_lr (a closed form of the step) run on a stand-in optimizer.
  * Keras 3 (jax backend) computes cos and floor in float32 even with floatx = float64: its rows
    carry an absolute tolerance of 2e-7 times the schedule's scale instead of 1e-12.
"""

import csv
import io
import math
import os
import sys
from importlib import metadata
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import keras  # noqa: E402
import optax  # noqa: E402

import breadth  # noqa: E402
from peer_sources import hf_schedules, scaled  # noqa: E402

keras.config.set_floatx("float64")

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "test" / "fixtures" / "references.csv"
OUT_BREADTH = ROOT / "test" / "fixtures" / "references_breadth.csv"

# Relative tolerances, times the schedule's scale (its largest |value| and |init_value|).
EXACT = 1e-12
KERAS = 2e-7


inverse_sqrt_lambda, wsd_lambda = hf_schedules("get_inverse_sqrt_schedule", "get_wsd_schedule")


def keras_restarts(init_value, **opts):
    schedule = keras.optimizers.schedules.CosineDecayRestarts(init_value, **opts)
    return lambda step: float(schedule(step))


def linear(init_value, end_value, steps):
    return optax.linear_schedule(init_value, end_value, steps)


# name -> (kind, init_value, options, function, tolerance). Option values: numbers, booleans,
# None (nil), str (an atom), dict (a map), list of numbers, or list of case names (join).
CASES = {}


def case(name, kind, init_value, options, fun, tolerance=EXACT):
    CASES[name] = (kind, init_value, options, fun, tolerance)
    return name


# --- optax ---------------------------------------------------------------------------------
case(
    "wcd_default",
    "warmup_cosine_decay",
    0.0,
    {"peak_value": 1e-3, "warmup_steps": 100, "decay_steps": 1000},
    optax.warmup_cosine_decay_schedule(0.0, 1e-3, 100, 1000),
)
case(
    "wcd_end_exponent",
    "warmup_cosine_decay",
    1e-4,
    {"peak_value": 0.1, "warmup_steps": 10, "decay_steps": 210, "end_value": 1e-3, "exponent": 2.0},
    optax.warmup_cosine_decay_schedule(1e-4, 0.1, 10, 210, end_value=1e-3, exponent=2.0),
)
case(
    "wcd_no_warmup",
    "warmup_cosine_decay",
    0.5,
    {"peak_value": 1.0, "warmup_steps": 0, "decay_steps": 100, "end_value": 0.1},
    optax.warmup_cosine_decay_schedule(0.5, 1.0, 0, 100, end_value=0.1),
)
case(
    "pwc_three",
    "piecewise_constant",
    0.1,
    {"boundaries_and_scales": {100: 0.5, 300: 0.1, 200: 0.5}},
    optax.piecewise_constant_schedule(0.1, {100: 0.5, 300: 0.1, 200: 0.5}),
)
case(
    "pwc_negative_zero",
    "piecewise_constant",
    1.0,
    {"boundaries_and_scales": {-10: 0.5, 0: 3.0, 50: 0.0}},
    optax.piecewise_constant_schedule(1.0, {-10: 0.5, 0: 3.0, 50: 0.0}),
)
case(
    "pwc_empty",
    "piecewise_constant",
    0.3,
    {"boundaries_and_scales": {}},
    optax.piecewise_constant_schedule(0.3, {}),
)
case(
    "oc_default",
    "one_cycle",
    0.01,
    {"transition_steps": 1000},
    optax.cosine_onecycle_schedule(1000, 0.01),
)
case(
    "oc_custom",
    "one_cycle",
    1.0,
    {"transition_steps": 99, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0},
    optax.cosine_onecycle_schedule(99, 1.0, 0.25, 10.0, 100.0),
)
case(
    "oc_no_rise",
    "one_cycle",
    2.0,
    {"transition_steps": 40, "pct_start": 0.0},
    optax.cosine_onecycle_schedule(40, 2.0, 0.0),
)
case(
    "oc_all_rise",
    "one_cycle",
    2.0,
    {"transition_steps": 50, "pct_start": 1.0},
    optax.cosine_onecycle_schedule(50, 2.0, 1.0),
)

# join: the parts are cases too (checked on their own), built from optax's schedules.
warm = case(
    "part_warmup",
    "polynomial_decay",
    0.0,
    {"end_value": 0.1, "power": 1, "transition_steps": 50, "transition_begin": 0},
    linear(0.0, 0.1, 50),
)
decay = case(
    "part_cosine",
    "cosine_decay",
    0.1,
    {"decay_steps": 200, "alpha": 0.01},
    optax.cosine_decay_schedule(0.1, 200, alpha=0.01),
)
case(
    "join_warmup_cosine",
    "join",
    None,
    {"schedules": [warm, decay], "boundaries": [50]},
    optax.join_schedules([linear(0.0, 0.1, 50), optax.cosine_decay_schedule(0.1, 200, alpha=0.01)], [50]),
)
hold = case("part_constant", "constant", 0.02, {}, optax.constant_schedule(0.02))
stairs = case(
    "part_exponential",
    "exponential_decay",
    0.05,
    {"decay_rate": 0.5, "transition_steps": 30, "transition_begin": 10, "staircase": True},
    optax.exponential_decay(0.05, 30, 0.5, transition_begin=10, staircase=True),
)
inner = case(
    "join_inner",
    "join",
    None,
    {"schedules": [hold, stairs], "boundaries": [20]},
    optax.join_schedules([optax.constant_schedule(0.02), optax.exponential_decay(0.05, 30, 0.5, 10, True)], [20]),
)
cycle = case(
    "part_one_cycle",
    "one_cycle",
    0.2,
    {"transition_steps": 60},
    optax.cosine_onecycle_schedule(60, 0.2),
)
case(
    "join_nested",
    "join",
    None,
    {"schedules": [inner, cycle, warm], "boundaries": [100, 100 + 60]},
    optax.join_schedules(
        [
            optax.join_schedules([optax.constant_schedule(0.02), optax.exponential_decay(0.05, 30, 0.5, 10, True)], [20]),
            optax.cosine_onecycle_schedule(60, 0.2),
            linear(0.0, 0.1, 50),
        ],
        [100, 160],
    ),
)

# --- Hugging Face transformers -------------------------------------------------------------
case("isqrt_no_warmup", "inverse_sqrt", 1.0, {}, scaled(1.0, inverse_sqrt_lambda(None, 0)))
case(
    "isqrt_warmup",
    "inverse_sqrt",
    1e-3,
    {"warmup_steps": 100},
    scaled(1e-3, inverse_sqrt_lambda(None, 100)),
)
case(
    "isqrt_timescale",
    "inverse_sqrt",
    0.5,
    {"warmup_steps": 50, "timescale": 1000},
    scaled(0.5, inverse_sqrt_lambda(None, 50, timescale=1000)),
)
case(
    "wsd_cosine",
    "warmup_stable_decay",
    1e-3,
    {"warmup_steps": 100, "stable_steps": 300, "decay_steps": 200},
    scaled(1e-3, wsd_lambda(None, 100, 200, num_stable_steps=300)),
)
case(
    "wsd_linear",
    "warmup_stable_decay",
    1.0,
    {"warmup_steps": 10, "stable_steps": 20, "decay_steps": 70, "min_lr_ratio": 0.1, "decay_type": "linear"},
    scaled(1.0, wsd_lambda(None, 10, 70, num_stable_steps=20, min_lr_ratio=0.1, decay_type="linear")),
)
case(
    "wsd_sqrt",
    "warmup_stable_decay",
    0.01,
    {"warmup_steps": 0, "stable_steps": 50, "decay_steps": 100, "min_lr_ratio": 0.05, "decay_type": "sqrt"},
    scaled(0.01, wsd_lambda(None, 0, 100, num_stable_steps=50, min_lr_ratio=0.05, decay_type="1-sqrt")),
)
case(
    "wsd_no_stable",
    "warmup_stable_decay",
    2.0,
    {"warmup_steps": 20, "stable_steps": 0, "decay_steps": 1, "min_lr_ratio": 0.5},
    scaled(2.0, wsd_lambda(None, 20, 1, num_stable_steps=0, min_lr_ratio=0.5)),
)

# --- Keras ---------------------------------------------------------------------------------
case(
    "sgdr_default",
    "cosine_decay_restarts",
    1.0,
    {"first_decay_steps": 100},
    keras_restarts(1.0, first_decay_steps=100),
    KERAS,
)
case(
    "sgdr_constant_period",
    "cosine_decay_restarts",
    0.1,
    {"first_decay_steps": 50, "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1},
    keras_restarts(0.1, first_decay_steps=50, t_mul=1.0, m_mul=0.5, alpha=0.1),
    KERAS,
)
case(
    "sgdr_triple",
    "cosine_decay_restarts",
    0.01,
    {"first_decay_steps": 32, "t_mul": 3.0, "m_mul": 0.8},
    keras_restarts(0.01, first_decay_steps=32, t_mul=3.0, m_mul=0.8),
    KERAS,
)


def knots(kind, init_value, options):
    """The steps where a schedule changes phase, and its length."""
    o = options
    if kind == "warmup_cosine_decay":
        return [o["warmup_steps"], o["decay_steps"]]
    if kind == "piecewise_constant":
        return list(o["boundaries_and_scales"]) or [100]
    if kind == "one_cycle":
        t = o["transition_steps"]
        return [int(o.get("pct_start", 0.3) * t), t]
    if kind == "inverse_sqrt":
        w = o.get("warmup_steps", 0)
        return [w, o.get("timescale") or w or 10_000]
    if kind == "warmup_stable_decay":
        w, s, d = o["warmup_steps"], o["stable_steps"], o["decay_steps"]
        return [w, w + s, w + s + d]
    if kind == "cosine_decay_restarts":
        k, r = o["first_decay_steps"], o.get("t_mul", 2.0)
        starts, start, length = [], 0, k
        while start < 40 * k:
            starts.append(round(start))
            start, length = start + length, length * r
        return starts
    if kind == "join":
        return list(o["boundaries"]) + [o["boundaries"][-1] + 100]
    if kind == "polynomial_decay":
        return [o.get("transition_begin", 0) + o["transition_steps"]]
    if kind == "cosine_decay":
        return [o["decay_steps"]]
    if kind == "exponential_decay":
        return [o.get("transition_begin", 0) + 4 * o["transition_steps"]]
    return [100]


def steps_for(points):
    """Steps around a schedule's knots: -12..12, each knot and +-2, a sweep from a quarter of
    its length before 0 to 1.5 lengths, and far steps both ways."""
    end = max(max(points), 10)
    steps = set(range(-12, 13))
    for p in points:
        steps.update({p - 2, p - 1, p, p + 1, p + 2})
    n = 160
    steps.update(round(-0.25 * end + i * 1.75 * end / n) for i in range(n + 1))
    steps.update({-end, 2 * end, 10 * end, 10**6, 10**9, -(10**6)})
    return sorted(steps)


def breadth_steps_for(kind, init_value, options):
    """steps_for, plus float steps (halves around 0 and each knot, a quarter past the sweep),
    without the steps below the case's lowest (see breadth.lowest_step)."""
    points = breadth.knots(kind, init_value, options, knots)
    steps = set(steps_for(points))
    steps.update({-1.5, -0.5, 0.5, 1.5, 2.25 * max(max(points), 10) + 0.25})
    steps.update(p + d for p in points for d in (-0.5, 0.5))
    steps.update(breadth.far_steps(kind, options))
    lowest = breadth.lowest_step(kind, init_value, options)
    return sorted(s for s in steps if lowest is None or s >= lowest)


def number(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def option(value):
    """Options as the readers in test/support and native/anneal_core/tests parse them."""
    if value is None:
        return "nil"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "{" + " ".join(f"{b}:{number(s)}" for b, s in value.items()) + "}"
    if isinstance(value, list):
        return "[" + " ".join(str(v) if isinstance(v, str) else number(v) for v in value) + "]"
    return number(value)


HEADER = """\
# Columns: case, schedule kind, init_value (empty for join), options (key=value;...,
# {boundary:scale ...} maps, [x ...] lists, join parts by case name), step, the library's
# value (nan or inf where the library's is; Anneal raises there), and the tolerance:
# |anneal - value| may be at most tolerance * scale, scale = max(|init_value|, largest
# finite |value| of the case).
"""

HEADER_MAIN = """\
# Keras rows have 2e-7: Keras 3 computes cos and floor in float32 even with floatx float64.
"""

HEADER_BREADTH = """\
# Every schedule and option of issue 16, cases in test/support/references/breadth.py; no
# test reads this file until the kinds exist. Kind and option names are Anneal's (issue 16),
# atoms bare (warmup_type=sqrt is transformers' "1-sqrt"). The columns are those above, and:
# init_value is empty for join, multiply and shift; multiply has schedules=[case ...] (the
# value is the product of the parts' values); shift has schedule=case;by=n (the value at step
# t is the part's at t + n). Steps may be floats (0.5, knots +- 0.5).
# cyclic: torch's CyclicLR.get_lr, taken from the torch wheel's source and run on a stand-in
# optimizer (the wheel does not import without CUDA libraries), last_epoch = step. Its rows
# stop at one cycle below 0 (scale factors 2^(1 - cycle) and gamma^step grow there), and
# triangular2 has no rows from cycle 1025 on, where torch raises OverflowError (2.0 ** 1024).
# cosine_with_hard_restarts and warmup_polynomial_decay rows stop at -max(warmup_steps, 1):
# transformers' warmup is step / warmup_steps, unbounded below 0.
# Cases named *_quirk pin a peer answer an implementation may refuse instead (see breadth.py).
# All values are float64 (optax with x64, transformers and torch in Python floats).
"""


def write(path, cases, steps, header):
    """Writes `cases` with each case's steps(kind, init_value, options) to `path`; steps where
    the library raises OverflowError are left out. Returns the row count."""
    versions = {p: metadata.version(p) for p in ["optax", "jax", "keras", "transformers", "torch"]}
    out = io.StringIO()
    out.write(
        "# Written by test/support/references/generate.py from "
        + ", ".join(f"{p} {v}" for p, v in versions.items() if p != "torch" or path == OUT_BREADTH)
        + " (python "
        + sys.version.split()[0]
        + ").\n"
        + HEADER
        + header
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["case", "schedule", "init_value", "options", "step", "value", "tolerance"])
    rows = 0
    for name, (kind, init_value, options, fun, tolerance) in cases.items():
        opts = ";".join(f"{k}={option(v)}" for k, v in options.items())
        for step in steps(kind, init_value, options):
            try:
                value = float(fun(step))
            except OverflowError:
                continue
            writer.writerow(
                [name, kind, "" if init_value is None else number(init_value), opts, step, repr(value), tolerance]
            )
            rows += 1
    path.write_text(out.getvalue())
    print(f"wrote {rows} rows of {len(cases)} cases to {path.relative_to(ROOT)}")


def check_by_hand():
    """breadth.HAND_CHECKS against the peers' values: the rows are what the hand says."""
    for name, step, expected, why in breadth.HAND_CHECKS:
        value = float(breadth.CASES[name][3](step))
        assert math.isclose(value, expected, rel_tol=1e-15, abs_tol=1e-300), (name, step, value, expected, why)


def main():
    check_by_hand()
    write(OUT, CASES, lambda *case: steps_for(knots(*case)), HEADER_MAIN)
    write(OUT_BREADTH, breadth.CASES, breadth_steps_for, HEADER_BREADTH)


if __name__ == "__main__":
    main()
