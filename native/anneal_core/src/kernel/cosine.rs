//! Half cosine waves, a + b · ½(1 + cos(π · min(t, k)/k)): the cosine primitive (exponent 1),
//! the cosine interpolation and the cosine blend. cos(φ₀ + iδ) = cos φ₀ · cos iδ − sin φ₀ · sin iδ,
//! with cos φ₀ and sin φ₀ from libm once per block and cos iδ, sin iδ from a table built once
//! per evaluation.

use super::{
    magnitudes_between, BlockBound, Fill, Kernel, Narrow, Plan, Stretch, F32_SAFE, MIN_TABLE_LEN,
    TABLE,
};
use crate::primitive::{Blend, BlendShape, Cosine, CosineInterp, Primitive};
use std::f64::consts::FRAC_PI_2;

/// δ: the cosine c of [`rotated`] is within this of the exact formula's (angles within π of
/// zero): the tables' and the seed's libm values within an ulp, the rotation's three
/// roundings, and the angles' own roundings against the exact formula's.
pub(crate) const ROTATION_ERROR: f64 = 1.0 / (1u64 << 49) as f64;
/// Error bounds, in units of |b|·|c|, |a| + |b|c² and |b| (see `fill`).
pub(crate) const E_SLOPE: f64 = 1.0 / (1u64 << 47) as f64;
pub(crate) const E_ROUND: f64 = 1.0 / (1u64 << 50) as f64;
pub(crate) const E_FLOOR: f64 = 1.0 / (1u64 << 60) as f64 / (1u64 << 36) as f64;

/// A primitive that is a + b · c² with c = cos(πt/2k), the half-angle form of the half
/// cosine wave, computed by the primitive with a few roundings of |a| + |b|c² at most.
#[derive(Clone, Copy)]
pub(crate) struct Wave {
    a: f64,
    b: f64,
    k: f64,
    /// Whether the value at k holds from k on (else steps from k on take the exact formula).
    held: bool,
    /// The primitive: the exact formula.
    exact: Primitive,
}

impl Wave {
    /// The cosine primitive: a = sα, b = s(1 − α). `None` for an exponent other than 1 and
    /// an α far outside [0, 1], where the bounds of `fill` do not hold.
    pub(crate) fn cosine(wave: &Cosine) -> Option<Self> {
        let (init, alpha) = (wave.scale, wave.alpha);
        if wave.exponent != 1.0 || (1.0 - alpha).abs() > 2.0 {
            return None;
        }
        Some(Self {
            a: init * alpha,
            b: init * (1.0 - alpha),
            k: wave.k,
            held: true,
            exact: Primitive::Cosine(*wave),
        })
    }

    /// The interpolation from u to v: a = v, b = u − v.
    pub(crate) fn interp(wave: &CosineInterp) -> Self {
        Self {
            a: wave.to,
            b: wave.from - wave.to,
            k: wave.k,
            held: true,
            exact: Primitive::CosineInterp(*wave),
        }
    }

    /// The cosine blends s · max(0, f(1 − m) + m), for 0 ≤ m ≤ 1 (then the max never takes 0):
    /// the decay, f = c², is a = sm, b = s(1 − m); Hugging Face's cosine warmup, f = ½(1 −
    /// cos(πt/d)) = 1 − c², is a = s, b = −s(1 − m), whose wave turns back down at k (so
    /// steps from k on take the exact formula). `None` for the other shapes.
    pub(crate) fn blend(blend: &Blend) -> Option<Self> {
        let (s, m) = (blend.scale, blend.min_ratio);
        if !(0.0..=1.0).contains(&m) {
            return None;
        }
        let (a, b, held) = match blend.shape {
            BlendShape::Cosine => (s * m, s * (1.0 - m), true),
            BlendShape::CosineRise => (s, -(s * (1.0 - m)), false),
            _ => return None,
        };
        Some(Self {
            a,
            b,
            k: blend.width,
            held,
            exact: Primitive::Blend(*blend),
        })
    }
}

/// Whether tables of cos(π/2 · (i · stride/k)) for i < [`TABLE`] serve a range of `len`
/// steps: not where the range is too short to pay for them or the angles would leave
/// [−π/2, π/2] (where their errors are bounded).
pub(crate) fn tables_serve(stride: f64, k: f64, len: usize) -> bool {
    len >= MIN_TABLE_LEN && TABLE as f64 * stride.abs() <= k
}

/// cos(π/2 · (i · stride/k)) and the sine for i < [`TABLE`], or empty tables where they would
/// not serve (see [`tables_serve`]).
pub(crate) fn tables(stride: f64, k: f64, len: usize) -> (Vec<f64>, Vec<f64>) {
    if tables_serve(stride, k, len) {
        (0..TABLE)
            .map(|i| {
                let (s, c) = (FRAC_PI_2 * (i as f64 * stride / k)).sin_cos();
                (c, s)
            })
            .unzip()
    } else {
        (Vec::new(), Vec::new())
    }
}

