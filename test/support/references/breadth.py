"""The cases of test/fixtures/references_breadth.csv: every schedule and option of issue 16,
computed by the library whose semantics Anneal follows there (optax, transformers, torch).
Kind and option names are Anneal's, as issue 16 writes them; atoms are written bare
(`linear`, `sqrt`, `exp_range`).

Cases named `*_quirk` pin a peer answer that an implementation may instead refuse with a
documented ArgumentError (optax ignores a zero warmup, a dict key collision drops a phase):
whoever wires the file up tests either the rows or the refusal.
"""

import math

import jax

jax.config.update("jax_enable_x64", True)

import optax  # noqa: E402

from peer_sources import cyclic, hf_schedules, scaled, Optimizer  # noqa: E402

wsd_lambda, restarts_lambda, polynomial_lambda = hf_schedules(
    "get_wsd_schedule",
    "get_cosine_with_hard_restarts_schedule_with_warmup",
    "get_polynomial_decay_schedule_with_warmup",
)

EXACT = 1e-12

# name -> (kind, init_value, options, function, tolerance); options as in generate.py, plus
# `schedule` (a case name) for shift.
CASES = {}


def case(name, kind, init_value, options, fun):
    CASES[name] = (kind, init_value, options, fun, EXACT)
    return name


def product(*funs):
    """multiply/1: the peers' values multiplied in float64, in list order."""

    def value(step):
        result = 1.0
        for f in funs:
            result *= float(f(step))
        return result

    return value


# --- exponential_decay end_value (optax exponential_decay(end_value=)) ---------------------
# jnp.maximum when decay_rate < 1, jnp.minimum otherwise, applied to every step, also where
# the step is at or before transition_begin and the value is init_value.
case(
    "exp_end_lower",
    "exponential_decay",
    1.0,
    {"decay_rate": 0.5, "transition_steps": 10, "transition_begin": 20, "end_value": 0.1},
    optax.exponential_decay(1.0, 10, 0.5, transition_begin=20, end_value=0.1),
)
case(
    "exp_end_upper",
    "exponential_decay",
    0.01,
    {"decay_rate": 2.0, "transition_steps": 100, "transition_begin": 0, "end_value": 1.0},
    optax.exponential_decay(0.01, 100, 2.0, end_value=1.0),
)
case(
    "exp_end_upper_stairs",
    "exponential_decay",
    0.2,
    {"decay_rate": 1.5, "transition_steps": 64, "transition_begin": 64, "staircase": True, "end_value": 1.0},
    optax.exponential_decay(0.2, 64, 1.5, transition_begin=64, staircase=True, end_value=1.0),
)
# The bound on the wrong side of init_value: the value is the bound everywhere, before
# transition_begin too.
case(
    "exp_end_above_init",
    "exponential_decay",
    1.0,
    {"decay_rate": 0.9, "transition_steps": 10, "transition_begin": 50, "end_value": 2.0},
    optax.exponential_decay(1.0, 10, 0.9, transition_begin=50, end_value=2.0),
)
case(
    "exp_end_below_init_rising",
    "exponential_decay",
    1.0,
    {"decay_rate": 1.1, "transition_steps": 10, "transition_begin": 50, "end_value": 0.5},
    optax.exponential_decay(1.0, 10, 1.1, transition_begin=50, end_value=0.5),
)

# --- cosine_decay exponent (optax cosine_decay_schedule(exponent=)) -------------------------
case(
    "cos_exponent_2",
    "cosine_decay",
    0.1,
    {"decay_steps": 200, "alpha": 0.01, "exponent": 2.0},
    optax.cosine_decay_schedule(0.1, 200, alpha=0.01, exponent=2.0),
)
case(
    "cos_exponent_half",
    "cosine_decay",
    1.0,
    {"decay_steps": 100, "exponent": 0.5},
    optax.cosine_decay_schedule(1.0, 100, exponent=0.5),
)

