//! The NIF functions. Each evaluation comes in a normal and a `DirtyCpu` flavour. The normal
//! one estimates the work first: above [`NORMAL_BUDGET_NS`] it returns `:dirty` without doing
//! anything, and the Elixir side calls the dirty flavour; below, it runs and reports the time
//! it took from the scheduler's timeslice.

use crate::atoms;
use crate::describe::describe;
use crate::document;
use crate::output::{alloc_binary, encode, reply, Format};
use crate::spec;
use anneal_core::{estimated_cost_ns, Schedule, Steps};
use rustler::{Atom, Binary, Encoder, Env, Term};

/// The longest work done on a normal scheduler (0.2 ms, a fifth of a timeslice).
const NORMAL_BUDGET_NS: f64 = 200_000.0;
/// A BEAM timeslice, about 1 ms; `consume_timeslice` takes percents of it.
const TIMESLICE_NS: f64 = 1_000_000.0;
/// Extra cost per step of decoding a list of steps, and of building a list of floats.
const LIST_IN_NS: f64 = 15.0;
const LIST_OUT_NS: f64 = 30.0;
/// Cost of decoding one part of a schedule (see `Schedule::size`), generously.
const PART_DECODE_NS: f64 = 50.0;

/// `:dirty` when decoding `spec` alone would overrun the normal budget (a schedule with
/// many boundaries), found before decoding it; `None` on a dirty scheduler.
fn too_big_for_normal<'a>(env: Env<'a>, spec: Term<'a>, dirty: bool) -> Option<Term<'a>> {
    let cap = (NORMAL_BUDGET_NS / PART_DECODE_NS) as usize;
    (!dirty && spec::parts(spec, cap) > cap).then(|| atoms::dirty().encode(env))
}

/// `value(spec, step)`: the schedule's float64 value at one step (an integer or a float), as
/// a bare float, or `{:error, message}`. (A bare float is the cheapest reply to match on.)
#[rustler::nif]
fn value<'a>(env: Env<'a>, spec: Term<'a>, step: Term<'a>) -> Term<'a> {
    let result = spec::decode(spec).and_then(|schedule| {
        // Not `decode_step`: its message prints the term, and a step that is not a number
        // (say an Nx.Tensor, which the caller handles) should cost nothing to turn down.
        let step =
            number(step).ok_or("expected a step to be a number in the signed 64-bit range")?;
        let value = schedule.value(step);
        if value.is_finite() {
            Ok(value.encode(env))
        } else {
            Err(anneal_core::ScheduleError::NonFiniteValue { step }.to_string())
        }
    });
    match result {
        Ok(value) => value,
        Err(message) => (atoms::error(), message).encode(env),
    }
}

/// Runs `work` on a normal scheduler if its estimated cost fits the budget (and charges it
/// to the timeslice), or returns `:dirty` for the caller to use the dirty flavour.
fn on_normal<'a>(env: Env<'a>, cost_ns: f64, work: impl FnOnce() -> Term<'a>) -> Term<'a> {
    if cost_ns > NORMAL_BUDGET_NS {
        return atoms::dirty().encode(env);
    }
    let term = work();
    let percent = (cost_ns / TIMESLICE_NS * 100.0).ceil().clamp(1.0, 100.0);
    rustler::schedule::consume_timeslice(env, percent as i32);
    term
}

/// The reply of a range or s64 evaluation, run here or (on a normal scheduler, when too
/// long) turned down with `:dirty`.
fn steps_reply<'a>(
    env: Env<'a>,
    schedule: &Schedule,
    steps: Steps,
    (ty, into): (Atom, Atom),
    dirty: bool,
) -> Result<Term<'a>, String> {
    let format = Format::decode(ty, into)?;
    let run = || reply(env, encode(env, schedule, steps, format, dirty));
    Ok(if dirty {
        run()
    } else {
        on_normal(env, cost(schedule, steps, into), run)
    })
}

/// The estimated cost of an evaluation, with the list it builds if `into` is `:list`.
fn cost(schedule: &Schedule, steps: Steps, into: Atom) -> f64 {
    estimated_cost_ns(schedule, steps)
        + list_out_ns(into) * steps.len() as f64
        + PART_DECODE_NS * schedule.size() as f64
}

fn list_out_ns(into: Atom) -> f64 {
    if into == atoms::list() {
        LIST_OUT_NS
    } else {
        0.0
    }
}

/// `write_floor(bytes)`, for the benchmarks only: a fresh binary of `bytes` bytes filled
/// with a constant, the fastest any evaluation can produce its output.
#[rustler::nif(schedule = "DirtyCpu")]
fn write_floor(env: Env, bytes: u64) -> Term {
    let result = usize::try_from(bytes)
        .ok()
        .and_then(alloc_binary)
        .ok_or_else(|| format!("cannot allocate {bytes} bytes"))
        .map(|mut bin| {
            bin.as_mut_slice().fill(0x3d);
            bin.release(env).encode(env)
        });
    reply(env, result)
}

