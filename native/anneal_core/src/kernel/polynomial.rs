//! The polynomial primitive with a small integer power: u = (k − c)/k by a multiplication with 1/k,
//! and u^p by repeated multiplication, instead of a division and libm's pow per step.
//!
//! # Rises in `f64`
//!
//! A rise (|γₙ| > |γ₀|, as in a warmup from 0) cancels near its start: the exact formula
//! v = fl(fl(d · m) + γₙ), m = pow(b, p), b = fl(fl(k − c)/k), d = fl(γ₀ − γₙ), is itself
//! only within a few ulps of |d| of the true value there, while f64's bound
//! 1e-14 · (|γ₀| + |v|) may be far smaller (0 · 1e-14 at γ₀ = 0). The fast values must then
//! follow the exact formula's own operations, so `f64` rises take the *rise form*: the same
//! b by the same division, m_f = b · b ⋯ b (p − 1 multiplications) instead of pow, γ₀ where
//! m_f = 1, and the same fl(fl(d · m_f) + γₙ) and clamp.
//!
//! At p = 1, m is b itself (the exact formula skips pow then), so every operation is the
//! exact formula's and the values are **bit for bit** `value(step)`.
//!
//! At p ≥ 2, with u_r = 2⁻⁵³ and pow within 1 ulp (2u_r relative), m_f and m differ by at
//! most (p + 1) · u_r · bᵖ (first order), so after the product by d, the sum with γₙ and the
//! clamp (which moves neither value farther from the other)
//! |v_f − v| ≤ (p + 4) · u_r · |d| · bᵖ + 3u_r · |v|, which also covers m or m_f alone
//! rounding to 1 (one value γ₀, the other within (p + 3) · u_r · |d| of it). Since
//! |γ₀| + |v| ≥ |γ₀ − v| ≈ |d| · (1 − bᵖ), a block whose first step has q = b_lo^p takes the
//! rise form only where (p + 5) · u_r · q ≤ 0.9e-14 · max(|γ₀|/|d|, 1 − q) (bᵖ ≤ q at every
//! later step): then 1 − q ≥ 0.079 where the second term decides, and the slack (p + 5
//! against p + 4, 0.9 against 1 − 3u_r/1e-14) covers the rounding of q and of the lower
//! bound, so |v_f − v| ≤ 1e-14 · (|γ₀| + |v|). Earlier blocks take the exact formula: from
//! γ₀ = 0, the first 1 − q^(1/p) of the rise's steps, 4.1 % for p = 2, 1.8 % for p = 8.

use super::{Fill, Kernel, Narrow, Plan, F32_SAFE};
use crate::primitive::Polynomial;

/// The largest power computed by multiplication.
const MAX_POWER: f64 = 8.0;
/// Relative error bound of d·u^p (a few ulps per multiplication, 2⁻⁴⁶ for p ≤ 8).
const E_REL: f64 = 64.0 * f64::EPSILON;
/// [`E_REL`] relative to the value itself where d and γₙ have one sign (then |d·u^p| + |γₙ| is
/// the exact sum's magnitude, which the sum's rounding and the clamp change by under 2⁻⁵¹).
const E_REL_VALUE: f64 = E_REL * (1.0 + 1.0 / (1u64 << 50) as f64);
/// The unit roundoff u_r = 2⁻⁵³.
const UNIT: f64 = f64::EPSILON / 2.0;

/// v = d · u^p + γₙ with d = γ₀ − γₙ, u = (k − c)/k, c = t, for 0 < c < k.
pub(crate) struct PolynomialKernel {
    decay: Polynomial,
    d: f64,
    /// An end value beyond γ₀ (a rise, as in a warmup): `f64` output takes the rise form
    /// (see the module's documentation); `f32` output, checked against each value's error
    /// interval, does not need it.
    rise: bool,
    power: u32,
    inv_k: f64,
}

impl PolynomialKernel {
    /// `None` unless the power is an integer from 1 to 8.
    pub(crate) fn new(decay: &Polynomial) -> Option<Self> {
        let p = decay.power;
        if p.fract() != 0.0 || !(1.0..=MAX_POWER).contains(&p) {
            return None;
        }
        let d = decay.init - decay.end;
        if d.abs() >= 1e300 {
            return None;
        }
        Some(Self {
            decay: *decay,
            d,
            rise: decay.end.abs() > decay.init.abs(),
            power: p as u32,
            inv_k: 1.0 / decay.k,
        })
    }

    /// Whether the rise form keeps `f64`'s bound at the local steps from `c` on (0 < c < k):
    /// always for p = 1, else the module documentation's condition on q = b^p at c.
    fn rise_form_from(&self, c: f64) -> bool {
        let p = self.power;
        if p == 1 {
            return true;
        }
        let k = self.decay.k;
        let q = ((k - c) / k).powi(p as i32);
        let room = (self.decay.init.abs() / self.d.abs()).max(1.0 - q);
        (f64::from(p) + 5.0) * UNIT * q <= 0.9e-14 * room
    }

