//! `shift`: a schedule seen `by` steps later (a run resumed under a new step counter).

use crate::error::{finite, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{Kind, Spec};
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₁(t + by): the schedule's plan in a frame that subtracts −by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// The schedule. Required.
    pub schedule: Box<Spec>,
    /// The steps to add, finite (negative looks back). Required.
    pub by: f64,
}

impl Shift {
    /// Shorthand for [`Schedule::new`] with this schedule and shift.
    pub fn schedule(schedule: Schedule, by: f64) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            schedule: Box::new(schedule.into_spec()),
            by,
        })
    }
}

impl Kind for Shift {
    const NAME: &'static str = "shift";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("schedule", Required, Schedule),
        Opt::new("by", Required, Finite),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        self.schedule.validate()?;
        finite("by", self.by)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        // t − (−by) = t + by exactly.
        self.schedule.plan().in_frame(-self.by)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LinearDecay;

    #[test]
    fn takes_the_value_by_steps_later() {
        let inner = LinearDecay::schedule(1.0, 0.0, 10.0).unwrap();
        let s = Shift::schedule(inner.clone(), 4.0).unwrap();
        assert_eq!(s.value(0.0), inner.value(4.0));
        assert_eq!(s.value(6.0), 0.0); // step 10 of the decay
        let err = Shift::schedule(inner, f64::NAN).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected by to be a finite number, got: NaN"
        );
    }
}
