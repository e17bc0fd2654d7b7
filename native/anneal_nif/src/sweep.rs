//! `evaluate_many`: many schedules over the same range of steps, in parallel across
//! schedules and in pieces (see `anneal_core::evaluate_many_bytes_while`), stopped soon after
//! the caller exits. Always on a dirty CPU scheduler: a sweep is large work.

use crate::atoms;
use crate::compiled;
use crate::output::{caller_alive, float_list, floats, halted, reply, Aligned, Format};
use crate::proper::Proper;
use anneal_core::{evaluate_many_bytes_while, Sample, Schedule, Steps};
use rustler::{Atom, Encoder, Env, Term};

/// `evaluate_many(handles, first, stride, len, type, into)`: `{:ok, result}` with one
/// row-major binary (row i: schedule i) or a list of lists, `{:error, message}`, or `:stale`
/// when a handle is no longer a live compiled schedule (the caller compiles again).
#[rustler::nif(schedule = "DirtyCpu")]
fn evaluate_many<'a>(
    env: Env<'a>,
    handles: Term<'a>,
    first: i64,
    stride: i64,
    len: u64,
    ty: Atom,
    into: Atom,
) -> Term<'a> {
    let result = (|| {
        let Proper(handles) = handles
            .decode::<Proper<Term>>()
            .map_err(|_| "expected a list of compiled schedules".to_string())?;
        let mut compiled = Vec::new();
        for handle in handles {
            match compiled::get(handle) {
                Some(c) => compiled.push(c),
                None => return Ok(None),
            }
        }
        // The plans are cloned, not decoded or validated again.
        let schedules: Vec<Schedule> = compiled.iter().map(|c| c.schedule().clone()).collect();
        let len = usize::try_from(len).map_err(|e| e.to_string())?;
        let steps = Steps::range(first, stride, len).map_err(|e| e.to_string())?;
        let format = Format::decode(ty, into)?;
        let binary = !format.is_list();
        if format.is_wide() {
            sweep::<f64>(env, &schedules, steps, binary).map(Some)
        } else {
            sweep::<f32>(env, &schedules, steps, binary).map(Some)
        }
    })();
    match result {
        Ok(None) => atoms::stale().encode(env),
        Ok(Some(term)) => reply(env, Ok(term)),
        Err(message) => reply(env, Err(message)),
    }
}

fn sweep<'a, T: Sample>(
    env: Env<'a>,
    schedules: &[Schedule],
    steps: Steps,
    binary: bool,
) -> Result<Term<'a>, String> {
    let size = schedules
        .len()
        .checked_mul(steps.len())
        .and_then(|n| n.checked_mul(T::BYTES))
        .ok_or("the sweep's result is too large")?;
    let mut bin = Aligned::new(size).ok_or_else(|| format!("cannot allocate {size} bytes"))?;
    // In pieces, like one evaluation: stopped soon after the caller exits.
    evaluate_many_bytes_while::<T>(schedules, steps, bin.bytes(), &mut || caller_alive(env))
        .map_err(halted)?;
    if binary {
        return Ok(bin.release(env)?.encode(env));
    }
    let row = steps.len() * T::BYTES;
    let rows: Vec<Term> = if row == 0 {
        vec![Term::list_new_empty(env); schedules.len()]
    } else {
        bin.bytes()
            .chunks_exact(row)
            .map(|r| float_list(env, floats::<T>(r)))
            .collect()
    };
    Ok(rows.encode(env))
}
