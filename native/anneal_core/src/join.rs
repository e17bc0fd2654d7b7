//! `join`: schedules one after another, each starting from step 0 at its boundary
//! (optax's `join_schedules`).

use crate::error::{finite, ScheduleError};
use crate::Schedule;

/// γ(t) = γ₀(t) for t < b₁, then γᵢ(t − bᵢ) for bᵢ ≤ t < bᵢ₊₁.
///
/// A pure function of the global step: resuming a run at any step gives the same value.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    schedules: Vec<Schedule>,
    boundaries: Vec<f64>,
}

impl Join {
    /// Builds the schedule; there must be at least one schedule and one boundary fewer,
    /// finite and in non-decreasing order.
    pub fn new(schedules: Vec<Schedule>, boundaries: Vec<f64>) -> Result<Self, ScheduleError> {
        if schedules.is_empty() {
            return Err(ScheduleError::NoSchedules);
        }
        if boundaries.len() + 1 != schedules.len() {
            return Err(ScheduleError::BoundaryCount {
                schedules: schedules.len(),
                boundaries: boundaries.len(),
            });
        }
        for &b in &boundaries {
            finite("boundaries", b)?;
        }
        if boundaries.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err(ScheduleError::Unsorted { name: "boundaries" });
        }
        Ok(Self {
            schedules,
            boundaries,
        })
    }

    /// See [`Schedule::size`].
    pub(crate) fn size(&self) -> usize {
        self.schedules
            .iter()
            .fold(1 + self.boundaries.len(), |n, s| n.saturating_add(s.size()))
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        // The number of boundaries at or before the step selects the schedule.
        let i = self.boundaries.partition_point(|&b| b <= step);
        let offset = i.checked_sub(1).map_or(0.0, |j| self.boundaries[j]);
        self.schedules[i].value(step - offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Constant, LinearDecay};

    fn join(boundaries: Vec<f64>) -> Result<Join, ScheduleError> {
        Join::new(
            vec![
                LinearDecay::new(1.0, 0.0, 10.0).unwrap().into(),
                Constant::new(0.5).unwrap().into(),
                LinearDecay::new(1.0, 0.0, 10.0).unwrap().into(),
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
        let s = Join::new(vec![Constant::new(0.3).unwrap().into()], vec![]).unwrap();
        assert_eq!(s.value(7.0), 0.3);
    }

    #[test]
    fn equal_boundaries_skip_a_schedule() {
        let s = join(vec![5.0, 5.0]).unwrap();
        assert_eq!(s.value(5.0), 1.0); // the third schedule at its step 0
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = Join::new(vec![], vec![]).unwrap_err();
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
