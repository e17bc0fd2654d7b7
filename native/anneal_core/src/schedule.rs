//! [`Schedule`]: any of the schedule families behind one type.

use crate::{Constant, CosineDecay, ExponentialDecay, LinearDecay, PolynomialDecay};

/// A learning-rate schedule of any kind.
#[derive(Debug, Clone, Copy, PartialEq)]
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
    PolynomialDecay
);
