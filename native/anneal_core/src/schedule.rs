//! [`Schedule`]: a validated schedule of any kind with its compiled plan.

use crate::kinds::Spec;
use crate::{Plan, ScheduleError};

/// A learning-rate schedule of any kind: its options and the plan they compile to.
///
/// ```
/// use anneal_core::{kinds::CosineDecay, Schedule};
/// let s = Schedule::new(CosineDecay { init_value: 0.1, decay_steps: 10.0, alpha: 0.0, exponent: 1.0 })?;
/// assert_eq!(s.value(0.0), 0.1);
/// assert_eq!(s.plan().horizon(), Some(10.0));
/// # Ok::<(), anneal_core::ScheduleError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    spec: Spec,
    plan: Plan,
}

impl Schedule {
    /// Validates the options and compiles them; the error is the first rule they break.
    pub fn new(spec: impl Into<Spec>) -> Result<Self, ScheduleError> {
        let spec = spec.into();
        spec.validate()?;
        let plan = spec.plan();
        Ok(Self { spec, plan })
    }

    /// The value at `step`, computed in float64.
    #[inline]
    pub fn value(&self, step: f64) -> f64 {
        self.plan.value(step)
    }

    /// The options.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The options, giving up the plan.
    pub fn into_spec(self) -> Spec {
        self.spec
    }

    /// The compiled plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// How many segments the plan holds, over all its factors: 1 for a single-phase schedule, one more per
    /// boundary of a `piecewise_constant`, the segments of every part of a `join`. Encoding
    /// and evaluating a step by binary search cost time that grows with it.
    ///
    /// ```
    /// use anneal_core::kinds::{Constant, Join, PiecewiseConstant};
    /// use anneal_core::Schedule;
    /// let steps = PiecewiseConstant::schedule(1.0, vec![(10.0, 0.5), (20.0, 0.5)])?;
    /// assert_eq!(steps.size(), 3);
    /// # Ok::<(), anneal_core::ScheduleError>(())
    /// ```
    pub fn size(&self) -> usize {
        self.plan.factors().iter().map(|f| f.segments().len()).sum()
    }
}
