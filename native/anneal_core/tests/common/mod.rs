//! Shared by the integration tests: the five Axon-compatible schedules built from a CSV's
//! `key=value` options (with Axon 0.4.1's defaults for the options left out), and [`rng`].

// Each test crate uses only some of these helpers.
#![allow(dead_code)]

pub mod random_schedule;
pub mod rng;

use anneal_core::{
    Constant, CosineDecay, ExponentialDecay, LinearDecay, PolynomialDecay, Schedule, ScheduleError,
};
use std::collections::HashMap;

/// The schedule, or `None` for a kind that is not one of Axon's five.
pub fn axon_schedule(
    kind: &str,
    init: f64,
    opts: &HashMap<String, String>,
) -> Option<Result<Schedule, ScheduleError>> {
    let num = |key: &str, default: f64| -> f64 {
        opts.get(key)
            .map_or(default, |v| v.parse().expect("a number"))
    };
    Some(match kind {
        "constant" => Constant::schedule(init),
        "cosine_decay" => CosineDecay::schedule(init, num("decay_steps", 10.0), num("alpha", 0.0)),
        "exponential_decay" => ExponentialDecay::schedule(
            init,
            num("decay_rate", 0.95),
            num("transition_steps", 10.0),
            num("transition_begin", 0.0),
            opts.get("staircase").is_some_and(|v| v == "true"),
        ),
        "linear_decay" => LinearDecay::schedule(init, num("warmup", 0.0), num("steps", 1000.0)),
        "polynomial_decay" => PolynomialDecay::schedule(
            init,
            num("end_value", 1.0e-3),
            num("power", 2.0),
            num("transition_steps", 10.0),
            num("transition_begin", 0.0),
        ),
        _ => return None,
    })
}