# --- warmup_stable_decay warmup_type, num_cycles (transformers get_wsd_schedule) -------------
case(
    "wsd_warmup_cosine",
    "warmup_stable_decay",
    1e-3,
    {"warmup_steps": 100, "stable_steps": 300, "decay_steps": 200, "min_lr_ratio": 0.1, "warmup_type": "cosine"},
    scaled(1e-3, wsd_lambda(None, 100, 200, num_stable_steps=300, min_lr_ratio=0.1, warmup_type="cosine")),
)
case(
    "wsd_warmup_sqrt",
    "warmup_stable_decay",
    1.0,
    {
        "warmup_steps": 64,
        "stable_steps": 0,
        "decay_steps": 64,
        "min_lr_ratio": 0.05,
        "decay_type": "linear",
        "warmup_type": "sqrt",
    },
    scaled(
        1.0,
        wsd_lambda(None, 64, 64, num_stable_steps=0, min_lr_ratio=0.05, decay_type="linear", warmup_type="1-sqrt"),
    ),
)
case(
    "wsd_warmup_linear_min",
    "warmup_stable_decay",
    2.0,
    {"warmup_steps": 20, "stable_steps": 10, "decay_steps": 30, "min_lr_ratio": 0.25, "warmup_type": "linear"},
    scaled(2.0, wsd_lambda(None, 20, 30, num_stable_steps=10, min_lr_ratio=0.25, warmup_type="linear")),
)
case(
    "wsd_one_cycle",
    "warmup_stable_decay",
    0.5,
    {"warmup_steps": 10, "stable_steps": 20, "decay_steps": 100, "min_lr_ratio": 0.2, "num_cycles": 1.0},
    scaled(0.5, wsd_lambda(None, 10, 100, num_stable_steps=20, min_lr_ratio=0.2, num_cycles=1.0)),
)
case(
    "wsd_quarter_cycle",
    "warmup_stable_decay",
    1.0,
    {"warmup_steps": 0, "stable_steps": 0, "decay_steps": 80, "num_cycles": 0.25},
    scaled(1.0, wsd_lambda(None, 0, 80, num_stable_steps=0, num_cycles=0.25)),
)

# --- piecewise_interpolate (optax piecewise_interpolate_schedule) ---------------------------
case(
    "pwi_linear",
    "piecewise_interpolate",
    0.1,
    {"boundaries_and_scales": {100: 0.5, 400: 4.0, 250: 0.2}},
    optax.piecewise_interpolate_schedule("linear", 0.1, {100: 0.5, 400: 4.0, 250: 0.2}),
)
case(
    "pwi_cosine_zero_boundary",
    "piecewise_interpolate",
    2.0,
    {"boundaries_and_scales": {0: 0.5, 50: 0.1, 150: 10.0}, "interpolate_type": "cosine"},
    optax.piecewise_interpolate_schedule("cosine", 2.0, {0: 0.5, 50: 0.1, 150: 10.0}),
)
case(
    "pwi_zero_scale",
    "piecewise_interpolate",
    1.0,
    {"boundaries_and_scales": {30: 0.0, 60: 5.0}, "interpolate_type": "linear"},
    optax.piecewise_interpolate_schedule("linear", 1.0, {30: 0.0, 60: 5.0}),
)
case(
    "pwi_empty",
    "piecewise_interpolate",
    0.3,
    {"boundaries_and_scales": {}, "interpolate_type": "cosine"},
    optax.piecewise_interpolate_schedule("cosine", 0.3, {}),
)

