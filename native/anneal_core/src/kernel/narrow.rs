//! `f32` output in one pass: a kernel's fast values rounded to float32 straight into the
//! output and checked on the way against their error bounds ([`Narrow`]), instead of writing
//! values and bounds to a scratch block and testing both ends of every interval afterwards.
//! A relative bound is checked on the mantissa bits that the rounding drops (below); any
//! other bound as [`rounded`](super::rounded) does, both ends of the interval rounded,
//! which costs fewer instructions than the bits for a bound not relative to the value.
//! Kernels pass their cheapest sound bound: one for the whole block where a per-step one
//! would cost more than the few blocks it lets fail (cosine: about 1% of a decay's blocks).
//!
//! # The check on the dropped bits
//!
//! Let v be a fast value, a normal float64 with 2^E ≤ |v| < 2^(E+1), and e a bound on
//! |x − v|, x the exact value. Count in units of v's float64 ulp, u = 2^(E−52), and write
//! |v| = 2^E + (M · 2^29 + L) · u: rounding to float32 keeps the 23 mantissa bits M and
//! drops the 29 bits L (0 ≤ L < 2^29). float32's rounding boundaries (the halfway points
//! between neighbours) are, in v's binade, the points with L = 2^28 (one for each M); the
//! nearest outside it are 2^E − 2^(E−25), 2^27 · u below 2^E (halfway to the largest float32
//! below 2^E, where the spacing halves), and 2^(E+1) + 2^(E−23), 2^29 · u above 2^(E+1). So
//! every boundary is at least
//!
//! ```text
//! D = min(|L − 2^28|, 2^27) ulps
//! ```
//!
//! from v, and where e < D · u no boundary lies within e of v: x rounds to the float32 that
//! v rounds to (and is no boundary itself, so ties do not matter). Binade edges are the
//! 2^27 in D.
//!
//! This holds where float32's spacing is 2^(E−23) in v's binade and 2^(E−24) in the one
//! below: from |v| ≥ 2^−126 (float32's smallest normal; below it the spacing stays 2^−149,
//! so the boundary below 2^−126 is 2^28 · u away) up to 2^128. Kernels' plans keep fast
//! values below 2^126 in magnitude ([`F32_SAFE`](super::F32_SAFE)); smaller ones (float32
//! subnormals, zero) and NaN fail the check.
//!
//! A relative bound e = |v| · ρ is below 2^(E+1) · ρ = 2^53ρ · u ≤ R · u with R = ⌈2^53 ρ⌉,
//! so the check is: 2^−126 ≤ |v| < 2^128 and |L − 2^28| > R, for R < 2^27 (else every value
//! fails).
//!
//! # The check in integer operations
//!
//! Both conditions are tested on v's bits with 64-bit additions, subtractions, shifts and
//! masks, which every vector instruction set has (SSE2 included, the portable x86 kernels:
//! it has no 64-bit comparison), each giving a word whose top bit is set where v fails; the
//! words of a block are OR-ed together, and the block passes where the top bit of the result
//! is clear. No comparison, no mask register, no conversion between the two per step.
//!
//! - **Dropped bits.** |L − 2^28| ≤ R exactly where (L − 2^28 + R) mod 2^29 ≤ 2R: for L from
//!   2^28 − R to 2^28 + R the residue is L − 2^28 + R, from 0 to 2R; for smaller L it wraps
//!   to 2^29 + L − 2^28 + R ≥ 2^28 + R > 2R (R < 2^27); for larger L it is above 2R (and below
//!   2^28 + R, no wrap). As L is v's bits mod 2^29, the residue is (bits + 2^28 + R) mod
//!   2^29, a mask after one addition, and the word is the residue minus (2R + 1): a residue
//!   is below 2^29, so the word's top bit is set exactly where it is negative, where v fails.
//! - **Range.** 2^−126 ≤ |v| < 2^128 exactly where v's biased exponent x (bits 52–62) is
//!   from 897 to 1150 (1023 − 126 and 1023 + 127). With the sign bit above it, the sum
//!   (bits >> 52) + 1151 mod 2^11 is x − 897 for x ≥ 897 and x + 1151 for smaller x: from 0
//!   to 253 exactly in range (zeros, subnormals, infinities and NaN give 1150 or more), and
//!   the word 253 minus it is negative exactly out of range.
//!
//! A value that fails the check may still round as its exact value (about 2R in 2^29 of them
//! fail). A block with any failure takes the kernel's [`Fill`](super::Fill) and the interval
//! check, and the exact formula at the steps that fail that.

