//! The polynomial primitive with a small integer power: u = (k − c)/k by a multiplication with 1/k,
//! and u^p by repeated multiplication, instead of a division and libm's pow per step.

use super::{Fill, Kernel, Plan, F32_SAFE};
use crate::primitive::Polynomial;

/// The largest power computed by multiplication.
const MAX_POWER: f64 = 8.0;
/// Relative error bound of d·u^p (a few ulps per multiplication, 2⁻⁴⁶ for p ≤ 8).
const E_REL: f64 = 64.0 * f64::EPSILON;

/// v = d · u^p + γₙ with d = γ₀ − γₙ, u = (k − c)/k, c = t, for 0 < c < k.
pub(crate) struct PolynomialKernel {
    decay: Polynomial,
    d: f64,
    /// An end value beyond γ₀ (a rise, as in a warmup): the error, a few ulps of |d|, is
    /// large against f64's bound 1e-14 · (|γ₀| + |v|) near the start, so f64 output takes the
    /// exact path; f32 output, checked against each value's error interval, does not.
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
            if (narrow && self.d.abs() + self.decay.end.abs() >= F32_SAFE) || (self.rise && !narrow)
            {
                Plan::Exact
            } else {
                Plan::Fast(0)
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
        let (d, end, inv_k) = (self.d, self.decay.end, self.inv_k);
        // u = (k − c) · (1/k), then u^p by p − 1 passes of multiplication, in place.
        let w = fill.value;
        for (w, r) in w.iter_mut().zip(fill.ramp) {
            *w = (k - (step + r - begin)) * inv_k;
        }
        for _ in 1..self.power {
            for (w, r) in w.iter_mut().zip(fill.ramp) {
                *w *= (k - (step + r - begin)) * inv_k;
            }
        }
        // The exact formula keeps its value between γ₀ and γₙ; clamping moves no value
        // farther from it.
        let (min, max) = (self.decay.init.min(end), self.decay.init.max(end));
        if fill.narrow {
            // The error is relative to d·u^p, plus a rounding of the sum.
            for (v, error) in w.iter_mut().zip(fill.error.iter_mut()) {
                let dw = d * *v;
                *error = E_REL * (dw.abs() + end.abs());
                *v = (dw + end).clamp(min, max);
            }
        } else {
            for v in w.iter_mut() {
                *v = (d * *v + end).clamp(min, max);
            }
        }
    }

    fn exact(&self, step: f64) -> f64 {
        self.decay.value(step)
    }
}
