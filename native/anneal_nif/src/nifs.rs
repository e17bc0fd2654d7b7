//! The NIF functions. Each evaluation comes in a normal and a `DirtyCpu` flavour; the Elixir
//! side picks the dirty one when the work is long enough to hurt a normal scheduler.

use crate::document;
use crate::output::{encode, reply, Format};
use crate::spec;
use anneal_core::Steps;
use rustler::{Atom, Binary, Encoder, Env, Term};

/// `value(spec, step)`: the schedule's float64 value at one step (an integer or a float).
#[rustler::nif]
fn value<'a>(env: Env<'a>, spec: Term<'a>, step: Term<'a>) -> Term<'a> {
    let result = spec::decode(spec).and_then(|schedule| {
        let value = schedule.value(decode_step(step)?);
        if value.is_finite() {
            Ok(value.encode(env))
        } else {
            Err(anneal_core::ScheduleError::NonFiniteValue {
                step: decode_step(step)?,
            }
            .to_string())
        }
    });
    reply(env, result)
}

fn range<'a>(
    env: Env<'a>,
    spec: Term<'a>,
    (first, stride, len): (i64, i64, u64),
    (ty, into): (Atom, Atom),
) -> Term<'a> {
    let result = (|| {
        let schedule = spec::decode(spec)?;
        let len = usize::try_from(len).map_err(|e| e.to_string())?;
        let steps = Steps::range(first, stride, len).map_err(|e| e.to_string())?;
        encode(env, &schedule, steps, Format::decode(ty, into)?)
    })();
    reply(env, result)
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
    range(env, spec, (first, stride, len), (ty, into))
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
    range(env, spec, (first, stride, len), (ty, into))
}

fn list<'a>(env: Env<'a>, spec: Term<'a>, steps: Term<'a>, ty: Atom, into: Atom) -> Term<'a> {
    let result = (|| {
        let schedule = spec::decode(spec)?;
        let values = decode_list(steps)?;
        encode(
            env,
            &schedule,
            Steps::Values(&values),
            Format::decode(ty, into)?,
        )
    })();
    reply(env, result)
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
    list(env, spec, steps, ty, into)
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
    list(env, spec, steps, ty, into)
}

fn s64<'a>(env: Env<'a>, spec: Term<'a>, steps: Term<'a>, ty: Atom, into: Atom) -> Term<'a> {
    let result = (|| {
        let schedule = spec::decode(spec)?;
        let bytes: Binary = steps
            .decode()
            .map_err(|_| "expected steps to be a binary".to_string())?;
        let steps = Steps::s64(bytes.as_slice()).map_err(|e| e.to_string())?;
        encode(env, &schedule, steps, Format::decode(ty, into)?)
    })();
    reply(env, result)
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
    s64(env, spec, steps, ty, into)
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
    s64(env, spec, steps, ty, into)
}

/// `to_json(document)`: the document term (see `document.rs`) as a JSON binary.
#[rustler::nif]
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
fn decode_step(term: Term) -> Result<f64, String> {
    if let Ok(i) = term.decode::<i64>() {
        Ok(i as f64)
    } else {
        term.decode::<f64>().map_err(|_| {
            format!("expected a step to be a number in the signed 64-bit range, got: {term:?}")
        })
    }
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