/// The float64 mantissa bits that rounding to float32 drops.
const DROPPED: u64 = (1 << 29) - 1;
/// 2^128: the check serves magnitudes below it.
const TOP: f64 = 3.402_823_669_209_385e38;
/// float32's smallest normal, 2^−126: the lowest |v| the check serves (and the low end of
/// magnitudes at which products and polynomial clamps skip its range test).
pub(crate) const LOWEST: f64 = f32::MIN_POSITIVE as f64;
/// The largest relative bound [`Narrow::absolute`] checks on the dropped bits: R = 2^14.
const MAX_ABSOLUTE_RHO: f64 = 1.0 / (1u64 << 39) as f64;
/// The most ulps a boundary is counted away (the binade edges' 2^27).
const REACH: u64 = 1 << 27;
/// Added to the biased exponent with the sign bit above it: x − 897 mod 2^11 (see the
/// module's docs).
const EXPONENT_SHIFT: u64 = 2048 - 897;
/// The largest x − 897 in float32's normal range below 2^128: 1150 − 897.
const EXPONENT_SPAN: u64 = 253;

/// What the check of the module's docs needs of a relative bound ρ: its R = ⌈2^53 ρ⌉, as the
/// addition and the width of the failing residues of the dropped bits.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reach {
    /// 2^28 + R.
    shift: u64,
    /// 2R + 1.
    width: u64,
}

/// The [`Reach`] of a relative bound `rho`, or `None` from R = 2^27 on (or for a NaN `rho`).
#[inline(always)]
fn reach(rho: f64) -> Option<Reach> {
    let r = (rho * (1u64 << 53) as f64).ceil();
    (r < REACH as f64).then(|| {
        let r = r as u64;
        Reach {
            shift: (1 << 28) + r,
            width: 2 * r + 1,
        }
    })
}

/// A word whose top bit is set where a value with `bits` within |v| · ρ of its exact value
/// may round to float32 otherwise than it (the dropped-bits condition of the module's docs),
/// for `reach` the ρ's [`Reach`]; the value must be at least 2^−126 and below 2^128 in
/// magnitude ([`out_of_range`] tests that).
#[inline(always)]
fn near_boundary(bits: u64, reach: Reach) -> u64 {
    ((bits.wrapping_add(reach.shift)) & DROPPED).wrapping_sub(reach.width)
}

/// A word whose top bit is set where the value with `bits` is not at least 2^−126 (float32's
/// smallest normal) and below 2^128 in magnitude: zeros, subnormals, infinities and NaN too.
#[inline(always)]
fn out_of_range(bits: u64) -> u64 {
    let x = ((bits >> 52).wrapping_add(EXPONENT_SHIFT)) & 2047;
    EXPONENT_SPAN.wrapping_sub(x)
}

/// Whether a value within |v| · ρ of `v` surely rounds to float32 as `v` does, with `reach`
/// the ρ's [`Reach`] (see the module's docs).
#[cfg(test)]
fn clear_relative(v: f64, reach: Reach) -> bool {
    (near_boundary(v.to_bits(), reach) | out_of_range(v.to_bits())) >> 63 == 0
}

