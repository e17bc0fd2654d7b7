//! `polynomial_decay` with a small integer power: u = (k − c)/k by a multiplication with 1/k,
//! and u^p by repeated multiplication, instead of a division and libm's pow per step.

use super::{Kernel, Lanes, Plan, F32_SAFE, LANES};
use crate::PolynomialDecay;

/// The largest power computed by multiplication.
const MAX_POWER: f64 = 8.0;
/// Relative error bound of d·u^p (a few ulps per multiplication, 2⁻⁴⁶ for p ≤ 8).
const E_REL: f64 = 64.0 * f64::EPSILON;

/// v = d · u^p + γₙ with d = γ₀ − γₙ, u = (k − c)/k, c = t − t₀, for 0 < c < k.
pub(crate) struct PolynomialKernel {
    schedule: PolynomialDecay,
    d: f64,
    power: u32,
    inv_k: f64,
}

impl PolynomialKernel {
    /// `None` unless the power is an integer from 1 to 8.
    pub(crate) fn new(schedule: &PolynomialDecay) -> Option<Self> {
        let p = schedule.power;
        if p.fract() != 0.0 || !(1.0..=MAX_POWER).contains(&p) {
            return None;
        }
        let d = schedule.init_value - schedule.end_value;
        if d.abs() + schedule.end_value.abs() >= 1e300 {
            return None;
        }
        Some(Self {
            schedule: *schedule,
            d,
            power: p as u32,
            inv_k: 1.0 / schedule.transition_steps,
        })
    }
}

impl Kernel for PolynomialKernel {
    type Seed = ();

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        let (begin, k) = (
            self.schedule.transition_begin,
            self.schedule.transition_steps,
        );
        let (c_lo, c_hi) = (lo - begin, hi - begin);
        if c_hi <= 0.0 || c_lo >= k {
            // Clamped: the value at either end holds for the whole block.
            Plan::Fill(self.exact(lo))
        } else if c_lo > 0.0 && c_hi < k {
            // |v| ≤ |d| + |γₙ| since 0 < u < 1.
            if narrow && self.d.abs() + self.schedule.end_value.abs() >= F32_SAFE {
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
    fn lanes(&self, _seed: &(), step: f64, stride: f64, _offset: usize) -> Lanes {
        let (begin, k) = (
            self.schedule.transition_begin,
            self.schedule.transition_steps,
        );
        let mut u = [0.0; LANES];
        for (l, u) in u.iter_mut().enumerate() {
            let t = step + l as f64 * stride;
            *u = (k - (t - begin)) * self.inv_k;
        }
        let mut w = u;
        for _ in 1..self.power {
            for l in 0..LANES {
                w[l] *= u[l];
            }
        }
        let end = self.schedule.end_value;
        let mut lanes = Lanes {
            value: [0.0; LANES],
            low: [0.0; LANES],
            high: [0.0; LANES],
        };
        for (l, w) in w.iter().enumerate() {
            // The error is relative to d·u^p, plus a rounding of the sum.
            let dw = self.d * w;
            let e = E_REL * (dw.abs() + end.abs());
            lanes.value[l] = dw + end;
            lanes.low[l] = dw + end - e;
            lanes.high[l] = dw + end + e;
        }
        lanes
    }

    fn exact(&self, step: f64) -> f64 {
        self.schedule.value(step)
    }
}
