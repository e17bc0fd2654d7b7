//! The inverse square root, s · (1/√((t + shift)/τ)) = C/√(t + shift) with C = s · √τ, by a
//! short series per block: no square root and no division per step.
//!
//! Each block of [`BLOCK`] steps is expanded around its middle step m = b + 256 · stride (b
//! the block's first step; the same m whatever range or part of the block is evaluated):
//! with a = m + shift and u = t − m (exact: whole steps within ±2⁵²),
//!
//! ```text
//! C/√(t + shift) = (C/√a) · (1 + x)^(−1/2),   x = u/a,
//! (1 + x)^(−1/2) = Σₖ cₖ xᵏ,   cₖ = (−1)ᵏ · C(2k, k)/4ᵏ = 1, −1/2, 3/8, −5/16, …
//! ```
//!
//! (each cₖ an exact float64), and the value at each step is the polynomial Σₖ bₖ uᵏ of degree
//! d with bₖ = (C/√a) · cₖ/aᵏ, found once per block (one square root and two divisions), by
//! Horner's rule in u: d multiplications and d additions per step, plus u's addition. The
//! degree is the lowest in [`DEGREES`] whose truncation is below the target of the output:
//! 2⁻⁵⁴ for `f64` (half a unit roundoff), 2⁻⁴⁴ for `f32`, whose one-pass check only needs the
//! bound to be small against float32's ulp. Blocks where no degree reaches it (|x| up to
//! 256 · |stride|/a too large: the first ~14,000 · |stride| steps after t + shift = 0 for
//! `f64`, 4096 · |stride| for `f32`), and blocks whose coefficients would leave float64's
//! normal range, take C/√(t + shift) per step, one square root and one division per step.
//!
//! # Error bounds
//!
//! In units u = 2⁻⁵³ (the unit roundoff), relative, against V = C*/√(t + shift), the true
//! value (C* = s · √τ exactly). The exact formula rounds five times (t + shift, ÷τ, √, 1/·,
//! s ·), the first two under the square root: within (½ + ½ + 1 + 1 + 1)u = 4u of V.
//!
//! **The series** (blocks where |x| ≤ X, X = 256 · |stride|/a ≤ 1/16; G = C*/√a, so that V =
//! G · (1 + x)^(−1/2) ≥ G · (17/16)^(−1/2) ≥ 0.97 G):
//! - the coefficients: C rounds twice (√τ, s ·), a once (m + shift), √a and C/√a once each,
//!   so b₀ = fl(C/√a) is within 4.5u of G; 1/a within 2u of its true value, its k-th power
//!   (k − 1 products) within (3k − 1)u, cₖ · b₀ and the product with it two more: bₖ is
//!   within (3k + 5.5)u of G · cₖ/aᵏ.
//! - Horner's rule: the term bₖuᵏ passes through 2k + 1 roundings (k products, k + 1 sums;
//!   the last term one less), so the result is within Σₖ (2k + 1)u · |bₖuᵏ| of Σₖ bₖuᵏ.
//! - Together, with |bₖuᵏ| ≈ G · |cₖ| · |x|ᵏ, |cₖ| ≤ ½ for k ≥ 1 and |x| ≤ 1/16: the term
//!   k = 0 contributes (4.5 + 1)u · G, the terms k ≥ 1 at most Σₖ (5k + 6.5) · |cₖ| · 16⁻ᵏ
//!   · u · G ≤ 0.39u · G (0.36 from k = 1, 0.02 from k = 2, the rest below 0.002).
//! - The truncation: |cₖ| does not increase with k, so the terms past degree d sum to at most
//!   T · G, T = |c_{d+1}| · X^(d+1)/(1 − X), which the degree's choice keeps below its
//!   target (X computed from fl(1/fl(a)), 3u from its true value: it is raised by 2⁻⁴⁰,
//!   which also covers the roundings of T's own computation).
//!
//! So the fast value F is within (5.89u + T) · G · (1 + 2⁻⁴⁰) ≤ (6.08u + 1.031 T) · |V| of V
//! (second-order terms in the 2⁻⁴⁰), and within (10.08u + 1.031 T) · |V| · (1 + 2⁻⁴⁰) of
//! the exact formula's value; with |V| ≤ |F| · (1 + 6.1u + 1.031 T) and T ≤ 2⁻⁴⁴, the
//! bound ρ = [`SERIES_RHO`] + 1.1 T, [`SERIES_RHO`] = 11u, holds relative to |F|: for `f64`
//! output (T ≤ 2⁻⁵⁴) below 11.6u, far below its 1e-14 (45u).
//!
//! Every intermediate is a normal float64 or an exact zero: the series is used where a ≤
//! 2¹⁰⁰ (1/a ≥ 2⁻¹⁰⁰, its powers up to the eighth at least 2⁻⁸⁰⁰), a ≥ 4096 · |stride| (X
//! ≤ 1/16, 1/a ≤ 2⁻¹²) and 2⁻²⁰⁰ ≤ |b₀| ≤ 2¹⁰⁰⁰, so that every bₖ lies in [2⁻¹⁰⁰³, 2¹⁰⁰⁰];
//! |u| ≥ 1 unless u = 0, so u · hₖ₊₁ (hₖ₊₁ the Horner value, within a fifteenth of bₖ₊₁) is
//! normal or zero, and each sum bₖ + u · hₖ₊₁ (|u · hₖ₊₁| ≤ |bₖ|/15) does not cancel.
//!
//! **Per step** (C/√(t + shift)): both forms round t + shift alike (the same operation on
//! the same float64s), then the exact formula rounds four times (÷τ, √, 1/·, s ·): within
//! 3.5u of s · √τ/√(t + shift); ours four times too (√τ, s ·, √, C/·): within 4u. Where
//! every intermediate is a normal float64 (the plan keeps (t + shift)/τ in [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰],
//! C is normal), the two are within 7.5u · (1 + 2⁻⁵⁰) of each other: [`RHO`] = 16u rounds
//! it up.

