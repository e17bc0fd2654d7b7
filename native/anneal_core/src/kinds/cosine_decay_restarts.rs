//! `cosine_decay_restarts`: cosine decays that restart, each `t_mul` times longer and
//! `m_mul` times lower than the one before (SGDR; Keras's `CosineDecayRestarts`).

use crate::error::{finite, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::Kind;
use crate::primitive::Restarts;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// γ(t) = γ₀ · ((1 − α) · m_mul^i · ½(1 + cos πc) + α) for restart i at fraction c of its
/// period: one periodic [`Restarts`] segment (see it for i and c).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosineDecayRestarts {
    /// γ₀, finite.
    pub init_value: f64,
    /// k, the length of the first period, positive. Required.
    pub first_decay_steps: f64,
    /// The factor of each period's length over the one before, positive. Defaults to 2.
    pub t_mul: f64,
    /// The factor of each restart's height over the one before, finite. Defaults to 1.
    pub m_mul: f64,
    /// α, finite. Defaults to 0.
    pub alpha: f64,
}

impl CosineDecayRestarts {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        first_decay_steps: f64,
        t_mul: f64,
        m_mul: f64,
        alpha: f64,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            first_decay_steps,
            t_mul,
            m_mul,
            alpha,
        })
    }
}

impl Kind for CosineDecayRestarts {
    const NAME: &'static str = "cosine_decay_restarts";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("first_decay_steps", Required, Positive),
        Opt::new("t_mul", Float(2.0), Positive),
        Opt::new("m_mul", Float(1.0), Finite),
        Opt::new("alpha", Float(0.0), Finite),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        positive("first_decay_steps", self.first_decay_steps)?;
        positive("t_mul", self.t_mul)?;
        finite("m_mul", self.m_mul)?;
        finite("alpha", self.alpha)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        Plan::new(Restarts {
            scale: self.init_value,
            first: self.first_decay_steps,
            t_mul: self.t_mul,
            m_mul: self.m_mul,
            alpha: self.alpha,
        })
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
        let s = CosineDecayRestarts::schedule(1.0, 10.0, 2.0, 1.0, 0.0).unwrap();
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
        let s = CosineDecayRestarts::schedule(2.0, 10.0, 1.0, 0.5, 0.1).unwrap();
        assert_eq!(s.value(0.0), 2.0);
        assert!(close(s.value(10.0), 2.0 * (0.9 * 0.5 + 0.1))); // m_mul¹
        assert!(close(s.value(25.0), 2.0 * (0.9 * 0.25 * 0.5 + 0.1))); // m_mul², mid-period
                                                                       // With t_mul = 1 negative steps run through earlier periods: i = −1 at step −5.
        assert!(close(s.value(-5.0), 2.0 * (0.9 * 2.0 * 0.5 + 0.1)));
    }

    #[test]
    fn every_boundary_of_a_geometric_series_restarts() {
        // t_mul = 3: periods start at 0, 1, 4, 13, 40, 121, … (times k).
        let s = CosineDecayRestarts::schedule(1.0, 7.0, 3.0, 1.0, 0.0).unwrap();
        for start in [0.0, 1.0, 4.0, 13.0, 40.0, 121.0, 364.0, 1093.0] {
            assert_eq!(s.value(7.0 * start), 1.0, "restart at {start}");
        }
    }

    #[test]
    fn past_a_shrinking_series_the_value_is_nan() {
        // t_mul = ½: periods of 10, 5, 2.5, … end at step 20.
        let s = CosineDecayRestarts::schedule(1.0, 10.0, 0.5, 1.0, 0.0).unwrap();
        assert_eq!(s.value(15.0), 1.0);
        assert!(s.value(20.0).is_nan());
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = CosineDecayRestarts::schedule(1.0, 0.0, 2.0, 1.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected first_decay_steps to be a positive number, got: 0"
        );
        let err = CosineDecayRestarts::schedule(1.0, 10.0, -2.0, 1.0, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected t_mul to be a positive number, got: -2"
        );
        let err = CosineDecayRestarts::schedule(1.0, 10.0, 2.0, f64::NAN, 0.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected m_mul to be a finite number, got: NaN"
        );
    }
}
