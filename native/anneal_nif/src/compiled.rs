//! The compiled schedule: a resource holding a validated [`Schedule`] and its plan, made
//! once by `compile/1` and used by every evaluation without decoding or validating again.
//!
//! Elixir holds it in `%Anneal.Compiled{}` next to the plain `%Anneal.Schedule{}` it was
//! compiled from. A handle that is no longer a live resource of this library (it went
//! through `term_to_binary/1` into another VM, or was built by hand), or that holds a plan of
//! another [`LAYOUT_VERSION`], is *stale*: every NIF taking a handle then answers `:stale`,
//! and the Elixir side compiles the struct again.

use crate::atoms;
use crate::output::reply;
use crate::spec;
use anneal_core::plan::LAYOUT_VERSION;
use anneal_core::Schedule;
use rustler::types::map::MapIterator;
use rustler::types::tuple::get_tuple;
use rustler::{Encoder, Env, Resource, ResourceArc, Term, TermType};

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

/// The terms of a spec decoded on a normal scheduler at most (a few tens of microseconds).
const NORMAL_TERMS: usize = 2_000;

/// Nesting that the size check follows; anything deeper is left to the dirty flavour (whose
/// decoder refuses too much nesting with its own message).
const NORMAL_NESTING: usize = 64;

/// `compile(spec)` on a normal scheduler: `{:ok, handle}`, `{:error, message}`, or `:dirty`
/// without doing anything when the spec is larger than [`NORMAL_TERMS`] terms.
#[rustler::nif]
fn compile<'a>(env: Env<'a>, spec: Term<'a>) -> Term<'a> {
    let mut budget = NORMAL_TERMS;
    if small(spec, &mut budget, 0) {
        compile_reply(env, spec)
    } else {
        atoms::dirty().encode(env)
    }
}

/// `compile/1` on a dirty CPU scheduler, for a spec of any size.
#[rustler::nif(schedule = "DirtyCpu")]
fn compile_dirty<'a>(env: Env<'a>, spec: Term<'a>) -> Term<'a> {
    compile_reply(env, spec)
}

fn compile_reply<'a>(env: Env<'a>, spec: Term<'a>) -> Term<'a> {
    let result = spec::decode(spec).map(|schedule| {
        let segments = schedule.plan().segments().len();
        ResourceArc::new(Compiled {
            layout: LAYOUT_VERSION,
            schedule,
            search_levels: segments.next_power_of_two().trailing_zeros(),
        })
        .encode(env)
    });
    reply(env, result)
}

/// Whether `term` holds at most `budget` terms, nested at most [`NORMAL_NESTING`] deep.
/// Lists are measured by their length before they are walked; an improper list or any other
/// term the decoder refuses counts as small (it is refused at once).
fn small(term: Term, budget: &mut usize, depth: usize) -> bool {
    if *budget == 0 || depth > NORMAL_NESTING {
        return false;
    }
    *budget -= 1;
    match term.get_type() {
        TermType::List => match (term.list_length(), term.into_list_iterator()) {
            (Ok(len), _) if len > *budget => false,
            (Ok(_), Ok(items)) => items.into_iter().all(|t| small(t, budget, depth + 1)),
            _ => true,
        },
        TermType::Tuple => get_tuple(term)
            .map(|items| items.into_iter().all(|t| small(t, budget, depth + 1)))
            .unwrap_or(true),
        TermType::Map => match MapIterator::new(term) {
            Some(mut pairs) => {
                pairs.all(|(k, v)| small(k, budget, depth + 1) && small(v, budget, depth + 1))
            }
            None => true,
        },
        _ => true,
    }
}
