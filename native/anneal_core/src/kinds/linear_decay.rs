//! `linear_decay`: a linear warmup from 0 to `init_value`, then a linear decay to 0.

use crate::error::{finite, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::Linear;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₀ · t / max(1, w) for t < w, then γ₀ · max(0, (n − t) / max(1, n − w)),
/// with w = `warmup` and n = `steps`: [`Linear::Rise`], [`Linear::Fall`], then 0 from n on.
///
/// Axon 0.4.1 returns the bare multiplier (it forgets γ₀); this is the corrected formula,
/// as Polaris has it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// w, non-negative. Defaults to 0.
    pub warmup: f64,
    /// n, positive. Defaults to 1000.
    pub steps: f64,
}

impl LinearDecay {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(init_value: f64, warmup: f64, steps: f64) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            warmup,
            steps,
        })
    }
}

impl Kind for LinearDecay {
    const NAME: &'static str = "linear_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("warmup", Int(0), NonNegative),
        Opt::new("steps", Int(1000), Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        non_negative("warmup", self.warmup)?;
        positive("steps", self.steps)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let (init, w, n) = (self.init_value, self.warmup, self.steps);
        let rise = Linear::Rise {
            scale: init,
            width: w.max(1.0),
        };
        let fall = Linear::Fall {
            scale: init,
            end: n,
            width: (n - w).max(1.0),
        };
        // From n on (and from w on when w ≥ n) the fall is clamped at 0 · γ₀.
        Plan::new(rise).then(w, fall, marked(w, "warmup end")).then(
            n.max(w),
            fall.value(n.max(w)),
            Some("decay end"),
        )
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warms_up_then_decays() {
        let s = LinearDecay::schedule(2.0, 10.0, 110.0).unwrap();
        assert_eq!(s.value(0.0), 0.0);
        assert_eq!(s.value(5.0), 1.0); // halfway through warmup: 2 · 5/10
        assert_eq!(s.value(10.0), 2.0); // (110 − 10)/100 = 1
        assert_eq!(s.value(60.0), 1.0); // (110 − 60)/100 = ½
        assert_eq!(s.value(110.0), 0.0);
        assert_eq!(s.value(500.0), 0.0); // clamped at 0
    }

    #[test]
    fn without_warmup_starts_at_init_value() {
        let s = LinearDecay::schedule(0.01, 0.0, 1000.0).unwrap();
        assert_eq!(s.value(0.0), 0.01);
        assert_eq!(s.value(-1.0), -0.01); // negative steps extend the warmup line, as in Axon
    }

    #[test]
    fn warmup_as_long_as_steps_drops_to_zero() {
        // n − w = 0, so the divisor is max(1, 0) = 1 and the value is 0 from step n on.
        let s = LinearDecay::schedule(0.002, 50.0, 50.0).unwrap();
        assert_eq!(s.value(25.0), 0.001);
        assert_eq!(s.value(50.0), 0.0);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = LinearDecay::schedule(1.0, -1.0, 10.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected warmup to be a non-negative number, got: -1"
        );
        let err = LinearDecay::schedule(1.0, 0.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected steps to be a positive number, got: 0"
        );
    }
}