# --- linear_one_cycle (optax linear_onecycle_schedule) --------------------------------------
case("loc_default", "linear_one_cycle", 0.01, {"transition_steps": 1000}, optax.linear_onecycle_schedule(1000, 0.01))
case(
    "loc_custom",
    "linear_one_cycle",
    1.0,
    {"transition_steps": 99, "pct_start": 0.25, "pct_final": 0.75, "div_factor": 10.0, "final_div_factor": 100.0},
    optax.linear_onecycle_schedule(99, 1.0, 0.25, 0.75, 10.0, 100.0),
)
# int(0.29 * 100) = int(28.999999999999996) = 28, int(0.57 * 100) = int(56.99999999999999) = 56.
case(
    "loc_truncation",
    "linear_one_cycle",
    0.5,
    {"transition_steps": 100, "pct_start": 0.29, "pct_final": 0.57},
    optax.linear_onecycle_schedule(100, 0.5, 0.29, 0.57),
)
case(
    "loc_no_rise",
    "linear_one_cycle",
    2.0,
    {"transition_steps": 64, "pct_start": 0.0},
    optax.linear_onecycle_schedule(64, 2.0, 0.0),
)
# pct_final = 1.0: optax's dict {300: 25, 1000: 1/25, 1000: 1e-4} keeps 1000: 1e-4 only, so
# the fall goes from peak straight to peak * 1e-4 (not peak / 25 / 1e4) and phase 3 is gone.
case(
    "loc_quirk_final_at_end",
    "linear_one_cycle",
    1.0,
    {"transition_steps": 1000, "pct_final": 1.0},
    optax.linear_onecycle_schedule(1000, 1.0, pct_final=1.0),
)

# --- warmup_constant (optax warmup_constant_schedule) --------------------------------------
case(
    "wc_default",
    "warmup_constant",
    0.0,
    {"peak_value": 1e-3, "warmup_steps": 100},
    optax.warmup_constant_schedule(0.0, 1e-3, 100),
)
case(
    "wc_from_above",
    "warmup_constant",
    1.0,
    {"peak_value": 0.1, "warmup_steps": 64},
    optax.warmup_constant_schedule(1.0, 0.1, 64),
)
# warmup_steps = 0: optax's linear_schedule with no steps is constant at init_value, never
# reaching peak_value.
case(
    "wc_quirk_no_warmup",
    "warmup_constant",
    0.5,
    {"peak_value": 1.0, "warmup_steps": 0},
    optax.warmup_constant_schedule(0.5, 1.0, 0),
)

# --- warmup_exponential_decay (optax warmup_exponential_decay_schedule) ---------------------
case(
    "wed_basic",
    "warmup_exponential_decay",
    0.0,
    {"peak_value": 0.1, "warmup_steps": 100, "transition_steps": 100, "decay_rate": 0.5},
    optax.warmup_exponential_decay_schedule(0.0, 0.1, 100, 100, 0.5),
)
case(
    "wed_full",
    "warmup_exponential_decay",
    1e-4,
    {
        "peak_value": 1e-2,
        "warmup_steps": 64,
        "transition_steps": 32,
        "decay_rate": 0.8,
        "transition_begin": 64,
        "staircase": True,
        "end_value": 1e-3,
    },
    optax.warmup_exponential_decay_schedule(1e-4, 1e-2, 64, 32, 0.8, 64, True, 1e-3),
)
case(
    "wed_rising_bounded",
    "warmup_exponential_decay",
    0.0,
    {"peak_value": 1.0, "warmup_steps": 10, "transition_steps": 50, "decay_rate": 1.5, "end_value": 2.0},
    optax.warmup_exponential_decay_schedule(0.0, 1.0, 10, 50, 1.5, end_value=2.0),
)
# end_value above peak_value with decay_rate < 1: from the end of the warmup on the value is
# end_value (the bound applies before transition_begin too).
case(
    "wed_end_above_peak",
    "warmup_exponential_decay",
    0.0,
    {"peak_value": 0.1, "warmup_steps": 20, "transition_steps": 10, "decay_rate": 0.9, "transition_begin": 30, "end_value": 0.5},
    optax.warmup_exponential_decay_schedule(0.0, 0.1, 20, 10, 0.9, 30, end_value=0.5),
)
case(
    "wed_no_warmup",
    "warmup_exponential_decay",
    0.3,
    {"peak_value": 1.0, "warmup_steps": 0, "transition_steps": 64, "decay_rate": 0.25},
    optax.warmup_exponential_decay_schedule(0.3, 1.0, 0, 64, 0.25),
)

