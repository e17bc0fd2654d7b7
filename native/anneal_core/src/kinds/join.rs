//! `join`: schedules one after another, each starting from step 0 at its boundary
//! (optax's `join_schedules`).

use crate::error::{finite, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{Kind, Spec};
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₀(t) for t < b₁, then γᵢ(t − bᵢ) for bᵢ ≤ t < bᵢ₊₁: each schedule's plan placed
/// in a frame that subtracts its boundary (a join of joins subtracts level by level).
///
/// A pure function of the global step: resuming a run at any step gives the same value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Join {
    /// The schedules, at least one. Required.
    pub schedules: Vec<Spec>,
    /// One step fewer than schedules, finite and non-decreasing. Required.
    pub boundaries: Vec<f64>,
}

impl Join {
    /// Shorthand for [`Schedule::new`] with these schedules and boundaries.
    pub fn schedule(
        schedules: Vec<Schedule>,
        boundaries: Vec<f64>,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            schedules: schedules.into_iter().map(Schedule::into_spec).collect(),
            boundaries,
        })
    }
}

impl Join {
    /// Checks `boundaries` for a join of `schedules` schedules: one fewer than they, finite,
    /// in non-decreasing order.
    ///
    /// ```
    /// use anneal_core::kinds::Join;
    /// assert!(Join::check_boundaries(3, &[5.0, 5.0]).is_ok());
    /// let err = Join::check_boundaries(3, &[5.0, 4.0]).unwrap_err();
    /// assert_eq!(err.to_string(), "expected boundaries to be in non-decreasing order");
    /// ```
    pub fn check_boundaries(schedules: usize, boundaries: &[f64]) -> Result<(), ScheduleError> {
        if boundaries.len() + 1 != schedules {
            return Err(ScheduleError::BoundaryCount {
                schedules,
                boundaries: boundaries.len(),
            });
        }
        for &b in boundaries {
            finite("boundaries", b)?;
        }
        if boundaries.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err(ScheduleError::Unsorted { name: "boundaries" });
        }
        Ok(())
    }
}

impl Kind for Join {
    const NAME: &'static str = "join";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("schedules", Required, Schedules),
        Opt::new("boundaries", Required, Boundaries),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        for schedule in &self.schedules {
            schedule.validate()?;
        }
        if self.schedules.is_empty() {
            return Err(ScheduleError::NoSchedules);
        }
        Self::check_boundaries(self.schedules.len(), &self.boundaries)
    }

    fn plan(&self) -> Plan {
        let mut plans = self.schedules.iter().map(Spec::plan);
        // The first schedule sees the step itself.
        let first = plans.next().unwrap_or_else(|| Plan::constant(f64::NAN));
        let mut plan = first;
        for (child, &b) in plans.zip(&self.boundaries) {
            plan = plan.then_frame(b, b, child, Some("join"));
        }
        plan
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Constant, LinearDecay};

    fn join(boundaries: Vec<f64>) -> Result<Schedule, ScheduleError> {
        Join::schedule(
            vec![
                LinearDecay::schedule(1.0, 0.0, 10.0).unwrap(),
                Constant::schedule(0.5).unwrap(),
                LinearDecay::schedule(1.0, 0.0, 10.0).unwrap(),
            ],
            boundaries,
        )
    }

    #[test]
    fn each_schedule_sees_the_steps_since_its_boundary() {
        let s = join(vec![5.0, 20.0]).unwrap();
        // The first schedule takes every step before b₁: linear_decay's warmup line below 0.
        assert_eq!(s.value(-2.0), -2.0);
        assert_eq!(s.value(4.0), 0.6); // 1 − 4/10
        assert_eq!(s.value(5.0), 0.5); // the constant from b₁ on
        assert_eq!(s.value(19.0), 0.5);
        assert_eq!(s.value(20.0), 1.0); // the last linear decay at its step 0
        assert_eq!(s.value(25.0), 0.5); // its step 5
    }

    #[test]
    fn a_single_schedule_is_itself() {
        let s = Join::schedule(vec![Constant::schedule(0.3).unwrap()], vec![]).unwrap();
        assert_eq!(s.value(7.0), 0.3);
    }

    #[test]
    fn equal_boundaries_skip_a_schedule() {
        let s = join(vec![5.0, 5.0]).unwrap();
        assert_eq!(s.value(5.0), 1.0); // the third schedule at its step 0
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = Join::schedule(vec![], vec![]).unwrap_err();
        assert_eq!(err.to_string(), "expected schedules to be a non-empty list");
        let err = join(vec![5.0]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected boundaries to hold one step fewer than the 3 schedules, got: 1"
        );
        let err = join(vec![5.0, 4.0]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected boundaries to be in non-decreasing order"
        );
        let err = join(vec![5.0, f64::NAN]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected boundaries to be a finite number, got: NaN"
        );
    }
}
