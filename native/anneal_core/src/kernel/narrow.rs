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
//! so the check is: |v| ≥ 2^−126 and |L − 2^28| > R, for R < 2^27 (else every value fails),
//! both sides exact in float64.
//!
//! A value that fails the check may still round as its exact value (about 2R in 2^29 of them
//! fail). A block with any failure takes the kernel's [`Fill`](super::Fill) and the interval
//! check, and the exact formula at the steps that fail that.

/// The float64 mantissa bits that rounding to float32 drops.
const DROPPED: u64 = (1 << 29) - 1;
/// 0.5 as bits: with L in its low bits, the float64 0.5 + L · 2^−53.
const ONE_HALF: u64 = 0x3fe0_0000_0000_0000;
/// 0.5 + 2^28 · 2^−53: L at a rounding boundary (half a float32 ulp, 2^28 float64 ulps).
const AT_BOUNDARY: f64 = 0.5 + 1.0 / (1u64 << 25) as f64;
/// float32's smallest normal, 2^−126: the lowest |v| the check serves.
const LOWEST: f64 = f32::MIN_POSITIVE as f64;
/// The most ulps a boundary is counted away (the binade edges' 2^27).
const REACH: u64 = 1 << 27;

/// The `R` of the module's docs for a relative bound `rho`: ⌈2^53 ρ⌉, or `None` from 2^27 on
/// (or for a NaN `rho`).
#[inline(always)]
fn reach(rho: f64) -> Option<u64> {
    let r = (rho * (1u64 << 53) as f64).ceil();
    (r < REACH as f64).then_some(r as u64)
}

/// Whether a value within |v| · ρ of `v` surely rounds to float32 as `v` does, with `reach`
/// the ρ's `R` (see the module's docs): |v| ≥ 2^−126 and |L − 2^28| > R, the latter in
/// float64 as |L − 2^28| · 2^−53 > R · 2^−53 (both exact: L − 2^28 from 0.5 + L · 2^−53,
/// Sterbenz). NaN fails. Float64 operations only: SSE2 (the portable x86 kernels) has no
/// 64-bit integer comparison, which made the check scalar there (exponential_decay 0.80
/// ns/step against 0.54), while AVX2 runs both forms alike.
#[inline(always)]
fn clear_relative(v: f64, reach: u64) -> bool {
    (v.abs() >= LOWEST) & clear_normal(v, reach)
}

/// [`clear_relative`] for a `v` known to be at least 2^−126 in magnitude (not NaN): |L −
/// 2^28| > R alone.
#[inline(always)]
fn clear_normal(v: f64, reach: u64) -> bool {
    let l = f64::from_bits((v.to_bits() & DROPPED) | ONE_HALF) - AT_BOUNDARY;
    l.abs() > reach as f64 / (1u64 << 53) as f64
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
}

impl<'a> Narrow<'a> {
    /// The scratch room, one float64 per step, and the rest (whose methods do not use it):
    /// for kernels that compute their values in passes before the one that checks them.
    pub(crate) fn with_scratch(self) -> (&'a mut [f64], Narrow<'a>) {
        let n = self.out.len();
        let Narrow { ramp, out, scratch } = self;
        let rest = Narrow {
            ramp,
            out,
            scratch: &mut [],
        };
        (&mut scratch[..n], rest)
    }

    /// Writes `values` rounded, with error bounds |value| · `rho`; whether every value
    /// passed the check.
    #[inline(always)]
    pub(crate) fn relative(self, rho: f64, values: impl Iterator<Item = f64>) -> bool {
        self.relative_with(rho, values, clear_relative)
    }

    /// [`relative`](Self::relative) for `values` that the caller knows are all at least
    /// 2^−126 (float32's smallest normal) in magnitude, none NaN: one comparison less per
    /// value. A value outside that range may pass the check wrongly.
    #[inline(always)]
    pub(crate) fn relative_normal(self, rho: f64, values: impl Iterator<Item = f64>) -> bool {
        self.relative_with(rho, values, clear_normal)
    }