use super::{Fill, Kernel, Narrow, Plan, BLOCK, F32_SAFE, F64_SAFE, MAX_EXACT_STEP};
use crate::primitive::InverseSqrt;
use std::ops::RangeInclusive;

/// The unit roundoff, 2⁻⁵³.
const U: f64 = 1.0 / (1u64 << 53) as f64;
/// The relative error bound of the per-step formula (module docs), 16u.
const RHO: f64 = 16.0 * U;
/// The relative error bound of the series before its truncation's (module docs), 11u.
const SERIES_RHO: f64 = 11.0 * U;
/// (t + shift)/τ stays in [1/LIMIT, LIMIT], where the roundings of the docs are normal.
const LIMIT: f64 = 1.071_508_607_186_267_3e301; // 2¹⁰⁰⁰
/// The degrees of the series.
const DEGREES: RangeInclusive<usize> = 2..=8;
/// cₖ = (−1)ᵏ · C(2k, k)/4ᵏ, the coefficients of (1 + x)^(−1/2), to one past the highest
/// degree (for the truncation's bound).
const SERIES: [f64; 10] = [
    1.0,
    -0.5,
    0.375,
    -0.3125,
    0.273_437_5,
    -0.246_093_75,
    0.225_585_937_5,
    -0.209_472_656_25,
    0.196_380_615_234_375,
    -0.185_470_581_054_687_5,
];
/// The block's middle step is its step number `MIDDLE`.
const MIDDLE: f64 = (BLOCK / 2) as f64;
/// The largest |x| the series serves, 1/16.
const X_MAX: f64 = 0.0625;
/// The largest a the series serves, 2¹⁰⁰.
const A_MAX: f64 = 1_267_650_600_228_229_401_496_703_205_376.0;
/// The range of |b₀| the series serves, 2⁻²⁰⁰ to 2¹⁰⁰⁰.
const B0_MIN: f64 = 6.223_015_277_861_142e-61;
const B0_MAX: f64 = LIMIT;
/// float32's smallest normal with a binade of margin, 2⁻¹²⁵: from this |b₀| up, every value
/// of the series (at least 0.96 · |b₀|) is a normal float32.
const F32_NORMAL: f64 = 2.0 * f32::MIN_POSITIVE as f64;
/// The truncation targets (relative to G) of `f64` and `f32` output, 2⁻⁵⁴ and 2⁻⁴⁴.
const TARGET_F64: f64 = U / 2.0;
const TARGET_F32: f64 = 1.0 / (1u64 << 44) as f64;
/// The plan's piece for `f64` output and for `f32` (error bounds wanted).
const WIDE: u8 = 0;
const NARROW: u8 = 1;