/// Where a kernel writes the fast values of a block (or part of one) for `f32` output, in one
/// pass: each value rounded to float32 into `out` and checked against its error bound (see
/// the module's docs; values below 2^126 in magnitude, as plans keep them). Its methods
/// answer whether every value passed the check; where one did not, the caller takes the
/// kernel's [`Fill`](super::Fill) and the interval check.
pub(crate) struct Narrow<'a> {
    /// `j · stride` for each index `j` (so that steps are `step + ramp[j]`).
    pub(crate) ramp: &'a [f64],
    /// The output, one float32 per step.
    pub(crate) out: &'a mut [f32],
    /// Room for one float64 per step, for kernels that compute in several passes.
    pub(crate) scratch: &'a mut [f64],
    /// A lower bound on every value's magnitude where they are all known to be at least
    /// 2^−126 and below 2^128 in magnitude, none NaN (from the kernel's
    /// [`magnitudes`](super::Kernel::magnitudes), see [`Narrow::low`]), else 0:
    /// [`relative`](Self::relative) then checks the dropped bits alone, and
    /// [`absolute`](Self::absolute) may take a relative bound.
    pub(crate) low: f64,
}

impl<'a> Narrow<'a> {
    /// The scratch room, one float64 per step, and the rest (whose methods do not use it):
    /// for kernels that compute their values in passes before the one that checks them.
    pub(crate) fn with_scratch(self) -> (&'a mut [f64], Narrow<'a>) {
        let n = self.out.len();
        let Narrow {
            ramp,
            out,
            scratch,
            low,
        } = self;
        let rest = Narrow {
            ramp,
            out,
            scratch: &mut [],
            low,
        };
        (&mut scratch[..n], rest)
    }

    /// The `low` field for values whose magnitudes lie between the two `magnitudes`: the
    /// lower one where all are at least 2^−126 and below 2^128, else 0.
    #[inline(always)]
    pub(crate) fn low(magnitudes: Option<(f64, f64)>) -> f64 {
        match magnitudes {
            Some((low, top)) if low >= LOWEST && top < TOP => low,
            _ => 0.0,
        }
    }

    /// Writes `values` rounded, each within `error` of its exact value; whether every value
    /// passed the check. With the values' magnitudes at least `low` ≥ 2^−126 (the field), the
    /// bound is relative, error ≤ |value| · error/low, and
    /// [`relative_normal`](Self::relative_normal) checks it on the dropped bits in one
    /// conversion per value, where its R is at most 2^14 (so that at most one block in 32 fails); else
    /// [`bounded`](Self::bounded). The quotient is rounded up by 2⁻⁵⁰ (over two roundings of
    /// 2⁻⁵³ at most: the division's and the product's).
    #[inline(always)]
    pub(crate) fn absolute(self, error: f64, values: impl Iterator<Item = f64>) -> bool {
        if self.low > 0.0 {
            let rho = error / self.low * (1.0 + 1.0 / (1u64 << 50) as f64);
            if rho <= MAX_ABSOLUTE_RHO {
                return self.relative_normal(rho, values);
            }
        }
        self.bounded(values.map(|v| (v, error)))
    }

    /// Writes `values` rounded, with error bounds |value| · `rho`; whether every value
    /// passed the check.
    #[inline(always)]
    pub(crate) fn relative(self, rho: f64, values: impl Iterator<Item = f64>) -> bool {
        if self.low > 0.0 {
            return self.relative_normal(rho, values);
        }
        self.relative_with(rho, values, |bits, reach| {
            near_boundary(bits, reach) | out_of_range(bits)
        })
    }

    /// [`relative`](Self::relative) for `values` that the caller knows are all at least
    /// 2^−126 (float32's smallest normal) and below 2^128 in magnitude, none NaN: fewer
    /// operations per value. A value outside that range may pass the check wrongly.
    #[inline(always)]
    pub(crate) fn relative_normal(self, rho: f64, values: impl Iterator<Item = f64>) -> bool {
        self.relative_with(rho, values, near_boundary)
    }

    /// The values rounded into `out`, each checked by `fails` (a word whose top bit is set
    /// where the value fails) with the [`Reach`] of `rho`.
    #[inline(always)]
    fn relative_with(
        self,
        rho: f64,
        values: impl Iterator<Item = f64>,
        fails: impl Fn(u64, Reach) -> u64,
    ) -> bool {
        let Some(reach) = reach(rho) else {
            return false;
        };
        // The words OR-ed in a vector register: no mask or count per step.
        let mut failed = 0u64;
        for (slot, v) in self.out.iter_mut().zip(values) {
            *slot = v as f32;
            failed |= fails(v.to_bits(), reach);
        }
        failed >> 63 == 0
    }

