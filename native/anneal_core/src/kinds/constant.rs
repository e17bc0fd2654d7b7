//! `constant`: the same value at every step.

use crate::error::{finite, ScheduleError};
use crate::kinds::options::Opt;
use crate::kinds::Kind;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₀ at every step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constant {
    /// γ₀, finite.
    pub init_value: f64,
}

impl Constant {
    /// Shorthand for [`Schedule::new`] with this value.
    pub fn schedule(init_value: f64) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self { init_value })
    }
}

impl Kind for Constant {
    const NAME: &'static str = "constant";
    const OPTIONS: &'static [Opt] = &[];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        Plan::constant(self.init_value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_init_value_at_every_step() {
        let s = Schedule::new(Constant { init_value: 0.25 }).unwrap();
        for step in [-3.0, 0.0, 1.0, 2.5, 1e12] {
            assert_eq!(s.value(step), 0.25);
        }
        assert_eq!(s.plan().segments().len(), 1);
    }

    #[test]
    fn rejects_non_finite_init_value() {
        let err = Schedule::new(Constant {
            init_value: f64::NAN,
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected init_value to be a finite number, got: NaN"
        );
    }
}
