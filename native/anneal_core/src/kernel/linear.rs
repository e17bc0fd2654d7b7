//! The linear primitive in Axon's forms: s · (t − o) · m, a multiplication by a reciprocal
//! where the formula divides.

use super::{Fill, Kernel, Narrow, Plan, F32_SAFE, F64_SAFE};
use crate::primitive::Linear;

/// Relative error bound of (t − o) · m against (t − o) / d, times s (a few ulps).
const E_REL: f64 = 16.0 * f64::EPSILON;

/// [`Linear::Rise`] is o = 0, m = 1/d; [`Linear::Fall`] is o = n, m = −1/d up to n, where
/// the line is clamped at 0 · s.
pub(crate) struct LinearKernel {
    line: Linear,
    scale: f64,
    /// Where the line stops (+∞ for a rise).
    end: f64,
    piece: (f64, f64),
}

impl LinearKernel {
    /// `None` for optax's interpolations, left to the exact path.
    pub(crate) fn new(line: &Linear) -> Option<Self> {
        let (scale, end, piece) = match *line {
            Linear::Rise { scale, width } => (scale, f64::INFINITY, (0.0, 1.0 / width)),
            Linear::Fall { scale, end, width } => (scale, end, (end, -1.0 / width)),
            Linear::Interp { .. } | Linear::Lerp { .. } => return None,
        };
        Some(Self {
            line: *line,
            scale,
            end,
            piece,
        })
    }
}

impl LinearKernel {
    /// s · (t − o) · m at the steps `step + r`, `r` from `ramp`.
    #[inline(always)]
    fn values<'r>(
        &self,
        (o, m): (f64, f64),
        step: f64,
        ramp: &'r [f64],
    ) -> impl Iterator<Item = f64> + 'r {
        let scale = self.scale;
        ramp.iter().map(move |r| (step + r - o) * m * scale)
    }
}

impl Kernel for LinearKernel {
    type Seed = (f64, f64);

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        if lo >= self.end {
            return Plan::Fill(self.exact(lo));
        }
        if hi >= self.end {
            return Plan::Split;
        }
        let (o, m) = self.piece;
        let largest = self.scale.abs() * m.abs() * (lo - o).abs().max((hi - o).abs());
        let limit = if narrow { F32_SAFE } else { F64_SAFE };
        if largest < limit {
            Plan::Fast(0)
        } else {
            Plan::Exact
        }
    }

    fn seed(&self, _start: f64, _piece: u8) -> (f64, f64) {
        self.piece
    }

    #[inline(always)]
    fn fill(&self, &piece: &(f64, f64), step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        let ramp = fill.ramp;
        fill.relative(E_REL, self.values(piece, step, ramp));
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        &piece: &(f64, f64),
        step: f64,
        _stride: f64,
        _offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        let ramp = narrow.ramp;
        narrow.relative(E_REL, self.values(piece, step, ramp))
    }

    fn exact(&self, step: f64) -> f64 {
        self.line.value(step)
    }

    fn f64_scale(&self) -> f64 {
        self.scale.abs()
    }
}
