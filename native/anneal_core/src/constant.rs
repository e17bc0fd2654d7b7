//! `constant`: the same value at every step.

use crate::error::{finite, ScheduleError};

/// γ(t) = γ₀ at every step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Constant {
    pub(crate) init_value: f64,
}

impl Constant {
    /// Builds the schedule; `init_value` must be finite.
    pub fn new(init_value: f64) -> Result<Self, ScheduleError> {
        Ok(Self {
            init_value: finite("init_value", init_value)?,
        })
    }

    /// The value at `step`: always `init_value`.
    pub fn value(&self, _step: f64) -> f64 {
        self.init_value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_init_value_at_every_step() {
        let s = Constant::new(0.25).unwrap();
        for step in [-3.0, 0.0, 1.0, 2.5, 1e12] {
            assert_eq!(s.value(step), 0.25);
        }
    }

    #[test]
    fn rejects_non_finite_init_value() {
        let err = Constant::new(f64::NAN).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected init_value to be a finite number, got: NaN"
        );
    }
}
