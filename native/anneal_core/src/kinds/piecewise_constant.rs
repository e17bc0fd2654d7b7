//! `piecewise_constant`: `init_value` multiplied by a scale at each boundary step
//! (optax's `piecewise_constant_schedule`).

use crate::error::{finite, non_negative, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::Kind;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₀ · ∏ sᵢ over the boundaries bᵢ ≤ t, multiplied in increasing order of bᵢ: one
/// constant segment per boundary, found by binary search.
///
/// A scale applies from the step equal to its boundary on; scales accumulate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PiecewiseConstant {
    /// γ₀, finite.
    pub init_value: f64,
    /// (boundary, scale) pairs in any order (equal boundaries keep their order); boundaries
    /// finite, scales finite and non-negative. Required.
    pub boundaries_and_scales: Vec<(f64, f64)>,
}

impl PiecewiseConstant {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        boundaries_and_scales: impl IntoIterator<Item = (f64, f64)>,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            boundaries_and_scales: boundaries_and_scales.into_iter().collect(),
        })
    }
}

impl Kind for PiecewiseConstant {
    const NAME: &'static str = "piecewise_constant";
    const OPTIONS: &'static [Opt] = &[Opt::new(
        "boundaries_and_scales",
        Required,
        BoundariesAndScales,
    )];

    fn validate(&self) -> Result<(), ScheduleError> {
        for &(b, s) in &self.boundaries_and_scales {
            finite("boundary", b)?;
            non_negative("scale", s)?;
        }
        finite("init_value", self.init_value)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let mut pairs = self.boundaries_and_scales.clone();
        // Stable: equal boundaries keep their given order.
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut value = self.init_value;
        let mut plan = Plan::constant(value);
        for (boundary, scale) in pairs {
            value *= scale;
            plan = plan.then(boundary, value, Some(&format!("×{scale}")));
        }
        plan
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_accumulate_from_their_boundary_on() {
        let s = PiecewiseConstant::schedule(1.0, [(20.0, 0.1), (10.0, 0.5)]).unwrap();
        assert_eq!(s.value(-5.0), 1.0);
        assert_eq!(s.value(9.0), 1.0);
        assert_eq!(s.value(10.0), 0.5); // the boundary step takes the scale
        assert_eq!(s.value(19.0), 0.5);
        assert_eq!(s.value(20.0), 0.5 * 0.1); // 1 · 0.5 · 0.1
        assert_eq!(s.value(1e12), 0.5 * 0.1);
    }

    #[test]
    fn no_boundaries_is_a_constant() {
        let s = PiecewiseConstant::schedule(0.3, []).unwrap();
        assert_eq!(s.value(0.0), 0.3);
        assert_eq!(s.value(-1e9), 0.3);
    }

    #[test]
    fn negative_boundaries_apply_to_every_later_step() {
        let s = PiecewiseConstant::schedule(2.0, [(-10.0, 0.25)]).unwrap();
        assert_eq!(s.value(-11.0), 2.0);
        assert_eq!(s.value(0.0), 0.5);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = PiecewiseConstant::schedule(1.0, [(10.0, -0.5)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected scale to be a non-negative number, got: -0.5"
        );
        let err = PiecewiseConstant::schedule(1.0, [(f64::INFINITY, 0.5)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected boundary to be a finite number, got: inf"
        );
    }
}
