//! The cost estimate that decides between a normal and a dirty scheduler: runs that a kernel
//! leaves to the exact formula (periods shorter than a table, too steep an `exp_range`) are
//! priced at the exact formula's cost, not the kernel's.

use anneal_core::{estimated_cost_ns, Schedule, Spec, Steps};
use serde_json::json;

fn schedule(doc: serde_json::Value) -> Schedule {
    Schedule::new(Spec::from_json_value(doc).unwrap()).unwrap()
}

/// Estimated nanoseconds per step over steps 0..10⁵.
fn per_step(doc: serde_json::Value) -> f64 {
    let n = 100_000;
    estimated_cost_ns(&schedule(doc), Steps::range(0, 1, n).unwrap()) / n as f64
}

// The exact formulas take 25–120 ns a step (libm's cos, pow and log), the kernels about 1:
// the estimate must tell the two apart by more than tenfold.
const EXACT_NS: f64 = 20.0;
const KERNEL_NS: f64 = 5.0;

#[test]
fn restarts_with_short_periods_are_priced_as_the_exact_formula() {
    let short =
        json!({"kind": "cosine_decay_restarts", "init_value": 1.0, "first_decay_steps": 10});
    let long =
        json!({"kind": "cosine_decay_restarts", "init_value": 1.0, "first_decay_steps": 50_000});
    assert!(per_step(short) >= EXACT_NS);
    assert!(per_step(long) <= KERNEL_NS);
}

#[test]
fn hard_restarts_with_short_cycles_are_priced_as_the_exact_formula() {
    let cycles = |n: u32| {
        json!({"kind": "cosine_with_hard_restarts", "init_value": 1.0, "warmup_steps": 0,
               "training_steps": 100_000, "num_cycles": n})
    };
    assert!(per_step(cycles(10_000)) >= EXACT_NS);
    assert!(per_step(cycles(3)) <= KERNEL_NS);
}

#[test]
fn steep_exp_range_waves_are_priced_as_the_exact_formula() {
    let wave = |gamma: f64| {
        json!({"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": 3,
               "mode": "exp_range", "gamma": gamma})
    };
    assert!(per_step(wave(0.5)) >= EXACT_NS);
    assert!(per_step(wave(0.99999)) <= KERNEL_NS);
}

#[test]
fn products_are_priced_as_their_factors_kernels_or_exact_formulas() {
    let cosine = json!({"kind": "cosine_decay", "init_value": 1.0, "decay_steps": 100_000});
    let restarts =
        json!({"kind": "cosine_decay_restarts", "init_value": 1.0, "first_decay_steps": 50_000});
    let product = |a: &serde_json::Value, b: &serde_json::Value| json!({"kind": "multiply", "schedules": [a, b]});
    // Two kernels and the multiplication: a few ns. Restarts in a product take the exact
    // formula (their period walk serves plans of one factor only).
    assert!(per_step(product(&cosine, &cosine)) <= KERNEL_NS);
    assert!(per_step(product(&cosine, &restarts)) >= EXACT_NS);
}
