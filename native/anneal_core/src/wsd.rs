//! `warmup_stable_decay`: a linear warmup, a plateau, then a decay to `min_lr_ratio`
//! (Hugging Face's `get_wsd_schedule`, transformers ≥ 4.49, scaled by `init_value`).

use crate::cosine::half_cosine;
use crate::error::{finite, fraction, non_negative, positive, ScheduleError};

/// The shape of the decay phase of [`WarmupStableDecay`], as a function of its progress p.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecayShape {
    /// ½(1 + cos(πp)).
    Cosine,
    /// 1 − p.
    Linear,
    /// 1 − √p (Hugging Face's `"1-sqrt"`).
    Sqrt,
}

/// With w, s, d the warmup, stable and decay lengths and m = `min_lr_ratio`:
/// γ(t) = γ₀ · max(0, m + (1 − m) · t/max(1, w)) for t < w; γ₀ for t < w + s;
/// γ₀ · max(0, m + (1 − m) · f(p)) with p = (t − w − s)/max(1, d) for t < w + s + d;
/// γ₀ · m after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarmupStableDecay {
    init_value: f64,
    warmup_steps: f64,
    stable_steps: f64,
    decay_steps: f64,
    min_lr_ratio: f64,
    decay_type: DecayShape,
}

impl WarmupStableDecay {
    /// Builds the schedule; `warmup_steps` and `stable_steps` must be non-negative,
    /// `decay_steps` positive, `min_lr_ratio` from 0 to 1, every parameter finite.
    pub fn new(
        init_value: f64,
        warmup_steps: f64,
        stable_steps: f64,
        decay_steps: f64,
        min_lr_ratio: f64,
        decay_type: DecayShape,
    ) -> Result<Self, ScheduleError> {
        Ok(Self {
            init_value: finite("init_value", init_value)?,
            warmup_steps: non_negative("warmup_steps", warmup_steps)?,
            stable_steps: non_negative("stable_steps", stable_steps)?,
            decay_steps: positive("decay_steps", decay_steps)?,
            min_lr_ratio: fraction("min_lr_ratio", min_lr_ratio)?,
            decay_type,
        })
    }

    /// The value at `step`.
    pub fn value(&self, step: f64) -> f64 {
        let (w, s, d, m) = (
            self.warmup_steps,
            self.stable_steps,
            self.decay_steps,
            self.min_lr_ratio,
        );
        let factor = if step < w {
            let progress = step / w.max(1.0);
            (progress * (1.0 - m) + m).max(0.0)
        } else if step < w + s {
            1.0
        } else if step < w + s + d {
            let t = step - w - s;
            let progress = t / d.max(1.0);
            let shape = match self.decay_type {
                DecayShape::Cosine => half_cosine(t, d.max(1.0)),
                DecayShape::Linear => 1.0 - progress,
                DecayShape::Sqrt => 1.0 - progress.sqrt(),
            };
            (shape * (1.0 - m) + m).max(0.0)
        } else {
            m
        };
        self.init_value * factor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-15 * (1.0 + b.abs())
    }

    fn wsd(m: f64, shape: DecayShape) -> WarmupStableDecay {
        WarmupStableDecay::new(2.0, 10.0, 20.0, 100.0, m, shape).unwrap()
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
        let err = WarmupStableDecay::new(1.0, 0.0, 0.0, 10.0, 1.5, DecayShape::Cosine).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected min_lr_ratio to be a number from 0 to 1, got: 1.5"
        );
        let err =
            WarmupStableDecay::new(1.0, 0.0, -1.0, 10.0, 0.0, DecayShape::Cosine).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected stable_steps to be a non-negative number, got: -1"
        );
        let err = WarmupStableDecay::new(1.0, 0.0, 0.0, 0.0, 0.0, DecayShape::Cosine).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected decay_steps to be a positive number, got: 0"
        );
    }
}
