//! Primitives made only of correctly rounded operations (+, −, ×, ÷, √, min, max): their own
//! formula, step by step in a loop that vectorizes, is bit for bit the exact value. Serves the
//! inverse square root, optax's linear interpolation and the blends other than the cosine.

use super::{Fill, Kernel, Plan, F32_SAFE, F64_SAFE};
use crate::primitive::{Blend, BlendShape, InverseSqrt, Linear};

/// A formula of correctly rounded operations that is monotone on the steps it accepts.
pub(crate) trait Direct: Copy {
    /// The value at the local step `t` (the primitive's own formula).
    fn at(&self, t: f64) -> f64;
    /// Whether the formula is finite and monotone (or constant) on every step from `lo` on.
    fn monotone_from(&self, lo: f64) -> bool;
}

impl Direct for InverseSqrt {
    #[inline(always)]
    fn at(&self, t: f64) -> f64 {
        self.value(t)
    }
    fn monotone_from(&self, lo: f64) -> bool {
        (lo + self.shift) / self.timescale > 0.0
    }
}

/// Only [`Linear::Interp`]: the other lines have their own kernel.
impl Direct for Linear {
    #[inline(always)]
    fn at(&self, t: f64) -> f64 {
        self.value(t)
    }
    fn monotone_from(&self, _lo: f64) -> bool {
        true
    }
}

/// Every shape but the cosine (which has a wave kernel): the progress t/d, 1 − t/d and
/// 1 − √(t/d) are monotone, and so is s · max(0, f · (1 − m) + m). The cosine-shaped ones
/// take the exact formula (the plan says so), until they get a wave kernel.
impl Direct for Blend {
    #[inline(always)]
    fn at(&self, t: f64) -> f64 {
        self.value(t)
    }
    fn monotone_from(&self, lo: f64) -> bool {
        match self.shape {
            BlendShape::Rise | BlendShape::Linear => true,
            BlendShape::Sqrt | BlendShape::SqrtRise => lo >= 0.0,
            // Mirrored below 0, or a wave of several half cycles: the ends bound nothing.
            BlendShape::Cosine | BlendShape::CosineRise | BlendShape::Wave => false,
        }
    }
}

/// Evaluates a [`Direct`] formula per step: error 0.
pub(crate) struct DirectKernel<P>(pub(crate) P);

impl<P: Direct> Kernel for DirectKernel<P> {
    type Seed = ();

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        // Monotone: the ends bound every value between them, so fast values stay finite in
        // the output type (the exact path reports an overflow at its step).
        let limit = if narrow { F32_SAFE } else { F64_SAFE };
        let (a, b) = (self.0.at(lo), self.0.at(hi));
        if self.0.monotone_from(lo) && a.abs() < limit && b.abs() < limit {
            Plan::Fast(0)
        } else {
            Plan::Exact
        }
    }

    fn seed(&self, _start: f64, _piece: u8) {}

    #[inline(always)]
    fn fill(&self, _seed: &(), step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        let p = self.0;
        for (v, r) in fill.value.iter_mut().zip(fill.ramp) {
            *v = p.at(step + r);
        }
        if fill.narrow {
            fill.error.fill(0.0);
        }
    }

    fn exact(&self, step: f64) -> f64 {
        self.0.at(step)
    }
}
