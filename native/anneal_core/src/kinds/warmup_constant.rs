//! `warmup_constant`: a straight line from `init_value` to `peak_value`, then the peak
//! (optax's `warmup_constant_schedule`).

use crate::error::{finite, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::Kind;
use crate::primitive::Linear;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = (γ₀ − γₚ) · (1 − clamp(t, 0, w)/w) + γₚ: γ₀ below step 0, γₚ from w on (optax's
/// `linear_schedule`, a [`Linear::Interp`], then a constant).
///
/// optax accepts w ≤ 0 and then never leaves γ₀; Anneal refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarmupConstant {
    /// γ₀, finite.
    pub init_value: f64,
    /// γₚ, finite. Required.
    pub peak_value: f64,
    /// w, positive. Required.
    pub warmup_steps: f64,
}

impl WarmupConstant {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        peak_value: f64,
        warmup_steps: f64,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            peak_value,
            warmup_steps,
        })
    }
}

impl Kind for WarmupConstant {
    const NAME: &'static str = "warmup_constant";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("peak_value", Required, Finite),
        Opt::new("warmup_steps", Required, Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        finite("peak_value", self.peak_value)?;
        positive("warmup_steps", self.warmup_steps)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let w = self.warmup_steps;
        let warmup = Linear::Interp {
            from: self.init_value,
            to: self.peak_value,
            width: w,
        };
        Plan::new(warmup).then(w, self.peak_value, Some("warmup end"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rises_to_the_peak_and_stays() {
        let s = WarmupConstant::schedule(0.0, 1.0, 4.0).unwrap();
        assert_eq!(s.value(-3.0), 0.0); // clamped below 0
        assert_eq!(s.value(1.0), 0.25); // (0 − 1) · (1 − ¼) + 1
        assert_eq!(s.value(4.0), 1.0);
        assert_eq!(s.value(1e9), 1.0);
    }

    #[test]
    fn refuses_a_warmup_of_no_steps() {
        let err = WarmupConstant::schedule(0.5, 1.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected warmup_steps to be a positive number, got: 0"
        );
    }
}