/// The cosine and sine at the angles φ₀ + θⱼ of table entries `offset..offset + n`, by angle
/// addition from (cos φ₀, sin φ₀) = `seed` and the tables of cos θⱼ and sin θⱼ.
#[inline(always)]
pub(crate) fn rotated<'t>(
    cos: &'t [f64],
    sin: &'t [f64],
    offset: usize,
    n: usize,
    (c0, s0): (f64, f64),
) -> impl Iterator<Item = (f64, f64)> + Clone + 't {
    let table = cos[offset..offset + n].iter().zip(&sin[offset..offset + n]);
    table.map(move |(&cos, &sin)| (c0 * cos - s0 * sin, s0 * cos + c0 * sin))
}

/// Writes the fast values a + b · c² of the `cosines` into `narrow` (`f32` output), with one
/// bound for the block, [`wave_bound`]. Fewer instructions per step than each step's own bound, for the
/// few blocks near a zero of the value (about 1% of a decay's) failing the check.
#[inline(always)]
pub(crate) fn narrow_wave(
    narrow: Narrow<'_>,
    (a, b): (f64, f64),
    (slope, curve, floor): (f64, f64, f64),
    cosines: impl Iterator<Item = f64>,
) -> bool {
    let e = wave_bound((slope, curve, floor));
    narrow.absolute(e, cosines.map(|c| a + b * (c * c)))
}

/// A wave kernel's largest bound, slope · |c| + curve · c² + floor (the three `terms`) at
/// |c| = 1: c is a cosine, within 2⁻⁵² of [−1, 1], which E_SLOPE's twofold margin covers,
/// as it covers the sum's two roundings.
#[inline(always)]
pub(crate) fn wave_bound((slope, curve, floor): (f64, f64, f64)) -> f64 {
    slope + curve + floor
}

/// v = a + b · c² for steps −k ≤ t < k; the value at k from then on.
pub(crate) struct CosineKernel {
    wave: Wave,
    a: f64,
    b: f64,
    end: f64,
    cos: Vec<f64>,
    sin: Vec<f64>,
}

impl CosineKernel {
    /// `None` for values near float64's range, where the bounds below do not hold, and for
    /// a wave of zeros (a = b = 0, bound 0), whose zeros' signs only the exact formula gives
    /// (0 · α with α < 0 is −0).
    pub(crate) fn new(wave: Wave, stride: f64, len: usize) -> Option<Self> {
        let (a, b, k) = (wave.a, wave.b, wave.k);
        if a.abs() + b.abs() >= 1e300 || (a == 0.0 && b == 0.0) {
            return None;
        }
        let (cos, sin) = tables(stride, k, len);
        Some(Self {
            wave,
            a,
            b,
            end: wave.exact.value(k),
            cos,
            sin,
        })
    }
}

impl CosineKernel {
    /// The cosines c of the `n` table entries from `offset` on, for the block's `seed`.
    #[inline(always)]
    fn cosines(
        &self,
        (c0, s0): (f64, f64),
        offset: usize,
        n: usize,
    ) -> impl Iterator<Item = f64> + '_ {
        rotated(&self.cos, &self.sin, offset, n, (c0, s0)).map(|(c, _)| c)
    }

    /// The fast c at table entry `i` (as [`cosines`](Self::cosines) gives it).
    fn fast_c(&self, seed: (f64, f64), i: usize) -> f64 {
        self.cosines(seed, i, 1).fold(f64::NAN, |_, c| c)
    }

    /// At or above every fast |c| of the `stretch`, where its steps are on one side of t = 0
    /// and that is below 1; else
    /// `None`. There the true cos(πt/2k) is monotone over the part and a fast c within 2δ
    /// of it (δ = [`ROTATION_ERROR`], see `magnitudes`), so every |c| is at most the larger
    /// of the ends' |c| plus 4δ, taken as that plus 8δ (which covers its rounding). A seed
    /// that is not finite gives `None` (NaN fails the comparison).
    fn largest_c(&self, seed: (f64, f64), stretch: Stretch) -> Option<f64> {
        let (step, last) = (stretch.step, stretch.last());
        let one_side = (step >= 0.0 && last >= 0.0) || (step <= 0.0 && last <= 0.0);
        let end = |i| self.fast_c(seed, i).abs();
        let most = end(stretch.offset).max(end(stretch.last_offset())) + 8.0 * ROTATION_ERROR;
        (one_side && most < 1.0).then_some(most)
    }

    /// The error bound of a fast value a + b · c² is slope · |c| + curve · c² + floor with
    /// these three terms.
    fn error_terms(&self) -> (f64, f64, f64) {
        let (a, b) = (self.a, self.b);
        // c is within 2⁻⁴⁹ of the exact formula's cosine (angles within π of zero); the
        // value then within 2|b||c|·2⁻⁴⁹ + |b|·2⁻⁹⁸, plus rounding of a few ulps:
        // e = |b|·(E_SLOPE·|c| + E_ROUND·c²) + E_ROUND·|a| + E_FLOOR·|b|, factored.
        let (slope, curve) = (E_SLOPE * b.abs(), E_ROUND * b.abs());
        (slope, curve, E_ROUND * a.abs() + E_FLOOR * b.abs())
    }
}

