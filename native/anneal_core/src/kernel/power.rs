//! The cosine primitive with an exponent e ≠ 1: v = a + b · W^e, a = sα, b = s(1 − α), W =
//! ½(1 + cos(πt/k)) = c² as the exact formula computes it (c = cos(π/2 · a/k) for a = |t| ≤
//! k/2, c = sin(π/2 · (k − a)/k) above). Three ways, first that serves:
//!
//! * Exponents that are multiples of ½, for `f32` (and `f64` up to e = 2): c by rotation and
//!   |c|^2e by squaring (below).
//! * Any exponent over runs of at least [`MIN_TABLE_LEN`] steps: a power series in the angle
//!   per aligned cell of 8 to 512 steps ([`series`]: one libm cos, sin and pow per cell, then
//!   degree 4 to 16 by Horner's rule per step, after the exact formula's angle less its
//!   division). Its error is (18.1e + 32)u of |b| · W^e per step, at most (6.4e + 36.3)u · |b|
//!   over all steps, so `f64` takes it up to e ≈ 8.4 (α = 0; higher as α grows). `f32`
//!   output checks it in one pass, relative to the value, where a and b do not have
//!   opposite signs (`fill_narrow`).
//!   Cells too close to t = k for the series (where c vanishes) take the ways below.
//! * Per step: the exact formula's own angle (the same operations, so the same float64),
//!   then c by a polynomial, W^e = exp(2e · ln c) by a logarithm and an exponential of its
//!   own: arithmetic only, no libm, so the loop vectorizes. `f64` takes it up to e ≈ 3.
//!
//! Per step, whole exponents up to [`MAX_WHOLE`] take W^e by repeated multiplication; the
//! others exp(e · ln W). The steps are done in passes over the block, each a short loop.
//!
//! Exponents that are multiples of ½ (e = h/2, h ≤ [`MAX_HALVES`]) over runs long enough
//! for tables take c instead from the cosine kernel's rotation (cosine.rs: cos(φ₀ + iδ) from
//! tables of cos iδ, sin iδ and one libm sin/cos per block), within δ = [`ROTATION_ERROR`] =
//! 2⁻⁴⁹ of the exact formula's c, absolutely, and W^e = |c|^h by squaring: no division and
//! no polynomial per step, a few multiplications.
//!
//! # Error bound
//!
//! In units u = 2⁻⁵³, relative unless said otherwise; libm's cos, sin and pow are taken to be
//! within 1 ulp (2u; glibc's are). The kernel's operations are checked against libm over
//! their domains in this module's tests.
//! * c: the Taylor polynomials (cos to x¹⁶, sin to y¹⁷, on [0, π/4]) are within 2⁻⁵⁷; their
//!   Horner sums, whose last step adds a term below 0.31 to 1 (or multiplies by y), within
//!   3u; libm's c at the same angle within 2u: our c is within 6u of the exact formula's,
//!   everywhere (near t = k too: the sine of a small angle keeps its relative accuracy).
//! * W = c² rounds once in both: ours within 14u of the exact formula's W.
//! * Whole e = n: the products of squaring round at most 2n times: W^n within n · 14u + 2n u
//!   of the exact formula's W before its pow, which adds 2u: (16n + 2)u.
//! * Other e: ln W = n ln 2 + 2 atanh(s), s = f/(2 + f), f = m − 1 exact, |s| ≤ 0.1716: s
//!   within 2u, the series to s²¹ within 2⁻⁶⁰, its Horner sum 2u, so ln m within 5u (|ln m|
//!   ≤ 0.35) and the sum with n ln 2 within 2u · |ln W| more: e · ln W off by e · (14u +
//!   8u · |ln W|) absolute. The |ln W| part moves W^e by at most 8u · e|ln W| · W^e ≤ 8u/e
//!   absolute (y·e^(−y) ≤ 1/e): 3u. exp: the reduction v − n ln 2 (fdlibm's split ln 2)
//!   within 1u of |r| ≤ 0.347, the Taylor polynomial to r¹³ within 2⁻⁵⁶, its Horner sum 3u,
//!   the scaling by 2ⁿ exact (v ≥ −708 keeps it normal): 5u; pow 2u. W^e within (14e + 7)u
//!   relative plus 3u absolute (times |b|); where e ln W is clamped at −708, the true W^e is
//!   below e^(−708) < 2⁻¹⁰²⁰: that much more, absolute.
//! * a + b · W^e against s · ((1 − α) · P + α): a few roundings of |a| + |b| W^e, 8u each.
//!
//! * Rotated c (e = h/2): with c' = |c| + δ ≥ |c|, |c_ex|, the exact formula's |c_ex|^h is
//!   within h · c'^(h − 1) · δ of our |c|^h (mean value theorem). Roundings, relative to c'^h:
//!   our h − 1 products hu; the exact formula's W = c_ex² (1 + u), raised to e, eu; its pow
//!   2u; a + b · W^e against s · ((1 − α) · W^e + α), 8u of |b| · W^e (and of |a|): (1.5h +
//!   10)u. c'^h ≤ c'^(h − 1) · (1 + δ), and underflow (h ≤ 128 products, each within 2⁻¹⁰⁷⁴):
//!   |v − exact| ≤ |b| · (hδ + (2h + 16)u) · c'^(h − 1) + 8u|a| + |b| · 2⁻¹⁰²⁰, per step for
//!   `f32` (c'^(h − 1) by squaring too), and with c'^(h − 1) ≤ (1 + δ)^128 < 1 + 2⁻⁴⁰ for
//!   `f64`: within 1e-14 · |s| for h ≤ 4 (e = ½, 3/2, 2; α in [0, 1]: 4δ + 24u < 9.8e-15),
//!   not for h ≥ 5 (5δ > 8.8e-15, with the roundings above 1e-14), whose `f64` output keeps
//!   the per-step c (or the exact formula).
//!
//! So, per step, |v − exact| ≤ |b| · W^e · ρ + |b| · (4u + 2⁻¹⁰²⁰) + 8u · |a| with ρ =
//! (20e + 20)u (both cases, rounded up). The series have their own bound (series.rs). `f32`
//! output uses it per step for its rounding check; `f64` output
//! takes the kernel only where it is below 1e-14 · |s| for every W^e ≤ 1 (e up to about 3 for
//! α in [0, 1]), the exact formula otherwise.

