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
use crate::spec;
use anneal_core::plan::LAYOUT_VERSION;
use anneal_core::Schedule;
use rustler::{Encoder, Env, Resource, ResourceArc, Term};

/// A compiled schedule.
pub struct Compiled {
    /// The [`LAYOUT_VERSION`] of the plan it holds.
    layout: u32,
    schedule: Schedule,
    /// ⌈log₂ segments⌉: the levels of the binary search that finds a step's segment.
    search_levels: u32,
}

#[rustler::resource_impl]
impl Resource for Compiled {}

impl Compiled {
    /// The schedule, validated and compiled.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The levels of the binary search that finds a step's segment, ⌈log₂ segments⌉.
    pub fn search_levels(&self) -> u32 {
        self.search_levels
    }
}

/// The compiled schedule behind `handle`, or `None` when the handle is stale (see the
/// module's documentation).
pub fn get(handle: Term) -> Option<ResourceArc<Compiled>> {
    let compiled: ResourceArc<Compiled> = handle.decode().ok()?;
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
        // Schedule::size counts the segments of every factor: each is searched per step.
        let segments = schedule.size();
        ResourceArc::new(Compiled {
            layout: LAYOUT_VERSION,
            schedule,
            search_levels: segments.next_power_of_two().trailing_zeros(),
        })
        .encode(env)
    });
    reply(env, result)
}
