//! The cosine wave: s · ((1 − α) · (½(1 + cos(π · min(t, k)/k)))^e + α).

use std::f64::consts::FRAC_PI_2;

/// s · ((1 − α) · w^e + α) with w = ½(1 + cos(π · min(t, k)/k)), computed in the half-angle
/// form cos²(π · min(t, k)/2k) (see [`half_cosine`]). `cosine_decay` is s = γ₀, e = 1;
/// optax's warmup cosine decay is s = γₚ, α = γₑ/γₚ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cosine {
    /// s, the value at t = 0.
    pub scale: f64,
    /// α, the floor as a fraction of s.
    pub alpha: f64,
    /// k > 0, the length of the half wave.
    pub k: f64,
    /// e ≥ 0, the exponent of the wave (1: none).
    pub exponent: f64,
}

impl Cosine {
    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        let wave = half_cosine(t, self.k);
        // x^1 = x exactly: the power is taken only where it changes something.
        let wave = if self.exponent == 1.0 {
            wave
        } else {
            wave.powf(self.exponent)
        };
        self.scale * ((1.0 - self.alpha) * wave + self.alpha)
    }
}

/// ½(1 + cos(π · min(t, k)/k)), computed as cos²(π · min(t, k)/2k) and, in the second half
/// of the wave, as the squared sine of the distance to k, which stays accurate near t = k
/// where the textbook form cancels. Before −k the wave repeats every 2k. `k` must be positive.
pub fn half_cosine(t: f64, k: f64) -> f64 {
    wave(t.min(k), k)
}

/// ½(1 + cos(π · t/k)) for every t, periodic with period 2k, in the half-angle form of
/// [`half_cosine`] (which is this wave held at 0 from k on). `k` must be positive (∞ gives 1).
pub fn wave(t: f64, k: f64) -> f64 {
    let a = t.abs();
    // Past −k (a > k) the wave repeats every 2k; reducing first keeps a/k finite when a
    // huge negative step meets a tiny k (fmod is exact; a % ∞ = a when 2k overflows).
    let a = if a > k { a % (2.0 * k) } else { a };
    let half = if a <= 0.5 * k || a > k {
        (FRAC_PI_2 * (a / k)).cos()
    } else {
        // cos(π/2 · a/k) = sin(π/2 · (k − a)/k); k − a is exact here.
        (FRAC_PI_2 * ((k - a) / k)).sin()
    };
    half * half
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    #[test]
    fn the_half_cosine_at_its_landmarks() {
        assert_eq!(half_cosine(0.0, 10.0), 1.0); // cos(0) = 1
        assert!(close(half_cosine(5.0, 10.0), 0.5)); // ½(1 + cos(π/2)) = ½
        assert_eq!(half_cosine(10.0, 10.0), 0.0); // sin(0)² = 0
        assert_eq!(half_cosine(1e9, 10.0), 0.0); // clamped at k
                                                 // ½(1 + cos(3π/4)) = ½ − √2/4, in the sine branch
        assert!(close(
            half_cosine(3.0, 4.0),
            0.5 - std::f64::consts::SQRT_2 / 4.0
        ));
        assert!(close(half_cosine(-7.0, 10.0), half_cosine(7.0, 10.0))); // even
    }

    #[test]
    fn the_exponent_raises_the_wave() {
        // (½)² = ¼ at the midpoint; s · ((1 − α) · ¼ + α) with s = 2, α = 0.5: 2 · 0.625
        let p = Cosine {
            scale: 2.0,
            alpha: 0.5,
            k: 2.0,
            exponent: 2.0,
        };
        assert!(close(p.value(1.0), 1.25));
    }
}
