//! `piecewise_constant`: `init_value` multiplied by a scale at each boundary step
//! (optax's `piecewise_constant_schedule`).

use crate::error::{finite, non_negative, ScheduleError};

/// γ(t) = γ₀ · ∏ sᵢ over the boundaries bᵢ ≤ t, multiplied in increasing order of bᵢ.
///
/// A scale applies from the step equal to its boundary on; scales accumulate.
#[derive(Debug, Clone, PartialEq)]
pub struct PiecewiseConstant {
    init_value: f64,
    /// (boundary, scale) pairs sorted by boundary.
    boundaries_and_scales: Vec<(f64, f64)>,
}

impl PiecewiseConstant {
    /// Builds the schedule from (boundary, scale) pairs in any order; boundaries must be
    /// finite, scales finite and non-negative.
    pub fn new(
        init_value: f64,
        boundaries_and_scales: impl IntoIterator<Item = (f64, f64)>,
    ) -> Result<Self, ScheduleError> {
        let mut pairs = boundaries_and_scales
            .into_iter()
            .map(|(b, s)| Ok((finite("boundary", b)?, non_negative("scale", s)?)))
            .collect::<Result<Vec<_>, ScheduleError>>()?;
        // Stable: equal boundaries keep their given order.
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            boundaries_and_scales: pairs,
        })
    }

    /// The number of boundaries.
    pub(crate) fn len(&self) -> usize {
        self.boundaries_and_scales.len()
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        self.boundaries_and_scales
            .iter()
            .take_while(|(boundary, _)| *boundary <= step)
            .fold(self.init_value, |value, (_, scale)| value * scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_accumulate_from_their_boundary_on() {
        let s = PiecewiseConstant::new(1.0, [(20.0, 0.1), (10.0, 0.5)]).unwrap();
        assert_eq!(s.value(-5.0), 1.0);
        assert_eq!(s.value(9.0), 1.0);
        assert_eq!(s.value(10.0), 0.5); // the boundary step takes the scale
        assert_eq!(s.value(19.0), 0.5);
        assert_eq!(s.value(20.0), 0.5 * 0.1); // 1 · 0.5 · 0.1
        assert_eq!(s.value(1e12), 0.5 * 0.1);
    }

    #[test]
    fn no_boundaries_is_a_constant() {
        let s = PiecewiseConstant::new(0.3, []).unwrap();
        assert_eq!(s.value(0.0), 0.3);
        assert_eq!(s.value(-1e9), 0.3);
    }

    #[test]
    fn negative_boundaries_apply_to_every_later_step() {
        let s = PiecewiseConstant::new(2.0, [(-10.0, 0.25)]).unwrap();
        assert_eq!(s.value(-11.0), 2.0);
        assert_eq!(s.value(0.0), 0.5);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = PiecewiseConstant::new(1.0, [(10.0, -0.5)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected scale to be a non-negative number, got: -0.5"
        );
        let err = PiecewiseConstant::new(1.0, [(f64::INFINITY, 0.5)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected boundary to be a finite number, got: inf"
        );
    }
}
