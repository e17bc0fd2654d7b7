//! `one_cycle`: a cosine rise from `peak_value / div_factor` to `peak_value`, then a cosine
//! fall far below it (optax's `cosine_onecycle_schedule`).

use crate::error::{finite, fraction, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::Kind;
use crate::primitive::CosineInterp;
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// With T = `transition_steps`, the knots are (0, γₚ/δ), (⌊p·T⌋, γₚ/δ · δ) and
/// (⌊T⌋, γₚ/δ · δ · 1/(δ·δ_f)), for p = `pct_start`, δ = `div_factor`, δ_f = `final_div_factor`.
/// Between knots (a, u) and (b, v) the value is v + (u − v) · ½(1 + cos(π(t − a)/max(1, b − a)))
/// (a [`CosineInterp`] in a frame that subtracts a); after the last knot it is the last value,
/// before step 0 it is 0 (as in optax).
///
/// When ⌊p·T⌋ = ⌊T⌋ (p = 1) the second knot is dropped, as optax's dictionary of boundaries
/// drops it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneCycle {
    /// γₚ, the peak, finite.
    pub init_value: f64,
    /// T, positive. Required.
    pub transition_steps: f64,
    /// p, from 0 to 1. Defaults to 0.3.
    pub pct_start: f64,
    /// δ, positive. Defaults to 25.
    pub div_factor: f64,
    /// δ_f, positive. Defaults to 10⁴.
    pub final_div_factor: f64,
}

impl OneCycle {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        peak_value: f64,
        transition_steps: f64,
        pct_start: f64,
        div_factor: f64,
        final_div_factor: f64,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value: peak_value,
            transition_steps,
            pct_start,
            div_factor,
            final_div_factor,
        })
    }

    /// The (step, value) knots in increasing order of step.
    fn knots(&self) -> [(f64, f64); 3] {
        let (peak, total, pct, div, final_div) = (
            self.init_value,
            self.transition_steps,
            self.pct_start,
            self.div_factor,
            self.final_div_factor,
        );
        // optax multiplies the scales cumulatively, in this order.
        let start = peak / div;
        let top = start * div;
        if (pct * total).trunc() < total.trunc() {
            [
                (0.0, start),
                ((pct * total).trunc(), top),
                (total.trunc(), top * (1.0 / (div * final_div))),
            ]
        } else {
            // The two boundaries coincide: the second knot is repeated, and never reached.
            let end = start * (1.0 / (div * final_div));
            [(0.0, start), (total.trunc(), end), (total.trunc(), end)]
        }
    }
}

impl Kind for OneCycle {
    const NAME: &'static str = "one_cycle";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("transition_steps", Required, Positive),
        Opt::new("pct_start", Float(0.3), Fraction),
        Opt::new("div_factor", Float(25.0), Positive),
        Opt::new("final_div_factor", Float(1.0e4), Positive),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("peak_value", self.init_value)?;
        positive("transition_steps", self.transition_steps)?;
        fraction("pct_start", self.pct_start)?;
        positive("div_factor", self.div_factor)?;
        positive("final_div_factor", self.final_div_factor)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let knots = self.knots();
        let mut plan = Plan::constant(0.0);
        for (pair, label) in knots.windows(2).zip([None, Some("peak")]) {
            let ((a, u), (b, v)) = (pair[0], pair[1]);
            let wave = CosineInterp {
                from: u,
                to: v,
                k: (b - a).max(1.0),
            };
            plan = plan.then_frame(a, a, Plan::new(wave), label);
        }
        let (last_step, last_value) = knots[2];
        plan.then(last_step, last_value, Some("decay end"))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    #[test]
    fn rises_to_the_peak_then_falls_far_below() {
        // Knots (0, 0.04), (30, 1), (100, 1e-4 / 25 = 4e-6).
        let s = OneCycle::schedule(1.0, 100.0, 0.3, 25.0, 1.0e4).unwrap();
        // v + (u − v) · 1 = 1 + (0.04 − 1), rounded as optax rounds it
        assert!(close(s.value(0.0), 0.04));
        assert!(close(s.value(15.0), 0.52)); // halfway up: (0.04 + 1)/2
        assert_eq!(s.value(30.0), 1.0);
        assert!(close(s.value(65.0), (1.0 + 4e-6) / 2.0)); // halfway down
        assert!(close(s.value(100.0), 4e-6));
        assert!(close(s.value(1e9), 4e-6));
    }

    #[test]
    fn negative_steps_are_zero_as_in_optax() {
        let s = OneCycle::schedule(1.0, 100.0, 0.3, 25.0, 1.0e4).unwrap();
        assert_eq!(s.value(-1.0), 0.0);
    }

    #[test]
    fn the_peak_step_is_truncated() {
        // ⌊0.25 · 10⌋ = 2: the peak is at step 2, not 2.5.
        let s = OneCycle::schedule(1.0, 10.0, 0.25, 10.0, 1.0).unwrap();
        assert_eq!(s.value(2.0), 1.0);
        assert!(close(s.value(1.0), 0.55)); // halfway from 0.1 to 1
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err = OneCycle::schedule(1.0, 0.0, 0.3, 25.0, 1.0e4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected transition_steps to be a positive number, got: 0"
        );
        let err = OneCycle::schedule(1.0, 10.0, 1.5, 25.0, 1.0e4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected pct_start to be a number from 0 to 1, got: 1.5"
        );
        let err = OneCycle::schedule(1.0, 10.0, 0.3, 0.0, 1.0e4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected div_factor to be a positive number, got: 0"
        );
        let err = OneCycle::schedule(1.0, 10.0, 0.3, 25.0, -1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected final_div_factor to be a positive number, got: -1"
        );
    }
}
