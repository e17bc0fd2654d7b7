//! Runtime settings of the core: the size of its thread pool, from `config :anneal, threads: n`
//! (see `Anneal.Threads`), and the switch to its portable kernels. Building a pool of a few
//! threads takes well under a millisecond: a normal scheduler is fine. Each replies
//! `{:ok, value}`, as every NIF here does.

use crate::atoms;
use rustler::{Encoder, Env, Term};

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

/// Forces the portable kernels (`true`) or lets the core use AVX2 where the CPU has it, for
/// the benchmarks, which time both; `{:ok, previous setting}`. Values do not change.
#[rustler::nif]
fn set_portable(env: Env, portable: bool) -> Term {
    let before = anneal_core::portable();
    anneal_core::set_portable(portable);
    (atoms::ok(), before).encode(env)
}
