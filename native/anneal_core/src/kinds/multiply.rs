//! `multiply`: the product of schedules at the same step (PyTorch's `ChainedScheduler` of
//! multiplicative factors; Keras-style scaling with a constant).

use crate::error::ScheduleError;
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{Kind, Spec};
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = ((γ₁(t) · γ₂(t)) · γ₃(t)) · …: the schedules' plans as factors of one plan, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Multiply {
    /// The schedules, at least one. Required.
    pub schedules: Vec<Spec>,
}

impl Multiply {
    /// Shorthand for [`Schedule::new`] with these schedules.
    pub fn schedule(schedules: Vec<Schedule>) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            schedules: schedules.into_iter().map(Schedule::into_spec).collect(),
        })
    }
}

impl Kind for Multiply {
    const NAME: &'static str = "multiply";
    const OPTIONS: &'static [Opt] = &[Opt::new("schedules", Required, Schedules)];

    fn validate(&self) -> Result<(), ScheduleError> {
        for schedule in &self.schedules {
            schedule.validate()?;
        }
        if self.schedules.is_empty() {
            return Err(ScheduleError::NoSchedules);
        }
        Ok(())
    }

    fn plan(&self) -> Plan {
        Plan::product(self.schedules.iter().map(Spec::plan))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Constant, Join, LinearDecay};

    #[test]
    fn multiplies_the_values_in_order() {
        let s = Multiply::schedule(vec![
            LinearDecay::schedule(1.0, 0.0, 10.0).unwrap(),
            Constant::schedule(0.5).unwrap(),
        ])
        .unwrap();
        assert_eq!(s.value(4.0), 0.6 * 0.5); // (1 − 4/10) · ½
        assert_eq!(s.plan().factors().len(), 2);
    }

    #[test]
    fn a_join_of_products_pads_with_ones() {
        let product = Multiply::schedule(vec![
            Constant::schedule(2.0).unwrap(),
            Constant::schedule(3.0).unwrap(),
        ])
        .unwrap();
        let s =
            Join::schedule(vec![Constant::schedule(0.5).unwrap(), product], vec![10.0]).unwrap();
        assert_eq!(s.value(9.0), 0.5); // 0.5 · 1
        assert_eq!(s.value(10.0), 6.0);
    }

    #[test]
    fn refuses_an_empty_list() {
        let err = Multiply::schedule(vec![]).unwrap_err();
        assert_eq!(err.to_string(), "expected schedules to be a non-empty list");
    }
}