/// C/√(t + shift), C = s · √τ.
pub(crate) struct InverseSqrtKernel {
    wave: InverseSqrt,
    c: f64,
}

impl InverseSqrtKernel {
    /// `None` where C is not a normal float64 (0 included: s = 0 is the exact formula's).
    pub(crate) fn new(wave: &InverseSqrt) -> Option<Self> {
        let c = wave.scale * wave.timescale.sqrt();
        (c.is_normal() && wave.timescale > 0.0).then_some(Self { wave: *wave, c })
    }

    /// C/√(t + shift) at the steps `step + r`, `r` from `ramp`: the per-step formula.
    #[inline(always)]
    fn values<'r>(&self, step: f64, ramp: &'r [f64]) -> impl Iterator<Item = f64> + 'r {
        let (c, shift) = (self.c, self.wave.shift);
        ramp.iter().map(move |r| c / (step + r + shift).sqrt())
    }

    /// The series of the block whose step number `offset` is `step`, for the output of the
    /// plan's `piece` (module docs); `None` where the block takes the per-step formula.
    fn series(&self, step: f64, stride: f64, offset: usize, piece: u8) -> Option<Series> {
        // u at `step`, and the middle step: whole steps, exact.
        let from = (offset as f64 - MIDDLE) * stride;
        let a = (step - from) + self.wave.shift;
        let q = 1.0 / a;
        let b0 = self.c / a.sqrt();
        // X, raised past the roundings of q and of this product (module docs).
        let x = MIDDLE * stride.abs() * q * (1.0 + 1.0 / (1u64 << 40) as f64);
        let served =
            a > 0.0 && a <= A_MAX && x <= X_MAX && b0.abs() >= B0_MIN && b0.abs() <= B0_MAX;
        if !served {
            return None;
        }
        let target = if piece == NARROW {
            TARGET_F32
        } else {
            TARGET_F64
        };
        // The degrees in turn, with X^(d+1), until the truncation meets the target.
        let mut power = x.powi(*DEGREES.start() as i32 + 1);
        let mut chosen = None;
        for d in DEGREES {
            let truncation = SERIES[d + 1].abs() * power / (1.0 - x);
            if truncation <= target {
                chosen = Some((d, truncation));
                break;
            }
            power *= x;
        }
        let (degree, truncation) = chosen?;
        let mut b = [0.0; MAX_DEGREE + 1];
        let mut power = 1.0;
        for (b, c) in b.iter_mut().zip(SERIES).take(degree + 1) {
            // (b₀ · cₖ) · (1/a)ᵏ, the powers by repeated products.
            *b = b0 * c * power;
            power *= q;
        }
        Some(Series {
            b,
            from,
            degree,
            rho: SERIES_RHO + 1.1 * truncation,
        })
    }

    /// The fast values of the steps `step + r`, `r` from `ramp`, with their relative bound,
    /// given to `to`: the block's series, or the per-step formula.
    #[inline(always)]
    fn take<T: Take>(
        &self,
        piece: u8,
        step: f64,
        stride: f64,
        offset: usize,
        ramp: &[f64],
        to: T,
    ) -> T::Out {
        let Some(s) = self.series(step, stride, offset, piece) else {
            return to.take(RHO, false, self.values(step, ramp));
        };
        // The series' values are at least 0.96 · |b₀| (module docs).
        let normal = s.b[0].abs() >= F32_NORMAL;
        match s.degree {
            2 => to.take(s.rho, normal, s.values::<2>(ramp)),
            3 => to.take(s.rho, normal, s.values::<3>(ramp)),
            4 => to.take(s.rho, normal, s.values::<4>(ramp)),
            5 => to.take(s.rho, normal, s.values::<5>(ramp)),
            6 => to.take(s.rho, normal, s.values::<6>(ramp)),
            7 => to.take(s.rho, normal, s.values::<7>(ramp)),
            _ => to.take(s.rho, normal, s.values::<MAX_DEGREE>(ramp)),
        }
    }
}

/// The highest degree of [`DEGREES`].
const MAX_DEGREE: usize = *DEGREES.end();

