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
//!
//! # The fast values' magnitudes
//!
//! In a `Fast` part, f = fl((t − o) · σ) with t − o = a + r exact (above) and σ fixed, so f
//! is monotone in t: rounding is monotone, and t − o grows with t. Every fast value of a part
//! therefore lies between the fast values at its first and last steps, computed as `fill`
//! computes them (its last r, (n − 1) · stride, is the ramp's entry, exactly), and
//! [`magnitudes`](Kernel::magnitudes) gives low ≤ |f| ≤ top with no slack: low the smaller
//! of the ends' magnitudes where they have one sign, else 0 (the part holds t = o or crosses
//! it), top the larger. No value is NaN (the plan keeps |σ| · |t − o| finite). `f32` output
//! checks a part's values on their dropped bits alone where that low is float32-normal
//! ([`Narrow::low`]).

use super::{magnitudes_between, Fill, Kernel, Narrow, Plan, Stretch, F32_SAFE, F64_SAFE};
use crate::primitive::Linear;

/// Relative error bound of (t − o) · σ against the exact formula (see the module's docs).
const E_REL: f64 = 3.0 * f64::EPSILON;
/// |t − o| below this is an exact float64 integer (2⁵³).
const EXACT_OFFSETS: f64 = 9_007_199_254_740_992.0;
/// The smallest |m| and |σ| the kernel serves (other than σ = 0 from s = 0): no operation of
/// either form underflows above it.
const TINY: f64 = 9.332_636_185_032_189e-302; // 2⁻¹⁰⁰⁰

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
    fn values<'s>(&'s self, step: f64, ramp: &'s [f64]) -> impl Iterator<Item = f64> + 's {
        let a = step - self.offset;
        ramp.iter().map(move |&r| self.at(a, r))
    }

    /// The fast value (a + r) · σ.
    #[inline(always)]
    fn at(&self, a: f64, r: f64) -> f64 {
        (a + r) * self.slope
    }
}

impl Kernel for LinearKernel {
    type Seed = ();

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
            Plan::Exact
        } else {
            Plan::Fast(0)
        }
    }

    fn seed(&self, _start: f64, _piece: u8) {}

    #[inline(always)]
    fn fill(&self, _seed: &(), step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        let ramp = fill.ramp;
        fill.relative(E_REL, self.values(step, ramp));
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        _seed: &(),
        step: f64,
        _stride: f64,
        _offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        // Dropped bits alone where `magnitudes` puts every value in float32's normals.
        let ramp = narrow.ramp;
        narrow.relative(E_REL, self.values(step, ramp))
    }

    /// The fast values at the stretch's ends, between which all its values lie (see the
    /// module's docs).
    #[inline(always)]
    fn magnitudes(&self, _seed: &(), stretch: Stretch) -> Option<(f64, f64)> {
        let a = stretch.step - self.offset;
        magnitudes_between(self.at(a, 0.0), self.at(a, stretch.span()))
    }

    fn exact(&self, step: f64) -> f64 {
        self.line.value(step)
    }

    fn f64_scale(&self) -> f64 {
        self.scale.abs()
    }
}

#[cfg(test)]
mod tests {
    use super::super::bits::Bits;
    use super::super::{magnitudes_hold, stretch_near, unit};
    use super::LinearKernel;
    use crate::primitive::Linear;

    #[test]
    fn lines_bound_their_stretches() {
        // Rises and falls of either sign, scales from float32's subnormals (2⁻¹⁴⁰) to 2²⁰,
        // widths and ends up to 2²⁴, stretches of 1 to 7 steps around t = 0 (where a rise
        // crosses zero), around a fall's end n and anywhere in between: every fast value
        // within the kernel's magnitudes.
        let mut bits = Bits(0x11ae_5eed);
        let mut checked = 0;
        for round in 0..4000 {
            let sign = if unit(&mut bits) < 0.5 { -1.0 } else { 1.0 };
            let scale = sign * (unit(&mut bits) * 160.0 - 140.0).exp2();
            let width = (unit(&mut bits) * 24.0).exp2();
            let end = (unit(&mut bits) * 24.0).exp2().round();
            let line = if round % 2 == 0 {
                Linear::Rise { scale, width }
            } else {
                Linear::Fall { scale, end, width }
            };
            let Some(kernel) = LinearKernel::new(&line) else {
                continue;
            };
            let near = [0.0, end, end * unit(&mut bits)][round % 3];
            let (start, stretch) = stretch_near(&mut bits, near);
            checked += magnitudes_hold(&kernel, start, stretch);
        }
        assert!(checked > 4000, "{checked} plans checked");
    }
}