mod series;

use super::cosine::{rotated, tables, ROTATION_ERROR};
use super::{Fill, Kernel, Narrow, Plan, BLOCK, F32_SAFE, MIN_PART, MIN_TABLE_LEN};
use crate::primitive::Cosine;
use std::f64::consts::{FRAC_PI_2, LOG2_E};

/// One unit of roundoff, 2⁻⁵³.
const U: f64 = 1.0 / (1u64 << 53) as f64;
/// The smallest exponent of the exponential: e^(−708) is a normal float64.
const EXP_FLOOR: f64 = -708.0;
/// Bounds W^e below the clamp, times |b|, and the log's absolute error: 2⁻¹⁰²⁰.
const TINY: f64 = 8.900_295_434_028_806e-308;
/// (−1)ⁱ/(2i)! for i ≤ 8: cos x = Σ COS[i] x²ⁱ + O(x¹⁸/18!).
const COS: [f64; 9] = [
    1.0,
    -1.0 / 2.0,
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40_320.0,
    -1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
    -1.0 / 87_178_291_200.0,
    1.0 / 20_922_789_888_000.0,
];
/// (−1)ⁱ/(2i + 1)! for i ≤ 8: sin y = y · Σ SIN[i] y²ⁱ + O(y¹⁹/19!).
const SIN: [f64; 9] = [
    1.0,
    -1.0 / 6.0,
    1.0 / 120.0,
    -1.0 / 5040.0,
    1.0 / 362_880.0,
    -1.0 / 39_916_800.0,
    1.0 / 6_227_020_800.0,
    -1.0 / 1_307_674_368_000.0,
    1.0 / 355_687_428_096_000.0,
];
/// 1/(2i + 1) for i ≤ 10: ln((1 + s)/(1 − s)) = 2s · Σ ATANH[i] s²ⁱ + O(s²²).
const ATANH: [f64; 11] = [
    1.0,
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
    1.0 / 19.0,
    1.0 / 21.0,
];
/// 1/i! for i ≤ 13: eʳ = Σ EXP[i] rⁱ + O(r¹⁴/14!).
const EXP: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];
/// fdlibm's ln 2 in two parts: the first with 32 significant bits (n · LN2_HI is exact for
/// |n| < 2²⁰), the second the rest.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// Σ coefficients[i] · zⁱ by Horner's rule.
#[inline(always)]
fn horner<const N: usize>(coefficients: &[f64; N], z: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |p, &c| p * z + c)
}

/// ln c for a normal c in (0, 1]: c = 2ⁿ · m with √½ ≤ m < √2 from the bits (integer
/// arithmetic, which vectorizes), then ln m = 2 atanh((m − 1)/(m + 1)).
#[inline(always)]
fn ln(c: f64) -> f64 {
    // The bits of √½ (rounded down): c's bits less these have n + 1023 in their exponent
    // field once 1023 is added there (c ≤ 1, so no overflow; c ≥ 2⁻¹⁰²² keeps it positive).
    const SQRT_HALF: u64 = 0x3fe6_a09e_667f_3bcc;
    const ONE: u64 = 1023 << 52;
    let bits = c.to_bits();
    let biased = bits.wrapping_sub(SQRT_HALF).wrapping_add(ONE) >> 52;
    let m = f64::from_bits(bits.wrapping_sub(biased << 52).wrapping_add(ONE));
    // The biased exponent as a float64, exactly: 2⁵² + biased less 2⁵².
    let n = f64::from_bits(0x4330_0000_0000_0000 | biased) - 4_503_599_627_370_496.0 - 1023.0;
    let f = m - 1.0; // exact: ½ ≤ m ≤ 2
    let s = f / (2.0 + f);
    let ln_m = 2.0 * s * horner(&ATANH, s * s);
    n * LN2_HI + (ln_m + n * LN2_LO)
}

/// eᵛ for EXP_FLOOR ≤ v ≤ 0: v = n ln 2 + r with |r| ≤ ½ ln 2, eʳ by its Taylor polynomial,
/// 2ⁿ from the bits.
#[inline(always)]
fn exp(v: f64) -> f64 {
    // Adding 1.5 · 2⁵² rounds v/ln 2 to an integer n, held in the low bits.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let shifted = v * LOG2_E + ROUND;
    let n = shifted - ROUND;
    let r = (v - n * LN2_HI) - n * LN2_LO;
    // 2ⁿ: n + 1023 in the exponent field (the low bits of `shifted` hold n).
    let scale = f64::from_bits((shifted.to_bits().wrapping_add(1023)) << 52);
    horner(&EXP, r) * scale
}

/// cos x for 0 ≤ x ≤ π/4.
#[inline(always)]
fn cos(x: f64) -> f64 {
    horner(&COS, x * x)
}

/// sin y for 0 ≤ y ≤ π/4.
#[inline(always)]
fn sin(y: f64) -> f64 {
    y * horner(&SIN, y * y)
}

/// Exponents up to this that are whole numbers take repeated multiplication.
const MAX_WHOLE: f64 = 64.0;
/// Exponents e = h/2 with h up to this take |c|^h from rotated c where tables serve.
const MAX_HALVES: f64 = 2.0 * MAX_WHOLE;

