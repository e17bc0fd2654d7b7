//! The inverse square root decay: s / √((t + shift)/τ).

/// s · 1/√((t + shift)/τ), Hugging Face's `get_inverse_sqrt_schedule` after its warmup
/// (shift = τ − w, computed once).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InverseSqrt {
    /// s.
    pub scale: f64,
    /// Added to the step before dividing by τ.
    pub shift: f64,
    /// τ > 0.
    pub timescale: f64,
}

impl InverseSqrt {
    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        self.scale * (1.0 / ((t + self.shift) / self.timescale).sqrt())
    }
}
