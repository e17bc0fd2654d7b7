//! `cosine_with_hard_restarts`: a linear warmup, then `num_cycles` cosine decays that each
//! restart from the top, then 0 (Hugging Face's
//! `get_cosine_with_hard_restarts_schedule_with_warmup`, × `init_value`).

use crate::error::{finite, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::{HardRestarts, Linear};
use crate::Plan;
use serde::{Deserialize, Serialize};

/// With w, T, n the warmup steps, training steps and cycles, d = max(1, T − w) and
/// p = (t − w)/d: γ(t) = γ₀ · t/max(1, w) for t < w (negative below step 0, as in Hugging
/// Face); γ₀ · max(0, ½(1 + cos(π · ((n · p) mod 1)))) while p < 1 (a [`HardRestarts`] in a
/// frame that subtracts w); 0 from p = 1 on. With T ≤ w the decays span one step after w.
///
/// Hugging Face accepts any `num_cycles`; Anneal refuses n ≤ 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosineWithHardRestarts {
    /// γ₀, finite.
    pub init_value: f64,
    /// w, non-negative. Required.
    pub warmup_steps: f64,
    /// T, non-negative. Required.
    pub training_steps: f64,
    /// n, positive. Defaults to 1.
    pub num_cycles: f64,
}

impl Kind for CosineWithHardRestarts {
    const NAME: &'static str = "cosine_with_hard_restarts";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("warmup_steps", Required, NonNegative),
        Opt::new("training_steps", Required, NonNegative),
        Opt::new("num_cycles", Int(1), Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        non_negative("warmup_steps", self.warmup_steps)?;
        non_negative("training_steps", self.training_steps)?;
        positive("num_cycles", self.num_cycles)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let (init, w) = (self.init_value, self.warmup_steps);
        let d = (self.training_steps - w).max(1.0);
        let restarts = HardRestarts {
            scale: init,
            cycles: self.num_cycles,
            width: d,
        };
        let warmup = Linear::Rise {
            scale: init,
            width: w.max(1.0),
        };
        let decays = Plan::new(restarts).then(d, 0.0, Some("end"));
        Plan::new(warmup).then_frame(w, w, decays, marked(w, "warmup end"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schedule;

    fn schedule(warmup_steps: f64, training_steps: f64) -> Schedule {
        Schedule::new(CosineWithHardRestarts {
            init_value: 2.0,
            warmup_steps,
            training_steps,
            num_cycles: 3.0,
        })
        .unwrap()
    }

    #[test]
    fn restarts_from_the_top_then_stops_at_zero() {
        // w = 10, d = 90, n = 3: restarts at steps 10, 40, 70; 0 from 100.
        let s = schedule(10.0, 100.0);
        assert_eq!(s.value(-5.0), -1.0); // −5/10 · 2
        assert_eq!(s.value(10.0), 2.0);
        assert_eq!(s.value(40.0), 2.0); // 3 · 30/90 = 1.0 exactly: a restart
        assert!((s.value(25.0) - 1.0).abs() < 1e-15); // ½(1 + cos(π/2)) · 2
        assert!(s.value(99.0) > 0.0);
        assert_eq!(s.value(100.0), 0.0);
    }

    #[test]
    fn training_ending_before_the_warmup_leaves_one_step() {
        let s = schedule(10.0, 5.0);
        assert_eq!(s.value(10.0), 2.0);
        assert_eq!(s.value(11.0), 0.0);
    }
}