/// s · ((1 − α) · W^e + α) with e ≠ 1, for steps −k < t < k; the value at k from then on.
pub(crate) struct PowerKernel {
    wave: Cosine,
    a: f64,
    b: f64,
    /// e, where it is a whole number up to [`MAX_WHOLE`]: W^e by squaring.
    whole: Option<u32>,
    /// The value at k (and, for e = 0, everywhere).
    end: f64,
    /// Whether `f64` output may take the fast values: where [`PowerKernel::f64_bound`] is
    /// within float64 output's promise.
    wide: bool,
    /// h = 2e where it is a whole number up to [`MAX_HALVES`] (and e ≠ 1): |c|^h with rotated
    /// c where tables serve.
    halves: Option<u32>,
    /// The same as `wide` for the rotated values ([`PowerKernel::rotated_terms`]).
    wide_rotated: bool,
    /// cos and sin of the angles of a block's steps (see [`tables`]), where `halves` is set;
    /// empty where they do not serve.
    cos: Vec<f64>,
    sin: Vec<f64>,
    /// The stride of the run, whose aligned cells the series serve (0: no series).
    stride: i64,
    /// The largest x = h/R of a cell for each degree of the series ([`series::reach`]), strict
    /// and loose (`f32` output alone); zeros
    /// where the series do not serve.
    reach: [[f64; 5]; 2],
    /// The smallest angle of a sine-half cell ([`series::min_angle`]).
    min_angle: f64,
    /// The same as `wide` for the series ([`series::f64_bound`]).
    wide_series: bool,
    /// κ = π/2 ÷ k (`FRAC_PI_2 / k` rounded): the series' angles are |t| · κ and (k − |t|) ·
    /// κ, with no division per step ([`series`]'s docs bound what this costs).
    kappa: f64,
    /// The `f32` bounds of the strict and the loose series ([`series::narrow_slopes`]):
    /// relative to their sum Σ (infinite where σ > ½), and relative to the value where a and
    /// b do not have opposite signs (`fill_narrow`'s check; `None` otherwise).
    slopes: [(f64, Option<f64>); 2],
}

/// What the series make of a part of a block.
enum Cell {
    /// The piece of the degree whose reach takes the part's cell.
    Piece(u8),
    /// The cell is too wide by at most 16×: its parts may be taken.
    Halve,
    /// Too wide, or too close to where c vanishes.
    Beyond,
}

/// The first piece of the series: then 10 per size of cell (8 to 512 steps), 5 for each
/// half, one for each degree, and [`LOOSE`] more for the loose series (see
/// [`PowerKernel::series`]).
const SERIES: u8 = 3;
/// What the loose series add to a piece's code (past the 70 codes of the strict ones).
const LOOSE: u8 = 70;

impl PowerKernel {
    /// `None` for an α far outside [0, 1], values near float64's range, and waves shorter than
    /// a step or longer than 2⁶⁰ steps (where c could leave float64's normal range).
    pub(crate) fn new(wave: &Cosine) -> Option<Self> {
        let (s, alpha, k, e) = (wave.scale, wave.alpha, wave.k, wave.exponent);
        let (a, b) = (s * alpha, s * (1.0 - alpha));
        // A wave of zeros (a = b = 0, bound 0) is the exact formula's: only it gives its
        // zeros' signs (0 · α with α < 0 is −0).
        let zeros = a == 0.0 && b == 0.0;
        let sane = (1.0 - alpha).abs() <= 2.0 && a.abs() + b.abs() < 1e300 && !zeros;
        if !sane || !(1.0..=1.152_921_504_606_847e18).contains(&k) {
            return None;
        }
        let whole = (e.fract() == 0.0 && (2.0..=MAX_WHOLE).contains(&e)).then_some(e as u32);
        let h = 2.0 * e;
        let halves =
            (h.fract() == 0.0 && (1.0..=MAX_HALVES).contains(&h) && h != 2.0).then_some(h as u32);
        let kernel = Self {
            wave: *wave,
            a,
            b,
            whole,
            halves,
            end: wave.value(k),
            wide: false,
            wide_rotated: false,
            cos: Vec::new(),
            sin: Vec::new(),
            stride: 0,
            reach: [[0.0; 5]; 2],
            min_angle: 0.0,
            wide_series: false,
            kappa: FRAC_PI_2 / k,
            slopes: [(f64::INFINITY, None); 2],
        };
        let wide = kernel.f64_bound() <= 1e-14 * s.abs();
        let wide_series = series::f64_bound(e, a, b) * (1.0 + 1e-12) <= 1e-14 * s.abs();
        let wide_rotated = kernel.halves.is_some_and(|h| {
            let (slope, floor) = kernel.rotated_terms(h);
            // c' = |c| + δ ≤ 1 + δ: c'^(h − 1) ≤ (1 + δ)^128 < 1 + 2⁻⁴⁰.
            slope * (1.0 + 1e-12) + floor <= 1e-14 * s.abs()
        });
        let slopes = [false, true].map(|loose| series::narrow_slopes(e, a, b, loose));
        Some(Self {
            wide,
            wide_rotated,
            wide_series,
            slopes,
            ..kernel
        })
    }

    /// Ready for a run of `len` steps of `stride`: the rotation tables where the exponent is a
    /// multiple of ½ and they serve, the series' reach where the run is long enough to pay
    /// for it (as for tables).
    pub(crate) fn for_run(self, stride: i64, len: usize) -> Self {
        let (cos, sin) = match self.halves {
            Some(_) => tables(stride as f64, self.wave.k, len),
            None => (Vec::new(), Vec::new()),
        };
        let p = 2.0 * self.wave.exponent;
        let (reach, min_angle) = if len >= MIN_TABLE_LEN && p > 0.0 {
            (
                [false, true].map(|loose| series::reach(p, loose)),
                series::min_angle(p),
            )
        } else {
            ([[0.0; 5]; 2], 0.0)
        };
        Self {
            cos,
            sin,
            stride,
            reach,
            min_angle,
            ..self
        }
    }

    /// The rotated values' bound for |c|^h of the module's docs, |b| · (hδ + (2h + 16)u) ·
    /// c'^(h − 1) + 8u|a| + |b| · 2⁻¹⁰²⁰: (|b| · (hδ + (2h + 16)u), the rest).
    fn rotated_terms(&self, h: u32) -> (f64, f64) {
        let (a, b, h) = (self.a.abs(), self.b.abs(), f64::from(h));
        let slope = b * (h * ROTATION_ERROR + (2.0 * h + 16.0) * U);
        (slope, 8.0 * U * a + b * TINY)
    }

    /// The per-step error bound |b| · W^e · ρ + floor of the module's docs: (|b| · ρ, floor).
    fn error_terms(&self) -> (f64, f64) {
        let (a, b) = (self.a.abs(), self.b.abs());
        let rho = (20.0 * self.wave.exponent + 20.0) * U;
        (b * rho, b * (4.0 * U + TINY) + 8.0 * U * a)
    }

    /// The largest error of a fast value, where W^e ≤ 1.
    fn f64_bound(&self) -> f64 {
        let (slope, floor) = self.error_terms();
        slope + floor
    }

