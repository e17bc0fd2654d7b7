//! From u to v along half a cosine wave: v + (u − v) · ½(1 + cos(π · min(t, k)/k)).

use super::half_cosine;

/// v + (u − v) · ½(1 + cos(π · min(t, k)/k)): optax's `cosine_onecycle_schedule` between two
/// knots (the wave in the half-angle form of [`half_cosine`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CosineInterp {
    /// u, the value at t = 0.
    pub from: f64,
    /// v, the value from t = k on.
    pub to: f64,
    /// k > 0, the length of the interpolation.
    pub k: f64,
}

impl CosineInterp {
    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        self.to + (self.from - self.to) * half_cosine(t, self.k)
    }
}
