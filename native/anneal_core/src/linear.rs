//! `linear_decay`: a linear warmup from 0 to `init_value`, then a linear decay to 0.

use crate::error::{finite, non_negative, positive, ScheduleError};

/// γ(t) = γ₀ · t / max(1, w) for t < w, then γ₀ · max(0, (n − t) / max(1, n − w)),
/// with w = `warmup` and n = `steps`.
///
/// Axon 0.4.1 returns the bare multiplier (it forgets γ₀); this is the corrected formula,
/// as Polaris has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearDecay {
    pub(crate) init_value: f64,
    pub(crate) warmup: f64,
    pub(crate) steps: f64,
}

impl LinearDecay {
    /// Builds the schedule; `steps` must be positive, `warmup` non-negative, all finite.
    pub fn new(init_value: f64, warmup: f64, steps: f64) -> Result<Self, ScheduleError> {
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            warmup: non_negative("warmup", warmup)?,
            steps: positive("steps", steps)?,
        })
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        let scale = if step < self.warmup {
            step / self.warmup.max(1.0)
        } else {
            ((self.steps - step) / (self.steps - self.warmup).max(1.0)).max(0.0)
        };
        scale * self.init_value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warms_up_then_decays() {
        let s = LinearDecay::new(2.0, 10.0, 110.0).unwrap();
        assert_eq!(s.value(0.0), 0.0);
        assert_eq!(s.value(5.0), 1.0); // halfway through warmup: 2 · 5/10
        assert_eq!(s.value(10.0), 2.0); // (110 − 10)/100 = 1
        assert_eq!(s.value(60.0), 1.0); // (110 − 60)/100 = ½
        assert_eq!(s.value(110.0), 0.0);
        assert_eq!(s.value(500.0), 0.0); // clamped at 0
    }

    #[test]
    fn without_warmup_starts_at_init_value() {
        let s = LinearDecay::new(0.01, 0.0, 1000.0).unwrap();
        assert_eq!(s.value(0.0), 0.01);
        assert_eq!(s.value(-1.0), -0.01); // negative steps extend the warmup line, as in Axon
    }

    #[test]
    fn warmup_as_long_as_steps_drops_to_zero() {
        // n − w = 0, so the divisor is max(1, 0) = 1 and the value is 0 from step n on.
        let s = LinearDecay::new(0.002, 50.0, 50.0).unwrap();
        assert_eq!(s.value(25.0), 0.001);
        assert_eq!(s.value(50.0), 0.0);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = LinearDecay::new(1.0, -1.0, 10.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected warmup to be a non-negative number, got: -1"
        );
        let err = LinearDecay::new(1.0, 0.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected steps to be a positive number, got: 0"
        );
    }
}
