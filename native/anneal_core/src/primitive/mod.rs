//! The primitives: the few formulas every schedule is made of.
//!
//! A [`Primitive`] is a formula of the step local to its segment (the step with the
//! segment's frame offsets subtracted, see [`Plan`](crate::Plan)), with its parameters
//! computed once when the plan is built. Each one keeps the operation order of the peer
//! whose formula it serves, so that values stay bit-identical to the formulas they replace.
//! Evaluators (the exact path here, the range kernels in `kernel/`) implement primitives,
//! never kinds: a new kind that compiles to these primitives is evaluated by all of them.

mod blend;
mod cosine;
mod cosine_interp;
mod cyclic;
mod exponential;
mod hard_restarts;
mod inverse_sqrt;
mod linear;
mod polynomial;
mod restarts;

pub use blend::{Blend, BlendShape};
pub use cosine::Cosine;
pub use cosine::{half_cosine, wave};
pub use cosine_interp::CosineInterp;
pub use cyclic::{CycleScale, Cyclic};
pub use exponential::Exponential;
pub use hard_restarts::HardRestarts;
pub use inverse_sqrt::InverseSqrt;
pub use linear::Linear;
pub use polynomial::Polynomial;
pub use restarts::Restarts;

/// One formula of the local step t, with its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Primitive {
    /// The same value at every step.
    Const(f64),
    /// A straight line, in one of the peers' operation orders (see [`Linear`]).
    Linear(Linear),
    /// s · ((1 − α) · (½(1 + cos(π · min(t, k)/k)))^e + α) (see [`Cosine`]).
    Cosine(Cosine),
    /// v + (u − v) · ½(1 + cos(π · min(t, k)/k)) (see [`CosineInterp`]).
    CosineInterp(CosineInterp),
    /// γ₀ · r^(t/k), the exponent floored for a staircase (see [`Exponential`]).
    Exponential(Exponential),
    /// (γ₀ − γₙ) · ((k − clamp(t, 0, k))/k)^p + γₙ (see [`Polynomial`]).
    Polynomial(Polynomial),
    /// s / √((t + shift)/τ) (see [`InverseSqrt`]).
    InverseSqrt(InverseSqrt),
    /// s · max(0, f(t) · (1 − m) + m), Hugging Face's minimum-ratio form (see [`Blend`]).
    Blend(Blend),
    /// Cosine decays that restart (periodic, no finite segment list; see [`Restarts`]).
    Restarts(Restarts),
    /// A triangle wave, its height scaled per cycle or per step (periodic; see [`Cyclic`]).
    Cyclic(Cyclic),
    /// n cosine decays from the top over a finite span (see [`HardRestarts`]).
    HardRestarts(HardRestarts),
}

impl Primitive {
    /// The value at the local step `t`.
    #[inline]
    pub fn value(&self, t: f64) -> f64 {
        match self {
            Self::Const(v) => *v,
            Self::Linear(p) => p.value(t),
            Self::Cosine(p) => p.value(t),
            Self::CosineInterp(p) => p.value(t),
            Self::Exponential(p) => p.value(t),
            Self::Polynomial(p) => p.value(t),
            Self::InverseSqrt(p) => p.value(t),
            Self::Blend(p) => p.value(t),
            Self::Restarts(p) => p.value(t),
            Self::Cyclic(p) => p.value(t),
            Self::HardRestarts(p) => p.value(t),
        }
    }

    /// For a primitive that changes for ever (no later segment ends it), how many steps after
    /// its segment begins its shape is worth drawing: an exponential until its value has
    /// changed 100-fold (1 to 1000 transitions), an inverse square root for 10 timescales,
    /// restarts and cycles for three periods. `None` for the others, which a later segment ends.
    pub fn span(&self) -> Option<f64> {
        match self {
            Self::Exponential(p) => {
                let transitions = if p.rate == 0.0 || p.rate == 1.0 {
                    1.0
                } else {
                    (100f64.ln() / p.rate.ln().abs()).ceil().clamp(1.0, 1000.0)
                };
                Some(p.k * transitions)
            }
            Self::InverseSqrt(p) => Some(10.0 * p.timescale),
            Self::Restarts(p) => Some(p.first * (1.0 + p.t_mul + p.t_mul * p.t_mul)),
            Self::Cyclic(p) => Some(3.0 * p.total),
            _ => None,
        }
    }

    /// The primitive's name, as plan tables and errors spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Const(_) => "const",
            Self::Linear(_) => "linear",
            Self::Cosine(_) => "cosine",
            Self::CosineInterp(_) => "cosine_interp",
            Self::Exponential(_) => "exponential",
            Self::Polynomial(_) => "polynomial",
            Self::InverseSqrt(_) => "inverse_sqrt",
            Self::Blend(_) => "blend",
            Self::Restarts(_) => "restarts",
            Self::Cyclic(_) => "cyclic",
            Self::HardRestarts(_) => "hard_restarts",
        }
    }
}

/// A number is the constant primitive.
impl From<f64> for Primitive {
    fn from(value: f64) -> Self {
        Self::Const(value)
    }
}

macro_rules! from_primitive {
    ($($p:ident),*) => {$(
        impl From<$p> for Primitive {
            fn from(p: $p) -> Self {
                Self::$p(p)
            }
        }
    )*};
}

from_primitive!(
    Linear,
    Cosine,
    CosineInterp,
    Exponential,
    Polynomial,
    InverseSqrt,
    Blend,
    Restarts,
    Cyclic,
    HardRestarts
);