    /// A generous estimate of the nanoseconds per step of `wave` (an exponent other than 1)
    /// on this kernel: squaring (0.7 with rotated c, 2.5 with c per step, which runs too
    /// short for tables take), the series (1–2), exp and ln, or the exact formula (`f64`
    /// output beyond the kernels' bounds, waves it does not serve).
    pub(crate) fn cost_ns(wave: &Cosine) -> f64 {
        match Self::new(wave) {
            Some(k) if k.wide_rotated || (k.wide && k.whole.is_some()) => 5.0,
            // The series (the exact formula within a cell's last steps before k).
            Some(k) if k.wide_series => 5.0,
            Some(k) if k.wide => 25.0,
            _ => 70.0,
        }
    }
}

impl Kernel for PowerKernel {
    /// The piece: 0 for the cosine half (|t| ≤ k/2), 1 for the sine half, 2 for rotated
    /// values (e a multiple of ½); with piece 2, (cos φ₀, sin φ₀) at the block's start.
    type Seed = (u8, f64, f64);

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        self.planned(lo, hi, narrow, narrow)
    }

    fn bounded_plan(&self, lo: f64, hi: f64) -> Plan {
        // The strict series: a product's `f64` output carries its factors' bounds.
        self.planned(lo, hi, true, false)
    }

    fn seed(&self, start: f64, piece: u8) -> (u8, f64, f64) {
        if piece == 2 {
            let (s, c) = (FRAC_PI_2 * (start / self.wave.k)).sin_cos();
            (piece, c, s)
        } else {
            (piece, 0.0, 0.0)
        }
    }

    #[inline(always)]
    fn fill(&self, seed: &(u8, f64, f64), step: f64, _stride: f64, offset: usize, fill: Fill<'_>) {
        let (piece, c0, s0) = *seed;
        let k = self.wave.k;
        if piece >= SERIES {
            let Fill {
                ramp,
                value,
                error,
                narrow,
            } = fill;
            let a = self.a;
            if narrow {
                // Σ first, for its bound: |b| · T ≤ |Σ|/(1 − σ).
                self.series(ramp, value, step, piece - SERIES, 0.0);
                let (slope, _) = self.slopes[usize::from(piece - SERIES >= LOOSE)];
                let floor = series::narrow_floor(a);
                for (v, e) in value.iter_mut().zip(error.iter_mut()) {
                    let sum = *v;
                    *v = a + sum;
                    *e = slope * sum.abs() + floor;
                }
            } else {
                self.series(ramp, value, step, piece - SERIES, a);
            }
        } else if let (2, Some(h)) = (piece, self.halves) {
            self.rotate(fill, h, offset, (c0, s0));
        } else if piece == 0 {
            // The exact formula's angles, operation for operation.
            self.write(fill, step, |t| cos(FRAC_PI_2 * (t.abs() / k)));
        } else {
            self.write(fill, step, |t| sin(FRAC_PI_2 * ((k - t.abs()) / k)));
        }
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        seed: &(u8, f64, f64),
        step: f64,
        _stride: f64,
        _offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        // The series only, where their bound is relative to the value; the other ways, and
        // the series where a and b have opposite signs, take `fill`.
        let piece = seed.0;
        if piece < SERIES {
            return false;
        }
        let (_, Some(rho)) = self.slopes[usize::from(piece - SERIES >= LOOSE)] else {
            return false;
        };
        // Two passes: the sums in chains interleaved as in `sum_at`, then the check (one
        // pass that rounded and checked each chunk of sums measured 1.56 ns/step against
        // 1.35 for two, e = 3.7).
        let (values, rest) = narrow.with_scratch();
        self.series(rest.ramp, values, step, piece - SERIES, self.a);
        rest.relative(rho, values.iter().copied())
    }

    fn exact(&self, step: f64) -> f64 {
        self.wave.value(step)
    }

    fn f64_scale(&self) -> f64 {
        // Its bounds are in units of |s| = |a + b|.
        self.a.abs() + self.b.abs()
    }
}

impl PowerKernel {
    /// The plan of [`Kernel::plan`], with the loose series (`f32` output alone) where
    /// `loose`.
    fn planned(&self, lo: f64, hi: f64, narrow: bool, loose: bool) -> Plan {
        let k = self.wave.k;
        let half = 0.5 * k;
        let finite = !narrow || self.a.abs() + self.b.abs() < F32_SAFE;
        if self.wave.exponent == 0.0 || lo >= k {
            // W⁰ = 1 at every step, W = 0 (clamped) from k on: one value.
            Plan::Fill(self.end)
        } else if !finite || hi <= -k {
            Plan::Exact
        } else if hi < k && lo >= -k && !self.cos.is_empty() && (narrow || self.wide_rotated) {
            Plan::Fast(2)
        } else if !(narrow || self.wide || self.wide_series) {
            Plan::Exact
        } else if hi >= k || lo <= -k {
            Plan::Split
        } else {
            let sine = if lo >= -half && hi <= half {
                false
            } else if lo > half || hi < -half {
                true
            } else {
                return Plan::Split;
            };
            match self.cell(lo, hi, sine, loose) {
                Cell::Piece(piece) if narrow || self.wide_series => Plan::Fast(piece),
                Cell::Halve if narrow || self.wide_series => Plan::Split,
                _ if narrow || self.wide => Plan::Fast(u8::from(sine)),
                _ => Plan::Exact,
            }
        }
    }

    /// a + b · W^e at each step `step + ramp[j]`, c = `wave(t)` and W = c², in passes over
    /// the block (each a short loop that vectorizes: one long chain of dependent operations
    /// per step would leave the CPU waiting on latencies). `fill.error` holds W^e in between.
    #[inline(always)]
    fn write(&self, fill: Fill<'_>, step: f64, wave: impl Fn(f64) -> f64) {
        let Fill {
            ramp,
            value,
            error,
            narrow,
        } = fill;
        for (w, r) in value.iter_mut().zip(ramp) {
            let c = wave(step + r);
            *w = c * c;
        }
        match self.whole {
            Some(n) => power_by_squaring(value, error, n),
            None => {
                let e = self.wave.exponent;
                for (p, w) in error.iter_mut().zip(value.iter()) {
                    *p = (e * ln(*w)).max(EXP_FLOOR);
                }
                for p in error.iter_mut() {
                    *p = exp(*p);
                }
            }
        }
        let (a, b) = (self.a, self.b);
        if narrow {
            let (slope, floor) = self.error_terms();
            for (v, p) in value.iter_mut().zip(error.iter_mut()) {
                let w = *p;
                *v = a + b * w;
                *p = slope * w + floor;
            }
        } else {
            for (v, &p) in value.iter_mut().zip(error.iter()) {
                *v = a + b * p;
            }
        }
    }
}

