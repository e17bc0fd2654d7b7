//! Polynomial decay: (γ₀ − γₙ) · ((k − c)/k)^p + γₙ with c = clamp(t, 0, k).

/// (γ₀ − γₙ) · ((k − c)/k)^p + γₙ with c = clamp(t, 0, k) (optax's `polynomial_schedule`
/// after `transition_begin`, which a frame offset subtracts).
///
/// The base is (k − c)/k, one correctly rounded division, rather than 1 − c/k, which cancels
/// near the end; the value is γ₀ itself where the power is 1 and stays between γ₀ and γₙ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Polynomial {
    /// γ₀.
    pub init: f64,
    /// γₙ.
    pub end: f64,
    /// p ≥ 0.
    pub power: f64,
    /// k > 0.
    pub k: f64,
}

impl Polynomial {
    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        let k = self.k;
        let c = t.clamp(0.0, k);
        let base = (k - c) / k;
        // A power of 1 is the base itself, whatever the libm's pow does with it: the range
        // kernel reproduces this value operation for operation (kernel/polynomial.rs).
        let m = if self.power == 1.0 {
            base
        } else {
            base.powf(self.power)
        };
        if m == 1.0 {
            // Up to the start: γ₀ itself, which (γ₀ − γₙ) + γₙ may miss by an ulp.
            return self.init;
        }
        let span = self.init - self.end;
        let value = if span.is_finite() {
            span * m + self.end
        } else {
            // γ₀ and γₙ of opposite signs near f64::MAX: their difference overflows, but the
            // value, between the two, does not. Each term is finite and they cannot add up
            // to an overflow, having opposite signs.
            self.init * m + self.end * (1.0 - m)
        };
        // Rounding may overshoot γ₀ by an ulp just after the start; keeping the value between
        // the ends makes the decay monotone from γ₀ (exact) to γₙ (exact at m = 0).
        value.clamp(self.init.min(self.end), self.init.max(self.end))
    }
}
