//! Primitives made only of correctly rounded operations (+, −, ×, ÷, √, min, max, floor):
//! their own formula, step by step in a loop that vectorizes, is bit for bit the exact value.
//! Serves optax's linear interpolations, the blends other than the cosine, the triangle waves
//! of constant or halving height, and the inverse square root where its own kernel does not
//! (inverse_sqrt.rs).

use super::{Fill, Kernel, Plan, F32_SAFE, F64_SAFE};
use crate::primitive::{Blend, BlendShape, CycleScale, Cyclic, InverseSqrt, Linear};

/// A formula of correctly rounded operations.
pub(crate) trait Direct: Copy {
    /// The value at the local step `t` (the primitive's own formula).
    fn at(&self, t: f64) -> f64;
    /// Whether every value from `lo` to `hi` is finite and below `limit` in magnitude.
    fn below(&self, lo: f64, hi: f64, limit: f64) -> bool;
    /// `at` every step `step + ramp[j]` into `out[j]`. A formula with variants overrides it
    /// to choose the variant once, outside the loop (which then vectorizes).
    #[inline(always)]
    fn fill(&self, step: f64, ramp: &[f64], out: &mut [f64]) {
        each(self, step, ramp, out);
    }
}

/// `at` at every step, in a loop of its own (inlined, so that a formula whose variant is known
/// at the call compiles to that variant alone).
#[inline(always)]
fn each<P: Direct>(p: &P, step: f64, ramp: &[f64], out: &mut [f64]) {
    for (v, r) in out.iter_mut().zip(ramp) {
        *v = p.at(step + r);
    }
}

/// Whether a formula that is monotone from `lo` on stays below `limit` between `lo` and `hi`:
/// its ends bound every value between them.
fn ends_below<P: Direct>(p: &P, lo: f64, hi: f64, limit: f64) -> bool {
    p.at(lo).abs() < limit && p.at(hi).abs() < limit
}

impl Direct for InverseSqrt {
    #[inline(always)]
    fn at(&self, t: f64) -> f64 {
        self.value(t)
    }
    fn below(&self, lo: f64, hi: f64, limit: f64) -> bool {
        // Decreasing where the root's argument is positive.
        (lo + self.shift) / self.timescale > 0.0 && ends_below(self, lo, hi, limit)
    }
}

/// [`Linear::Interp`] and [`Linear::Lerp`], and the lines that `linear.rs`'s kernel refuses.
impl Direct for Linear {
    #[inline(always)]
    fn at(&self, t: f64) -> f64 {
        self.value(t)
    }
    fn below(&self, lo: f64, hi: f64, limit: f64) -> bool {
        ends_below(self, lo, hi, limit)
    }
    #[inline(always)]
    fn fill(&self, step: f64, ramp: &[f64], out: &mut [f64]) {
        let line = *self;
        match line {
            Linear::Rise { .. } => each(&line, step, ramp, out),
            Linear::Fall { .. } => each(&line, step, ramp, out),
            Linear::Interp { .. } => each(&line, step, ramp, out),
            Linear::Lerp { .. } => each(&line, step, ramp, out),
        }
    }
}

/// Every shape but the cosine (which has a wave kernel): the progress t/d, 1 − t/d and
/// 1 − √(t/d) are monotone, and so is s · max(0, f · (1 − m) + m).
impl Direct for Blend {
    #[inline(always)]
    fn at(&self, t: f64) -> f64 {
        self.value(t)
    }
    fn below(&self, lo: f64, hi: f64, limit: f64) -> bool {
        let monotone = match self.shape {
            BlendShape::Rise | BlendShape::Linear => true,
            BlendShape::Sqrt | BlendShape::SqrtRise => lo >= 0.0,
            // Mirrored below 0, or a wave of several half cycles: the ends bound nothing.
            BlendShape::Cosine | BlendShape::CosineRise | BlendShape::Wave => false,
        };
        monotone && ends_below(self, lo, hi, limit)
    }
    #[inline(always)]
    fn fill(&self, step: f64, ramp: &[f64], out: &mut [f64]) {
        let blend = *self;
        match blend.shape {
            BlendShape::Rise => each(&blend, step, ramp, out),
            BlendShape::Linear => each(&blend, step, ramp, out),
            BlendShape::Sqrt => each(&blend, step, ramp, out),
            BlendShape::SqrtRise => each(&blend, step, ramp, out),
            _ => each(&blend, step, ramp, out),
        }
    }
}

/// The triangle wave of constant or halving height (not `exp_range`, whose γ^t is a power).
/// Within one cycle its values lie between b and b + (m − b) · h, h the cycle's height.
impl Direct for Cyclic {
    #[inline(always)]
    fn at(&self, t: f64) -> f64 {
        self.value(t)
    }
    fn below(&self, lo: f64, hi: f64, limit: f64) -> bool {
        let top = |h: f64| self.base.abs() + (self.max - self.base).abs() * h;
        match self.scale {
            CycleScale::Constant => top(1.0) < limit,
            // The heights halve from cycle to cycle: the first cycle's is the largest (t
            // ≥ 0: cycles from 1 on, heights at most 1).
            CycleScale::Halving => {
                let first = self.cycle(lo.min(hi));
                first.is_finite() && top(CycleScale::Halving.height(first, lo)) < limit
            }
            CycleScale::Exponential(_) => false,
        }
    }
    #[inline(always)]
    fn fill(&self, step: f64, ramp: &[f64], out: &mut [f64]) {
        let wave = *self;
        let last = step + ramp.last().copied().unwrap_or(0.0);
        match wave.scale {
            CycleScale::Constant => each(&wave, step, ramp, out),
            // One cycle (as blocks split at cycle ends mostly are): its height once.
            CycleScale::Halving if wave.cycle(step) == wave.cycle(last) => {
                let h = wave.scale.height(wave.cycle(step), step);
                for (v, r) in out.iter_mut().zip(ramp) {
                    *v = wave.scaled(step + r, |_| h);
                }
            }
            _ => each(&wave, step, ramp, out),
        }
    }
}

/// Evaluates a [`Direct`] formula per step: error 0.
pub(crate) struct DirectKernel<P>(pub(crate) P);

impl DirectKernel<Blend> {
    /// Whether the blend's shape is made of correctly rounded operations (not a cosine).
    pub(crate) fn serves(blend: &Blend) -> bool {
        !matches!(
            blend.shape,
            BlendShape::Cosine | BlendShape::CosineRise | BlendShape::Wave
        )
    }
}

impl<P: Direct> Kernel for DirectKernel<P> {
    type Seed = ();
    const EXACT: bool = true;

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        // Fast values stay finite in the output type (the exact path reports an overflow at
        // its step).
        let limit = if narrow { F32_SAFE } else { F64_SAFE };
        if self.0.below(lo, hi, limit) {
            Plan::Fast(0)
        } else {
            Plan::Exact
        }
    }

    fn seed(&self, _start: f64, _piece: u8) {}

    #[inline(always)]
    fn fill(&self, _seed: &(), step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        self.0.fill(step, fill.ramp, fill.value);
    }

    fn exact(&self, step: f64) -> f64 {
        self.0.at(step)
    }

    fn f64_scale(&self) -> f64 {
        0.0 // exact
    }
}
