//! The NIF functions on a compiled schedule (see `compiled.rs`) and the JSON ones.
//!
//! Evaluation comes in a normal and a `DirtyCpu` flavour. The normal one estimates the work
//! from the compiled schedule and the tagged steps, without decoding anything else: above
//! [`NORMAL_BUDGET_NS`] it returns `:dirty` having done nothing, and the Elixir side calls
//! the dirty flavour; below, it runs and charges the time to the scheduler's timeslice.
//! Every NIF taking a handle answers `:stale` for a stale one.

use crate::atoms;
use crate::compiled::{self, Compiled};
use crate::document;
use crate::output::{encode, reply, Aligned, Format};
use crate::steps::{decode_list, number, Tagged};
use anneal_core::{estimated_cost_ns, ScheduleError, Steps};
use rustler::{Atom, Encoder, Env, Term};

/// The longest work done on a normal scheduler (0.2 ms, a fifth of a timeslice).
pub const NORMAL_BUDGET_NS: f64 = 200_000.0;
/// A BEAM timeslice, about 1 ms; `consume_timeslice` takes percents of it.
const TIMESLICE_NS: f64 = 1_000_000.0;
/// Extra cost per step of decoding a list of steps, and of building a list of floats.
const LIST_IN_NS: f64 = 15.0;
const LIST_OUT_NS: f64 = 30.0;

/// `value(handle, step)`: the schedule's float64 value at one step (an integer or a float),
/// as a bare float (the cheapest reply to match on), `{:error, message}`, `:stale`, or
/// `:dirty` having done nothing when one step is estimated above [`NORMAL_BUDGET_NS`] (a
/// product of very many factors): the Elixir side then calls `value_dirty/2`. Registered by
/// hand (`scalar.rs`): it is the NIF behind every `fun.(step)`.
pub fn value<'a>(env: Env<'a>, handle: Term<'a>, step: Term<'a>) -> Term<'a> {
    value_of(env, handle, step, false)
}

/// `value/2` on a dirty CPU scheduler.
#[rustler::nif(schedule = "DirtyCpu")]
fn value_dirty<'a>(env: Env<'a>, handle: Term<'a>, step: Term<'a>) -> Term<'a> {
    value_of(env, handle, step, true)
}

fn value_of<'a>(env: Env<'a>, handle: Term<'a>, step: Term<'a>, dirty: bool) -> Term<'a> {
    let Some(compiled) = compiled::get(handle) else {
        return atoms::stale().encode(env);
    };
    if !dirty && compiled.step_ns() > NORMAL_BUDGET_NS {
        return atoms::dirty().encode(env);
    }
    // The message does not print the step: the caller names it.
    let Some(step) = number(step) else {
        return reply(
            env,
            Err("expected a step to be a number in the signed 64-bit range".to_string()),
        );
    };
    let value = compiled.schedule().value(step);
    if value.is_finite() {
        value.encode(env)
    } else {
        reply(env, Err(ScheduleError::NonFiniteValue { step }.to_string()))
    }
}

/// `evaluate(handle, steps, type, into)` on a normal scheduler; `steps` is tagged (see
/// `steps.rs`). `{:ok, list_or_binary}`, `{:error, message}`, `:dirty` or `:stale`.
#[rustler::nif]
fn evaluate<'a>(env: Env<'a>, handle: Term<'a>, steps: Term<'a>, ty: Atom, into: Atom) -> Term<'a> {
    run(env, handle, steps, (ty, into), false)
}

/// `evaluate/4` on a dirty CPU scheduler.
#[rustler::nif(schedule = "DirtyCpu")]
fn evaluate_dirty<'a>(
    env: Env<'a>,
    handle: Term<'a>,
    steps: Term<'a>,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    run(env, handle, steps, (ty, into), true)
}

fn run<'a>(
    env: Env<'a>,
    handle: Term<'a>,
    steps: Term<'a>,
    (ty, into): (Atom, Atom),
    dirty: bool,
) -> Term<'a> {
    let Some(compiled) = compiled::get(handle) else {
        return atoms::stale().encode(env);
    };
    let result = Format::decode(ty, into).and_then(|format| {
        // On a normal scheduler, a list is walked no further than a list the budget could
        // read: any longer goes to a dirty scheduler, where it is walked in full.
        let cap = (!dirty).then_some((NORMAL_BUDGET_NS / LIST_IN_NS) as usize);
        let Some(tagged) = Tagged::decode(steps, cap)? else {
            return Ok(atoms::dirty().encode(env));
        };
        let work = || match tagged {
            Tagged::Ready(steps) => encode(env, compiled.schedule(), steps, format, dirty),
            Tagged::List(list, len) => decode_list(list, len).and_then(|values| {
                encode(
                    env,
                    compiled.schedule(),
                    Steps::Values(&values),
                    format,
                    dirty,
                )
            }),
        };
        if dirty {
            return work();
        }
        let cost = cost(compiled, &tagged, format);
        if cost > NORMAL_BUDGET_NS {
            return Ok(atoms::dirty().encode(env));
        }
        let term = work()?;
        let percent = (cost / TIMESLICE_NS * 100.0).ceil().clamp(1.0, 100.0);
        rustler::schedule::consume_timeslice(env, percent as i32);
        Ok(term)
    });
    match result {
        // `:dirty` goes back bare, like `:stale`.
        Ok(term) if term.is_atom() => term,
        result => reply(env, result),
    }
}