impl PowerKernel {
    /// a + b · |c|^h at the steps of table entries `offset..` (W^e, e = h/2): c by rotation
    /// (the cosine kernel's), |c|^h by squaring; for `f32` the bound of the module's docs,
    /// with c' = |c| + δ. The common small h take one loop each (h a constant there, the
    /// squaring unrolled), the others passes over the block.
    #[inline(always)]
    fn rotate(&self, fill: Fill<'_>, h: u32, offset: usize, seed: (f64, f64)) {
        match h {
            1 => self.rotate_small(fill, 1, offset, seed),
            3 => self.rotate_small(fill, 3, offset, seed),
            4 => self.rotate_small(fill, 4, offset, seed),
            6 => self.rotate_small(fill, 6, offset, seed),
            8 => self.rotate_small(fill, 8, offset, seed),
            _ => self.rotate_passes(fill, h, offset, seed),
        }
    }

    /// [`PowerKernel::rotate`] in one loop, for a small constant h.
    #[inline(always)]
    fn rotate_small(&self, fill: Fill<'_>, h: u32, offset: usize, seed: (f64, f64)) {
        let cs = rotated(&self.cos, &self.sin, offset, fill.value.len(), seed).map(|(c, _)| c);
        let (a, b) = (self.a, self.b);
        if fill.narrow {
            let (slope, floor) = self.rotated_terms(h);
            let slots = fill.value.iter_mut().zip(fill.error.iter_mut());
            for ((v, e), c) in slots.zip(cs) {
                let c = c.abs();
                *v = a + b * power(c, h);
                *e = slope * power(c + ROTATION_ERROR, h - 1) + floor;
            }
        } else {
            for (v, c) in fill.value.iter_mut().zip(cs) {
                *v = a + b * power(c.abs(), h);
            }
        }
    }

    /// [`PowerKernel::rotate`] in passes over the block, for any h.
    #[inline(always)]
    fn rotate_passes(&self, fill: Fill<'_>, h: u32, offset: usize, seed: (f64, f64)) {
        let Fill {
            value,
            error,
            narrow,
            ..
        } = fill;
        let len = value.len();
        let cs = rotated(&self.cos, &self.sin, offset, len, seed).map(|(c, _)| c);
        let (a, b) = (self.a, self.b);
        if narrow {
            // |c| in `value`, c' in `bound`; then |c|^h in `error`, c'^(h − 1) in `slack`.
            let mut bound = [0.0; BLOCK];
            let mut slack = [0.0; BLOCK];
            let (bound, slack) = (&mut bound[..len], &mut slack[..len]);
            for ((w, wb), c) in value.iter_mut().zip(bound.iter_mut()).zip(cs) {
                *w = c.abs();
                *wb = c.abs() + ROTATION_ERROR;
            }
            power_by_squaring(value, error, h);
            power_by_squaring(bound, slack, h - 1);
            let (slope, floor) = self.rotated_terms(h);
            for ((v, e), &r) in value.iter_mut().zip(error.iter_mut()).zip(slack.iter()) {
                *v = a + b * *e;
                *e = slope * r + floor;
            }
        } else {
            for (w, c) in value.iter_mut().zip(cs) {
                *w = c.abs();
            }
            power_by_squaring(value, error, h);
            for (v, &p) in value.iter_mut().zip(error.iter()) {
                *v = a + b * p;
            }
        }
    }
}

impl PowerKernel {
    /// The exact formula's angle of step `t` in one half: θ = π/2 · (|t|/k) in the cosine
    /// half, y = π/2 · ((k − |t|)/k) in the sine half.
    #[inline(always)]
    fn angle(&self, t: f64, sine: bool) -> f64 {
        let k = self.wave.k;
        if sine {
            FRAC_PI_2 * ((k - t.abs()) / k)
        } else {
            FRAC_PI_2 * (t.abs() / k)
        }
    }

    /// Steps are q · stride + r with 0 ≤ r < |stride|: (q, r) of `step`. Blocks start where
    /// q is a multiple of [`BLOCK`] (see `blocks`), cells where it is one of their size.
    #[inline(always)]
    fn index(&self, step: f64) -> (i64, i64) {
        let q = (step as i64).div_euclid(self.stride);
        (q, step as i64 - q * self.stride)
    }

    /// The cell of 2ᵇⁱᵗˢ steps whose first index is `q` (a multiple of 2ᵇⁱᵗˢ) and whose
    /// steps are q · stride + `r`, in one half: (its middle angle θ_c, h = its largest |θ −
    /// θ_c| with the roundings of θ − θ_c, R: the distance from θ_c to where c vanishes).
    #[inline(always)]
    fn span(&self, q: i64, bits: u32, r: i64, sine: bool) -> (f64, f64, f64) {
        let stride = self.stride;
        let last = q + (1i64 << bits) - 1;
        let (s0, s1) = ((q * stride + r) as f64, (last * stride + r) as f64);
        let (lo, hi) = (s0.min(s1), s0.max(s1));
        let (near, far) = if lo <= 0.0 && hi >= 0.0 {
            (0.0, hi.max(-lo))
        } else {
            (lo.abs().min(hi.abs()), lo.abs().max(hi.abs()))
        };
        let (x0, x1) = (self.angle(near, sine), self.angle(far, sine));
        let (low, high) = (x0.min(x1), x0.max(x1));
        let middle = 0.5 * (low + high);
        // Widened for the series' angles (|t| · κ), within 4.01u of these (series.rs).
        let h = ((high - middle).max(middle - low) + 4.02 * U * high) * (1.0 + 4.0 * U);
        let distance = if sine { middle } else { FRAC_PI_2 - middle };
        (middle, h, distance)
    }

