//! Runtime settings of the core: the size of its thread pool, from `config :anneal, threads: n` (see
//! `Anneal.Threads`). Building a pool of a few threads takes well under a millisecond: a
//! normal scheduler is fine.

/// Sets the number of threads that evaluate one large range; returns the previous number.
/// The Elixir side validates `threads` (a positive integer) first.
#[rustler::nif]
fn set_threads(threads: usize) -> usize {
    anneal_core::set_threads(threads)
}

/// The number of threads that evaluate one large range.
#[rustler::nif]
fn threads() -> usize {
    anneal_core::threads()
}

/// Forces the portable kernels (`true`) or lets the core use AVX2 where the CPU has it; for
/// the benchmarks, which time both. Values do not change.
#[rustler::nif]
fn set_portable(portable: bool) -> bool {
    let before = anneal_core::portable();
    anneal_core::set_portable(portable);
    before
}