/// The estimated cost of an evaluation, in O(1) from what the handle keeps: every step at
/// the plan's per-step bound (its segments' search included), plus reading and building
/// lists. Only a range of a small plan that this bound would send to a dirty scheduler is
/// priced finer, by the core walking its runs (a few segments: a few µs at most).
fn cost(compiled: &Compiled, tagged: &Tagged, format: Format) -> f64 {
    let len = tagged.len() as f64;
    let list_in = if matches!(tagged, Tagged::List(..)) {
        LIST_IN_NS
    } else {
        0.0
    };
    let list_out = if format.is_list() { LIST_OUT_NS } else { 0.0 };
    let lists = (list_in + list_out) * len;
    let bound = compiled.step_ns() * len + lists;
    match tagged {
        Tagged::Ready(steps @ Steps::Range { .. })
            if bound > NORMAL_BUDGET_NS && compiled.small() =>
        {
            estimated_cost_ns(compiled.schedule(), *steps) + lists
        }
        _ => bound,
    }
}

/// `phases(handle)` on a normal scheduler: `{:ok, {[{label, step}], horizon | nil}}` from
/// the plan, `:stale`, or `:dirty` having done nothing for a plan of many segments (the work
/// grows with them), which [`phases_dirty`] takes.
#[rustler::nif]
fn phases<'a>(env: Env<'a>, handle: Term<'a>) -> Term<'a> {
    phases_of(env, handle, false)
}

/// `phases/1` on a dirty CPU scheduler.
#[rustler::nif(schedule = "DirtyCpu")]
fn phases_dirty<'a>(env: Env<'a>, handle: Term<'a>) -> Term<'a> {
    phases_of(env, handle, true)
}

fn phases_of<'a>(env: Env<'a>, handle: Term<'a>, dirty: bool) -> Term<'a> {
    let Some(compiled) = compiled::get(handle) else {
        return atoms::stale().encode(env);
    };
    if !dirty && !compiled.small() {
        return atoms::dirty().encode(env);
    }
    let plan = compiled.schedule().plan();
    // Steps are sums of options that may be as large as any float: one beyond the float
    // range is the largest float (BEAM floats are finite).
    let finite = |step: f64| step.clamp(-f64::MAX, f64::MAX);
    let boundaries: Vec<(&str, f64)> = plan
        .boundaries()
        .into_iter()
        .filter(|(_, step)| !step.is_nan())
        .map(|(label, step)| (label, finite(step)))
        .collect();
    let horizon = plan.horizon().filter(|h| !h.is_nan()).map(finite);
    (atoms::ok(), (boundaries, horizon)).encode(env)
}

/// `write_floor(bytes)`, for the benchmarks only: a fresh binary of `bytes` bytes filled
/// with a constant, the fastest any evaluation can produce its output.
#[rustler::nif(schedule = "DirtyCpu")]
fn write_floor(env: Env, bytes: u64) -> Term {
    let result = usize::try_from(bytes)
        .ok()
        .and_then(Aligned::new)
        .ok_or_else(|| format!("cannot allocate {bytes} bytes"))
        .and_then(|mut bin| {
            bin.bytes().fill(0x3d);
            Ok(bin.release(env)?.encode(env))
        });
    reply(env, result)
}

/// `to_json(document)`: the document term (see `document.rs`) as a JSON binary. On a dirty
/// scheduler: the document may hold any number of boundaries, and one hop (a few µs) is
/// nothing next to writing JSON.
#[rustler::nif(schedule = "DirtyCpu")]
fn to_json<'a>(env: Env<'a>, doc: Term<'a>) -> Term<'a> {
    let result = document::decode(doc).map(|doc| doc.to_json().encode(env));
    reply(env, result)
}

/// `from_json(binary)`: the document term of a JSON document, or the reason it is not one.
/// On a dirty scheduler: the binary may be of any size.
#[rustler::nif(schedule = "DirtyCpu")]
fn from_json<'a>(env: Env<'a>, json: Term<'a>) -> Term<'a> {
    let result = json
        .decode::<&str>()
        .map_err(|_| "expected JSON to be a UTF-8 string".to_string())
        .and_then(|text| anneal_core::json::Document::from_json(text).map_err(|e| e.to_string()))
        .map(|doc| document::encode(env, &doc));
    reply(env, result)
}
