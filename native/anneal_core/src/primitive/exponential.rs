//! Exponential decay: γ₀ · r^(t/k), the exponent floored for a staircase, optionally bounded.

/// γ₀ · r^(t/k) for t > 0 (⌊t/k⌋ with `staircase`), γ₀ for t ≤ 0 (optax's
/// `exponential_decay` after `transition_begin`, which a frame offset subtracts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    /// γ₀.
    pub init: f64,
    /// r ≥ 0.
    pub rate: f64,
    /// k > 0, the steps per factor of r.
    pub k: f64,
    /// Whether the exponent is floored.
    pub staircase: bool,
    /// optax's `end_value`: a lower bound where r < 1, an upper bound where r ≥ 1, applied at
    /// every step (t ≤ 0 too). `None`: unbounded.
    pub bound: Option<f64>,
}

impl Exponential {
    /// The exponent t/k (floored for a staircase).
    #[inline]
    pub fn exponent(&self, t: f64) -> f64 {
        let p = t / self.k;
        if self.staircase {
            p.floor()
        } else {
            p
        }
    }

    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        // γ₀ = 0 is 0 at every step, even where r^p overflows (0 · ∞ would be NaN).
        let value = if t <= 0.0 || self.init == 0.0 {
            self.init
        } else {
            self.init * self.rate.powf(self.exponent(t))
        };
        self.bounded(value)
    }

    /// `value` held on the bound's side (optax: `jnp.maximum` where r < 1, else `jnp.minimum`).
    #[inline]
    pub fn bounded(&self, value: f64) -> f64 {
        match self.bound {
            None => value,
            Some(b) if self.rate < 1.0 => value.max(b),
            Some(b) => value.min(b),
        }
    }
}