    /// What the series make of the part whose steps run from `lo` to `hi` in one half. Its
    /// cell is the largest aligned run of 2ᵇⁱᵗˢ steps (a block, its halves, their halves, …
    /// down to [`MIN_PART`]) that holds the part and that the reach of a degree takes, so the
    /// same whatever range holds the part (values do not depend on where a range starts).
    /// Where none does, halving or not is decided on the block's own cell, which every part
    /// of the block tests first: so each step ends in the same cell (or the exact formula)
    /// however a range cuts its block.
    fn cell(&self, lo: f64, hi: f64, sine: bool, loose: bool) -> Cell {
        let reach = &self.reach[usize::from(loose)];
        let widest = reach[series::DEGREES.len() - 1];
        if widest == 0.0 {
            return Cell::Beyond;
        }
        let ((first, r), (last, _)) = (self.index(lo), self.index(hi));
        let (q_lo, q_hi) = (first.min(last), first.max(last));
        // The smallest aligned cell that holds the part (a part never crosses a block).
        let smallest = (64 - (q_lo ^ q_hi).leading_zeros()).max(MIN_PART.ilog2());
        let mut block_x = f64::INFINITY;
        for bits in (smallest..=BLOCK.ilog2()).rev() {
            let (_, h, distance) = self.span((q_lo >> bits) << bits, bits, r, sine);
            if distance - h < self.min_angle {
                return Cell::Beyond;
            }
            // R rounded down: computed from FRAC_PI_2 < π/2 and the middle angle.
            let x = h / (distance * (1.0 - 4.0 * U));
            if bits == BLOCK.ilog2() {
                block_x = x;
            }
            if let Some(degree) = reach.iter().position(|&reach| x <= reach) {
                let code = (bits - MIN_PART.ilog2()) as usize * 10 + usize::from(sine) * 5;
                let loose = if loose { LOOSE } else { 0 };
                return Cell::Piece(SERIES + loose + (code + degree) as u8);
            }
        }
        // x about halves with each halving of the cell: worth halving while the smallest
        // cells could come within reach.
        if block_x <= 2.0 * (BLOCK / MIN_PART) as f64 * widest {
            Cell::Halve
        } else {
            Cell::Beyond
        }
    }

    /// `offset` + Σ at the steps `step + ramp[j]` of a part into `value`, Σ = b · W^e by the
    /// series of its cell (see [`series`]); `code` is 10 · (log₂ of the cell's size − 3) + 5
    /// in the sine half + the degree's index, plus [`LOOSE`] for the loose series.
    #[inline(always)]
    fn series(&self, ramp: &[f64], value: &mut [f64], step: f64, code: u8, offset: f64) {
        let (loose, code) = (code >= LOOSE, code % LOOSE);
        let (bits, sine) = (u32::from(code / 10) + MIN_PART.ilog2(), code % 10 >= 5);
        let (q, r) = self.index(step);
        let (middle, _, _) = self.span((q >> bits) << bits, bits, r, sine);
        // c(θ_c + φ)/c(θ_c) = cos φ − t · sin φ (series.rs); T_c as the exact formula
        // computes W^e.
        let (s, c) = middle.sin_cos();
        let (t, w) = if sine { (-c / s, s) } else { (s / c, c) };
        let e = self.wave.exponent;
        let scale = self.b * (w * w).powf(e);
        let p = 2.0 * e;
        let sum = Sum {
            ramp,
            value,
            step,
            sine,
            middle,
            offset,
        };
        // M = N + 1 coefficients for the cell's degree N.
        let degrees = if loose {
            series::LOOSE_DEGREES
        } else {
            series::DEGREES
        };
        match degrees[usize::from(code % 5)] {
            4 => self.sum::<5>(sum, series::coefficients(t, p, scale)),
            5 => self.sum::<6>(sum, series::coefficients(t, p, scale)),
            6 => self.sum::<7>(sum, series::coefficients(t, p, scale)),
            8 => self.sum::<9>(sum, series::coefficients(t, p, scale)),
            12 => self.sum::<13>(sum, series::coefficients(t, p, scale)),
            // 16, and any degree without an arm of its own: a higher degree is as accurate.
            _ => self.sum::<17>(sum, series::coefficients(t, p, scale)),
        }
    }

    /// `offset` + Σ gₙ φⁿ with φ = θ − θ_c at each step, θ = |t| · κ in the cosine half,
    /// (k − |t|) · κ in the sine half: the exact formula's angle but for its division, within
    /// 4u · θ of it (series.rs; k − |t| is exact, |t| ≥ k/2 there).
    #[inline(always)]
    fn sum<const M: usize>(&self, sum: Sum<'_>, g: [f64; M]) {
        let middle = sum.middle;
        let (k, kappa) = (self.wave.k, self.kappa);
        if sum.sine {
            self.sum_at(sum, &g, |t| (k - t.abs()) * kappa - middle);
        } else {
            self.sum_at(sum, &g, |t| t.abs() * kappa - middle);
        }
    }

    /// [`PowerKernel::sum`] with φ = `phi(t)`.
    #[inline(always)]
    fn sum_at<const M: usize>(&self, sum: Sum<'_>, g: &[f64; M], phi: impl Fn(f64) -> f64) {
        let Sum {
            ramp,
            value,
            step,
            offset,
            ..
        } = sum;
        // Σ gₙ φⁿ into `value`: LANES steps at a time, their Horner chains interleaved (one
        // step's chain of dependent operations at a time left the CPU waiting: 0.93 → 0.66
        // ns/step for degree 6 measured alone; 32 lanes against 16: 1.35 → 1.19 for `f32`,
        // 1.15 → 0.95 for `f64`, e = 3.7); the same operations as `horner`, so the same
        // values. The remaining steps one by one.
        const LANES: usize = 32;
        let mut slots = value.chunks_exact_mut(LANES);
        let mut steps = ramp.chunks_exact(LANES);
        for (out, ramp) in (&mut slots).zip(&mut steps) {
            let mut x = [0.0; LANES];
            for (x, r) in x.iter_mut().zip(ramp) {
                *x = phi(step + r);
            }
            let mut sum = [g[M - 1]; LANES];
            for &c in g[..M - 1].iter().rev() {
                for (s, &x) in sum.iter_mut().zip(&x) {
                    *s = *s * x + c;
                }
            }
            for (o, s) in out.iter_mut().zip(sum) {
                *o = offset + s;
            }
        }
        for (v, r) in slots.into_remainder().iter_mut().zip(steps.remainder()) {
            *v = offset + horner(g, phi(step + r));
        }
    }
}

