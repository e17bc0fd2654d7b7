//! `warmup_exponential_decay`: a straight line from `init_value` to `peak_value`, then an
//! exponential decay from the peak (optax's `warmup_exponential_decay_schedule`).

use crate::error::{finite, non_negative, positive, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::{marked, ExponentialDecay, Kind};
use crate::primitive::Linear;
use crate::Plan;
use serde::{Deserialize, Serialize};

/// optax's join at w of `linear_schedule(γ₀, γₚ, w)` (γ₀ below step 0; γ₀ at every step
/// below w = 0) and `exponential_decay(γₚ, …)` at t − w: [`ExponentialDecay`]'s plan in a
/// frame that subtracts w, so `transition_begin` counts from the end of the warmup, and
/// `end_value` bounds every step from w on (never the warmup).
///
/// optax gives a constant γₚ where `decay_rate` = 0; Anneal refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarmupExponentialDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// γₚ, finite. Required.
    pub peak_value: f64,
    /// w, non-negative. Required.
    pub warmup_steps: f64,
    /// k, positive. Required.
    pub transition_steps: f64,
    /// r, positive. Required.
    pub decay_rate: f64,
    /// Where the decay begins, counted from w, non-negative. Defaults to 0.
    pub transition_begin: f64,
    /// Whether the exponent is floored. Defaults to `false`.
    pub staircase: bool,
    /// The bound of the decay (see [`ExponentialDecay`]), or `None` (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_value: Option<f64>,
}

impl WarmupExponentialDecay {
    /// The decay after the warmup.
    fn decay(&self) -> ExponentialDecay {
        ExponentialDecay {
            init_value: self.peak_value,
            decay_rate: self.decay_rate,
            transition_steps: self.transition_steps,
            transition_begin: self.transition_begin,
            staircase: self.staircase,
            end_value: self.end_value,
        }
    }
}

impl Kind for WarmupExponentialDecay {
    const NAME: &'static str = "warmup_exponential_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("peak_value", Required, Finite),
        Opt::new("warmup_steps", Required, NonNegative),
        Opt::new("transition_steps", Required, Positive),
        Opt::new("decay_rate", Required, Positive),
        Opt::new("transition_begin", Int(0), NonNegative),
        Opt::new("staircase", Bool(false), Boolean),
        Opt::new("end_value", Nil, Finite),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        finite("peak_value", self.peak_value)?;
        non_negative("warmup_steps", self.warmup_steps)?;
        positive("decay_rate", self.decay_rate)?;
        self.decay().validate()
    }

    fn plan(&self) -> Plan {
        let w = self.warmup_steps;
        let warmup = if w > 0.0 {
            Plan::new(Linear::Interp {
                from: self.init_value,
                to: self.peak_value,
                width: w,
            })
        } else {
            Plan::constant(self.init_value)
        };
        warmup.then_frame(w, w, self.decay().plan(), marked(w, "warmup end"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Schedule;

    fn schedule(warmup_steps: f64, end_value: Option<f64>) -> Result<Schedule, ScheduleError> {
        Schedule::new(WarmupExponentialDecay {
            init_value: 0.0,
            peak_value: 1.0,
            warmup_steps,
            transition_steps: 10.0,
            decay_rate: 0.5,
            transition_begin: 0.0,
            staircase: false,
            end_value,
        })
    }

    #[test]
    fn warms_up_then_decays_from_the_peak() {
        let s = schedule(10.0, None).unwrap();
        assert_eq!(s.value(-1.0), 0.0);
        assert_eq!(s.value(5.0), 0.5); // (0 − 1) · (1 − ½) + 1
        assert_eq!(s.value(10.0), 1.0);
        assert_eq!(s.value(30.0), 0.25); // 0.5^(20/10)
                                         // The bound holds from the end of the warmup on, never before.
        let s = schedule(10.0, Some(0.4)).unwrap();
        assert_eq!(s.value(5.0), 0.5);
        assert_eq!(s.value(30.0), 0.4);
    }

    #[test]
    fn refuses_a_zero_rate() {
        let err = Schedule::new(WarmupExponentialDecay {
            decay_rate: 0.0,
            ..BASE
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_rate to be a positive number, got: 0"
        );
    }

    const BASE: WarmupExponentialDecay = WarmupExponentialDecay {
        init_value: 0.0,
        peak_value: 1.0,
        warmup_steps: 1.0,
        transition_steps: 10.0,
        decay_rate: 0.5,
        transition_begin: 0.0,
        staircase: false,
        end_value: None,
    };
}
