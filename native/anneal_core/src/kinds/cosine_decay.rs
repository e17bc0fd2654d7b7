//! `cosine_decay`: half a cosine wave from `init_value` down to `alpha · init_value`.

use crate::error::{finite, non_negative, positive, ScheduleError};
use crate::kinds::options::{holds_default, Default::*, Opt, Rule::*};
use crate::kinds::Kind;
use crate::primitive::Cosine;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₀ · ((1 − α) · (½(1 + cos(π · min(t, k) / k)))^p + α): a [`Cosine`] segment,
/// then its value at k from k on (Some("decay end")). p is optax's `exponent` (p = 0 is a
/// constant γ₀); optax accepts p < 0 (∞ from k on), Anneal refuses it.
///
/// Computed in the half-angle form (see the crate documentation); negative steps mirror
/// positive ones, as Axon computes them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosineDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// k, positive. Defaults to 10.
    pub decay_steps: f64,
    /// α, finite. Defaults to 0.
    pub alpha: f64,
    /// p, non-negative. Defaults to 1 (not written at its default).
    #[serde(skip_serializing_if = "exponent_is_default")]
    pub exponent: f64,
}

fn exponent_is_default(value: &f64) -> bool {
    holds_default(CosineDecay::OPTIONS, "exponent", value)
}

impl CosineDecay {
    /// Shorthand for [`Schedule::new`](crate::Schedule::new) with these options.
    pub fn schedule(
        init_value: f64,
        decay_steps: f64,
        alpha: f64,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            decay_steps,
            alpha,
            exponent: 1.0,
        })
    }
}

impl Kind for CosineDecay {
    const NAME: &'static str = "cosine_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("decay_steps", Int(10), Positive),
        Opt::new("alpha", Float(0.0), Finite),
        Opt::new("exponent", Float(1.0), NonNegative).added_later(),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        positive("decay_steps", self.decay_steps)?;
        finite("alpha", self.alpha)?;
        non_negative("exponent", self.exponent)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let wave = Cosine {
            scale: self.init_value,
            alpha: self.alpha,
            k: self.decay_steps,
            exponent: self.exponent,
        };
        Plan::new(wave).then(
            self.decay_steps,
            wave.value(self.decay_steps),
            Some("decay end"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    fn cosine(init_value: f64, decay_steps: f64, alpha: f64) -> Result<Schedule, ScheduleError> {
        Schedule::new(CosineDecay {
            init_value,
            decay_steps,
            alpha,
            exponent: 1.0,
        })
    }

    #[test]
    fn starts_at_init_value_and_ends_at_alpha() {
        let s = cosine(2.0, 10.0, 0.1).unwrap();
        assert_eq!(s.value(0.0), 2.0); // cos(0) = 1
        assert!(close(s.value(10.0), 0.2)); // cos(π) = −1 leaves α · γ₀
        assert!(close(s.value(1e9), 0.2)); // held from decay_steps on
        assert_eq!(s.plan().horizon(), Some(10.0));
    }

    #[test]
    fn midpoint_and_quarter_points() {
        // cos(π/2) = 0, so the multiplier is (1 − α)/2 + α.
        assert!(close(cosine(1.0, 100.0, 0.5).unwrap().value(50.0), 0.75));
        // ½(1 + cos(π/4)) = ½ + √2/4; ½(1 + cos(3π/4)) = ½ − √2/4, in the sine branch
        let s = cosine(1.0, 4.0, 0.0).unwrap();
        assert!(close(s.value(1.0), 0.5 + std::f64::consts::SQRT_2 / 4.0));
        assert!(close(s.value(3.0), 0.5 - std::f64::consts::SQRT_2 / 4.0));
    }

    #[test]
    fn negative_steps_mirror_positive_ones() {
        // Axon clamps only from above, so cos is evaluated at a negative angle.
        let s = cosine(0.01, 10.0, 0.0).unwrap();
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
        let v = cosine(1.0, 1e-300, 0.5).unwrap().value(-1e300);
        assert!((0.5..=1.0).contains(&v), "{v}");
    }

    #[test]
    fn last_step_is_accurate_where_the_textbook_form_cancels() {
        // At t = k − 1 with k = 1e7 the exact value is γ₀ · sin²(π/2e7).
        let k = 1e7;
        let s = cosine(1.0, k, 0.0).unwrap();
        let x = std::f64::consts::FRAC_PI_2 / k;
        let exact = x * x * (1.0 - x * x / 3.0); // sin²x to O(x⁶)
        assert!((s.value(k - 1.0) - exact).abs() <= 1e-15 * exact);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let message = |k, alpha| cosine(1.0, k, alpha).unwrap_err().to_string();
        assert_eq!(
            message(0.0, 0.0),
            "expected decay_steps to be a positive number, got: 0"
        );
        assert_eq!(
            message(f64::INFINITY, 0.0),
            "expected decay_steps to be a finite number, got: inf"
        );
        assert_eq!(
            message(10.0, f64::NAN),
            "expected alpha to be a finite number, got: NaN"
        );
    }
}
