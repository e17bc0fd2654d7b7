//! Straight lines, in the operation order of each peer that draws one.

/// A straight line of the local step t. Each variant is one peer's operation order, kept so
/// that values stay bit-identical to that peer's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Linear {
    /// s · (t / d): Axon's and Hugging Face's warmups (d = max(1, w)).
    Rise {
        /// s.
        scale: f64,
        /// d > 0.
        width: f64,
    },
    /// s · max(0, (n − t) / d): Axon's `linear_decay` after its warmup (d = max(1, n − w)).
    Fall {
        /// s.
        scale: f64,
        /// n, where the line reaches 0.
        end: f64,
        /// d > 0.
        width: f64,
    },
    /// (u − v) · (1 − clamp(t, 0, w)/w) + v: optax's `linear_schedule` from u to v over w > 0 steps.
    Interp {
        /// u.
        from: f64,
        /// v.
        to: f64,
        /// w > 0.
        width: f64,
    },
    /// (v − u) · (t/w) + u: optax's `piecewise_interpolate_schedule` between two knots, w > 0
    /// (no clamp: its segment ends at the next knot).
    Lerp {
        /// u.
        from: f64,
        /// v.
        to: f64,
        /// w > 0.
        width: f64,
    },
}

impl Linear {
    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        match *self {
            Self::Rise { scale, width } => t / width * scale,
            Self::Fall { scale, end, width } => ((end - t) / width).max(0.0) * scale,
            Self::Interp { from, to, width } => {
                let c = t.clamp(0.0, width);
                (from - to) * (1.0 - c / width) + to
            }
            Self::Lerp { from, to, width } => (to - from) * (t / width) + from,
        }
    }
}