impl Kernel for CosineKernel {
    type Seed = (f64, f64);

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        let k = self.wave.k;
        // |v| ≤ |a| + |b|.
        let finite = !narrow || self.a.abs() + self.b.abs() < F32_SAFE;
        if lo >= k && self.wave.held {
            Plan::Fill(self.end)
        } else if lo >= k {
            Plan::Exact
        } else if hi >= k {
            Plan::Split
        } else if lo >= -k && finite && !self.cos.is_empty() {
            Plan::Fast(0)
        } else {
            Plan::Exact
        }
    }

    fn seed(&self, start: f64, _piece: u8) -> (f64, f64) {
        let (s, c) = (FRAC_PI_2 * (start / self.wave.k)).sin_cos();
        (c, s)
    }

    #[inline(always)]
    fn fill(&self, &seed: &(f64, f64), _step: f64, _stride: f64, offset: usize, fill: Fill<'_>) {
        let n = fill.value.len();
        let (a, b) = (self.a, self.b);
        let table = self.cosines(seed, offset, n);
        if fill.narrow {
            let (slope, curve, floor) = self.error_terms();
            let slots = fill.value.iter_mut().zip(fill.error.iter_mut());
            for ((value, error), c) in slots.zip(table) {
                let c2 = c * c;
                *value = a + b * c2;
                *error = slope * c.abs() + curve * c2 + floor;
            }
        } else {
            for (v, c) in fill.value.iter_mut().zip(table) {
                *v = a + b * (c * c);
            }
        }
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        &seed: &(f64, f64),
        _step: f64,
        _stride: f64,
        offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        let cosines = self.cosines(seed, offset, narrow.out.len());
        narrow_wave(narrow, (self.a, self.b), self.error_terms(), cosines)
    }

    /// `fill` writes the same values with and without bounds. The bound is its bound per
    /// step, slope · |c| + curve · c² + floor, at the part's largest |c| ([`Self::largest_c`]),
    /// or at 1 ([`wave_bound`], whose margin covers a c just above 1, covers its roundings
    /// here too).
    fn block_bound(&self, &seed: &(f64, f64), stretch: Stretch) -> Option<BlockBound> {
        let (slope, curve, floor) = self.error_terms();
        let most = self.largest_c(seed, stretch).unwrap_or(1.0);
        Some(BlockBound::Absolute(
            slope * most + curve * (most * most) + floor,
        ))
    }

    /// The fast values a + b · c² lie between the values this formula gives at the part's
    /// smallest and largest c² (rounding is monotone: fl(c · c) grows with |c|, fl(b · w)
    /// moves with w one way or the other as b's sign says, fl(a + y) with y). The largest:
    /// the part's largest |c| ([`Self::largest_c`]), or 1 + δ (δ = [`ROTATION_ERROR`]: a
    /// fast c is within δ of the exact formula's cosine, at most 1 in magnitude). The
    /// smallest: the true cos(πt/2k) is concave and non-negative for −k ≤ t ≤ k (a `Fast`
    /// part's steps), so over the part it is least at one of its ends; a fast c is within
    /// 2δ of it (δ of the exact formula's cosine, which is within a few ulps of the true
    /// one), so every c of the part is at least the smaller of the ends' fast c less 4δ,
    /// taken as that less 8δ (whose rounding, at most 2⁻⁵³, the other 4δ covers), and c² at
    /// least its square where that is positive. A finite seed (the tables and a, b are)
    /// keeps every value finite.
    fn magnitudes(&self, &seed: &(f64, f64), stretch: Stretch) -> Option<(f64, f64)> {
        if !(seed.0.is_finite() && seed.1.is_finite()) {
            return None;
        }
        let end = |i| self.fast_c(seed, i);
        let least = end(stretch.offset).min(end(stretch.last_offset())) - 8.0 * ROTATION_ERROR;
        let most = self
            .largest_c(seed, stretch)
            .unwrap_or(1.0 + ROTATION_ERROR);
        let (a, b) = (self.a, self.b);
        let value = |c2: f64| a + b * c2;
        let smallest = if least > 0.0 { least * least } else { 0.0 };
        magnitudes_between(value(smallest), value(most * most))
    }

    fn exact(&self, step: f64) -> f64 {
        self.wave.exact.value(step)
    }

    fn f64_scale(&self) -> f64 {
        // The bounds of `fill` are in units of |b|·|c|, |a| + |b|c² and |b|.
        self.a.abs() + self.b.abs()
    }
}
