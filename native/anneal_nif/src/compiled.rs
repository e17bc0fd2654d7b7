//! The compiled schedule: a resource holding a validated [`Schedule`] and its plan, made
//! once by `compile/1` and used by every evaluation without decoding or validating again.
//!
//! Elixir holds it in `%Anneal.Compiled{}` next to the plain `%Anneal.Schedule{}` it was
//! compiled from. A handle that is no longer a live resource of this library (it went
//! through `term_to_binary/1` into another VM, or was built by hand), or that holds a plan of
//! another [`LAYOUT_VERSION`], is *stale*: every NIF taking a handle then answers `:stale`,
//! and the Elixir side compiles the struct again.

use crate::atoms;
use crate::nifs::NORMAL_BUDGET_NS;
use crate::output::reply;
use crate::resource;
use crate::spec;
use anneal_core::plan::LAYOUT_VERSION;
use anneal_core::{step_cost_ns, Schedule};
use rustler::{Encoder, Env, Term};

/// A compiled schedule.
pub struct Compiled {
    /// The [`LAYOUT_VERSION`] of the plan it holds.
    layout: u32,
    schedule: Schedule,
    /// The estimated nanoseconds of one step, an upper bound on any path (see
    /// `anneal_core::step_cost_ns`): computed once, it prices any evaluation in O(1).
    step_ns: f64,
    /// Whether the plan is small enough (at most [`SMALL_PLAN`] segments) to walk for a finer
    /// estimate of a range's cost on a normal scheduler.
    small: bool,
}

/// Plans of at most this many segments are walked for a range's estimate: a few µs at most.
const SMALL_PLAN: usize = 64;

impl Compiled {
    /// The schedule, validated and compiled.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The estimated nanoseconds of one step on any path (computed when compiled).
    pub fn step_ns(&self) -> f64 {
        self.step_ns
    }

    /// Whether the plan has few enough segments to walk for a finer estimate of a range.
    pub fn small(&self) -> bool {
        self.small
    }
}

/// The compiled schedule behind `handle`, or `None` when the handle is stale (see the
/// module's documentation).
///
/// Borrowed for the NIF call, which the handle term keeps alive: no reference count is taken
/// and dropped (two atomic operations on every `fun.(step)`).
pub fn get<'a>(handle: Term<'a>) -> Option<&'a Compiled> {
    let compiled = resource::get(handle)?;
    (compiled.layout == LAYOUT_VERSION).then_some(compiled)
}

/// Cost of decoding one part of a spec (see `spec::parts`), generously.
const PART_DECODE_NS: f64 = 50.0;

/// `compile(spec)` on a normal scheduler: `{:ok, handle}`, `{:error, message}`, or `:dirty`
/// without doing anything when decoding the spec would take more than a fifth of a
/// timeslice (a schedule with many boundaries), found by counting its parts first.
#[rustler::nif]
fn compile<'a>(env: Env<'a>, spec: Term<'a>) -> Term<'a> {
    let cap = (NORMAL_BUDGET_NS / PART_DECODE_NS) as usize;
    if spec::parts(spec, cap) > cap {
        atoms::dirty().encode(env)
    } else {
        compile_reply(env, spec)
    }
}

/// `compile/1` on a dirty CPU scheduler, for a spec of any size.
#[rustler::nif(schedule = "DirtyCpu")]
fn compile_dirty<'a>(env: Env<'a>, spec: Term<'a>) -> Term<'a> {
    compile_reply(env, spec)
}

fn compile_reply<'a>(env: Env<'a>, spec: Term<'a>) -> Term<'a> {
    let result = spec::decode(spec).map(|schedule| {
        let compiled = Compiled {
            layout: LAYOUT_VERSION,
            step_ns: step_cost_ns(&schedule),
            small: schedule.size() <= SMALL_PLAN,
            schedule,
        };
        resource::make(env, compiled)
    });
    reply(env, result)
}