/// A block's polynomial Σ bₖ uᵏ in u = t − m (module docs).
#[derive(Debug, Clone, Copy)]
struct Series {
    /// b₀ … b_degree (zeros past it).
    b: [f64; MAX_DEGREE + 1],
    /// u at the first step of the part.
    from: f64,
    degree: usize,
    /// The relative error bound, [`SERIES_RHO`] + 1.1 T.
    rho: f64,
}

impl Series {
    /// The polynomial of degree `D` (the series' own) at u = `from + r`, `r` from `ramp`, by
    /// Horner's rule.
    #[inline(always)]
    fn values<const D: usize>(self, ramp: &[f64]) -> impl Iterator<Item = f64> + '_ {
        ramp.iter().map(move |r| {
            let u = self.from + r;
            let mut h = self.b[D];
            for k in (0..D).rev() {
                h = self.b[k] + u * h;
            }
            h
        })
    }
}

/// Where a block's fast values go, with their relative bound: [`Fill`], or [`Narrow`]'s one
/// pass (`normal`: every value is at least float32's smallest normal).
trait Take {
    type Out;
    fn take(self, rho: f64, normal: bool, values: impl Iterator<Item = f64>) -> Self::Out;
}

impl Take for Fill<'_> {
    type Out = ();
    #[inline(always)]
    fn take(self, rho: f64, _normal: bool, values: impl Iterator<Item = f64>) {
        self.relative(rho, values);
    }
}

impl Take for Narrow<'_> {
    type Out = bool;
    #[inline(always)]
    fn take(self, rho: f64, normal: bool, values: impl Iterator<Item = f64>) -> bool {
        if normal {
            self.relative_normal(rho, values)
        } else {
            self.relative(rho, values)
        }
    }
}

