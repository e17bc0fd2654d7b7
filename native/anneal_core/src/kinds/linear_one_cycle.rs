//! `linear_one_cycle`: three straight lines, up from `peak_value / div_factor` to the peak,
//! back down, then far below (optax's `linear_onecycle_schedule`).

use crate::error::{finite, fraction, greater, positive, require, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{Interpolation, Kind, PiecewiseInterpolate};
use crate::Plan;
use serde::{Deserialize, Serialize};

/// optax's `piecewise_interpolate_schedule("linear", γₚ/δ, {⌊a·T⌋: δ, ⌊b·T⌋: 1/δ, T: 1/δ_f})`
/// with a = `pct_start`, b = `pct_final`, δ = `div_factor`, δ_f = `final_div_factor`
/// (⌊·⌋ truncates a float64 product: ⌊0.29 · 100⌋ = 28): 0 below step 0, γₚ/δ · δ · 1/δ · 1/δ_f
/// from T on.
///
/// optax lets two of the turning points fall on the same step, where its dictionary keeps the
/// later scale and a phase disappears (`pct_final: 1.0` ends at γₚ/δ_f); Anneal refuses that:
/// ⌊a·T⌋ < ⌊b·T⌋ < T is required.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearOneCycle {
    /// γₚ, the peak, finite.
    pub init_value: f64,
    /// T, positive. Required.
    pub transition_steps: f64,
    /// a, from 0 to 1. Defaults to 0.3 (as `one_cycle`'s).
    pub pct_start: f64,
    /// b, from 0 to 1, past a. Defaults to 0.85.
    pub pct_final: f64,
    /// δ, positive. Defaults to 25.
    pub div_factor: f64,
    /// δ_f, positive. Defaults to 10⁴.
    pub final_div_factor: f64,
}

impl LinearOneCycle {
    /// The piecewise interpolation it is.
    fn knots(&self) -> PiecewiseInterpolate {
        let t = self.transition_steps;
        PiecewiseInterpolate {
            init_value: self.init_value / self.div_factor,
            boundaries_and_scales: vec![
                ((self.pct_start * t).trunc(), self.div_factor),
                ((self.pct_final * t).trunc(), 1.0 / self.div_factor),
                (t, 1.0 / self.final_div_factor),
            ],
            interpolate_type: Interpolation::Linear,
        }
    }
}

impl Kind for LinearOneCycle {
    const NAME: &'static str = "linear_one_cycle";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("transition_steps", Required, Positive),
        Opt::new("pct_start", Float(0.3), Fraction),
        Opt::new("pct_final", Float(0.85), Fraction),
        Opt::new("div_factor", Float(25.0), Positive),
        Opt::new("final_div_factor", Float(1.0e4), Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("peak_value", self.init_value)?;
        let t = positive("transition_steps", self.transition_steps)?;
        fraction("pct_start", self.pct_start)?;
        fraction("pct_final", self.pct_final)?;
        greater(("pct_final", self.pct_final), ("pct_start", self.pct_start))?;
        positive("div_factor", self.div_factor)?;
        positive("final_div_factor", self.final_div_factor)?;
        let (rise, fall) = ((self.pct_start * t).trunc(), (self.pct_final * t).trunc());
        require(
            rise < fall,
            "pct_final",
            self.pct_final,
            "at least one step of transition_steps past pct_start",
        )?;
        require(
            fall < t,
            "pct_final",
            self.pct_final,
            "at least one step of transition_steps before its end",
        )?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let labels = ["peak", "fall end", "decay end"];
        self.knots()
            .plan_labelled(|i, _| labels.get(i).copied().unwrap_or("").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schedule;

    fn one_cycle(pct_start: f64, pct_final: f64) -> Result<Schedule, ScheduleError> {
        Schedule::new(LinearOneCycle {
            init_value: 1.0,
            transition_steps: 100.0,
            pct_start,
            pct_final,
            div_factor: 10.0,
            final_div_factor: 100.0,
        })
    }

    #[test]
    fn rises_falls_then_decays_through_truncated_knots() {
        // Knots (0, 0.1), (⌊0.29 · 100⌋ = 28, 1), (⌊0.57 · 100⌋ = 56, 0.1), (100, 0.001).
        let s = one_cycle(0.29, 0.57).unwrap();
        assert_eq!(s.value(-1.0), 0.0);
        assert_eq!(s.value(0.0), 0.1);
        assert_eq!(s.value(28.0), 1.0);
        assert_eq!(s.value(56.0), 1.0 * (1.0 / 10.0));
        assert_eq!(s.value(100.0), 0.1 * (1.0 / 100.0));
    }

    #[test]
    fn refuses_turning_points_that_coincide() {
        let err = one_cycle(0.3, 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected pct_final to be at least one step of transition_steps before its end, got: 1"
        );
        let err = one_cycle(0.3, 0.305).unwrap_err();
        assert!(err.to_string().contains("past pct_start"), "{err}");
        let err = one_cycle(0.5, 0.4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected pct_final to be greater than pct_start (0.5), got: 0.4"
        );
    }
}
