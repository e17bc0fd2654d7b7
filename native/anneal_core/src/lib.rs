//! The maths of Anneal's learning-rate schedules, in pure Rust.
//!
//! Each schedule kind is a struct of typed options ([`kinds`]) that compiles to a [`Plan`]:
//! segments of a few [`primitive`]s. [`Schedule`] holds the options and their plan, its
//! `value(step)` computes the schedule in float64, and [`evaluate`] / [`evaluate_bytes`] fill
//! `f32` or `f64` buffers over many [`Steps`], walking the plan. Axon's five kinds follow
//! Axon 0.4.1's `Axon.Schedules` (with `linear_decay` scaled by `init_value`, as Polaris
//! corrected it); the others follow the peer each kind's documentation names.
//! The Elixir package and its NIF only decode, dispatch and encode: every formula lives here.
//!
//! ```
//! use anneal_core::{evaluate, CosineDecay, Schedule, Steps};
//!
//! // ½(1 + cos(π · t/10)) · 0.1 at t = 0, 5, 10
//! let schedule = Schedule::new(CosineDecay { init_value: 0.1, decay_steps: 10.0, alpha: 0.0, exponent: 1.0 })?;
//! assert_eq!(schedule.value(0.0), 0.1);
//!
//! let mut out = [0.0f64; 3];
//! evaluate(&schedule, Steps::range(0, 5, 3)?, &mut out)?;
//! assert!((out[1] - 0.05).abs() < 1e-16 && out[2] == 0.0);
//! # Ok::<(), anneal_core::ScheduleError>(())
//! ```
//!
//! Schedules are written and read as versioned JSON documents by the [`json`] module; a
//! document reads into the same typed options ([`Spec`]) as the NIF's specs.
//!
//! A new kind is a file in `kinds/` (its options, `validate`, `plan`) and a line in the
//! kind list there; compiled to the existing primitives, it is evaluated exactly, over ranges
//! and (through the plan) everywhere else without further code.
//!
//! ## Numerics
//! Everything is computed in float64; `f32` outputs are the correctly rounded float64 values.
//! `cosine_decay` uses the half-angle form γ₀((1 − α)cos²(πt/2k) + α), with the sine of the
//! remaining distance in the second half: the textbook ½(1 + cos(πt/k)) cancels near t = k and
//! loses up to thousands of f32 ulps there at k = 10⁷.
//!
//! ## Evaluation over ranges
//! [`evaluate`] over a range (and over long arithmetic stretches of s64 steps) walks the plan
//! and gives each run of steps in one segment to its primitive's vectorized kernel (constant,
//! cosine, exponential, Axon's linear forms, polynomial; the other primitives are computed
//! per step): one libm call per block of 512 steps, tables for the rest, and an error interval
//! per value. `f32` output stays bit-identical to `value(step) as f32` (steps whose interval
//! straddles a float32 rounding boundary are recomputed); `f64` output is within
//! 1e-14 · (|γ₀| + |v|) of `value(step)`. [`evaluate_exact`] is the per-step reference. The only `unsafe` in the crate calls the kernels'
//! AVX2 copy after checking that the CPU has AVX2.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod eval;
pub mod json;
mod kernel;
pub mod kinds;
mod pieces;
pub mod plan;
pub mod primitive;
mod runtime;
mod schedule;
mod steps;
pub mod tables;

mod sweep;

pub use error::ScheduleError;
pub use eval::{estimated_cost_ns, evaluate, evaluate_bytes, evaluate_exact, step_cost_ns, Sample};
pub use kinds::{
    Constant, CosineDecay, CosineDecayRestarts, CosineWithHardRestarts, CycleMode, Cyclic,
    DecayShape, ExponentialDecay, Interpolation, InverseSqrt, Join, LinearDecay, LinearOneCycle,
    Multiply, OneCycle, PiecewiseConstant, PiecewiseInterpolate, PolynomialDecay, Shift, Spec,
    WarmupConstant, WarmupCosineDecay, WarmupExponentialDecay, WarmupPolynomialDecay, WarmupShape,
    WarmupStableDecay,
};
pub use pieces::{evaluate_bytes_while, evaluate_many_bytes_while, evaluate_while, Halt};
pub use plan::{Factor, Plan, Segment};
pub use primitive::Primitive;
pub use runtime::{in_pool, isa, set_isa, set_threads, threads, Isa, ISA_ENV, MAX_THREADS};
pub use schedule::Schedule;
pub use steps::Steps;
pub use sweep::evaluate_many_bytes;
