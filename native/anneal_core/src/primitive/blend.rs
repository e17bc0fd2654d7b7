//! Hugging Face's minimum-ratio form: s · max(0, f(t) · (1 − m) + m).

use super::{half_cosine, wave};

/// The shape f of a [`Blend`], of the progress p = t/d.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlendShape {
    /// p (a warmup).
    Rise,
    /// ½(1 − cos(πp)), Hugging Face's cosine warmup (periodic for every t).
    CosineRise,
    /// 1 − √(1 − p), Hugging Face's `"1-sqrt"` warmup.
    SqrtRise,
    /// ½(1 + cos(πp)) for every t, unclamped: a decay of `num_cycles` n ≠ ½ is this wave with
    /// d = max(1, length)/2n.
    Wave,
    /// ½(1 + cos(π · min(t, d)/d)).
    Cosine,
    /// 1 − p.
    Linear,
    /// 1 − √p (Hugging Face's `"1-sqrt"`).
    Sqrt,
}

/// s · max(0, f(t) · (1 − m) + m): the phases of Hugging Face's `get_wsd_schedule` (d is
/// max(1, length), m the minimum ratio).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blend {
    /// s.
    pub scale: f64,
    /// m, the value of the multiplier where f is 0.
    pub min_ratio: f64,
    /// d > 0.
    pub width: f64,
    /// f.
    pub shape: BlendShape,
}

impl Blend {
    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        let (m, d) = (self.min_ratio, self.width);
        let progress = t / d;
        let f = match self.shape {
            BlendShape::Rise => progress,
            // ½(1 − cos(πt/d)) = ½(1 + cos(π(t − d)/d)), without the cancellation near t = 0.
            BlendShape::CosineRise => wave(t - d, d),
            BlendShape::SqrtRise => 1.0 - (1.0 - progress).sqrt(),
            BlendShape::Wave => wave(t, d),
            BlendShape::Cosine => half_cosine(t, d),
            BlendShape::Linear => 1.0 - progress,
            BlendShape::Sqrt => 1.0 - progress.sqrt(),
        };
        self.scale * (f * (1.0 - m) + m).max(0.0)
    }
}
