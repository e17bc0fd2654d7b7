//! `warmup_cosine_decay`: a linear warmup to `peak_value`, then a cosine decay to `end_value`
//! (optax's `warmup_cosine_decay_schedule`).

use crate::error::{finite, greater, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::{Cosine, Linear};
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// With w = `warmup_steps`, d = `decay_steps` (which counts the warmup) and α = γₑ/γₚ:
/// γ(t) = γ₀ + (γₚ − γ₀) · clamp(t, 0, w)/w for t < w (γ₀ when w = 0), then
/// γₚ · ((1 − α) · (½(1 + cos(π · min(t − w, d − w)/(d − w))))^e + α).
///
/// Plan: [`Linear::Interp`] (optax's `linear_schedule`, constant γ₀ when w = 0), then in a
/// frame that subtracts w a [`Cosine`] of length d − w and its end value.
/// Negative steps hold `init_value`; steps past `decay_steps` hold `end_value`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarmupCosineDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// γₚ, finite. Required.
    pub peak_value: f64,
    /// w, non-negative. Required.
    pub warmup_steps: f64,
    /// d, positive and greater than w. Required.
    pub decay_steps: f64,
    /// γₑ, finite. Defaults to 0.
    pub end_value: f64,
    /// e, non-negative. Defaults to 1.
    pub exponent: f64,
}

impl WarmupCosineDecay {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        peak_value: f64,
        warmup_steps: f64,
        decay_steps: f64,
        end_value: f64,
        exponent: f64,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            peak_value,
            warmup_steps,
            decay_steps,
            end_value,
            exponent,
        })
    }
}

impl Kind for WarmupCosineDecay {
    const NAME: &'static str = "warmup_cosine_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("peak_value", Required, Finite),
        Opt::new("warmup_steps", Required, NonNegative),
        Opt::new("decay_steps", Required, Positive),
        Opt::new("end_value", Float(0.0), Finite),
        Opt::new("exponent", Float(1.0), NonNegative),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        non_negative("warmup_steps", self.warmup_steps)?;
        positive("decay_steps", self.decay_steps)?;
        finite("init_value", self.init_value)?;
        finite("peak_value", self.peak_value)?;
        greater(
            ("decay_steps", self.decay_steps),
            ("warmup_steps", self.warmup_steps),
        )?;
        finite("end_value", self.end_value)?;
        non_negative("exponent", self.exponent)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let (w, d) = (self.warmup_steps, self.decay_steps);
        let warmup = if w == 0.0 {
            // optax's linear_schedule over no steps is the constant γ₀.
            Plan::constant(self.init_value)
        } else {
            Plan::new(Linear::Interp {
                from: self.init_value,
                to: self.peak_value,
                width: w,
            })
        };
        let alpha = if self.peak_value == 0.0 {
            0.0
        } else {
            self.end_value / self.peak_value
        };
        let wave = Cosine {
            scale: self.peak_value,
            alpha,
            k: d - w,
            exponent: self.exponent,
        };
        let decay = Plan::new(wave).then(wave.k, wave.value(wave.k), Some("decay end"));
        warmup.then_frame(w, w, decay, marked(w, "warmup end"))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    #[test]
    fn warms_up_linearly_then_decays_along_a_cosine() {
        let s = WarmupCosineDecay::schedule(0.0, 1.0, 10.0, 110.0, 0.0, 1.0).unwrap();
        assert_eq!(s.value(0.0), 0.0);
        assert_eq!(s.value(5.0), 0.5); // halfway up the warmup
        assert_eq!(s.value(10.0), 1.0); // the peak, cos(0) = 1
        assert!(close(s.value(60.0), 0.5)); // halfway through the decay: cos(π/2) = 0
        assert_eq!(s.value(110.0), 0.0); // cos(π) = −1
        assert_eq!(s.value(1e9), 0.0); // held at the end
    }

    #[test]
    fn negative_steps_hold_init_value_and_end_value_is_reached() {
        let s = WarmupCosineDecay::schedule(0.1, 1.0, 4.0, 8.0, 0.2, 1.0).unwrap();
        assert!(close(s.value(-3.0), 0.1)); // (0.1 − 1) · 1 + 1, rounded as optax rounds it
        assert_eq!(s.value(2.0), 0.55); // 0.1 + 0.9 · 2/4
        assert!(close(s.value(8.0), 0.2)); // α = 0.2, γₚ · α
        assert!(close(s.value(6.0), 0.6)); // 1 · (0.8 · ½ + 0.2)
    }

    #[test]
    fn without_warmup_starts_at_the_peak() {
        let s = WarmupCosineDecay::schedule(0.3, 2.0, 0.0, 10.0, 0.0, 1.0).unwrap();
        assert_eq!(s.value(-1.0), 0.3); // before step 0 optax's constant warmup holds γ₀
        assert_eq!(s.value(0.0), 2.0);
    }

    #[test]
    fn exponent_raises_the_cosine_factor() {
        // (½)² = ¼ at the midpoint of the decay
        let s = WarmupCosineDecay::schedule(0.0, 1.0, 0.0, 2.0, 0.0, 2.0).unwrap();
        assert!(close(s.value(1.0), 0.25));
    }

    #[test]
    fn a_zero_peak_gives_zero_after_the_warmup() {
        // optax sets α = 0 when γₚ = 0, so the decay is 0 · (…) = 0.
        let s = WarmupCosineDecay::schedule(1.0, 0.0, 2.0, 4.0, 0.5, 1.0).unwrap();
        assert_eq!(s.value(1.0), 0.5);
        assert_eq!(s.value(3.0), 0.0);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = WarmupCosineDecay::schedule(0.0, 1.0, 10.0, 10.0, 0.0, 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_steps to be greater than warmup_steps (10), got: 10"
        );
        let err = WarmupCosineDecay::schedule(0.0, 1.0, -1.0, 10.0, 0.0, 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected warmup_steps to be a non-negative number, got: -1"
        );
        let err = WarmupCosineDecay::schedule(0.0, f64::NAN, 1.0, 10.0, 0.0, 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected peak_value to be a finite number, got: NaN"
        );
        let err = WarmupCosineDecay::schedule(0.0, 1.0, 1.0, 10.0, 0.0, -2.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected exponent to be a non-negative number, got: -2"
        );
    }
}