    /// Writes `(value, error bound)` pairs as the low ends of their intervals rounded;
    /// whether none is suspect: [`rounded`](super::rounded)'s rule, both ends of each interval
    /// rounded, in words OR-ed together (no comparison per step): the ends' bits XOR-ed
    /// (not 0 where they round apart), and the low end's bits without the sign plus 2^23
    /// (bit 31 set where its exponent is all ones, where it is not finite: the largest finite
    /// float32's 0x7f7f_ffff becomes 0x7fff_ffff, infinity's 0x7f80_0000 becomes 2^31).
    #[inline(always)]
    pub(crate) fn bounded(self, values: impl Iterator<Item = (f64, f64)>) -> bool {
        let (mut apart, mut wide) = (0u32, 0u32);
        for (slot, (v, e)) in self.out.iter_mut().zip(values) {
            let (lo, hi) = ((v - e) as f32, (v + e) as f32);
            *slot = lo;
            apart |= lo.to_bits() ^ hi.to_bits();
            wide |= (lo.to_bits() & 0x7fff_ffff).wrapping_add(1 << 23);
        }
        apart == 0 && wide >> 31 == 0
    }
}

#[cfg(test)]
mod tests {
    use super::super::bits::Bits;
    use super::*;

    /// Dropped bits at a rounding boundary: half a float32 ulp.
    const HALF: u64 = 1 << 28;
    /// The [`Reach`] of a bound of `ulps` float64 ulps of |v|.
    fn ulps(ulps: f64) -> Reach {
        reach(ulps / (1u64 << 53) as f64).unwrap()
    }

    /// The R of a [`Reach`].
    fn r_of(reach: Reach) -> u64 {
        (reach.width - 1) / 2
    }

    /// The distance from `v` to the nearest float32 rounding boundary, from float32's own
    /// neighbours of `v as f32` (the halfway points to them, exact in float64), for
    /// |v| < 2^127: an independent answer to the question the check answers.
    fn boundary_distance(v: f64) -> f64 {
        let r = v.abs() as f32;
        let (up, down) = (r.next_up(), r.next_down().max(0.0));
        let (r, up, down) = (f64::from(r), f64::from(up), f64::from(down));
        let (above, below) = ((r + up) / 2.0, (r + down) / 2.0);
        // Differences of nearby float64s: exact.
        (above - v.abs()).min(v.abs() - below)
    }

    /// The smallest and the largest float64 within `e` of `v` (e ≥ 0): v − e and v + e
    /// rounded inwards, from their rounding errors (Knuth's two-sum, exact).
    fn float64s_within(v: f64, e: f64) -> (f64, f64) {
        let two_sum = |a: f64, b: f64| {
            let s = a + b;
            let a_part = s - b;
            (s, (a - a_part) + (b - (s - a_part)))
        };
        let (lo, lo_error) = two_sum(v, -e);
        let (hi, hi_error) = two_sum(v, e);
        let lo = if lo_error > 0.0 { lo.next_up() } else { lo };
        let hi = if hi_error < 0.0 { hi.next_down() } else { hi };
        (lo, hi)
    }