# --- cosine_with_hard_restarts (transformers, x init) ---------------------------------------
case(
    "chr_default",
    "cosine_with_hard_restarts",
    1e-3,
    {"warmup_steps": 100, "training_steps": 1000},
    scaled(1e-3, restarts_lambda(None, 100, 1000)),
)
# Restarts where (3 * progress) % 1.0 wraps in float64: at step 40, 30 / 90 * 3 rounds to
# 1.0 exactly, so the value is init_value (a restart), not the end of a cosine.
case(
    "chr_three",
    "cosine_with_hard_restarts",
    1.0,
    {"warmup_steps": 10, "training_steps": 100, "num_cycles": 3},
    scaled(1.0, restarts_lambda(None, 10, 100, num_cycles=3)),
)
case(
    "chr_no_warmup",
    "cosine_with_hard_restarts",
    0.5,
    {"warmup_steps": 0, "training_steps": 256, "num_cycles": 4},
    scaled(0.5, restarts_lambda(None, 0, 256, num_cycles=4)),
)

# --- warmup_polynomial_decay (transformers; init is the optimizer's lr) ---------------------
case(
    "wpd_default",
    "warmup_polynomial_decay",
    1e-3,
    {"warmup_steps": 100, "training_steps": 1000},
    scaled(1e-3, polynomial_lambda(Optimizer(1e-3), 100, 1000)),
)
case(
    "wpd_power2",
    "warmup_polynomial_decay",
    0.1,
    {"warmup_steps": 10, "training_steps": 110, "end_value": 1e-3, "power": 2.0},
    scaled(0.1, polynomial_lambda(Optimizer(0.1), 10, 110, lr_end=1e-3, power=2.0)),
)
case(
    "wpd_no_warmup_sqrt",
    "warmup_polynomial_decay",
    1.0,
    {"warmup_steps": 0, "training_steps": 64, "end_value": 0.5, "power": 0.5},
    scaled(1.0, polynomial_lambda(Optimizer(1.0), 0, 64, lr_end=0.5, power=0.5)),
)

# --- cyclic (torch CyclicLR, closed form) ---------------------------------------------------
case(
    "cyc_triangular",
    "cyclic",
    1e-3,
    {"max_value": 6e-3, "step_size_up": 100},
    cyclic(1e-3, max_lr=6e-3, step_size_up=100),
)
case(
    "cyc_asymmetric",
    "cyclic",
    0.1,
    {"max_value": 1.0, "step_size_up": 64, "step_size_down": 192, "mode": "triangular"},
    cyclic(0.1, max_lr=1.0, step_size_up=64, step_size_down=192, mode="triangular"),
)
case(
    "cyc_triangular2",
    "cyclic",
    1e-3,
    {"max_value": 1e-2, "step_size_up": 100, "step_size_down": 50, "mode": "triangular2"},
    cyclic(1e-3, max_lr=1e-2, step_size_up=100, step_size_down=50, mode="triangular2"),
)
case(
    "cyc_exp_range",
    "cyclic",
    1e-3,
    {"max_value": 0.1, "step_size_up": 100, "mode": "exp_range", "gamma": 0.999},
    cyclic(1e-3, max_lr=0.1, step_size_up=100, mode="exp_range", gamma=0.999),
)
case(
    "cyc_exp_range_down",
    "cyclic",
    0.01,
    {"max_value": 0.05, "step_size_up": 64, "step_size_down": 128, "mode": "exp_range", "gamma": 0.9999},
    cyclic(0.01, max_lr=0.05, step_size_up=64, step_size_down=128, mode="exp_range", gamma=0.9999),
)
# gamma is used by exp_range only: torch ignores it in the other modes.
case(
    "cyc_gamma_ignored",
    "cyclic",
    0.5,
    {"max_value": 1.5, "step_size_up": 64, "mode": "triangular2", "gamma": 0.5},
    cyclic(0.5, max_lr=1.5, step_size_up=64, mode="triangular2", gamma=0.5),
)

