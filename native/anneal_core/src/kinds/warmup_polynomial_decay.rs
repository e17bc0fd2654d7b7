//! `warmup_polynomial_decay`: a linear warmup, then a polynomial decay to `end_value`
//! (Hugging Face's `get_polynomial_decay_schedule_with_warmup`; `init_value` is the
//! optimizer's learning rate).

use crate::error::{finite, greater, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::{Linear, Polynomial};
use crate::Plan;
use serde::{Deserialize, Serialize};

/// With w, T the warmup and training steps, γ₀ = `init_value`, γₙ = `end_value`, p = `power`:
/// γ(t) = γ₀ · t/max(1, w) for t < w (negative below step 0, as in Hugging Face);
/// (γ₀ − γₙ) · (1 − (t − w)/(T − w))^p + γₙ up to T (a [`Polynomial`] in a frame that
/// subtracts w); γₙ after.
///
/// Like Hugging Face, Anneal requires γ₀ > γₙ. Hugging Face divides by zero where T = w and
/// where p < 0 (at T): Anneal requires T > w and p > 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarmupPolynomialDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// w, non-negative. Required.
    pub warmup_steps: f64,
    /// T, non-negative and greater than w. Required.
    pub training_steps: f64,
    /// γₙ, finite, below γ₀. Defaults to 10⁻⁷.
    pub end_value: f64,
    /// p, positive. Defaults to 1.
    pub power: f64,
}

impl Kind for WarmupPolynomialDecay {
    const NAME: &'static str = "warmup_polynomial_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("warmup_steps", Required, NonNegative),
        Opt::new("training_steps", Required, NonNegative),
        Opt::new("end_value", Float(1.0e-7), Finite),
        Opt::new("power", Float(1.0), Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        non_negative("warmup_steps", self.warmup_steps)?;
        non_negative("training_steps", self.training_steps)?;
        greater(
            ("training_steps", self.training_steps),
            ("warmup_steps", self.warmup_steps),
        )?;
        finite("end_value", self.end_value)?;
        greater(
            ("init_value", self.init_value),
            ("end_value", self.end_value),
        )?;
        positive("power", self.power)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let (init, w, t) = (self.init_value, self.warmup_steps, self.training_steps);
        let warmup = Linear::Rise {
            scale: init,
            width: w.max(1.0),
        };
        let decay = Polynomial {
            init,
            end: self.end_value,
            power: self.power,
            k: t - w,
        };
        Plan::new(warmup)
            .then_frame(w, w, Plan::new(decay), marked(w, "warmup end"))
            .then(t, self.end_value, Some("decay end"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schedule;

    fn schedule(end_value: f64, power: f64) -> Result<Schedule, ScheduleError> {
        Schedule::new(WarmupPolynomialDecay {
            init_value: 1.0,
            warmup_steps: 10.0,
            training_steps: 110.0,
            end_value,
            power,
        })
    }

    #[test]
    fn warms_up_then_decays_to_the_end_value() {
        let s = schedule(0.0, 2.0).unwrap();
        assert_eq!(s.value(-5.0), -0.5); // −5/10
        assert_eq!(s.value(10.0), 1.0);
        assert_eq!(s.value(60.0), 0.25); // (1 − 50/100)²
        assert_eq!(s.value(110.0), 0.0);
        assert_eq!(s.value(1e9), 0.0);
    }

    #[test]
    fn refuses_an_end_value_above_the_start() {
        let err = schedule(2.0, 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected init_value to be greater than end_value (2), got: 1"
        );
        let err = schedule(0.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected power to be a positive number, got: 0"
        );
    }
}
