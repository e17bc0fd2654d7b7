//! `piecewise_interpolate`: `init_value` scaled at each boundary, interpolated linearly or
//! along a cosine between boundaries (optax's `piecewise_interpolate_schedule`).

use crate::error::{finite, non_negative, require, ScheduleError};
use crate::kinds::options::{Default::*, Opt, Rule::*};
use crate::kinds::Kind;
use crate::primitive::{CosineInterp, Linear, Primitive};
use crate::{Plan, Schedule};
use serde::{Deserialize, Serialize};

/// How [`PiecewiseInterpolate`] goes from one knot to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interpolation {
    /// (v − u) · p + u.
    Linear,
    /// v + (u − v) · ½(1 + cos(πp)).
    Cosine,
}

impl Interpolation {
    /// From `from` to `to` over `width` steps (p = t/width).
    fn between(self, from: f64, to: f64, width: f64) -> Primitive {
        match self {
            Self::Linear => Linear::Lerp { from, to, width }.into(),
            Self::Cosine => CosineInterp { from, to, k: width }.into(),
        }
    }
}

/// With boundaries b₁ < b₂ < … (b₀ = 0) and values v₀ = γ₀, vᵢ = vᵢ₋₁ · sᵢ: γ(t) = 0 for
/// t < 0; from vᵢ to vᵢ₊₁ over [bᵢ, bᵢ₊₁), with p = (t − bᵢ)/max(bᵢ₊₁ − bᵢ, 1); the last
/// value from the last boundary on. One segment per interval, in a frame that subtracts bᵢ.
///
/// As in optax, the value is 0 below step 0 (with no boundaries too) and a scale applies in
/// full at its boundary. optax refuses negative scales; Anneal also refuses negative
/// boundaries and a boundary given twice (`%{100 => 0.5, 100.0 => 0.1}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PiecewiseInterpolate {
    /// γ₀, finite.
    pub init_value: f64,
    /// (boundary, scale) pairs in any order; boundaries finite, non-negative and distinct,
    /// scales finite and non-negative. Required.
    pub boundaries_and_scales: Vec<(f64, f64)>,
    /// The interpolation. Defaults to [`Interpolation::Linear`].
    pub interpolate_type: Interpolation,
}

impl PiecewiseInterpolate {
    /// Shorthand for [`Schedule::new`] with these options.
    pub fn schedule(
        init_value: f64,
        boundaries_and_scales: impl IntoIterator<Item = (f64, f64)>,
        interpolate_type: Interpolation,
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(Self {
            init_value,
            boundaries_and_scales: boundaries_and_scales.into_iter().collect(),
            interpolate_type,
        })
    }

    /// The knots' plan, each boundary's phase marked by `label(index, scale)`.
    pub(crate) fn plan_labelled(&self, label: impl Fn(usize, f64) -> String) -> Plan {
        let mut pairs = self.boundaries_and_scales.clone();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut plan = Plan::constant(0.0);
        let (mut at, mut value) = (0.0, self.init_value);
        let mut marker = None;
        for (i, &(boundary, scale)) in pairs.iter().enumerate() {
            // optax's cumulative product, in boundary order.
            let next = value * scale;
            let step = self
                .interpolate_type
                .between(value, next, (boundary - at).max(1.0));
            // An interval of no steps (a boundary at 0) is dropped by the next one.
            plan = plan.then_frame(at, at, Plan::new(step), marker.as_deref());
            marker = Some(label(i, scale));
            (at, value) = (boundary, next);
        }
        plan.then(at, value, marker.as_deref())
    }
}

impl Kind for PiecewiseInterpolate {
    const NAME: &'static str = "piecewise_interpolate";
    const OPTIONS: &'static [Opt] = &[
        Opt::new("boundaries_and_scales", Required, BoundariesAndScales),
        Opt::new(
            "interpolate_type",
            Atom("linear"),
            OneOf(&["linear", "cosine"]),
        ),
    ];

    fn validate(&self) -> Result<(), ScheduleError> {
        finite("init_value", self.init_value)?;
        for &(b, s) in &self.boundaries_and_scales {
            non_negative("boundary", b)?;
            non_negative("scale", s)?;
        }
        let mut steps: Vec<f64> = self.boundaries_and_scales.iter().map(|p| p.0).collect();
        steps.sort_by(f64::total_cmp);
        for pair in steps.windows(2) {
            require(pair[0] < pair[1], "boundary", pair[1], "a step given once")?;
        }
        Ok(())
    }

    fn plan(&self) -> Plan {
        self.plan_labelled(|_, scale| format!("×{scale}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_accumulated_values() {
        // optax's docstring example: knots (0, 1), (4, 0.1), (8, 0.01).
        let s =
            PiecewiseInterpolate::schedule(1.0, [(8.0, 0.1), (4.0, 0.1)], Interpolation::Linear)
                .unwrap();
        assert_eq!(s.value(-1.0), 0.0); // 0 below step 0
        assert_eq!(s.value(0.0), 1.0);
        assert_eq!(s.value(2.0), (0.1 - 1.0) * 0.5 + 1.0); // 0.55, halfway
        assert_eq!(s.value(4.0), 0.1);
        assert_eq!(s.value(1e9), 0.1 * 0.1);
    }

    #[test]
    fn refuses_a_boundary_given_twice_and_negative_ones() {
        let err =
            PiecewiseInterpolate::schedule(1.0, [(5.0, 0.5), (5.0, 0.1)], Interpolation::Linear)
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected boundary to be a step given once, got: 5"
        );
        let err =
            PiecewiseInterpolate::schedule(1.0, [(-5.0, 0.5)], Interpolation::Linear).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected boundary to be a non-negative number, got: -5"
        );
    }
}