# --- multiply and shift (products and shifts of the peers' values) --------------------------
cos_part = case(
    "part_cosine", "cosine_decay", 0.1, {"decay_steps": 200}, optax.cosine_decay_schedule(0.1, 200)
)
exp_part = case(
    "part_exponential",
    "exponential_decay",
    1.0,
    {"decay_rate": 0.5, "transition_steps": 50},
    optax.exponential_decay(1.0, 50, 0.5),
)
wcd_part = case(
    "part_warmup_cosine",
    "warmup_cosine_decay",
    0.0,
    {"peak_value": 1e-3, "warmup_steps": 100, "decay_steps": 1000},
    optax.warmup_cosine_decay_schedule(0.0, 1e-3, 100, 1000),
)
const_part = case("part_constant", "constant", 0.5, {}, optax.constant_schedule(0.5))
cyc_part = case(
    "part_cyclic",
    "cyclic",
    0.2,
    {"max_value": 1.0, "step_size_up": 64},
    cyclic(0.2, max_lr=1.0, step_size_up=64),
)
wsd_part = case(
    "part_wsd",
    "warmup_stable_decay",
    1.0,
    {"warmup_steps": 64, "stable_steps": 64, "decay_steps": 128},
    scaled(1.0, wsd_lambda(None, 64, 128, num_stable_steps=64)),
)
join_part = case(
    "part_join",
    "join",
    None,
    {"schedules": [exp_part, cos_part], "boundaries": [100]},
    optax.join_schedules([optax.exponential_decay(1.0, 50, 0.5), optax.cosine_decay_schedule(0.1, 200)], [100]),
)

case(
    "mul_cosine_exponential",
    "multiply",
    None,
    {"schedules": [cos_part, exp_part]},
    product(optax.cosine_decay_schedule(0.1, 200), optax.exponential_decay(1.0, 50, 0.5)),
)
# multiply([s, constant(k)]) scales s.
case(
    "mul_scaled",
    "multiply",
    None,
    {"schedules": [wcd_part, const_part]},
    product(optax.warmup_cosine_decay_schedule(0.0, 1e-3, 100, 1000), optax.constant_schedule(0.5)),
)
case(
    "mul_three_peers",
    "multiply",
    None,
    {"schedules": [wsd_part, cyc_part, join_part]},
    product(
        CASES[wsd_part][3],
        CASES[cyc_part][3],
        CASES[join_part][3],
    ),
)


def shifted(fun, by):
    return lambda step: fun(step + by)


case("shift_resume", "shift", None, {"schedule": wcd_part, "by": 100}, shifted(CASES[wcd_part][3], 100))
case("shift_join", "shift", None, {"schedule": join_part, "by": 75}, shifted(CASES[join_part][3], 75))
case("shift_back", "shift", None, {"schedule": cyc_part, "by": -20}, shifted(CASES[cyc_part][3], -20))


def knots(kind, init_value, options, known):
    """The steps where a schedule changes phase, and its length: issue 16's kinds and options
    here, the others by `known` (generate.py's knots)."""
    o = options
    if kind == "exponential_decay" and "end_value" in o:
        begin, k, rate = o.get("transition_begin", 0), o["transition_steps"], o["decay_rate"]
        points = [begin, begin + 4 * k]
        if (o["end_value"] - init_value) * (rate - 1) > 0:
            # Where init * rate^p crosses the bound.
            points.append(round(begin + k * math.log(o["end_value"] / init_value) / math.log(rate)))
        return points
    if kind == "cosine_decay":
        return [o["decay_steps"]]
    if kind == "piecewise_interpolate":
        return list(o["boundaries_and_scales"]) or [100]
    if kind == "linear_one_cycle":
        t = o["transition_steps"]
        return [int(o.get("pct_start", 0.3) * t), int(o.get("pct_final", 0.85) * t), t]
    if kind == "warmup_constant":
        return [o["warmup_steps"], 100]
    if kind == "warmup_exponential_decay":
        w, begin, k = o["warmup_steps"], o.get("transition_begin", 0), o["transition_steps"]
        return [w, w + begin, w + begin + 4 * k]
    if kind == "cosine_with_hard_restarts":
        w, t, n = o["warmup_steps"], o["training_steps"], o.get("num_cycles", 1)
        return [w, t] + [round(w + i * (t - w) / n) for i in range(1, n)]
    if kind == "warmup_polynomial_decay":
        return [o["warmup_steps"], o["training_steps"]]
    if kind == "cyclic":
        up = o["step_size_up"]
        total = up + (o.get("step_size_down") or up)
        return [c * total + d for c in range(-1, 4) for d in (0, up)]
    if kind == "multiply":
        return sorted({p for name in o["schedules"] for p in knots(*CASES[name][:3], known)})
    if kind == "shift":
        return [p - o["by"] for p in knots(*CASES[o["schedule"]][:3], known)]
    return known(kind, init_value, options)


