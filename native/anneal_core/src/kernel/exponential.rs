//! The exponential primitive: γ₀ r^(p₀ + i·s/k) = (γ₀ r^p₀) · r^(i·s/k), with the first factor
//! from libm once per block and the second from a table built once per evaluation.
//! Staircase schedules are piecewise constant: one libm call per constant stretch.

use super::{
    magnitudes_between, BlockBound, Fill, Kernel, Narrow, Plan, Stretch, MIN_TABLE_LEN, TABLE,
};
use crate::primitive::Exponential;

/// Binades within which the fast path keeps r^p and γ₀r^p (well inside float64's normal range
/// even a block away, where seeds are taken).
const NORMAL: f64 = 900.0;
/// The most binades a block may span for its table to be used.
const TABLE_SPAN: f64 = 64.0;
/// r^p below 2⁻¹⁰⁸⁰ is beneath half the smallest subnormal: pow returns 0.
const POW_ZERO: f64 = -1080.0;
/// |v| below 2⁻¹⁵² rounds to ±0 in float32 (with two binades of margin).
const F32_ZERO: f64 = -152.0;
/// Below this the largest f32 stays finite; above, the exact path reports the overflow.
const F32_MAX: f64 = 126.0;
/// 2⁻⁴⁸: the table's entries between its ends, within a few ulps (see `magnitudes`).
const TABLE_SLACK: f64 = 1.0 / (1u64 << 48) as f64;

/// v = γ₀ · r^(t/k) after 0 (exponent floored for a staircase), γ₀ before.
pub(crate) struct ExponentialKernel {
    decay: Exponential,
    log2_init: f64,
    log2_rate: f64,
    zero: f64,
    table: Vec<f64>,
}

impl ExponentialKernel {
    /// `None` for the degenerate γ₀ = 0 and r = 0, left to the exact path.
    pub(crate) fn new(decay: &Exponential, stride: f64, len: usize) -> Option<Self> {
        let (init, rate, k) = (decay.init, decay.rate, decay.k);
        if init == 0.0 || rate == 0.0 {
            return None;
        }
        let log2_rate = rate.log2();
        let span = TABLE as f64 * (stride / k * log2_rate).abs();
        let table = if len >= MIN_TABLE_LEN && !decay.staircase && span <= TABLE_SPAN {
            (0..TABLE)
                .map(|i| rate.powf(i as f64 * stride / k))
                .collect()
        } else {
            Vec::new()
        };
        Some(Self {
            decay: *decay,
            log2_init: init.abs().log2(),
            log2_rate,
            zero: init * 0.0,
            table,
        })
    }

    fn exponent(&self, step: f64) -> f64 {
        self.decay.exponent(step)
    }

    /// The fast values before optax's bound, γ₀ r^p₀ · r^(j·s/k), of the `n` table entries
    /// from `offset` on (each within |value| · ρ of the exact formula's).
    #[inline(always)]
    fn unbounded(&self, base: f64, offset: usize, n: usize) -> impl Iterator<Item = f64> + '_ {
        self.table[offset..offset + n].iter().map(move |f| base * f)
    }

    /// [`Kernel::plan`], where values too small for float32 are filled with zero only when
    /// `f32_zero` (f32 output, not a factor of a product).
    fn planned(&self, lo: f64, hi: f64, narrow: bool, f32_zero: bool) -> Plan {
        // Local steps: the decay begins at 0.
        if hi <= 0.0 {
            return Plan::Fill(self.decay.bounded(self.decay.init));
        }
        if lo <= 0.0 {
            return Plan::Split;
        }
        let (p_lo, p_hi) = (self.exponent(lo), self.exponent(hi));
        let (x, y) = (p_lo * self.log2_rate, p_hi * self.log2_rate);
        let (e_min, e_max) = (x.min(y), x.max(y));
        // pow is exact to 0.52 ulp even when subnormal, so with |γ₀| < 2⁹⁰⁰ a true value
        // below 2⁻¹⁵² stays below half the smallest float32 subnormal.
        let underflows = e_max < POW_ZERO
            || (f32_zero && e_max + self.log2_init < F32_ZERO && self.log2_init < NORMAL);
        if underflows {
            return Plan::Fill(self.decay.bounded(self.zero));
        }
        if self.decay.staircase {
            return if p_lo == p_hi {
                Plan::Fill(self.exact(lo))
            } else {
                Plan::Split
            };
        }
        // float32 needs relative accuracy (normal float64 values); float64 output only an
        // absolute one, which subnormal and zero seeds keep far below 1e-14 · |γ₀|.
        let accurate = if narrow {
            e_min > -NORMAL && e_min + self.log2_init > -NORMAL
        } else {
            self.log2_init > -NORMAL
        };
        // float64 output of a growing value (|v| > |γ₀|): the fast value's error is about
        // |p ln r| ulps of |v|, which 1e-14 · (|γ₀| + |v|), about 45 ulps of |v|, does not
        // cover once |p ln r| reaches a few dozen (issue 12: 5.8× the bound at p ln r ≈ 333).
        // Such blocks take the exact formula; a decaying value's error stays far below the
        // bound's |γ₀| term.
        if !narrow && e_max > 0.0 {
            return Plan::Exact;
        }
        let max = if narrow { F32_MAX } else { NORMAL };
        if !self.table.is_empty() && accurate && e_max < NORMAL && e_max + self.log2_init < max {
            Plan::Fast(0)
        } else {
            Plan::Split
        }
    }
}

