//! `cosine_decay_restarts`: cosine decays that restart, each `t_mul` times longer and
//! `m_mul` times lower than the one before (SGDR; Keras's `CosineDecayRestarts`).

use crate::cosine::half_cosine;
use crate::error::{finite, positive, ScheduleError};

/// With f = t/k (k = `first_decay_steps`), the restart index i and the fraction c of the
/// current period are
/// i = ⌊f⌋, c = f − i when `t_mul` = 1, else
/// i = ⌊log(1 − f(1 − t_mul)) / log t_mul⌋, c = (f − (1 − t_mul^i)/(1 − t_mul)) / t_mul^i;
/// γ(t) = γ₀ · ((1 − α) · m_mul^i · ½(1 + cos πc) + α).
///
/// The restart index is corrected to the exact period that holds f, so a step on a restart
/// boundary always starts the new period. Where the periods shrink (`t_mul` < 1) their total
/// length is finite, k/(1 − t_mul), and past it (as for negative steps below −k/(t_mul − 1)
/// when `t_mul` > 1) the value is NaN, as in Keras.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CosineDecayRestarts {
    init_value: f64,
    first_decay_steps: f64,
    t_mul: f64,
    m_mul: f64,
    alpha: f64,
}

impl CosineDecayRestarts {
    /// Builds the schedule; `first_decay_steps` and `t_mul` must be positive, every parameter
    /// finite.
    pub fn new(
        init_value: f64,
        first_decay_steps: f64,
        t_mul: f64,
        m_mul: f64,
        alpha: f64,
    ) -> Result<Self, ScheduleError> {
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            first_decay_steps: positive("first_decay_steps", first_decay_steps)?,
            t_mul: positive("t_mul", t_mul)?,
            m_mul: finite("m_mul", m_mul)?,
            alpha: finite("alpha", alpha)?,
        })
    }

    /// The restart index i and the position c ∈ [0, 1) within period i, for f = t/k.
    fn period(&self, f: f64) -> (f64, f64) {
        let r = self.t_mul;
        if r == 1.0 {
            let i = f.floor();
            return (i, f - i);
        }
        // Start of period i: (1 − rⁱ)/(1 − r), its length rⁱ.
        let start = |i: f64| (1.0 - r.powf(i)) / (1.0 - r);
        let mut i = ((1.0 - f * (1.0 - r)).ln() / r.ln()).floor();
        if i.is_finite() {
            // The logarithm can land one period off near a boundary.
            if f < start(i) {
                i -= 1.0;
            } else if f >= start(i + 1.0) {
                i += 1.0;
            }
        }
        (i, (f - start(i)) / r.powf(i))
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        let (i, c) = self.period(step / self.first_decay_steps);
        if c.is_nan() {
            return f64::NAN;
        }
        let decayed = self.m_mul.powf(i) * half_cosine(c, 1.0);
        self.init_value * ((1.0 - self.alpha) * decayed + self.alpha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-14 * (1.0 + b.abs())
    }

    #[test]
    fn periods_double_and_restart_at_their_boundary() {
        // Periods of 10, 20, 40 steps start at 0, 10, 30, 70.
        let s = CosineDecayRestarts::new(1.0, 10.0, 2.0, 1.0, 0.0).unwrap();
        assert_eq!(s.value(0.0), 1.0);
        assert!(close(s.value(5.0), 0.5)); // cos(π/2) = 0
        assert_eq!(s.value(10.0), 1.0); // the first restart
        assert!(close(s.value(20.0), 0.5)); // halfway through the 20-step period
        assert_eq!(s.value(30.0), 1.0);
        assert!(close(s.value(50.0), 0.5));
        assert!(s.value(29.999) < 1e-6); // just before a restart
    }

    #[test]
    fn m_mul_lowers_each_restart_and_alpha_is_the_floor() {
        let s = CosineDecayRestarts::new(2.0, 10.0, 1.0, 0.5, 0.1).unwrap();
        assert_eq!(s.value(0.0), 2.0);
        assert!(close(s.value(10.0), 2.0 * (0.9 * 0.5 + 0.1))); // m_mul¹
        assert!(close(s.value(25.0), 2.0 * (0.9 * 0.25 * 0.5 + 0.1))); // m_mul², mid-period
                                                                       // With t_mul = 1 negative steps run through earlier periods: i = −1 at step −5.
        assert!(close(s.value(-5.0), 2.0 * (0.9 * 2.0 * 0.5 + 0.1)));
    }

    #[test]
    fn every_boundary_of_a_geometric_series_restarts() {
        // t_mul = 3: periods start at 0, 1, 4, 13, 40, 121, … (times k).
        let s = CosineDecayRestarts::new(1.0, 7.0, 3.0, 1.0, 0.0).unwrap();
        for start in [0.0, 1.0, 4.0, 13.0, 40.0, 121.0, 364.0, 1093.0] {
            assert_eq!(s.value(7.0 * start), 1.0, "restart at {start}");
        }
    }

    #[test]
    fn past_a_shrinking_series_the_value_is_nan() {
        // t_mul = ½: periods of 10, 5, 2.5, … end at step 20.
        let s = CosineDecayRestarts::new(1.0, 10.0, 0.5, 1.0, 0.0).unwrap();
        assert_eq!(s.value(15.0), 1.0);
        assert!(s.value(20.0).is_nan());
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = CosineDecayRestarts::new(1.0, 0.0, 2.0, 1.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected first_decay_steps to be a positive number, got: 0"
        );
        let err = CosineDecayRestarts::new(1.0, 10.0, -2.0, 1.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected t_mul to be a positive number, got: -2"
        );
        let err = CosineDecayRestarts::new(1.0, 10.0, 2.0, f64::NAN, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected m_mul to be a finite number, got: NaN"
        );
    }
}