/// The steps of a part that the series take (`step + ramp[j]`), where their values go, the
/// cell's half and middle angle θ_c, and what is added to each sum.
struct Sum<'a> {
    ramp: &'a [f64],
    value: &'a mut [f64],
    step: f64,
    sine: bool,
    middle: f64,
    offset: f64,
}

/// xⁿ for n ≥ 0 by squaring: the products of [`power_by_squaring`], in its order, for one
/// x (so the same roundings).
#[inline(always)]
fn power(x: f64, n: u32) -> f64 {
    let (mut base, mut power, mut bits) = (x, 1.0, n);
    loop {
        if bits & 1 == 1 {
            power *= base;
        }
        bits >>= 1;
        if bits == 0 {
            return power;
        }
        base *= base;
    }
}

/// `power[j]` = `base[j]`ⁿ for n ≥ 0, by squaring (`base` is overwritten).
#[inline(always)]
fn power_by_squaring(base: &mut [f64], power: &mut [f64], n: u32) {
    power.fill(1.0);
    let mut bits = n;
    loop {
        if bits & 1 == 1 {
            for (p, b) in power.iter_mut().zip(base.iter()) {
                *p *= *b;
            }
        }
        bits >>= 1;
        if bits == 0 {
            break;
        }
        for b in base.iter_mut() {
            *b *= *b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Walk;
    use super::*;
    use std::f64::consts::LN_2;

    /// Relative distance in units of 2⁻⁵³.
    fn ulps(x: f64, y: f64) -> f64 {
        ((x - y) / y).abs() / U
    }

    #[test]
    fn the_helpers_agree_with_libm() {
        // Against libm over their domains: well inside the budgets of the module's docs
        // (c: 3u of our own; ln: 5u relative to ln m plus 2u·|ln c|; exp: 5u).
        for i in 0..=100_000 {
            let x = std::f64::consts::FRAC_PI_4 * i as f64 / 100_000.0;
            assert!(ulps(cos(x), x.cos()) <= 4.0, "cos {x}");
            if x > 0.0 {
                assert!(ulps(sin(x), x.sin()) <= 4.0, "sin {x}");
            }
            let c = (i as f64 + 0.5) / 100_000.5;
            for c in [c, c * 1e-5, c * 1e-300] {
                assert!(
                    (ln(c) - c.ln()).abs() <= 8.0 * U * (1.0 + c.ln().abs()),
                    "ln {c}"
                );
            }
            let v = EXP_FLOOR * i as f64 / 100_000.0;
            assert!(ulps(exp(v), v.exp()) <= 6.0, "exp {v}");
        }
        // Landmarks: ln 1 = 0, e⁰ = 1 exactly; cos 0 = 1; ln ½ = −ln 2.
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(cos(0.0), 1.0);
        assert!((ln(0.5) + LN_2).abs() <= U);
    }

    /// Every step of a run of `blocks` blocks from step `first` that the series take
    /// (`Fast` pieces from [`SERIES`] on, in the parts the kernel's own plan gives: `f32`
    /// output's, with the loose series, where `loose`, else products' factors'), against
    /// the exact formula: within the per-step bound (`f32`), and for `f64` output (the strict
    /// series' values) within 1e-14 · |s| where the kernel takes the series for it; and the one-pass
    /// `f32` path: its values within their bound relative to the value (where it serves,
    /// float32's normal range), and where it passes a part, its float32s the exact formula's
    /// rounded. How many steps the series took, how many of them are in parts whose values
    /// are all in float32's normal range (which the one-pass check serves), and how many of
    /// those the one-pass path took.
    fn series_against_the_exact_formula(
        wave: Cosine,
        stride: i64,
        first: i64,
        blocks: usize,
        loose: bool,
    ) -> (usize, usize, usize) {
        let kernel = PowerKernel::new(&wave)
            .unwrap()
            .for_run(stride, blocks * BLOCK);
        let s = stride as f64;
        let ramp: Vec<f64> = (0..BLOCK).map(|j| j as f64 * s).collect();
        let (mut value, mut error) = ([0.0; BLOCK], [0.0; BLOCK]);
        let (mut narrow, mut scratch) = ([0.0f32; BLOCK], [0.0; BLOCK]);
        let (mut taken, mut normal, mut one_pass) = (0, 0, 0);
        // Blocks start where step / stride is a multiple of BLOCK.
        let anchor = first.div_euclid(stride).div_euclid(BLOCK as i64) * BLOCK as i64;
        for block in 0..blocks as i64 {
            let start = ((anchor + block * BLOCK as i64) * stride) as f64;
            let mut walk = Walk::new(start, s, 0, BLOCK);
            let plan = |lo, hi| {
                if loose {
                    kernel.plan(lo, hi, true)
                } else {
                    kernel.bounded_plan(lo, hi)
                }
            };
            while let Some((offset, n, plan)) = walk.next(plan) {
                let Plan::Fast(piece) = plan else { continue };
                if piece < SERIES {
                    continue;
                }
                assert_eq!(piece - SERIES >= LOOSE, loose, "{piece}");
                let step = start + offset as f64 * s;
                let fill = Fill {
                    ramp: &ramp[..n],
                    value: &mut value[..n],
                    error: &mut error[..n],
                    narrow: true,
                };
                kernel.fill(&kernel.seed(start, piece), step, s, offset, fill);
                for j in 0..n {
                    let t = step + ramp[j];
                    let (fast, exact) = (value[j], wave.value(t));
                    let off = (fast - exact).abs();
                    assert!(off <= error[j], "{wave:?} at {t}: {off} > {}", error[j]);
                    if kernel.wide_series && !loose {
                        assert!(
                            off <= 1e-14 * wave.scale.abs(),
                            "{wave:?} at {t}: f64 {off}"
                        );
                    }
                }
                taken += n;
                let seed = kernel.seed(start, piece);
                let pass = Narrow {
                    ramp: &ramp[..n],
                    out: &mut narrow[..n],
                    scratch: &mut scratch[..n],
                    low: 0.0,
                };
                let passed = kernel.fill_narrow(&seed, step, s, offset, pass);
                let Some(rho) = kernel.slopes[usize::from(loose)].1 else {
                    assert!(!passed, "{wave:?}: a and b of opposite signs");
                    continue;
                };
                for j in 0..n {
                    let t = step + ramp[j];
                    let (fast, exact) = (scratch[j], wave.value(t));
                    if fast.abs() >= f64::from(f32::MIN_POSITIVE) {
                        let off = (fast - exact).abs();
                        assert!(off <= rho * fast.abs(), "{wave:?} at {t}: one pass {off}");
                    }
                    if passed {
                        assert_eq!(narrow[j].to_bits(), (exact as f32).to_bits(), "{t}");
                    }
                }
                let lowest = f64::from(f32::MIN_POSITIVE);
                if scratch[..n].iter().all(|v| v.abs() >= lowest) {
                    normal += n;
                    one_pass += if passed { n } else { 0 };
                }
            }
        }
        (taken, normal, one_pass)
    }

    #[test]
    fn series_are_within_their_bound() {
        // General exponents (not multiples of ½) around the f64 limit (8.40 for α = 0) and
        // far beyond it, small ones (steep near k), α of 0, 0.3, 0.5 and −0.5 (a and b of
        // opposite signs: not the one-pass path); strides 1, 3, −2 and 1000 (whose blocks
        // span most of a wave: the series take small parts or none); runs over the whole
        // wave (its last blocks before k, where cells shrink or give way to the exact
        // formula, included).
        for (e, k, alpha, stride, first) in [
            (3.7, 1e6, 0.0, 1, 0),
            (5.7, 2e5, 0.0, 3, 0),
            (5.9, 2e5, 0.0, 1, 0),
            (8.35, 1e6, 0.0, 1, 0),
            (21.7, 3e5, 0.5, 1, 0),
            (0.3, 5e4 + 0.5, 0.3, 1, -25_000),
            (12.3, 3e5, -0.5, -2, 0),
            (0.01, 1e5, 0.0, 1, 0),
            (40.2, 1e6, 0.0, 1, 0),
            (3.7, 1e6, 0.0, 1000, 0),
        ] {
            let wave = Cosine {
                scale: 0.7,
                alpha,
                k,
                exponent: e,
            };
            let blocks = (k / (BLOCK as f64 * (stride as f64).abs())) as usize + 1;
            for loose in [false, true] {
                let (taken, normal, one_pass) =
                    series_against_the_exact_formula(wave, stride, first, blocks, loose);
                if stride.abs() < 1000 {
                    // All but the last cells before k, where c vanishes.
                    assert!(
                        taken as f64 >= 0.95 * k / (stride as f64).abs(),
                        "{e}: {taken}"
                    );
                }
                // The one-pass path fails a part for a value within its bound of a
                // rounding boundary (about 2R in 2²⁹ of them, R ≈ 2⁵³ · ρ), below
                // float32's normal range, and where a and b have opposite signs: all but a
                // few parts otherwise.
                if alpha >= 0.0 {
                    assert!(normal as f64 >= 0.5 * taken as f64, "{e}: {normal}");
                    assert!(one_pass as f64 >= 0.97 * normal as f64, "{e}: {one_pass}");
                }
            }
        }
    }

    #[test]
    fn f64_takes_the_series_up_to_its_bound() {
        // (6.4e + 36.3)u · |b| + 3u · |a| ≤ 1e-14 · |s| (1e-14 = 90.07u): for α = 0, 6.4e +
        // 36.3 ≤ 90.07, e ≤ 8.40; for α = 0.5, (6.4e + 36.3) · ½ + 1.5 ≤ 90.07, e ≤ 22.0.
        let wide = |e: f64, alpha: f64| {
            let wave = Cosine {
                scale: 0.1,
                alpha,
                k: 1e6,
                exponent: e,
            };
            PowerKernel::new(&wave).unwrap().wide_series
        };
        assert!(wide(3.7, 0.0) && wide(8.38, 0.0) && !wide(8.42, 0.0));
        assert!(wide(21.98, 0.5) && !wide(22.03, 0.5));
    }

    #[test]
    fn rotated_powers_are_within_their_bound() {
        // Every step of whole blocks, from the kernel's own fill against the exact formula:
        // |fast − exact| ≤ the bound of the module's docs (c'^(h − 1) through the last step
        // before k, where c → 0), for the unrolled h = 2e (1, 3, 4, 6, 8) and the passes (5,
        // 10, 34, 128), strides 1, 3 and −2, α of 0, 0.3 and −0.5.
        for (h, k, stride, alpha) in [
            (1, 1e6, 1.0f64, 0.0),
            (3, 4e5, -2.0, 0.3),
            (4, 1e6, 1.0, 0.0),
            (6, 777_777.5, 3.0, 0.3),
            (8, 5e5, -2.0, 0.0),
            (5, 3e5, 1.0, 0.0),
            (10, 2e5, 1.0, -0.5),
            (34, 1e6, 3.0, 0.0),
            (128, 3e5, 1.0, 0.3),
        ] {
            let wave = Cosine {
                scale: 0.7,
                alpha,
                k,
                exponent: f64::from(h) / 2.0,
            };
            let len = (k / stride.abs()) as usize;
            let kernel = PowerKernel::new(&wave).unwrap().for_run(stride as i64, len);
            assert_eq!(kernel.halves, Some(h));
            let ramp: Vec<f64> = (0..BLOCK).map(|j| j as f64 * stride).collect();
            let (mut value, mut error) = ([0.0; BLOCK], [0.0; BLOCK]);
            // Blocks at the start, at k/2 and the last whole block before k (or −k).
            let blocks = len / BLOCK;
            for block in [0, blocks / 2, blocks - 1] {
                let start = (block * BLOCK) as f64 * stride;
                assert_eq!(
                    kernel.plan(start, start + 511.0 * stride, true),
                    Plan::Fast(2)
                );
                let fill = Fill {
                    ramp: &ramp,
                    value: &mut value,
                    error: &mut error,
                    narrow: true,
                };
                let seed = kernel.seed(start, 2);
                kernel.fill(&seed, start, stride, 0, fill);
                for j in 0..BLOCK {
                    let exact = wave.value(start + ramp[j]);
                    let off = (value[j] - exact).abs();
                    assert!(
                        off <= error[j],
                        "h {h}, step {}: {off} > {}",
                        start + ramp[j],
                        error[j]
                    );
                }
            }
        }
    }
}