    /// u^p at the steps `step + r`, `r` from `ramp`, into `w`: u = (k − c) · (1/k), then
    /// u^p by p − 1 passes of multiplication, in place.
    #[inline(always)]
    fn powers(&self, step: f64, ramp: &[f64], w: &mut [f64]) {
        // Local steps: the decay begins at 0.
        let (begin, k, inv_k) = (0.0, self.decay.k, self.inv_k);
        for (w, r) in w.iter_mut().zip(ramp) {
            *w = (k - (step + r - begin)) * inv_k;
        }
        for _ in 1..self.power {
            for (w, r) in w.iter_mut().zip(ramp) {
                *w *= (k - (step + r - begin)) * inv_k;
            }
        }
    }

    /// The value d · w + γₙ from w = u^p, clamped between γ₀ and γₙ (the exact formula keeps
    /// its value there; clamping moves no value farther from it), and d · w.
    #[inline(always)]
    fn value(&self, w: f64) -> (f64, f64) {
        let (init, end) = (self.decay.init, self.decay.end);
        let dw = self.d * w;
        ((dw + end).clamp(init.min(end), init.max(end)), dw)
    }

    /// The error bound of a fast value from d · w: relative to d · w, plus a rounding of the
    /// sum.
    #[inline(always)]
    fn error(&self, dw: f64) -> f64 {
        E_REL * (dw.abs() + self.decay.end.abs())
    }
}

impl Kernel for PolynomialKernel {
    type Seed = ();

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        // Local steps: the decay begins at 0.
        let (begin, k) = (0.0, self.decay.k);
        let (c_lo, c_hi) = (lo - begin, hi - begin);
        if c_hi <= 0.0 || c_lo >= k {
            // Clamped: the value at either end holds for the whole block.
            Plan::Fill(self.exact(lo))
        } else if c_lo > 0.0 && c_hi < k {
            // |v| ≤ |d| + |γₙ| since 0 < u < 1.
            let fast = if narrow {
                self.d.abs() + self.decay.end.abs() < F32_SAFE
            } else {
                !self.rise || self.rise_form_from(c_lo)
            };
            if fast {
                Plan::Fast(0)
            } else {
                Plan::Exact
            }
        } else {
            Plan::Split
        }
    }

    fn seed(&self, _start: f64, _piece: u8) {}

    #[inline(always)]
    fn fill(&self, _seed: &(), step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        // Local steps: the decay begins at 0.
        let (begin, k) = (0.0, self.decay.k);
        if self.rise && !fill.narrow {
            // The rise form: b = (k − c)/k as the exact formula divides, kept in the unused
            // error slots, and b^p by multiplication.
            let (base, w) = (fill.error, fill.value);
            for ((b, w), r) in base.iter_mut().zip(w.iter_mut()).zip(fill.ramp) {
                *b = (k - (step + r - begin)) / k;
                *w = *b;
            }
            for _ in 1..self.power {
                for (w, b) in w.iter_mut().zip(base.iter()) {
                    *w *= b;
                }
            }
            let init = self.decay.init;
            for v in w.iter_mut() {
                *v = if *v == 1.0 { init } else { self.value(*v).0 };
            }
            return;
        }
        let w = fill.value;
        self.powers(step, fill.ramp, w);
        if fill.narrow {
            for (v, error) in w.iter_mut().zip(fill.error.iter_mut()) {
                let (value, dw) = self.value(*v);
                (*v, *error) = (value, self.error(dw));
            }
        } else {
            for v in w.iter_mut() {
                *v = self.value(*v).0;
            }
        }
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
        let (w, narrow) = narrow.with_scratch();
        self.powers(step, narrow.ramp, w);
        let values = w.iter().map(|&w| self.value(w));
        let end = self.decay.end;
        let one_sign =
            self.d == 0.0 || end == 0.0 || self.d.is_sign_negative() == end.is_sign_negative();
        if one_sign {
            // |d·w| + |γₙ| ≤ |value| · (1 + 2⁻⁵⁰): the bound is relative.
            narrow.relative(E_REL_VALUE, values.map(|(v, _)| v))
        } else {
            narrow.bounded(values.map(|(v, dw)| (v, self.error(dw))))
        }
    }

    fn exact(&self, step: f64) -> f64 {
        self.decay.value(step)
    }

    fn f64_scale(&self) -> f64 {
        // Its bounds are in units of |d| = |γ₀ − γₙ| and |v|.
        self.decay.init.abs() + self.decay.end.abs()
    }
}