impl Kernel for ExponentialKernel {
    /// γ₀ r^p at the block start and the relative error bound of the block's fast values.
    type Seed = (f64, f64);

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        self.planned(lo, hi, narrow, narrow)
    }

    fn bounded_plan(&self, lo: f64, hi: f64) -> Plan {
        self.planned(lo, hi, true, false)
    }

    fn seed(&self, start: f64, _piece: u8) -> (f64, f64) {
        let p = self.exponent(start);
        // Relative error of a fast value against the exact formula: a few ulps of rounding (2⁻⁴⁷
        // bounds them), plus the exponents' rounding, about |p ln r| · 2⁻⁵² for each of the
        // seed, the table and the exact formula (2⁻⁴⁹ per binade bounds it with 4× margin).
        let binades = (p * self.log2_rate).abs() + 2.0 * TABLE_SPAN;
        let rho = (32.0 + 8.0 * binades) * f64::EPSILON;
        (self.decay.init * self.decay.rate.powf(p), rho)
    }

    #[inline(always)]
    fn fill(
        &self,
        &(base, rho): &(f64, f64),
        _step: f64,
        _stride: f64,
        offset: usize,
        fill: Fill<'_>,
    ) {
        let values = self.unbounded(base, offset, fill.value.len());
        let decay = self.decay;
        if decay.bound.is_none() {
            return fill.relative(rho, values);
        }
        // optax's bound holds the value on one side, the exact one too: a clamp moves no
        // value farther from the exact one, so the unclamped value's error bound stands.
        if fill.narrow {
            let slots = fill.value.iter_mut().zip(fill.error.iter_mut());
            for ((value, error), v) in slots.zip(values) {
                *value = decay.bounded(v);
                *error = v.abs() * rho;
            }
        } else {
            for (value, v) in fill.value.iter_mut().zip(values) {
                *value = decay.bounded(v);
            }
        }
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        &(base, rho): &(f64, f64),
        _step: f64,
        _stride: f64,
        offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        let values = self.unbounded(base, offset, narrow.out.len());
        let decay = self.decay;
        if decay.bound.is_none() {
            return narrow.relative(rho, values);
        }
        // The unclamped value's bound, as in `fill`.
        narrow.bounded(values.map(|v| (decay.bounded(v), v.abs() * rho)))
    }

    /// `fill`'s bounds are |value| · ρ where optax's bound does not clamp the values (where
    /// it does, they are the unclamped value's); it writes the same values with and without
    /// bounds.
    fn block_bound(&self, &(_, rho): &(f64, f64), _stretch: Stretch) -> Option<BlockBound> {
        self.decay
            .bound
            .is_none()
            .then_some(BlockBound::Relative(rho))
    }

    /// Unbounded decays (optax's bound: `None`, the values are scanned): the fast values
    /// base · f lie between base times the smallest and the largest table entry f of the
    /// part (rounding is monotone). The entries are r^(i·s/k), each within an ulp of its
    /// true value (pow's error is 0.52 ulp), at exponents fl(i·s/k) monotone in i, so the
    /// true entries are monotone over the part and every entry lies between the ends'
    /// entries times 1 ∓ 2⁻⁵¹; 1 ∓ 2⁻⁴⁸ leaves room for pows a few ulps off and the
    /// products' roundings. A finite base keeps every value finite below the largest.
    fn magnitudes(&self, &(base, _): &(f64, f64), stretch: Stretch) -> Option<(f64, f64)> {
        if self.decay.bound.is_some() {
            return None;
        }
        let (first, last) = (
            self.table[stretch.offset],
            self.table[stretch.last_offset()],
        );
        let least = first.min(last) * (1.0 - TABLE_SLACK);
        let most = first.max(last) * (1.0 + TABLE_SLACK);
        magnitudes_between(base * least, base * most)
    }

    fn exact(&self, step: f64) -> f64 {
        self.decay.value(step)
    }

    fn f64_scale(&self) -> f64 {
        self.decay.init.abs()
    }
}
