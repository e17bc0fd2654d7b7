//! `inverse_sqrt`: a linear warmup, then a decay as 1/√t
//! (Hugging Face's `get_inverse_sqrt_schedule`, scaled by `init_value`).

use crate::error::{finite, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::{self, Linear};
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// With w = `warmup_steps` and τ = `timescale`:
/// γ(t) = γ₀ · t / max(1, w) for t < w, then γ₀ / √((t + τ − w)/τ):
/// [`Linear::Rise`], then [`primitive::InverseSqrt`].
///
/// τ defaults to w when w is positive, else to [`InverseSqrt::DEFAULT_TIMESCALE`]. Every step
/// below w, negative ones included, is on the warmup line (even when w = 0), so the square
/// root is always of a number ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InverseSqrt {
    /// γ₀, finite.
    pub init_value: f64,
    /// w, non-negative. Defaults to 0.
    pub warmup_steps: f64,
    /// τ, positive, or `None` for the default (see the type's documentation).
    pub timescale: Option<f64>,
}

impl InverseSqrt {
    /// The timescale used when none is given and `warmup_steps` is 0.
    pub const DEFAULT_TIMESCALE: f64 = 10_000.0;

    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        warmup_steps: f64,
        timescale: Option<f64>,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            warmup_steps,
            timescale,
        })
    }

    /// τ: the given timescale, else `warmup_steps` when positive, else 10,000.
    pub fn effective_timescale(&self) -> f64 {
        match self.timescale {
            Some(t) => t,
            None if self.warmup_steps > 0.0 => self.warmup_steps,
            None => Self::DEFAULT_TIMESCALE,
        }
    }
}

impl Kind for InverseSqrt {
    const NAME: &'static str = "inverse_sqrt";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("warmup_steps", Int(0), NonNegative),
        Opt::new("timescale", Nil, Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        non_negative("warmup_steps", self.warmup_steps)?;
        if let Some(t) = self.timescale {
            positive("timescale", t)?;
        }
        finite("init_value", self.init_value)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let (w, tau) = (self.warmup_steps, self.effective_timescale());
        let rise = Linear::Rise {
            scale: self.init_value,
            width: w.max(1.0),
        };
        let decay = primitive::InverseSqrt {
            scale: self.init_value,
            shift: tau - w,
            timescale: tau,
        };
        Plan::new(rise).then(w, decay, marked(w, "warmup end"))
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
        let s = InverseSqrt::schedule(2.0, 100.0, None).unwrap();
        assert_eq!(s.value(0.0), 0.0);
        assert_eq!(s.value(50.0), 1.0); // 2 · 50/100
        assert_eq!(s.value(100.0), 2.0);
        assert_eq!(s.value(400.0), 1.0); // 2/√4
        assert!(close(s.value(10_000.0), 0.2)); // 2/√100
        assert_eq!(s.value(-50.0), -1.0); // the warmup line continues below 0
    }

    #[test]
    fn without_warmup_the_timescale_is_ten_thousand() {
        let s = InverseSqrt::schedule(1.0, 0.0, None).unwrap();
        assert_eq!(s.value(0.0), 1.0);
        assert_eq!(s.value(30_000.0), 0.5); // 1/√((30000 + 10000)/10000)
                                            // t < w = 0: the warmup line t / max(1, 0), as Hugging Face computes it.
        assert_eq!(s.value(-7_500.0), -7_500.0);
    }

    #[test]
    fn an_explicit_timescale_shifts_the_decay() {
        // t = 10, w = 10, τ = 40: 1/√(40/40) = 1; t = 130: 1/√(160/40) = ½
        let s = InverseSqrt::schedule(1.0, 10.0, Some(40.0)).unwrap();
        assert_eq!(s.value(10.0), 1.0);
        assert_eq!(s.value(130.0), 0.5);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = InverseSqrt::schedule(1.0, -1.0, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected warmup_steps to be a non-negative number, got: -1"
        );
        let err = InverseSqrt::schedule(1.0, 0.0, Some(0.0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected timescale to be a positive number, got: 0"
        );
    }
}
