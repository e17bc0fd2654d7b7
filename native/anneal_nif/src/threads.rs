//! The size of the core's thread pool, from `config :anneal, threads: n` (see
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