def far_steps(kind, options):
    """Steps far from the start to write besides generate.py's, each with +-2 around it."""
    if kind != "cyclic":
        return []
    total = options["step_size_up"] + (options.get("step_size_down") or options["step_size_up"])
    # triangular2's scale 1 / 2.0 ** (cycle - 1) raises OverflowError from cycle 1025 on:
    # the last rows torch gives are those of cycle 1024, up to step 1024 * total - 1.
    return [s + d for s in (1000 * total, 1024 * total) for d in range(-2, 3)]


def lowest_step(kind, init_value, options):
    """The lowest step written for a case, or None for no limit. Where the peer's value below
    step 0 grows without bound (transformers' warmups are step / warmup_steps; CyclicLR's
    scale factors are 2^(1 - cycle) and gamma^step), steps further down than one warmup or
    one cycle would make the case's scale, and so its tolerance, meaningless."""
    o = options
    if kind in ("cosine_with_hard_restarts", "warmup_polynomial_decay"):
        return -max(o["warmup_steps"], 1)
    if kind == "cyclic":
        return -(o["step_size_up"] + (o.get("step_size_down") or o["step_size_up"]))
    if kind in ("multiply", "shift"):
        names = o.get("schedules") or [o["schedule"]]
        limits = [lowest_step(*CASES[n][:3]) for n in names]
        limits = [x - o.get("by", 0) for x in limits if x is not None]
        return max(limits) if limits else None
    return None


