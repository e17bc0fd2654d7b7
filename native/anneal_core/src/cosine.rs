//! `cosine_decay`: half a cosine wave from `init_value` down to `alpha · init_value`.

use crate::error::{finite, positive, ScheduleError};
use std::f64::consts::FRAC_PI_2;

/// γ(t) = γ₀ · ((1 − α) · ½(1 + cos(π · min(t, k) / k)) + α).
///
/// The value is computed in the equivalent half-angle form
/// γ₀ · ((1 − α) · cos²(π · min(t, k) / 2k) + α), taking the sine of the distance to the end
/// for the second half of the decay, so that it stays accurate to the last step where the
/// textbook form cancels (see the crate documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CosineDecay {
    pub(crate) init_value: f64,
    pub(crate) decay_steps: f64,
    pub(crate) alpha: f64,
}

impl CosineDecay {
    /// Builds the schedule; `decay_steps` must be positive, every parameter finite.
    pub fn new(init_value: f64, decay_steps: f64, alpha: f64) -> Result<Self, ScheduleError> {
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            decay_steps: positive("decay_steps", decay_steps)?,
            alpha: finite("alpha", alpha)?,
        })
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        self.init_value * ((1.0 - self.alpha) * half_cosine(step, self.decay_steps) + self.alpha)
    }
}

/// ½(1 + cos(π · min(t, k)/k)), computed as cos²(π · min(t, k)/2k) and, in the second half
/// of the wave, as the squared sine of the distance to k, which stays accurate near t = k.
/// Shared by every schedule with a cosine segment; `k` must be positive.
pub(crate) fn half_cosine(t: f64, k: f64) -> f64 {
    let a = t.min(k).abs();
    // Past −k (a > k) the wave repeats every 2k; reducing first keeps a/k finite when a
    // huge negative step meets a tiny k (fmod is exact; a % ∞ = a when 2k overflows).
    let a = if a > k { a % (2.0 * k) } else { a };
    let half = if a <= 0.5 * k || a > k {
        (FRAC_PI_2 * (a / k)).cos()
    } else {
        // cos(π/2 · a/k) = sin(π/2 · (k − a)/k); k − a is exact here.
        (FRAC_PI_2 * ((k - a) / k)).sin()
    };
    half * half
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    #[test]
    fn starts_at_init_value_and_ends_at_alpha() {
        let s = CosineDecay::new(2.0, 10.0, 0.1).unwrap();
        assert_eq!(s.value(0.0), 2.0); // cos(0) = 1
        assert!(close(s.value(10.0), 0.2)); // cos(π) = −1 leaves α · γ₀
        assert!(close(s.value(1e9), 0.2)); // clamped at decay_steps
    }

    #[test]
    fn midpoint_is_halfway() {
        // cos(π/2) = 0, so the multiplier is (1 − α)/2 + α.
        let s = CosineDecay::new(1.0, 100.0, 0.5).unwrap();
        assert!(close(s.value(50.0), 0.75));
    }

    #[test]
    fn quarter_point() {
        // ½(1 + cos(π/4)) = ½ + √2/4
        let s = CosineDecay::new(1.0, 4.0, 0.0).unwrap();
        assert!(close(s.value(1.0), 0.5 + std::f64::consts::SQRT_2 / 4.0));
        // ½(1 + cos(3π/4)) = ½ − √2/4, in the sine branch
        assert!(close(s.value(3.0), 0.5 - std::f64::consts::SQRT_2 / 4.0));
    }

    #[test]
    fn negative_steps_mirror_positive_ones() {
        // Axon clamps only from above, so cos is evaluated at a negative angle.
        let s = CosineDecay::new(0.01, 10.0, 0.0).unwrap();
        assert!(close(s.value(-7.0), s.value(7.0)));
        // ½(1 + cos(1.4π)) at step −14, past −k
        let expected = 0.01 * 0.5 * (1.0 + (1.4 * std::f64::consts::PI).cos());
        assert!(close(s.value(-14.0), expected));
        // A whole number of periods (2k = 20) back is step 0 again: cos(0) = 1.
        assert_eq!(s.value(-2e6), 0.01);
    }

    #[test]
    fn huge_negative_steps_with_a_tiny_decay_stay_finite() {
        // −1e300 / 1e-300 overflows to −∞, but −1e300 mod 2e-300 is a finite angle.
        let s = CosineDecay::new(1.0, 1e-300, 0.5).unwrap();
        let v = s.value(-1e300);
        assert!((0.5..=1.0).contains(&v), "{v}");
    }

    #[test]
    fn last_step_is_accurate_where_the_textbook_form_cancels() {
        // At t = k − 1 with k = 1e7 the exact value is γ₀ · sin²(π/2e7).
        let k = 1e7;
        let s = CosineDecay::new(1.0, k, 0.0).unwrap();
        let x = FRAC_PI_2 / k;
        let exact = x * x * (1.0 - x * x / 3.0); // sin²x to O(x⁶)
        assert!((s.value(k - 1.0) - exact).abs() <= 1e-15 * exact);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = CosineDecay::new(1.0, 0.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_steps to be a positive number, got: 0"
        );
        let err = CosineDecay::new(1.0, f64::INFINITY, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_steps to be a finite number, got: inf"
        );
        let err = CosineDecay::new(1.0, 10.0, f64::NAN).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected alpha to be a finite number, got: NaN"
        );
    }
}