impl Kernel for InverseSqrtKernel {
    /// The plan's piece: [`WIDE`] or [`NARROW`].
    type Seed = u8;

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        let p = &self.wave;
        // (t + shift)/τ increases with t: its ends bound it, and the value's magnitude
        // decreases with it, so the first step's is the largest (finite: the root is at
        // least 2⁻⁵⁰⁰). Fast values stay finite in the output type (the exact path reports
        // an overflow at its step).
        // Steps within ±2⁵² (and the block's middle step with them), so that u = t − m and
        // the steps of both formulas are exact, as the module's bound takes them.
        let limit = if narrow { F32_SAFE } else { F64_SAFE };
        let served = lo.abs().max(hi.abs()) <= MAX_EXACT_STEP
            && (lo + p.shift) / p.timescale >= 1.0 / LIMIT
            && (hi + p.shift) / p.timescale <= LIMIT
            && p.value(lo).abs() < limit;
        match (served, narrow) {
            (true, true) => Plan::Fast(NARROW),
            (true, false) => Plan::Fast(WIDE),
            (false, _) => Plan::Exact,
        }
    }

    fn seed(&self, _start: f64, piece: u8) -> u8 {
        piece
    }

    #[inline(always)]
    fn fill(&self, &piece: &u8, step: f64, stride: f64, offset: usize, fill: Fill<'_>) {
        let ramp = fill.ramp;
        self.take(piece, step, stride, offset, ramp, fill);
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        &piece: &u8,
        step: f64,
        stride: f64,
        offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        let ramp = narrow.ramp;
        self.take(piece, step, stride, offset, ramp, narrow)
    }

    fn exact(&self, step: f64) -> f64 {
        self.wave.value(step)
    }

    fn f64_scale(&self) -> f64 {
        0.0 // within RHO · |value|
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fast_values, Stretch};
    use super::*;

    #[test]
    fn the_series_coefficients_are_the_binomial_ones() {
        // (1 + x)^(−1/2) = Σ C(−1/2, k) xᵏ, and C(−1/2, k) = (−1)ᵏ C(2k, k)/4ᵏ: from the
        // central binomial coefficients in integers (C(2k, k) = C(2k − 2, k − 1) · (2k)(2k − 1)/k²).
        let mut central = 1u64;
        for (k, &c) in SERIES.iter().enumerate() {
            if k > 0 {
                let k = k as u64;
                central = central * (2 * k) * (2 * k - 1) / (k * k);
            }
            let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
            assert_eq!(c, sign * central as f64 / 4f64.powi(k as i32), "c{k}");
        }
    }

    /// The kernel's fill of the `n` steps from index `offset` of the block whose first step
    /// is `start`: values and bounds.
    fn fill(
        kernel: &InverseSqrtKernel,
        piece: u8,
        (start, stride): (f64, f64),
        (offset, n): (usize, usize),
    ) -> (Vec<f64>, Vec<f64>) {
        let stretch = Stretch {
            step: start + offset as f64 * stride,
            stride,
            offset,
            n,
        };
        fast_values(kernel, &piece, stretch, true)
    }

    #[test]
    fn fast_values_are_within_their_bound() {
        // Blocks from t + shift ≈ 300 · |stride| (the per-step formula) to 10¹³ (degree 2),
        // so that every degree serves some, for both outputs, against the exact formula at
        // every step: |fast − exact| ≤ the bound, which for f64 output is below 12u where
        // the series serves (the module docs' 11.6u). The largest error seen, in units of the bound, shows the
        // bound is not loose by orders of magnitude.
        let mut degrees = [[0usize; MAX_DEGREE + 2]; 2];
        let mut worst = 0.0f64;
        let waves = [
            (0.1, 1.0, 1e4),
            (-2.5, 0.5, 3.0),
            (3e-7, 7.0, 1e12),
            (1.0, -0.25, 0.5),
        ];
        for (scale, shift, timescale) in waves {
            let wave = InverseSqrt {
                scale,
                shift,
                timescale,
            };
            let kernel = InverseSqrtKernel::new(&wave).unwrap();
            for stride in [1.0f64, 7.0, -3.0, 1000.0] {
                let mut a = 300.0 * stride.abs();
                while a < 1e13 {
                    // The block whose middle step is about a − shift, at whole steps.
                    let start = (a - shift - MIDDLE * stride).round();
                    let lo = start.min(start + 511.0 * stride);
                    let hi = start.max(start + 511.0 * stride);
                    for (narrow, piece) in [(false, WIDE), (true, NARROW)] {
                        assert_eq!(kernel.plan(lo, hi, narrow), Plan::Fast(piece));
                        let series = kernel.series(start, stride, 0, piece);
                        let degree = series.map_or(MAX_DEGREE + 1, |s| s.degree);
                        degrees[usize::from(piece)][degree] += 1;
                        let (value, error) = fill(&kernel, piece, (start, stride), (0, BLOCK));
                        for (j, (&v, &e)) in value.iter().zip(&error).enumerate() {
                            let exact = wave.value(start + j as f64 * stride);
                            let step = start + j as f64 * stride;
                            assert!((v - exact).abs() <= e, "{wave:?} at {step}: {v} vs {exact}");
                            if piece == WIDE {
                                // The series' 11.6u, the per-step formula's 16u.
                                let most = if series.is_some() { 12.0 * U } else { RHO };
                                assert!(e <= most * v.abs(), "{wave:?} at {step}");
                            }
                            worst = worst.max((v - exact).abs() / e);
                        }
                    }
                    a *= 1.37;
                }
            }
        }
        // Every degree and the per-step formula (the last column), for both outputs.
        for counts in degrees {
            assert!(counts[DEGREES].iter().all(|&n| n > 0), "{degrees:?}");
            assert!(counts[MAX_DEGREE + 1] > 0, "{degrees:?}");
        }
        assert!(worst > 0.05, "{worst}");
    }

    #[test]
    fn parts_of_a_block_take_the_whole_blocks_values() {
        // The series is the block's, whatever part of it a range or a split asks for: the
        // values of a part are those of the whole block at the same steps, bit for bit.
        let wave = InverseSqrt {
            scale: 0.1,
            shift: 0.0,
            timescale: 1e5,
        };
        let kernel = InverseSqrtKernel::new(&wave).unwrap();
        for (start, stride) in [(1e5, 1.0), (3.3e6, -7.0), (40_960.0, 1.0)] {
            for piece in [WIDE, NARROW] {
                let (whole, _) = fill(&kernel, piece, (start, stride), (0, BLOCK));
                for (offset, n) in [(1, 511), (255, 2), (256, 256), (300, 100), (511, 1)] {
                    let (part, _) = fill(&kernel, piece, (start, stride), (offset, n));
                    assert_eq!(part, whole[offset..offset + n], "{start} {offset}");
                }
            }
        }
    }
}
