//! `exponential_decay`: `init_value · decay_rate^(t / transition_steps)` after `transition_begin`.

use crate::error::{finite, non_negative, positive, require, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::Exponential;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₀ · r^(t′/k) with t′ = t − transition_begin, and γ₀ while t′ ≤ 0: a constant
/// segment, then an [`Exponential`] in a frame that subtracts `transition_begin`.
///
/// With `staircase`, the exponent is ⌊t′/k⌋, so the value drops once per `transition_steps`.
///
/// With `end_value` (optax's), every value, γ₀ before `transition_begin` included, is held at
/// or above it where r < 1 and at or below it where r ≥ 1. optax ignores `end_value` where
/// r = 0 (a constant γ₀); Anneal refuses that combination.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExponentialDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// r, non-negative. Defaults to 0.95.
    pub decay_rate: f64,
    /// k, positive. Defaults to 10.
    pub transition_steps: f64,
    /// Where the decay begins, non-negative. Defaults to 0.
    pub transition_begin: f64,
    /// Whether the exponent is floored. Defaults to `false`.
    pub staircase: bool,
    /// The bound, finite, or `None` (unbounded, the default; not written when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_value: Option<f64>,
}

impl ExponentialDecay {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        decay_rate: f64,
        transition_steps: f64,
        transition_begin: f64,
        staircase: bool,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            decay_rate,
            transition_steps,
            transition_begin,
            staircase,
            end_value: None,
        })
    }

    /// The decay after `transition_begin`, in the frame that starts there.
    pub(crate) fn decay(&self) -> Exponential {
        Exponential {
            init: self.init_value,
            rate: self.decay_rate,
            k: self.transition_steps,
            staircase: self.staircase,
            bound: self.end_value,
        }
    }
}

impl Kind for ExponentialDecay {
    const NAME: &'static str = "exponential_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("decay_rate", Float(0.95), NonNegative),
        Opt::new("transition_steps", Int(10), Positive),
        Opt::new("transition_begin", Int(0), NonNegative),
        Opt::new("staircase", Bool(false), Boolean),
        Opt::new("end_value", Nil, Finite).added_later(),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        non_negative("decay_rate", self.decay_rate)?;
        positive("transition_steps", self.transition_steps)?;
        non_negative("transition_begin", self.transition_begin)?;
        if let Some(end) = self.end_value {
            finite("end_value", end)?;
            require(
                self.decay_rate > 0.0,
                "decay_rate",
                self.decay_rate,
                "positive when end_value is given",
            )?;
        }
        Ok(())
    }

    fn plan(&self) -> Plan {
        let decay = self.decay();
        // t − t₀ ≤ 0 holds γ₀ (bounded); the exponential is γ₀ · r⁰ = γ₀ at t = t₀ too.
        let frame = Plan::constant(decay.bounded(self.init_value)).then(
            0.0,
            decay,
            marked(self.transition_begin, "decay begins"),
        );
        frame.in_frame(self.transition_begin)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    #[test]
    fn decays_by_the_rate_every_transition() {
        let s = ExponentialDecay::schedule(1.0, 0.5, 10.0, 0.0, false).unwrap();
        assert_eq!(s.value(0.0), 1.0);
        assert!(close(s.value(10.0), 0.5)); // 0.5¹
        assert!(close(s.value(30.0), 0.125)); // 0.5³
        assert!(close(s.value(5.0), std::f64::consts::FRAC_1_SQRT_2)); // 0.5^½
    }

    #[test]
    fn holds_init_value_before_transition_begin() {
        let s = ExponentialDecay::schedule(0.05, 0.5, 4.0, 3.0, true).unwrap();
        for step in [-7.0, 0.0, 3.0] {
            assert_eq!(s.value(step), 0.05);
        }
        // t′ = 4 is the first full transition: 0.05 · 0.5
        assert!(close(s.value(7.0), 0.025));
    }

    #[test]
    fn zero_init_value_stays_zero_where_the_power_overflows() {
        // 2^(1e300) = ∞, and 0 · ∞ is NaN; the schedule is 0 everywhere.
        let s = ExponentialDecay::schedule(0.0, 2.0, 1.0, 0.0, false).unwrap();
        assert_eq!(s.value(1e300), 0.0);
    }

    #[test]
    fn staircase_floors_the_exponent() {
        let s = ExponentialDecay::schedule(1.0, 0.5, 4.0, 0.0, true).unwrap();
        assert_eq!(s.value(3.0), 1.0); // ⌊3/4⌋ = 0
        assert_eq!(s.value(4.0), 0.5); // ⌊4/4⌋ = 1
        assert_eq!(s.value(11.0), 0.25); // ⌊11/4⌋ = 2
    }

    #[test]
    fn underflows_to_zero_far_out() {
        let s = ExponentialDecay::schedule(0.01, 0.95, 10.0, 0.0, false).unwrap();
        assert_eq!(s.value(1e7), 0.0); // 0.95^1e6 is far below the smallest subnormal
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = ExponentialDecay::schedule(1.0, -0.5, 10.0, 0.0, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_rate to be a non-negative number, got: -0.5"
        );
        let err = ExponentialDecay::schedule(1.0, 0.5, -1.0, 0.0, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected transition_steps to be a positive number, got: -1"
        );
        let err = ExponentialDecay::schedule(1.0, 0.5, 1.0, -2.0, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected transition_begin to be a non-negative number, got: -2"
        );
    }
}
