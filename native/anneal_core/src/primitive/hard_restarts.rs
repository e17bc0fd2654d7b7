//! Hugging Face's cosine with hard restarts: n cosine decays from the top, back to back.

/// s · max(0, ½(1 + cos(π · ((n · p) mod 1)))) with p = t/d (transformers'
/// `get_cosine_with_hard_restarts_schedule_with_warmup` after its warmup, in its operation
/// order: a restart falls where n · p rounds to a whole number). Its segment ends at p = 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HardRestarts {
    /// s, the value at each restart.
    pub scale: f64,
    /// n > 0, the number of decays over d.
    pub cycles: f64,
    /// d > 0, the length of all n decays.
    pub width: f64,
}

impl HardRestarts {
    /// The value at the local step `t` (0 ≤ t < d in its segment).
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        let progress = t / self.width;
        // Python's float % takes the sign of the divisor: the same as Rust's for p ≥ 0, and
        // rem_euclid keeps it for the p < 0 a fractional frame could give.
        let phase = (self.cycles * progress).rem_euclid(1.0);
        let factor = (0.5 * (1.0 + (std::f64::consts::PI * phase).cos())).max(0.0);
        self.scale * factor
    }
}
