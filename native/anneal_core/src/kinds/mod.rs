//! The schedule kinds: typed options, their validation, and how each compiles to a [`Plan`].
//!
//! Each kind is a plain struct named after it whose fields are the options as Elixir and
//! JSON spell them (serde derives read them by name). [`Kind::OPTIONS`] lists them with their
//! defaults and rules, written once ([`options`]); [`Spec::from_json_value`] fills in the
//! defaults of those left out. [`Kind::validate`] checks them with one message per rule;
//! [`Kind::plan`] turns validated options into segments of primitives. [`Spec`] holds any
//! kind, tagged by `"kind"`, and [`Schedule::new`](crate::Schedule::new) validates and
//! compiles it.
//!
//! A new kind is one file here (its struct, `OPTIONS`, `validate`, `plan`), one variant of [`Spec`] and
//! its line in `kind_list!`; every evaluator follows from the primitives it compiles to.

mod constant;
mod cosine_decay;
mod cosine_decay_restarts;
mod cosine_with_hard_restarts;
mod cyclic;
mod exponential_decay;
mod inverse_sqrt;
mod join;
mod linear_decay;
mod linear_one_cycle;
mod multiply;
mod one_cycle;
pub mod options;
mod piecewise_constant;
mod piecewise_interpolate;
mod polynomial_decay;
mod shift;
mod warmup_constant;
mod warmup_cosine_decay;
mod warmup_exponential_decay;
mod warmup_polynomial_decay;
mod warmup_stable_decay;

pub use constant::Constant;
pub use cosine_decay::CosineDecay;
pub use cosine_decay_restarts::CosineDecayRestarts;
pub use cosine_with_hard_restarts::CosineWithHardRestarts;
pub use cyclic::{CycleMode, Cyclic};
pub use exponential_decay::ExponentialDecay;
pub use inverse_sqrt::InverseSqrt;
pub use join::Join;
pub use linear_decay::LinearDecay;
pub use linear_one_cycle::LinearOneCycle;
pub use multiply::Multiply;
pub use one_cycle::OneCycle;
pub use piecewise_constant::PiecewiseConstant;
pub use piecewise_interpolate::{Interpolation, PiecewiseInterpolate};
pub use polynomial_decay::PolynomialDecay;
pub use shift::Shift;
pub use warmup_constant::WarmupConstant;
pub use warmup_cosine_decay::WarmupCosineDecay;
pub use warmup_exponential_decay::WarmupExponentialDecay;
pub use warmup_polynomial_decay::WarmupPolynomialDecay;
pub use warmup_stable_decay::{DecayShape, WarmupShape, WarmupStableDecay};

use crate::{Plan, ScheduleError};
use serde::{Deserialize, Serialize};

/// A schedule kind: typed options that validate and compile to a plan.
pub trait Kind {
    /// The kind's name, as Elixir and JSON spell it.
    const NAME: &'static str;
    /// The options besides `init_value`, in canonical order, with their defaults and rules
    /// (see [`options`]): the one place both are written.
    const OPTIONS: &'static [options::Opt];
    /// Checks every option, in the order the messages are pinned; the first failure is the error.
    fn validate(&self) -> Result<(), ScheduleError>;
    /// The plan of validated options (options that fail [`Kind::validate`] give a plan of
    /// unspecified values, never a panic).
    fn plan(&self) -> Plan;
}

/// `label` where `length` is positive: a phase of no steps is not marked.
fn marked(length: f64, label: &str) -> Option<&str> {
    (length > 0.0).then_some(label)
}

macro_rules! kind_list {
    ($($kind:ident),* $(,)?) => {
        /// The options of a schedule of any kind, tagged by `"kind"` (serde's internally
        /// tagged form: `{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": 100}`).
        /// serde reads every option as written, so a document that leaves options at their
        /// defaults is read with [`Spec::from_json_value`], which fills them in.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Spec {
            $(
                #[doc = concat!("See [`", stringify!($kind), "`].")]
                $kind($kind),
            )*
        }

        impl Spec {
            /// The kind's name.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Self::$kind(_) => $kind::NAME,)*
                }
            }

            /// Reads the options of a schedule by name, `kind` among them, as JSON values
            /// (integers read where floats are expected), with the defaults of those left
            /// out filled in (see [`options::with_defaults`]); not yet validated. The error
            /// is serde's description.
            pub fn from_json_value(mut spec: serde_json::Value) -> Result<Self, serde_json::Error> {
                options::with_defaults(&mut spec);
                serde_json::from_value(spec)
            }

            /// Checks every option (see [`Kind::validate`]).
            pub fn validate(&self) -> Result<(), ScheduleError> {
                match self {
                    $(Self::$kind(k) => k.validate(),)*
                }
            }

            /// The plan (see [`Kind::plan`]).
            pub fn plan(&self) -> Plan {
                match self {
                    $(Self::$kind(k) => k.plan(),)*
                }
            }
        }

        $(
            impl From<$kind> for Spec {
                fn from(k: $kind) -> Self {
                    Self::$kind(k)
                }
            }
        )*

        /// Every kind's name, in the order of `Anneal.Schedule.kinds/0`.
        pub const KINDS: &[&str] = &[$($kind::NAME),*];

        /// Every kind's name with its options (see [`Kind::OPTIONS`]).
        pub const SCHEMA: &[(&str, &[options::Opt])] = &[$(($kind::NAME, $kind::OPTIONS)),*];
    };
}

kind_list!(
    Constant,
    CosineDecay,
    ExponentialDecay,
    LinearDecay,
    PolynomialDecay,
    WarmupCosineDecay,
    PiecewiseConstant,
    InverseSqrt,
    WarmupStableDecay,
    CosineDecayRestarts,
    OneCycle,
    Join,
    PiecewiseInterpolate,
    LinearOneCycle,
    WarmupConstant,
    WarmupExponentialDecay,
    CosineWithHardRestarts,
    WarmupPolynomialDecay,
    Cyclic,
    Multiply,
    Shift,
);
