//! `exponential_decay`: `init_value · decay_rate^(t / transition_steps)` after `transition_begin`.

use crate::error::{finite, non_negative, positive, ScheduleError};

/// γ(t) = γ₀ · r^(t′/k) with t′ = t − transition_begin, and γ₀ while t′ ≤ 0.
///
/// With `staircase`, the exponent is ⌊t′/k⌋, so the value drops once per `transition_steps`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExponentialDecay {
    pub(crate) init_value: f64,
    pub(crate) decay_rate: f64,
    pub(crate) transition_steps: f64,
    pub(crate) transition_begin: f64,
    pub(crate) staircase: bool,
}

impl ExponentialDecay {
    /// Builds the schedule; `transition_steps` must be positive, `decay_rate` and
    /// `transition_begin` non-negative, every parameter finite.
    pub fn new(
        init_value: f64,
        decay_rate: f64,
        transition_steps: f64,
        transition_begin: f64,
        staircase: bool,
    ) -> Result<Self, ScheduleError> {
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            decay_rate: non_negative("decay_rate", decay_rate)?,
            transition_steps: positive("transition_steps", transition_steps)?,
            transition_begin: non_negative("transition_begin", transition_begin)?,
            staircase,
        })
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        let t = step - self.transition_begin;
        // γ₀ = 0 is 0 at every step, even where r^p overflows (0 · ∞ would be NaN).
        if t <= 0.0 || self.init_value == 0.0 {
            return self.init_value;
        }
        let p = t / self.transition_steps;
        let p = if self.staircase { p.floor() } else { p };
        self.init_value * self.decay_rate.powf(p)
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
        let s = ExponentialDecay::new(1.0, 0.5, 10.0, 0.0, false).unwrap();
        assert_eq!(s.value(0.0), 1.0);
        assert!(close(s.value(10.0), 0.5)); // 0.5¹
        assert!(close(s.value(30.0), 0.125)); // 0.5³
        assert!(close(s.value(5.0), std::f64::consts::FRAC_1_SQRT_2)); // 0.5^½
    }

    #[test]
    fn holds_init_value_before_transition_begin() {
        let s = ExponentialDecay::new(0.05, 0.5, 4.0, 3.0, true).unwrap();
        for step in [-7.0, 0.0, 3.0] {
            assert_eq!(s.value(step), 0.05);
        }
        // t′ = 4 is the first full transition: 0.05 · 0.5
        assert!(close(s.value(7.0), 0.025));
    }

    #[test]
    fn zero_init_value_stays_zero_where_the_power_overflows() {
        // 2^(1e300) = ∞, and 0 · ∞ is NaN; the schedule is 0 everywhere.
        let s = ExponentialDecay::new(0.0, 2.0, 1.0, 0.0, false).unwrap();
        assert_eq!(s.value(1e300), 0.0);
    }

    #[test]
    fn staircase_floors_the_exponent() {
        let s = ExponentialDecay::new(1.0, 0.5, 4.0, 0.0, true).unwrap();
        assert_eq!(s.value(3.0), 1.0); // ⌊3/4⌋ = 0
        assert_eq!(s.value(4.0), 0.5); // ⌊4/4⌋ = 1
        assert_eq!(s.value(11.0), 0.25); // ⌊11/4⌋ = 2
    }

    #[test]
    fn underflows_to_zero_far_out() {
        let s = ExponentialDecay::new(0.01, 0.95, 10.0, 0.0, false).unwrap();
        assert_eq!(s.value(1e7), 0.0); // 0.95^1e6 is far below the smallest subnormal
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = ExponentialDecay::new(1.0, -0.5, 10.0, 0.0, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_rate to be a non-negative number, got: -0.5"
        );
        let err = ExponentialDecay::new(1.0, 0.5, -1.0, 0.0, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected transition_steps to be a positive number, got: -1"
        );
        let err = ExponentialDecay::new(1.0, 0.5, 1.0, -2.0, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected transition_begin to be a non-negative number, got: -2"
        );
    }
}