    /// The values rounded into `out`, each checked by `clear` with the R of `rho`.
    #[inline(always)]
    fn relative_with(
        self,
        rho: f64,
        values: impl Iterator<Item = f64>,
        clear: impl Fn(f64, u64) -> bool,
    ) -> bool {
        let Some(reach) = reach(rho) else {
            return false;
        };
        // A count rather than a `bool &=`, which compiles to packing masks at every step.
        let mut failed = 0u64;
        for (slot, v) in self.out.iter_mut().zip(values) {
            *slot = v as f32;
            failed += u64::from(!clear(v, reach));
        }
        failed == 0
    }

    /// Writes `(value, error bound)` pairs as the low ends of their intervals rounded;
    /// whether none is suspect (see [`rounded`](super::rounded)).
    #[inline(always)]
    pub(crate) fn bounded(self, values: impl Iterator<Item = (f64, f64)>) -> bool {
        let mut failed = 0u32;
        for (slot, (v, e)) in self.out.iter_mut().zip(values) {
            let (lo, suspect) = super::rounded::<f32>(v, e);
            *slot = lo;
            failed += u32::from(suspect);
        }
        failed == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dropped bits at a rounding boundary: half a float32 ulp.
    const HALF: u64 = 1 << 28;

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

    /// xorshift64*, seeded: reproducible pseudo-random bits.
    struct Bits(u64);
    impl Bits {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
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
        // wherever |v| ≥ 2⁻¹²⁶ and |L − 2^28| > R.
        let mut bits = Bits(0x9e37_79b9_7f4a_7c15);
        let (mut passed, mut sharp) = (0usize, 0usize);
        for v in values(&mut bits, 400_000) {
            let distance = boundary_distance(v);
            let low = (v.to_bits() & DROPPED).abs_diff(HALF);
            for rho_ulps in [1.0, 3.5, 32.0, 1e5] {
                let rho = rho_ulps / (1u64 << 53) as f64;
                let e = v.abs() * rho;
                let r = reach(rho).unwrap();
                if clear_relative(v, r) {
                    assert!(e < distance, "{v:e} ± {e:e}: a boundary {distance:e} away");
                    passed += 1;
                } else if v.abs() >= LOWEST && low > r {
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
        // zeros and NaN with any; 2 ulps off it passes, and so does 2⁻¹²⁶ (a float32: L = 0).
        let ulp = f64::EPSILON;
        let boundary = 1.0 + 2f64.powi(-24);
        for v in [boundary, boundary + ulp, -(boundary - ulp)] {
            assert!(!clear_relative(v, 1), "{v}");
        }
        assert!(clear_relative(boundary + 2.0 * ulp, 1));
        assert!(clear_relative(-(boundary - 2.0 * ulp), 1));
        for v in [1e-39, -1e-45, 0.0, -0.0, f64::NAN] {
            assert!(!clear_relative(v, 1), "{v}");
        }
        assert!(clear_relative(LOWEST, 1));
        assert!(clear_relative(-2f64.powi(125), 1));
    }

    #[test]
    fn reaches_beyond_the_binade_edges_are_refused() {
        // R counts ulps up to 2^27 (the boundary below a power of two): from 2^27 on, or for
        // a NaN ρ, no R, and `relative` fails every block.
        let rho = |ulps: u64| ulps as f64 / (1u64 << 53) as f64;
        assert_eq!(reach(rho(1)), Some(1));
        assert_eq!(reach(rho(REACH - 1)), Some(REACH - 1));
        assert_eq!(reach(rho(REACH)), None);
        assert_eq!(reach(f64::NAN), None);
        let (mut out, mut scratch) = ([0.0f32; 2], [0.0; 2]);
        let narrow = Narrow {
            ramp: &[0.0, 1.0],
            out: &mut out,
            scratch: &mut scratch,
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
            };
            (n.bounded(pairs.into_iter()), out)
        };
        let e = 2f64.powi(-30);
        assert_eq!(bounded([(1.0, e), (-1.0, e)]), (true, [1.0, -1.0]));
        assert!(!bounded([(1.0, e), (boundary, e)]).0);
    }
}
