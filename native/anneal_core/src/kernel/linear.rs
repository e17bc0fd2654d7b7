//! `linear_decay`: each piece is γ₀ · (t − o) · m, a multiplication by a reciprocal where the
//! formula divides.

use super::{Fill, Kernel, Plan, F32_SAFE, F64_SAFE};
use crate::LinearDecay;

/// Relative error bound of (t − o) · m against (t − o) / d, times γ₀ (a few ulps).
const E_REL: f64 = 16.0 * f64::EPSILON;

/// Piece 0 is the warmup (o = 0, m = 1/max(1, w)), piece 1 the decay
/// (o = n, m = −1/max(1, n − w)); past both, the value is γ₀ · 0.
pub(crate) struct LinearKernel {
    schedule: LinearDecay,
    pieces: [(f64, f64); 2],
}

impl LinearKernel {
    pub(crate) fn new(schedule: &LinearDecay) -> Self {
        let (w, n) = (schedule.warmup, schedule.steps);
        Self {
            schedule: *schedule,
            pieces: [(0.0, 1.0 / w.max(1.0)), (n, -1.0 / (n - w).max(1.0))],
        }
    }
}

impl Kernel for LinearKernel {
    type Seed = (f64, f64);

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        let (w, n) = (self.schedule.warmup, self.schedule.steps);
        let piece = if hi < w {
            Some(0)
        } else if lo >= w && hi < n {
            Some(1)
        } else {
            None
        };
        if let Some(piece) = piece {
            let (o, m) = self.pieces[usize::from(piece)];
            let largest =
                self.schedule.init_value.abs() * m.abs() * (lo - o).abs().max((hi - o).abs());
            let limit = if narrow { F32_SAFE } else { F64_SAFE };
            return if largest < limit {
                Plan::Fast(piece)
            } else {
                Plan::Exact
            };
        }
        if lo >= w && lo >= n {
            Plan::Fill(self.exact(lo))
        } else {
            Plan::Split
        }
    }

    fn seed(&self, _start: f64, piece: u8) -> (f64, f64) {
        self.pieces[usize::from(piece)]
    }

    #[inline(always)]
    fn fill(&self, &(o, m): &(f64, f64), step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        let init = self.schedule.init_value;
        let ramp = fill.ramp;
        fill.relative(E_REL, ramp.iter().map(|r| (step + r - o) * m * init));
    }

    fn exact(&self, step: f64) -> f64 {
        self.schedule.value(step)
    }
}
