//! Cosine decays that restart, each `t_mul` times longer and `m_mul` times lower (SGDR).

use super::half_cosine;

/// With f = t/k, the restart index i and the fraction c of the current period are
/// i = ⌊f⌋, c = f − i when `t_mul` = 1, else
/// i = ⌊log(1 − f(1 − t_mul)) / log t_mul⌋, c = (f − (1 − t_mul^i)/(1 − t_mul)) / t_mul^i;
/// the value is s · ((1 − α) · m_mul^i · ½(1 + cos πc) + α).
///
/// A periodic primitive: one segment holds every period. The restart index is corrected to
/// the exact period that holds f, so a step on a restart boundary always starts the new
/// period. Where the periods shrink (`t_mul` < 1) their total length is finite, k/(1 − t_mul),
/// and past it (as for negative steps below −k/(t_mul − 1) when `t_mul` > 1) the value is
/// NaN, as in Keras.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Restarts {
    /// s.
    pub scale: f64,
    /// k > 0, the length of the first period.
    pub first: f64,
    /// t_mul > 0.
    pub t_mul: f64,
    /// m_mul.
    pub m_mul: f64,
    /// α.
    pub alpha: f64,
}

impl Restarts {
    /// The restart index i and the position c ∈ [0, 1) within period i, for f = t/k.
    pub fn period(&self, f: f64) -> (f64, f64) {
        let r = self.t_mul;
        if r == 1.0 {
            let i = f.floor();
            return (i, f - i);
        }
        let mut i = ((1.0 - f * (1.0 - r)).ln() / r.ln()).floor();
        if i.is_finite() {
            // The logarithm can land one period off near a boundary.
            if f < self.start(i) {
                i -= 1.0;
            } else if f >= self.start(i + 1.0) {
                i += 1.0;
            }
        }
        (i, (f - self.start(i)) / self.length(i))
    }

    /// Where period i starts, in units of k: (1 − rⁱ)/(1 − r) with r = `t_mul` (i when r = 1).
    #[inline]
    pub fn start(&self, i: f64) -> f64 {
        let r = self.t_mul;
        if r == 1.0 {
            i
        } else {
            (1.0 - r.powf(i)) / (1.0 - r)
        }
    }

    /// The length of period i, in units of k: rⁱ with r = `t_mul`.
    #[inline]
    pub fn length(&self, i: f64) -> f64 {
        self.t_mul.powf(i)
    }

    /// The height of period i's wave, m_mulⁱ.
    #[inline]
    pub fn height(&self, i: f64) -> f64 {
        self.m_mul.powf(i)
    }

    /// The local steps where each restart begins, k · (1 − t_mulⁱ)/(1 − t_mul) (k · i when
    /// `t_mul` = 1) for i = 1, 2, …, as [`period`](Self::period) places them; where the periods
    /// shrink, they approach the finite total length without reaching it. Where t_mulⁱ
    /// overflows, the same sum as t_mulⁱ⁻¹ · (1 − t_mul⁻ⁱ)/(1 − 1/t_mul), infinite only when
    /// the step is.
    pub fn starts(&self) -> impl Iterator<Item = f64> + '_ {
        let r = self.t_mul;
        (1..).map(move |i| {
            let i = f64::from(i);
            let closed = self.start(i);
            let periods = if closed.is_finite() {
                closed
            } else {
                r.powf(i - 1.0) * ((1.0 - r.powf(-i)) / (1.0 - r.recip()))
            };
            self.first * periods
        })
    }

    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        let (i, c) = self.period(t / self.first);
        if c.is_nan() {
            return f64::NAN;
        }
        let decayed = self.height(i) * half_cosine(c, 1.0);
        self.scale * ((1.0 - self.alpha) * decayed + self.alpha)
    }
}
