//! Runtime settings of the core: the size of its thread pool, from `config :anneal, threads: n`
//! (see `Anneal.Threads`), and the limit of its kernels' instruction set. Building a pool of a few
//! threads takes well under a millisecond: a normal scheduler is fine. Each replies
//! `{:ok, value}`, as every NIF here does.

use crate::atoms;
use rustler::{Atom, Encoder, Env, Error, NifResult, Term};

/// Sets the number of threads that evaluate one large range (clamped to
/// 1..=`anneal_core::MAX_THREADS`); `{:ok, previous number}`. The Elixir side validates
/// `threads` (a positive integer) first.
#[rustler::nif]
fn set_threads(env: Env, threads: usize) -> Term {
    (atoms::ok(), anneal_core::set_threads(threads)).encode(env)
}

/// `{:ok, n}`: the number of threads that evaluate one large range.
#[rustler::nif]
fn threads(env: Env) -> Term {
    (atoms::ok(), anneal_core::threads()).encode(env)
}

/// Limits the core's kernels to an instruction set, `:portable`, `:avx2` or `:avx512` (see
/// `anneal_core::set_isa`), for the benchmarks, which time each; `{:ok, previous limit}`.
/// Another atom raises `ArgumentError`. Values do not change.
#[rustler::nif]
fn set_isa(env: Env, limit: Atom) -> NifResult<Term> {
    let name = limit.to_term(env).atom_to_string()?;
    let limit = anneal_core::Isa::from_name(&name).ok_or(Error::BadArg)?;
    let before = Atom::from_str(env, anneal_core::isa().name())?;
    anneal_core::set_isa(limit);
    Ok((atoms::ok(), before).encode(env))
}