    /// Values that stress the check: random mantissas, dropped bits near the boundary
    /// (2^28 ± 4096 ulps) and near zero (float32 values, binade edges), mantissas of all
    /// zeros and all ones (just above and below a power of two), both signs, magnitudes from
    /// 2^−130 (float32 subnormals) to 2^126.
    fn values(bits: &mut Bits, n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| {
                let r = bits.next();
                let exponent = 1023 - 130 + (r >> 32) % 256;
                let high = match i % 4 {
                    0 => 0,
                    1 => ((1 << 23) - 1) << 29,
                    _ => bits.next() & (((1 << 23) - 1) << 29),
                };
                let jitter = bits.next() % 8192;
                let low = match i % 3 {
                    0 => (HALF + jitter).wrapping_sub(4096) & DROPPED,
                    1 => jitter.wrapping_sub(4096) & DROPPED,
                    _ => bits.next() & DROPPED,
                };
                let sign = (r & 1) << 63;
                f64::from_bits(sign | exponent << 52 | high | low)
            })
            .collect()
    }

    #[test]
    fn a_clear_value_has_no_boundary_within_its_bound() {
        // Soundness against the neighbours' halfway points, for relative bounds of 1 to 10⁵
        // ulps; and sharpness, so that the check is not one that fails at will: it passes
        // wherever 2⁻¹²⁶ ≤ |v| < 2¹²⁸ and |L − 2^28| > R.
        let mut bits = Bits(0x9e37_79b9_7f4a_7c15);
        let (mut passed, mut sharp) = (0usize, 0usize);
        for v in values(&mut bits, 400_000) {
            let distance = boundary_distance(v);
            let low = (v.to_bits() & DROPPED).abs_diff(HALF);
            for rho_ulps in [1.0, 3.5, 32.0, 1e5] {
                let e = v.abs() * rho_ulps / (1u64 << 53) as f64;
                let r = ulps(rho_ulps);
                if clear_relative(v, r) {
                    assert!(e < distance, "{v:e} ± {e:e}: a boundary {distance:e} away");
                    passed += 1;
                } else if v.abs() >= LOWEST && low > r_of(r) {
                    sharp += 1;
                }
            }
        }
        assert!(passed > 800_000, "{passed}");
        assert_eq!(sharp, 0, "values that fail where the docs say they pass");
    }

    #[test]
    fn boundaries_and_unserved_values_fail() {
        // A float64 on a boundary (1 + 2⁻²⁴ is halfway between 1 and 1 + 2⁻²³) and one ulp
        // off it fail with R = 1 (a bound of |v| · 2⁻⁵³, under an ulp), float32 subnormals,
        // zeros, NaN, infinities and magnitudes from 2¹²⁸ on with any; 2 ulps off it passes,
        // and so do 2⁻¹²⁶ (a float32: L = 0) and the largest float64 below 2¹²⁸ whose dropped
        // bits are clear of 2^28.
        let one = ulps(1.0);
        let ulp = f64::EPSILON;
        let boundary = 1.0 + 2f64.powi(-24);
        for v in [boundary, boundary + ulp, -(boundary - ulp)] {
            assert!(!clear_relative(v, one), "{v}");
        }
        assert!(clear_relative(boundary + 2.0 * ulp, one));
        assert!(clear_relative(-(boundary - 2.0 * ulp), one));
        let top = 2f64.powi(128);
        for v in [
            1e-39,
            -1e-45,
            0.0,
            -0.0,
            f64::NAN,
            top,
            -top,
            f64::INFINITY,
            f64::MAX,
        ] {
            assert!(!clear_relative(v, one), "{v}");
        }
        assert!(clear_relative(LOWEST, one));
        assert!(clear_relative(-LOWEST, one));
        assert!(!clear_relative(LOWEST.next_down(), one));
        assert!(clear_relative(-2f64.powi(125), one));
        assert!(clear_relative(
            f64::from_bits(top.to_bits() - (1 << 29)),
            one
        ));
    }

    #[test]
    fn reaches_beyond_the_binade_edges_are_refused() {
        // R counts ulps up to 2^27 (the boundary below a power of two): from 2^27 on, or for
        // a NaN ρ, no R, and `relative` fails every block.
        let rho = |ulps: u64| ulps as f64 / (1u64 << 53) as f64;
        assert_eq!(reach(rho(1)).map(r_of), Some(1));
        assert_eq!(reach(rho(REACH - 1)).map(r_of), Some(REACH - 1));
        assert_eq!(reach(rho(REACH)), None);
        assert_eq!(reach(f64::NAN), None);
        let (mut out, mut scratch) = ([0.0f32; 2], [0.0; 2]);
        let narrow = Narrow {
            ramp: &[0.0, 1.0],
            out: &mut out,
            scratch: &mut scratch,
            low: 0.0,
        };
        assert!(!narrow.relative(rho(REACH), [1.5, 2.5].into_iter()));
    }

    #[test]
    fn narrow_writes_rounded_values_and_reports_failures() {
        // relative: 1/3 and 2/3 round to their float32s, clear with ρ = 2⁻⁵⁰; one value on a
        // boundary fails the block. bounded: the low ends rounded; 1 ± 2⁻³⁰ rounds to 1 at
        // both ends, 1 + 2⁻²⁴ ± 2⁻³⁰ straddles a boundary.
        let (third, boundary) = (1.0f64 / 3.0, 1.0 + 2f64.powi(-24));
        let (mut out, mut scratch) = ([0.0f32; 2], [0.0; 2]);
        let mut narrow = |values: [f64; 2], rho: f64| {
            let n = Narrow {
                ramp: &[0.0, 1.0],
                out: &mut out,
                scratch: &mut scratch,
                low: 0.0,
            };
            (n.relative(rho, values.into_iter()), out)
        };
        let rho = 2f64.powi(-50);
        assert_eq!(
            narrow([third, 2.0 * third], rho),
            (true, [third as f32, (2.0 * third) as f32])
        );
        assert!(!narrow([third, boundary], rho).0);
        let (mut out, mut scratch) = ([0.0f32; 2], [0.0; 2]);
        let mut bounded = |pairs: [(f64, f64); 2]| {
            let n = Narrow {
                ramp: &[0.0, 1.0],
                out: &mut out,
                scratch: &mut scratch,
                low: 0.0,
            };
            (n.bounded(pairs.into_iter()), out)
        };
        let e = 2f64.powi(-30);
        assert_eq!(bounded([(1.0, e), (-1.0, e)]), (true, [1.0, -1.0]));
        assert!(!bounded([(1.0, e), (boundary, e)]).0);
        // Low ends that are not finite float32s fail, though both ends round alike: NaN,
        // and beyond float32's largest (both ends round to infinity).
        assert!(!bounded([(1.0, e), (f64::NAN, e)]).0);
        assert!(!bounded([(-1e39, 1.0), (1.0, e)]).0);
        assert!(bounded([(f64::from(f32::MAX), 1.0), (1.0, e)]).0);
    }

    #[test]
    fn absolute_bounds_fail_where_a_boundary_is_within_them() {
        // `absolute` against the neighbours' halfway points: values of every binade the check
        // serves, bounds of 2⁻⁶⁰ to 2⁻²⁰ of |v| (so that both of its paths are taken), and
        // lower bounds `low` from |v| down to 2⁻³⁰ · |v| (a relative bound error/low
        // computed the wrong way round, error · low, passes values near a boundary here).
        let mut bits = Bits(0x2545_f491_4f6c_dd1d);
        let (mut passed, mut relative) = (0usize, 0usize);
        for v in values(&mut bits, 200_000) {
            if v.abs() < LOWEST {
                continue;
            }
            let e = v.abs() * 2f64.powi(-60 + (bits.next() % 41) as i32);
            for shrink in [1.0, 0.5, 2f64.powi(-7), 2f64.powi(-30), 0.0] {
                let low = v.abs() * shrink;
                let (mut out, mut scratch) = ([0.0f32; 1], [0.0; 1]);
                let narrow = Narrow {
                    ramp: &[0.0],
                    out: &mut out,
                    scratch: &mut scratch,
                    low: if low >= LOWEST { low } else { 0.0 },
                };
                if narrow.absolute(e, [v].into_iter()) {
                    // Exact values are float64s: those within e of v round as v does.
                    let (x_lo, x_hi) = float64s_within(v, e);
                    let both = (x_lo as f32, x_hi as f32);
                    assert_eq!(both, (out[0], out[0]), "{v:e} ± {e:e} (low {low:e})");
                    assert_eq!(out[0], v as f32);
                    passed += 1;
                    relative += usize::from(low >= LOWEST && e / low <= MAX_ABSOLUTE_RHO);
                }
            }
        }
        assert!(
            passed > 400_000 && relative > 200_000,
            "{passed} {relative}"
        );
    }
}