# Hand-computed values, checked against the peers' rows before the file is written:
# (case, step, value, reasoning). Within 1e-15 relative.
HAND_CHECKS = [
    ("exp_end_lower", 40, 0.25, "p = (40 - 20) / 10 = 2, 1 * 0.5^2 = 0.25 > bound 0.1"),
    ("exp_end_lower", 60, 0.1, "p = 4, 0.5^4 = 0.0625 < 0.1: the lower bound"),
    ("exp_end_lower", -5, 1.0, "before transition_begin: init_value, above the bound"),
    ("exp_end_upper", 100, 0.02, "p = 1, 0.01 * 2 = 0.02"),
    ("exp_end_upper", 700, 1.0, "0.01 * 2^7 = 1.28 > 1.0: the upper bound"),
    ("exp_end_above_init", 0, 2.0, "max(init 1.0, end 2.0) before transition_begin"),
    ("exp_end_below_init_rising", 10**6, 0.5, "min(1.0 * 1.1^p, 0.5) = 0.5 everywhere"),
    ("cos_exponent_2", 100, 0.1 * (0.99 * 0.25 + 0.01), "cos(pi/2) = 0, (1/2)^2 = 1/4"),
    ("cos_exponent_half", 50, math.sqrt(0.5), "(1/2)^(1/2)"),
    ("wsd_warmup_cosine", 50, 1e-3 * (0.5 * 0.9 + 0.1), "0.5 (1 - cos(pi/2)) = 1/2, x 0.9 + 0.1"),
    ("wsd_warmup_sqrt", 48, 1.0 * (0.5 * 0.95 + 0.05), "1 - sqrt(1 - 48/64) = 1/2"),
    ("wsd_warmup_linear_min", -20, 0.0, "progress -1: -1 * 0.75 + 0.25 < 0, clamped to 0"),
    ("wsd_one_cycle", 129, 0.5 * (0.5 * (1 + math.cos(2 * math.pi * 99 / 100)) * 0.8 + 0.2), "num_cycles 1: cos(2 pi progress)"),
    ("wsd_one_cycle", 130, 0.1, "past the decay: min_lr_ratio 0.2 x 0.5"),
    ("pwi_linear", 175, 0.05 + (0.01 - 0.05) * 0.5, "between 100 (0.1 x 0.5) and 250 (x 0.2 = 0.01), halfway"),
    ("pwi_linear", 400, 0.04, "0.1 x 0.5 x 0.2 x 4 at the last boundary and after"),
    ("pwi_linear", -1, 0.0, "optax: no interval holds a negative step, the value is 0"),
    ("pwi_cosine_zero_boundary", 0, 1.0, "the scale at boundary 0 applies from step 0: 2 x 0.5"),
    ("pwi_cosine_zero_boundary", 25, 0.1 + 0.9 / 2 * (math.cos(math.pi / 2) + 1), "cosine halfway from 1.0 to 0.1"),
    ("loc_default", 300, 0.01, "peak at int(0.3 x 1000)"),
    ("loc_default", 850, 0.01 / 25, "back to peak / div_factor at int(0.85 x 1000)"),
    ("loc_default", 1000, 0.01 / 25 / 1e4, "then to that / final_div_factor"),
    ("loc_truncation", 28, 0.5, "the peak at int(0.29 x 100) = 28, not 29"),
    ("loc_quirk_final_at_end", 1000, 1e-4, "the dict keeps 1000: 1e-4: peak x 1e-4"),
    ("loc_quirk_final_at_end", 650, 1.0 + (1e-4 - 1.0) * 0.5, "halfway from 300 to 1000"),
    ("wc_default", 50, 5e-4, "halfway up the warmup"),
    ("wc_default", -10, 0.0, "linear_schedule clips the step at 0"),
    ("wc_quirk_no_warmup", 10, 0.5, "warmup_steps 0: constant init_value"),
    ("wed_basic", 200, 0.05, "warmup to 0.1 at 100, then 0.1 x 0.5^(100/100)"),
    ("wed_full", 64 + 64 + 32, 8e-3, "staircase: floor(32 / 32) = 1, 1e-2 x 0.8"),
    ("wed_end_above_peak", 25, 0.5, "past the warmup the bound 0.5 holds (max with 0.1)"),
    ("chr_three", 40, 1.0, "30/90 x 3 rounds to 1.0, % 1.0 = 0: a restart"),
    ("chr_three", 100, 0.0, "progress 1: 0"),
    ("chr_three", -5, -0.5, "transformers' warmup below 0: -5 / 10"),
    ("wpd_power2", 60, 0.099 * 0.25 + 1e-3, "(0.1 - 1e-3) x (1 - 50/100)^2 + 1e-3"),
    ("wpd_power2", 200, 1e-3, "past training_steps: lr_end"),
    ("wpd_no_warmup_sqrt", -3, -3.0, "warmup_steps 0 and step -3 < 0: -3 / max(1, 0)"),
    ("cyc_triangular", 50, 0.0035, "cycle 1, x = 0.25, half way up: 1e-3 + 5e-3 x 0.5"),
    ("cyc_triangular", 200, 1e-3, "x = 0: base"),
    ("cyc_asymmetric", 64 + 96, 0.1 + 0.9 * 0.5, "halfway down the 192-step fall"),
    ("cyc_triangular2", 150 + 100, 1e-3 + 9e-3 * 0.5, "second cycle's peak, halved"),
    ("cyc_exp_range", 100, 1e-3 + 0.099 * 0.999**100, "the peak times gamma^step"),
    ("cyc_gamma_ignored", 64 + 128, 0.5 + 1.0 * 0.5, "triangular2 ignores gamma"),
    ("mul_scaled", 100, 5e-4, "peak 1e-3 x 0.5"),
    ("mul_cosine_exponential", 100, 0.05 * 0.25, "cos(pi/2): 0.05; 0.5^2"),
    ("shift_resume", 0, 1e-3, "the warmup cosine's peak, at 100"),
    ("shift_back", 20, 0.2, "the cyclic part at 0: base"),
    ("shift_join", 25, 0.1, "the join at 100: its cosine part at 0"),
]
