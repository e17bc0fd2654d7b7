//! `warmup_stable_decay`: a warmup, a plateau, then a decay to `min_lr_ratio`
//! (Hugging Face's `get_wsd_schedule`, transformers ≥ 4.49, scaled by `init_value`).

use crate::error::{finite, fraction, non_negative, positive, ScheduleError};
use crate::kinds::options::{holds_default, Default::*, Opt, Rule::*};
use crate::kinds::{marked, Kind};
use crate::primitive::{Blend, BlendShape};
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// The shape of the decay phase of [`WarmupStableDecay`], as a function of its progress p.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecayShape {
    /// ½(1 + cos(πp)).
    Cosine,
    /// 1 − p.
    Linear,
    /// 1 − √p (Hugging Face's `"1-sqrt"`).
    Sqrt,
}

/// The shape of the warmup phase of [`WarmupStableDecay`], as a function of its progress p.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarmupShape {
    /// p.
    Linear,
    /// ½(1 − cos(πp)).
    Cosine,
    /// 1 − √(1 − p) (Hugging Face's `"1-sqrt"`).
    Sqrt,
}

/// With w, s, d the warmup, stable and decay lengths and m = `min_lr_ratio`:
/// γ(t) = γ₀ · max(0, m + (1 − m) · g(t/max(1, w))) for t < w; γ₀ for t < w + s;
/// γ₀ · max(0, m + (1 − m) · f(p)) with p = (t − w − s)/max(1, d) for t < w + s + d;
/// γ₀ · m after. g is the [`WarmupShape`], f the [`DecayShape`], its cosine
/// ½(1 + cos(2π · n · p)) with n = `num_cycles`. Each phase is a [`Blend`] or a constant; the
/// decay's step is (t − w) − s. Below step 0 the warmup formula continues, as in Hugging
/// Face (a cosine warmup oscillates there).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarmupStableDecay {
    /// γ₀, finite.
    pub init_value: f64,
    /// w, non-negative. Required.
    pub warmup_steps: f64,
    /// s, non-negative. Required.
    pub stable_steps: f64,
    /// d, positive. Required.
    pub decay_steps: f64,
    /// m, from 0 to 1. Defaults to 0.
    pub min_lr_ratio: f64,
    /// f. Defaults to [`DecayShape::Cosine`].
    pub decay_type: DecayShape,
    /// g. Defaults to [`WarmupShape::Linear`] (not written at its default).
    #[serde(skip_serializing_if = "warmup_type_is_default")]
    pub warmup_type: WarmupShape,
    /// n, non-negative: how many cosine periods the cosine decay spans. Defaults to ½ (not
    /// written at its default).
    #[serde(skip_serializing_if = "num_cycles_is_default")]
    pub num_cycles: f64,
}

fn warmup_type_is_default(shape: &WarmupShape) -> bool {
    holds_default(WarmupStableDecay::OPTIONS, "warmup_type", shape)
}

fn num_cycles_is_default(value: &f64) -> bool {
    holds_default(WarmupStableDecay::OPTIONS, "num_cycles", value)
}

impl WarmupStableDecay {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        warmup_steps: f64,
        stable_steps: f64,
        decay_steps: f64,
        min_lr_ratio: f64,
        decay_type: DecayShape,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            warmup_steps,
            stable_steps,
            decay_steps,
            min_lr_ratio,
            decay_type,
            warmup_type: WarmupShape::Linear,
            num_cycles: 0.5,
        })
    }
}

