//! [`Schedule`]: any of the schedule families behind one type.

use crate::{
    Constant, CosineDecay, CosineDecayRestarts, ExponentialDecay, InverseSqrt, Join, LinearDecay,
    OneCycle, PiecewiseConstant, PolynomialDecay, WarmupCosineDecay, WarmupStableDecay,
};

/// A learning-rate schedule of any kind.
///
/// Not `Copy`: [`PiecewiseConstant`] and [`Join`] own their boundaries and schedules.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// See [`Constant`].
    Constant(Constant),
    /// See [`CosineDecay`].
    CosineDecay(CosineDecay),
    /// See [`ExponentialDecay`].
    ExponentialDecay(ExponentialDecay),
    /// See [`LinearDecay`].
    LinearDecay(LinearDecay),
    /// See [`PolynomialDecay`].
    PolynomialDecay(PolynomialDecay),
    /// See [`WarmupCosineDecay`].
    WarmupCosineDecay(WarmupCosineDecay),
    /// See [`PiecewiseConstant`].
    PiecewiseConstant(PiecewiseConstant),
    /// See [`InverseSqrt`].
    InverseSqrt(InverseSqrt),
    /// See [`WarmupStableDecay`].
    WarmupStableDecay(WarmupStableDecay),
    /// See [`CosineDecayRestarts`].
    CosineDecayRestarts(CosineDecayRestarts),
    /// See [`OneCycle`].
    OneCycle(OneCycle),
    /// See [`Join`].
    Join(Join),
}

impl Schedule {
    /// The value at `step`, computed in float64.
    pub fn value(&self, step: f64) -> f64 {
        match self {
            Self::Constant(s) => s.value(step),
            Self::CosineDecay(s) => s.value(step),
            Self::ExponentialDecay(s) => s.value(step),
            Self::LinearDecay(s) => s.value(step),
            Self::PolynomialDecay(s) => s.value(step),
            Self::WarmupCosineDecay(s) => s.value(step),
            Self::PiecewiseConstant(s) => s.value(step),
            Self::InverseSqrt(s) => s.value(step),
            Self::WarmupStableDecay(s) => s.value(step),
            Self::CosineDecayRestarts(s) => s.value(step),
            Self::OneCycle(s) => s.value(step),
            Self::Join(s) => s.value(step),
        }
    }

    /// How many parts the schedule holds: 1, plus each boundary of a `piecewise_constant`,
    /// plus each boundary and the size of each schedule of a `join`. Decoding, encoding and
    /// (for these two kinds) evaluating one step cost time in proportion to it.
    ///
    /// ```
    /// use anneal_core::{Constant, Join, PiecewiseConstant, Schedule};
    /// let steps: Schedule = PiecewiseConstant::new(1.0, [(10.0, 0.5), (20.0, 0.5)])?.into();
    /// assert_eq!(steps.size(), 3);
    /// let joined: Schedule = Join::new(vec![Constant::new(1.0)?.into(), steps], vec![5.0])?.into();
    /// assert_eq!(joined.size(), 1 + 1 + 1 + 3);
    /// # Ok::<(), anneal_core::ScheduleError>(())
    /// ```
    pub fn size(&self) -> usize {
        match self {
            Self::PiecewiseConstant(s) => 1 + s.len(),
            Self::Join(s) => s.size(),
            _ => 1,
        }
    }
}

macro_rules! from_family {
    ($($family:ident),*) => {$(
        impl From<$family> for Schedule {
            fn from(s: $family) -> Self {
                Self::$family(s)
            }
        }
    )*};
}

from_family!(
    Constant,
    CosineDecay,
    ExponentialDecay,
    LinearDecay,
    PolynomialDecay,
    WarmupCosineDecay,
    PiecewiseConstant,
    InverseSqrt,
    WarmupStableDecay,
    CosineDecayRestarts,
    OneCycle,
    Join
);