fn range<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    (first, stride, len): (i64, i64, u64),
    (ty, into): (Atom, Atom),
    dirty: bool,
) -> Term<'a> {
    if let Some(reply) = too_big_for_normal(env, spec, dirty) {
        return reply;
    }
    let result = (|| {
        let schedule = spec::decode(spec)?;
        let len = usize::try_from(len).map_err(|e| e.to_string())?;
        let steps = Steps::range(first, stride, len).map_err(|e| e.to_string())?;
        steps_reply(env, &schedule, steps, (ty, into), dirty)
    })();
    result.unwrap_or_else(|message: String| reply(env, Err(message)))
}

/// `evaluate_range(spec, first, stride, len, type, into)` on a normal scheduler.
#[rustler::nif]
fn evaluate_range<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    first: i64,
    stride: i64,
    len: u64,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    range(env, spec, (first, stride, len), (ty, into), false)
}

/// `evaluate_range/6` on a dirty CPU scheduler.
#[rustler::nif(schedule = "DirtyCpu")]
fn evaluate_range_dirty<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    first: i64,
    stride: i64,
    len: u64,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    range(env, spec, (first, stride, len), (ty, into), true)
}

fn list<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    steps: Term<'a>,
    (ty, into): (Atom, Atom),
    dirty: bool,
) -> Term<'a> {
    if let Some(reply) = too_big_for_normal(env, spec, dirty) {
        return reply;
    }
    let result = (|| {
        let schedule = spec::decode(spec)?;
        let format = Format::decode(ty, into)?;
        // Estimated before decoding, which is part of the work.
        let len = steps
            .list_length()
            .map_err(|_| "expected steps to be a list")?;
        let per_step =
            estimated_cost_ns(&schedule, Steps::Values(&[0.0])) + LIST_IN_NS + list_out_ns(into);
        let run = || {
            let result = decode_list(steps)
                .and_then(|values| encode(env, &schedule, Steps::Values(&values), format, dirty));
            reply(env, result)
        };
        Ok(if dirty {
            run()
        } else {
            let decoding = PART_DECODE_NS * schedule.size() as f64;
            on_normal(env, per_step * len as f64 + decoding, run)
        })
    })();
    result.unwrap_or_else(|message: String| reply(env, Err(message)))
}

/// `evaluate_list(spec, steps, type, into)` on a normal scheduler.
#[rustler::nif]
fn evaluate_list<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    steps: Term<'a>,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    list(env, spec, steps, (ty, into), false)
}

/// `evaluate_list/4` on a dirty CPU scheduler.
#[rustler::nif(schedule = "DirtyCpu")]
fn evaluate_list_dirty<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    steps: Term<'a>,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    list(env, spec, steps, (ty, into), true)
}

fn s64<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    steps: Term<'a>,
    (ty, into): (Atom, Atom),
    dirty: bool,
) -> Term<'a> {
    if let Some(reply) = too_big_for_normal(env, spec, dirty) {
        return reply;
    }
    let result = (|| {
        let schedule = spec::decode(spec)?;
        let bytes: Binary = steps
            .decode()
            .map_err(|_| "expected steps to be a binary".to_string())?;
        let steps = Steps::s64(bytes.as_slice()).map_err(|e| e.to_string())?;
        steps_reply(env, &schedule, steps, (ty, into), dirty)
    })();
    result.unwrap_or_else(|message: String| reply(env, Err(message)))
}

/// `evaluate_s64(spec, binary, type, into)` on a normal scheduler.
#[rustler::nif]
fn evaluate_s64<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    steps: Term<'a>,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    s64(env, spec, steps, (ty, into), false)
}

/// `evaluate_s64/4` on a dirty CPU scheduler.
#[rustler::nif(schedule = "DirtyCpu")]
fn evaluate_s64_dirty<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    steps: Term<'a>,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    s64(env, spec, steps, (ty, into), true)
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

/// A step is an integer in the signed 64-bit range or a float.
fn number(term: Term) -> Option<f64> {
    match term.decode::<i64>() {
        Ok(i) => Some(i as f64),
        Err(_) => term.decode::<f64>().ok(),
    }
}

fn decode_step(term: Term) -> Result<f64, String> {
    number(term).ok_or_else(|| {
        format!(
            "expected a step to be a number in the signed 64-bit range, got: {}",
            describe(term)
        )
    })
}

fn decode_list(term: Term) -> Result<Vec<f64>, String> {
    // rustler's list iterator panics at an improper list's tail; enif_get_list_length
    // refuses an improper list (and any other term) before anything is iterated.
    let len = term
        .list_length()
        .map_err(|_| "expected steps to be a proper list".to_string())?;
    let items = term
        .into_list_iterator()
        .map_err(|_| "expected steps to be a proper list".to_string())?;
    let mut values = Vec::new();
    values
        .try_reserve_exact(len)
        .map_err(|_| format!("cannot allocate memory for {len} steps"))?;
    for item in items {
        values.push(decode_step(item)?);
    }
    Ok(values)
}
