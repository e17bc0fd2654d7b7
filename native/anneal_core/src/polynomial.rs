//! `polynomial_decay`: from `init_value` to `end_value` along `(1 − t/k)^power`.

use crate::error::{finite, non_negative, positive, ScheduleError};

/// γ(t) = (γ₀ − γₙ) · (1 − c/k)^p + γₙ with c = clamp(t − transition_begin, 0, k).
///
/// The base is computed as (k − c)/k, one correctly rounded division, rather than 1 − c/k,
/// which cancels near the end of the decay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolynomialDecay {
    pub(crate) init_value: f64,
    pub(crate) end_value: f64,
    pub(crate) power: f64,
    pub(crate) transition_steps: f64,
    pub(crate) transition_begin: f64,
}

impl PolynomialDecay {
    /// Builds the schedule; `transition_steps` must be positive, `power` and
    /// `transition_begin` non-negative, every parameter finite.
    pub fn new(
        init_value: f64,
        end_value: f64,
        power: f64,
        transition_steps: f64,
        transition_begin: f64,
    ) -> Result<Self, ScheduleError> {
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            end_value: finite("end_value", end_value)?,
            power: non_negative("power", power)?,
            transition_steps: positive("transition_steps", transition_steps)?,
            transition_begin: non_negative("transition_begin", transition_begin)?,
        })
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        let k = self.transition_steps;
        let c = (step - self.transition_begin).clamp(0.0, k);
        let m = ((k - c) / k).powf(self.power);
        if m == 1.0 {
            // Up to transition_begin: γ₀ itself, which (γ₀ − γₙ) + γₙ may miss by an ulp.
            return self.init_value;
        }
        let span = self.init_value - self.end_value;
        let value = if span.is_finite() {
            span * m + self.end_value
        } else {
            // γ₀ and γₙ of opposite signs near f64::MAX: their difference overflows, but the
            // value, between the two, does not. Each term is finite and they cannot add up
            // to an overflow, having opposite signs.
            self.init_value * m + self.end_value * (1.0 - m)
        };
        // Rounding may overshoot γ₀ by an ulp just after the start; keeping the value between
        // the ends makes the decay monotone from γ₀ (exact) to γₙ (exact at m = 0).
        value.clamp(
            self.init_value.min(self.end_value),
            self.init_value.max(self.end_value),
        )
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
        let s = PolynomialDecay::new(1.0, 0.1, 2.0, 10.0, 0.0).unwrap();
        assert_eq!(s.value(0.0), 1.0);
        assert!(close(s.value(5.0), 0.9 * 0.25 + 0.1)); // (1 − ½)² = ¼
        assert!(close(s.value(10.0), 0.1));
        assert!(close(s.value(1e6), 0.1)); // clamped at k
        assert_eq!(s.value(-5.0), 1.0); // clamped at 0
    }

    #[test]
    fn transition_begin_delays_the_decay() {
        let s = PolynomialDecay::new(0.01, 0.0, 0.5, 1000.0, 10.0).unwrap();
        assert_eq!(s.value(10.0), 0.01);
        // c = 990: √(10/1000) = 0.1
        assert!(close(s.value(1000.0), 0.001));
    }

    #[test]
    fn power_zero_is_constant_until_the_end() {
        // (1 − c/k)⁰ = 1 even at c = k, since 0⁰ = 1.
        let s = PolynomialDecay::new(1.0, 0.5, 0.0, 10.0, 0.0).unwrap();
        assert_eq!(s.value(10.0), 1.0);
    }

    #[test]
    fn starts_at_exactly_init_value_even_when_end_value_is_larger() {
        // (γ₀ − γₙ) + γₙ rounds to 3.47956773912657e-6 here, one rounding off γ₀.
        let (init, end) = (3.479_567_739_126_608_6e-6, 1e-3);
        assert_ne!((init - end) + end, init);
        let s = PolynomialDecay::new(init, end, 1.0, 193.0, 5.0).unwrap();
        assert_eq!(s.value(0.0), init);
        assert_eq!(s.value(5.0), init);
        assert_eq!(s.value(198.0), end);
    }

    #[test]
    fn values_between_opposite_huge_ends_stay_finite() {
        // γ₀ − γₙ = 2 · f64::MAX overflows; halfway, with p = 1, the value is 0.
        let s = PolynomialDecay::new(f64::MAX, -f64::MAX, 1.0, 10.0, 0.0).unwrap();
        assert_eq!(s.value(0.0), f64::MAX);
        assert_eq!(s.value(5.0), 0.0);
        assert_eq!(s.value(10.0), -f64::MAX);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = PolynomialDecay::new(1.0, 0.0, -1.0, 10.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected power to be a non-negative number, got: -1"
        );
        let err = PolynomialDecay::new(1.0, f64::NEG_INFINITY, 1.0, 10.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected end_value to be a finite number, got: -inf"
        );
        let err = PolynomialDecay::new(1.0, 0.0, 1.0, 0.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected transition_steps to be a positive number, got: 0"
        );
    }
}