impl Kind for WarmupStableDecay {
    const NAME: &'static str = "warmup_stable_decay";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("warmup_steps", Required, NonNegative),
        Opt::new("stable_steps", Required, NonNegative),
        Opt::new("decay_steps", Required, Positive),
        Opt::new("min_lr_ratio", Float(0.0), Fraction),
        Opt::new(
            "decay_type",
            Atom("cosine"),
            OneOf(&["cosine", "linear", "sqrt"]),
        ),
        Opt::new(
            "warmup_type",
            Atom("linear"),
            OneOf(&["linear", "cosine", "sqrt"]),
        )
        .added_later(),
        Opt::new("num_cycles", Float(0.5), NonNegative).added_later(),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        non_negative("warmup_steps", self.warmup_steps)?;
        non_negative("stable_steps", self.stable_steps)?;
        positive("decay_steps", self.decay_steps)?;
        fraction("min_lr_ratio", self.min_lr_ratio)?;
        non_negative("num_cycles", self.num_cycles)?;
        Ok(())
    }

    fn plan(&self) -> Plan {
        let (init, w, s, d, m) = (
            self.init_value,
            self.warmup_steps,
            self.stable_steps,
            self.decay_steps,
            self.min_lr_ratio,
        );
        let blend = |width: f64, shape| Blend {
            scale: init,
            min_ratio: m,
            width,
            shape,
        };
        let n = self.num_cycles;
        let decay = match self.decay_type {
            // Half a period over d: the wave held at its end, as the other shapes are.
            DecayShape::Cosine if n == 0.5 => blend(d.max(1.0), BlendShape::Cosine),
            // cos(2π · n · p) = cos(π · t/(max(1, d)/2n)).
            DecayShape::Cosine => blend(d.max(1.0) / (2.0 * n), BlendShape::Wave),
            DecayShape::Linear => blend(d.max(1.0), BlendShape::Linear),
            DecayShape::Sqrt => blend(d.max(1.0), BlendShape::Sqrt),
        };
        let warmup = match self.warmup_type {
            WarmupShape::Linear => BlendShape::Rise,
            WarmupShape::Cosine => BlendShape::CosineRise,
            WarmupShape::Sqrt => BlendShape::SqrtRise,
        };
        // Hugging Face compares the step with w, w + s and w + s + d, and decays along
        // t − w − s: the decay sits in two frames, (t − w) − s.
        let decay = Plan::new(decay).in_frame(s).in_frame(w);
        Plan::new(blend(w.max(1.0), warmup))
            .then(w, init * 1.0, marked(w, "warmup end"))
            .then_frame(w + s, 0.0, decay, marked(s, "decay begins"))
            .then(w + s + d, init * m, Some("decay end"))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    fn wsd(m: f64, shape: DecayShape) -> Schedule {
        WarmupStableDecay::schedule(2.0, 10.0, 20.0, 100.0, m, shape).unwrap()
    }

    #[test]
    fn warms_up_from_the_min_ratio_holds_then_decays() {
        let s = wsd(0.5, DecayShape::Linear);
        assert_eq!(s.value(0.0), 1.0); // 2 · m
        assert_eq!(s.value(5.0), 1.5); // 2 · (0.5 + 0.5 · ½)
        assert_eq!(s.value(10.0), 2.0); // the plateau starts at w
        assert_eq!(s.value(29.0), 2.0);
        assert_eq!(s.value(30.0), 2.0); // the decay starts at p = 0
        assert_eq!(s.value(80.0), 1.5); // p = ½: 2 · (0.5 + 0.5 · ½)
        assert_eq!(s.value(130.0), 1.0); // after the decay: 2 · m
        assert_eq!(s.value(1e9), 1.0);
    }

    #[test]
    fn decay_shapes() {
        // p = ¼ at step 55
        assert!(close(
            wsd(0.0, DecayShape::Cosine).value(55.0),
            2.0 * (0.5 + 0.25 * 2f64.sqrt())
        ));
        assert_eq!(wsd(0.0, DecayShape::Linear).value(55.0), 1.5);
        assert_eq!(wsd(0.0, DecayShape::Sqrt).value(55.0), 1.0); // 2 · (1 − ½)
    }

    #[test]
    fn negative_warmup_progress_is_clipped_at_zero() {
        // 0.5 + 0.5 · (−10/10) = 0 at step −10, and below 0 further down.
        let s = wsd(0.5, DecayShape::Cosine);
        assert_eq!(s.value(-5.0), 0.5);
        assert_eq!(s.value(-30.0), 0.0);
    }

    #[test]
    fn rejects_bad_parameters_with_one_message_each() {
        let err =
            WarmupStableDecay::schedule(1.0, 0.0, 0.0, 10.0, 1.5, DecayShape::Cosine).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected min_lr_ratio to be a number from 0 to 1, got: 1.5"
        );
        let err =
            WarmupStableDecay::schedule(1.0, 0.0, -1.0, 10.0, 0.0, DecayShape::Cosine).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected stable_steps to be a non-negative number, got: -1"
        );
        let err =
            WarmupStableDecay::schedule(1.0, 0.0, 0.0, 0.0, 0.0, DecayShape::Cosine).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_steps to be a positive number, got: 0"
        );
    }
}
