//! `polynomial_decay`: from `init_value` to `end_value` along `(1 − t/k)^power`.

use crate::error::{finite, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::Polynomial;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = (γ₀ − γₙ) · (1 − c/k)^p + γₙ with c = clamp(t − transition_begin, 0, k): a constant
/// γ₀, then a [`Polynomial`] and its end value, in a frame that subtracts `transition_begin`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolynomialDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// γₙ, finite. Defaults to 0.001.
    pub end_value: f64,
    /// p, non-negative. Defaults to 2.
    pub power: f64,
    /// k, positive. Defaults to 10.
    pub transition_steps: f64,
    /// Where the decay begins, non-negative. Defaults to 0.
    pub transition_begin: f64,
}

impl PolynomialDecay {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        end_value: f64,
        power: f64,
        transition_steps: f64,
        transition_begin: f64,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            end_value,
            power,
            transition_steps,
            transition_begin,
        })
    }
}

impl Kind for PolynomialDecay {
    const NAME: &'static str = "polynomial_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("end_value", Float(1.0e-3), Finite),
        Opt::new("power", Int(2), NonNegative),
        Opt::new("transition_steps", Int(10), Positive),
        Opt::new("transition_begin", Int(0), NonNegative),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        finite("end_value", self.end_value)?;
        non_negative("power", self.power)?;
        positive("transition_steps", self.transition_steps)?;
        non_negative("transition_begin", self.transition_begin)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let k = self.transition_steps;
        let decay = Polynomial {
            init: self.init_value,
            end: self.end_value,
            power: self.power,
            k,
        };
        // c = clamp(t′, 0, k): γ₀ (exactly) before 0, the value at k from k on.
        Plan::constant(self.init_value)
            .then(0.0, decay, marked(self.transition_begin, "decay begins"))
            .then(k, decay.value(k), Some("decay end"))
            .in_frame(self.transition_begin)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    #[test]
    fn goes_from_init_to_end_value() {
        let s = PolynomialDecay::schedule(1.0, 0.1, 2.0, 10.0, 0.0).unwrap();
        assert_eq!(s.value(0.0), 1.0);
        assert!(close(s.value(5.0), 0.9 * 0.25 + 0.1)); // (1 − ½)² = ¼
        assert!(close(s.value(10.0), 0.1));
        assert!(close(s.value(1e6), 0.1)); // clamped at k
        assert_eq!(s.value(-5.0), 1.0); // clamped at 0
    }

    #[test]
    fn transition_begin_delays_the_decay() {
        let s = PolynomialDecay::schedule(0.01, 0.0, 0.5, 1000.0, 10.0).unwrap();
        assert_eq!(s.value(10.0), 0.01);
        // c = 990: √(10/1000) = 0.1
        assert!(close(s.value(1000.0), 0.001));
    }

    #[test]
    fn power_zero_is_constant_until_the_end() {
        // (1 − c/k)⁰ = 1 even at c = k, since 0⁰ = 1.
        let s = PolynomialDecay::schedule(1.0, 0.5, 0.0, 10.0, 0.0).unwrap();
        assert_eq!(s.value(10.0), 1.0);
    }

    #[test]
    fn starts_at_exactly_init_value_even_when_end_value_is_larger() {
        // (γ₀ − γₙ) + γₙ rounds to 3.47956773912657e-6 here, one rounding off γ₀.
        let (init, end) = (3.479_567_739_126_608_6e-6, 1e-3);
        assert_ne!((init - end) + end, init);
        let s = PolynomialDecay::schedule(init, end, 1.0, 193.0, 5.0).unwrap();
        assert_eq!(s.value(0.0), init);
        assert_eq!(s.value(5.0), init);
        assert_eq!(s.value(198.0), end);
    }

    #[test]
    fn values_between_opposite_huge_ends_stay_finite() {
        // γ₀ − γₙ = 2 · f64::MAX overflows; halfway, with p = 1, the value is 0.
        let s = PolynomialDecay::schedule(f64::MAX, -f64::MAX, 1.0, 10.0, 0.0).unwrap();
        assert_eq!(s.value(0.0), f64::MAX);
        assert_eq!(s.value(5.0), 0.0);
        assert_eq!(s.value(10.0), -f64::MAX);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = PolynomialDecay::schedule(1.0, 0.0, -1.0, 10.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected power to be a non-negative number, got: -1"
        );
        let err = PolynomialDecay::schedule(1.0, f64::NEG_INFINITY, 1.0, 10.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected end_value to be a finite number, got: -inf"
        );
        let err = PolynomialDecay::schedule(1.0, 0.0, 1.0, 0.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected transition_steps to be a positive number, got: 0"
        );
    }
}
