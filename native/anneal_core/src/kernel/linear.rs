//! The linear primitive in Axon's forms, s · (t / d) and s · ((n − t) / d), as (t − o) · σ:
//! o = 0 or n, and the slope σ = fl(m · s), m = fl(±1/d), rounded once per kernel, so that a
//! step costs an addition and a multiplication: (a + r) · σ with a = t₀ − o once per block
//! (t₀ its first step, r = t − t₀ from the ramp).
//!
//! # Error bound
//!
//! With u = 2⁻⁵³ and the kernel's conditions: o an integer, every t − o of a `Fast` block
//! below 2⁵³ in magnitude (checked by [`plan`](Kernel::plan)), so a = t₀ − o and a + r = t − o
//! are exact; |m| and |σ| at least 2⁻¹⁰⁰⁰ or s = 0, so that no operation of either form
//! underflows (|t − o| ≥ 1 where it is not 0); no overflow (the plan's limits). Let
//! y = (t − o) · (±1/d) · s, the real value. The exact formula rounds twice,
//! x = fl(fl(τ/d) · s) = y(1 + δ₁)(1 + δ₂) (τ = t or n − t, ±τ = t − o exactly); the fast value
//! three times, f = fl((t − o) · σ) = y(1 + δ₃)(1 + δ₄)(1 + δ₅), every |δᵢ| ≤ u. So
//!
//! ```text
//! |f − x| ≤ |y| · ((1 + u)³ − (1 − u)²) = |y| · (5u + 2u² + u³)
//!         ≤ |f| · (5u + 2u² + u³)/(1 − u)³ < 6u · |f|,
//! ```
//!
//! [`E_REL`] = 3 · ε = 6u, relative to the fast value (0 where t = o: both forms give a zero,
//! of the sign of (t − o) · (±1) · s). Outside these conditions [`LinearKernel::new`] answers
//! `None` and the line takes its own formula (`direct.rs`), bit for bit.

use super::{Fill, Kernel, Narrow, Plan, F32_SAFE, F64_SAFE};
use crate::primitive::Linear;

/// Relative error bound of (t − o) · σ against the exact formula (see the module's docs).
const E_REL: f64 = 3.0 * f64::EPSILON;
/// |t − o| below this is an exact float64 integer (2⁵³).
const EXACT_OFFSETS: f64 = 9_007_199_254_740_992.0;
/// The smallest |m| and |σ| the kernel serves (other than σ = 0 from s = 0): no operation of
/// either form underflows above it.
const TINY: f64 = 9.332_636_185_032_189e-302; // 2⁻¹⁰⁰⁰
/// float32's smallest normal: values at least this large pass [`Narrow::relative_normal`].
const NORMAL_F32: f64 = f32::MIN_POSITIVE as f64;

/// [`Linear::Rise`] is o = 0, m = 1/d; [`Linear::Fall`] is o = n, m = −1/d up to n, where
/// the line is clamped at 0 · s.
pub(crate) struct LinearKernel {
    line: Linear,
    scale: f64,
    /// Where the line stops (+∞ for a rise).
    end: f64,
    /// o.
    offset: f64,
    /// σ = fl(m · s).
    slope: f64,
}

impl LinearKernel {
    /// `None` for optax's interpolations, and for lines outside the conditions of the
    /// module's bound (an offset that is not an integer below 2⁵², a slope below 2⁻¹⁰⁰⁰):
    /// the exact formula serves them, in `direct.rs`.
    pub(crate) fn new(line: &Linear) -> Option<Self> {
        let (scale, end, offset, m) = match *line {
            Linear::Rise { scale, width } => (scale, f64::INFINITY, 0.0, 1.0 / width),
            Linear::Fall { scale, end, width } => (scale, end, end, -1.0 / width),
            Linear::Interp { .. } | Linear::Lerp { .. } => return None,
        };
        let slope = m * scale;
        let whole = offset.fract() == 0.0 && offset.abs() <= EXACT_OFFSETS / 2.0;
        let normal = scale == 0.0 || (m.abs() >= TINY && slope.abs() >= TINY);
        (whole && normal && slope.is_finite()).then_some(Self {
            line: *line,
            scale,
            end,
            offset,
            slope,
        })
    }
}

impl LinearKernel {
    /// (a + r) · σ at the steps `step + r`, `r` from `ramp`, a = step − o (exact).
    #[inline(always)]
    fn values<'r>(&self, step: f64, ramp: &'r [f64]) -> impl Iterator<Item = f64> + 'r {
        let (a, slope) = (step - self.offset, self.slope);
        ramp.iter().map(move |r| (a + r) * slope)
    }
}

impl Kernel for LinearKernel {
    /// Whether every fast value of the part is at least float32's smallest normal in
    /// magnitude (piece 1 of the plan).
    type Seed = bool;

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        if lo >= self.end {
            return Plan::Fill(self.exact(lo));
        }
        if hi >= self.end {
            return Plan::Split;
        }
        // Both exact below 2⁵³ (a result that rounds below 2⁵³ is below it).
        let (low, high) = (lo - self.offset, hi - self.offset);
        let widest = low.abs().max(high.abs());
        let limit = if narrow { F32_SAFE } else { F64_SAFE };
        if widest >= EXACT_OFFSETS || self.slope.abs() * widest >= limit {
            return Plan::Exact;
        }
        // The nearest step to o: |f| ≥ fl(nearest · |σ|) at every step, rounding being
        // monotone.
        let nearest = if low * high > 0.0 {
            low.abs().min(high.abs())
        } else {
            0.0
        };
        Plan::Fast(u8::from(nearest * self.slope.abs() >= NORMAL_F32))
    }

    fn seed(&self, _start: f64, piece: u8) -> bool {
        piece == 1
    }

    #[inline(always)]
    fn fill(&self, _normal: &bool, step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        let ramp = fill.ramp;
        fill.relative(E_REL, self.values(step, ramp));
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        &normal: &bool,
        step: f64,
        _stride: f64,
        _offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        let ramp = narrow.ramp;
        if normal {
            narrow.relative_normal(E_REL, self.values(step, ramp))
        } else {
            narrow.relative(E_REL, self.values(step, ramp))
        }
    }

    fn exact(&self, step: f64) -> f64 {
        self.line.value(step)
    }

    fn f64_scale(&self) -> f64 {
        self.scale.abs()
    }
}
