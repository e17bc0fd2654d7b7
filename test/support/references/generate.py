"""Writes test/fixtures/references.csv: values of the schedules beyond Axon, computed by the
libraries whose semantics Anneal follows (optax, Hugging Face transformers, Keras).

Set-up, once (no torch, no GPU; about 400 MB):

    python3 -m venv test/support/references/.venv
    test/support/references/.venv/bin/pip install --no-deps -r test/support/references/requirements.txt
    test/support/references/.venv/bin/python test/support/references/generate.py

The tests only read the CSV; none of this runs at test time.

Known traps, handled here:
  * optax: float64 needs jax_enable_x64, and the step must be a Python int (an int32 step
    silently computes several schedules in float32).
  * transformers: its schedules are plain lr_lambda functions in transformers/optimization.py,
    which imports torch. The functions are taken from that file's source and run with a stand-in
    for torch's LambdaLR that returns the lambda itself (base_lr = 1, then scaled by init_value,
    as LambdaLR would scale the optimizer's learning rate).
  * Keras 3 (jax backend) computes cos and floor in float32 even with floatx = float64: its rows
    carry an absolute tolerance of 2e-7 times the schedule's scale instead of 1e-12.
"""

import __future__
import ast
import csv
import io
import math
import os
import sys
import warnings
from functools import partial
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import keras  # noqa: E402
import optax  # noqa: E402

keras.config.set_floatx("float64")

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "test" / "fixtures" / "references.csv"

# Relative tolerances, times the schedule's scale (its largest |value| and |init_value|).
EXACT = 1e-12
KERAS = 2e-7


def hf_schedules():
    """get_inverse_sqrt_schedule and get_wsd_schedule from the installed transformers source."""
    # Not imported: transformers' __init__ pulls in torch and more.
    path = Path(find_spec("transformers").origin).parent / "optimization.py"
    tree = ast.parse(path.read_text())
    wanted = {
        "_get_inverse_sqrt_schedule_lr_lambda",
        "get_inverse_sqrt_schedule",
        "_get_wsd_scheduler_lambda",
        "get_wsd_schedule",
    }
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in wanted]
    assert {d.name for d in defs} == wanted, "transformers moved its schedules"
    module = ast.Module(body=defs, type_ignores=[])
    namespace = {
        "math": math,
        "partial": partial,
        "warnings": warnings,
        # LambdaLR(optimizer, lr_lambda, last_epoch): the multiplier itself, base_lr = 1.
        "LambdaLR": lambda _optimizer, lr_lambda, last_epoch=-1: lr_lambda,
    }
    # The file's annotations name torch types; as in the file, they are not evaluated.
    flags = __future__.annotations.compiler_flag
    exec(compile(module, str(path), "exec", flags=flags, dont_inherit=True), namespace)
    return namespace["get_inverse_sqrt_schedule"], namespace["get_wsd_schedule"]


inverse_sqrt_lambda, wsd_lambda = hf_schedules()


def scaled(init_value, lr_lambda):
    return lambda step: init_value * lr_lambda(step)


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
        return [o["transition_begin"] + o["transition_steps"]]
    if kind == "cosine_decay":
        return [o["decay_steps"]]
    if kind == "exponential_decay":
        return [o["transition_begin"] + 4 * o["transition_steps"]]
    return [100]


def steps_for(kind, init_value, options):
    points = knots(kind, init_value, options)
    end = max(max(points), 10)
    steps = set(range(-12, 13))
    for p in points:
        steps.update({p - 2, p - 1, p, p + 1, p + 2})
    n = 160
    steps.update(round(-0.25 * end + i * 1.75 * end / n) for i in range(n + 1))
    steps.update({-end, 2 * end, 10 * end, 10**6, 10**9, -(10**6)})
    return sorted(steps)


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


def main():
    versions = {p: metadata.version(p) for p in ["optax", "jax", "keras", "transformers"]}
    out = io.StringIO()
    out.write(
        "# Written by test/support/references/generate.py from "
        + ", ".join(f"{p} {v}" for p, v in versions.items())
        + " (python "
        + sys.version.split()[0]
        + ").\n"
        "# Columns: case, schedule kind, init_value (empty for join), options (key=value;...,\n"
        "# {boundary:scale ...} maps, [x ...] lists, join parts by case name), step, the library's\n"
        "# value (nan or inf where the library's is; Anneal raises there), and the tolerance:\n"
        "# |anneal - value| may be at most tolerance * scale, scale = max(|init_value|, largest\n"
        "# finite |value| of the case).\n"
        "# Keras rows have 2e-7: Keras 3 computes cos and floor in float32 even with floatx float64.\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["case", "schedule", "init_value", "options", "step", "value", "tolerance"])
    rows = 0
    for name, (kind, init_value, options, fun, tolerance) in CASES.items():
        opts = ";".join(f"{k}={option(v)}" for k, v in options.items())
        for step in steps_for(kind, init_value, options):
            value = float(fun(step))
            writer.writerow(
                [name, kind, "" if init_value is None else number(init_value), opts, step, repr(value), tolerance]
            )
            rows += 1
    OUT.write_text(out.getvalue())
    print(f"wrote {rows} rows of {len(CASES)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
