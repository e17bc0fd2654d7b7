//! `inverse_sqrt`: a linear warmup, then a decay as 1/√t
//! (Hugging Face's `get_inverse_sqrt_schedule`, scaled by `init_value`).

use crate::error::{finite, non_negative, positive, ScheduleError};

/// With w = `warmup_steps` and τ = `timescale`:
/// γ(t) = γ₀ · t / max(1, w) for t < w, then γ₀ / √((t + τ − w)/τ).
///
/// τ defaults to w when w is positive, else to 10,000. Every step below w, negative ones
/// included, is on the warmup line (even when w = 0), so the square root is always of a
/// number ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InverseSqrt {
    init_value: f64,
    warmup_steps: f64,
    timescale: f64,
}

impl InverseSqrt {
    /// The timescale used when none is given: `warmup_steps` when positive, else 10,000.
    pub const DEFAULT_TIMESCALE: f64 = 10_000.0;

    /// Builds the schedule; `warmup_steps` must be non-negative and `timescale`, when given,
    /// positive; every parameter finite.
    pub fn new(
        init_value: f64,
        warmup_steps: f64,
        timescale: Option<f64>,
    ) -> Result<Self, ScheduleError> {
        let warmup_steps = non_negative("warmup_steps", warmup_steps)?;
        let timescale = match timescale {
            Some(t) => positive("timescale", t)?,
            None if warmup_steps > 0.0 => warmup_steps,
            None => Self::DEFAULT_TIMESCALE,
        };
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            warmup_steps,
            timescale,
        })
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        let w = self.warmup_steps;
        let scale = if step < w {
            step / w.max(1.0)
        } else {
            let tau = self.timescale;
            1.0 / ((step + (tau - w)) / tau).sqrt()
        };
        self.init_value * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    #[test]
    fn warms_up_then_decays_as_one_over_the_square_root() {
        // τ defaults to w = 100: 1/√(t/100) after the warmup.
        let s = InverseSqrt::new(2.0, 100.0, None).unwrap();
        assert_eq!(s.value(0.0), 0.0);
        assert_eq!(s.value(50.0), 1.0); // 2 · 50/100
        assert_eq!(s.value(100.0), 2.0);
        assert_eq!(s.value(400.0), 1.0); // 2/√4
        assert!(close(s.value(10_000.0), 0.2)); // 2/√100
        assert_eq!(s.value(-50.0), -1.0); // the warmup line continues below 0
    }

    #[test]
    fn without_warmup_the_timescale_is_ten_thousand() {
        let s = InverseSqrt::new(1.0, 0.0, None).unwrap();
        assert_eq!(s.value(0.0), 1.0);
        assert_eq!(s.value(30_000.0), 0.5); // 1/√((30000 + 10000)/10000)
                                            // t < w = 0: the warmup line t / max(1, 0), as Hugging Face computes it.
        assert_eq!(s.value(-7_500.0), -7_500.0);
    }

    #[test]
    fn an_explicit_timescale_shifts_the_decay() {
        // t = 10, w = 10, τ = 40: 1/√(40/40) = 1; t = 130: 1/√(160/40) = ½
        let s = InverseSqrt::new(1.0, 10.0, Some(40.0)).unwrap();
        assert_eq!(s.value(10.0), 1.0);
        assert_eq!(s.value(130.0), 0.5);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = InverseSqrt::new(1.0, -1.0, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected warmup_steps to be a non-negative number, got: -1"
        );
        let err = InverseSqrt::new(1.0, 0.0, Some(0.0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected timescale to be a positive number, got: 0"
        );
    }
}
