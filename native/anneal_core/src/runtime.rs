//! Process-wide settings of the fast path: the thread pool that evaluates large ranges in
//! parallel, and a switch that forces the portable kernels.
//!
//! Both are read on every evaluation and may be changed at any time; an evaluation already
//! running keeps the settings it started with. Neither changes a value: parallel results are
//! bit for bit the one-thread results, and the portable kernels round exactly as the AVX2 ones.

use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

/// The environment variable that, set to `1` when the first evaluation starts, forces the
/// portable kernels (see [`set_portable`]).
pub const PORTABLE_ENV: &str = "ANNEAL_PORTABLE";

/// The pool and its size; `None` until first used or set.
static POOL: RwLock<Option<Pool>> = RwLock::new(None);

#[derive(Clone)]
struct Pool {
    threads: usize,
    /// `None` for one thread: no pool at all.
    pool: Option<Arc<ThreadPool>>,
}

/// The most threads [`set_threads`] takes: more would only cost memory and start-up time.
pub const MAX_THREADS: usize = 64;

/// Sets how many threads evaluate one large range (from 1 to [`MAX_THREADS`], clamped; 1
/// evaluates on the caller's thread only). Replaces the pool: an evaluation running on the
/// old one finishes there.
///
/// Returns the previous setting. The default is the machine's available parallelism.
///
/// ```
/// let before = anneal_core::set_threads(1);
/// assert_eq!(anneal_core::threads(), 1);
/// anneal_core::set_threads(before);
/// ```
pub fn set_threads(threads: usize) -> usize {
    let threads = threads.clamp(1, MAX_THREADS);
    let before = threads_now();
    if threads == before {
        return before;
    }
    let pool = build(threads);
    *POOL.write().unwrap_or_else(PoisonError::into_inner) = Some(pool);
    before
}

/// How many threads evaluate one large range (see [`set_threads`]).
///
/// ```
/// assert!(anneal_core::threads() >= 1);
/// ```
pub fn threads() -> usize {
    threads_now()
}

fn threads_now() -> usize {
    current().threads
}

/// The pool to evaluate on, or `None` for one thread.
pub(crate) fn pool() -> Option<Arc<ThreadPool>> {
    current().pool
}

fn current() -> Pool {
    if let Some(pool) = POOL.read().unwrap_or_else(PoisonError::into_inner).as_ref() {
        return pool.clone();
    }
    let mut slot = POOL.write().unwrap_or_else(PoisonError::into_inner);
    slot.get_or_insert_with(|| {
        build(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
    })
    .clone()
}

/// A pool of `threads` (one: none). If the system refuses threads, evaluation stays on the
/// caller's thread.
fn build(threads: usize) -> Pool {
    let pool = if threads > 1 {
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("anneal-{i}"))
            .build()
            .ok()
            .map(Arc::new)
    } else {
        None
    };
    Pool {
        threads: if pool.is_some() { threads } else { 1 },
        pool,
    }
}

/// Runs `work` on the pool of [`set_threads`] (so that rayon's parallel iterators inside it
/// use that pool's threads), or on the caller's thread when there is one thread.
///
/// ```
/// assert_eq!(anneal_core::in_pool(|| 6 * 7), 42);
/// ```
pub fn in_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

fn portable_flag() -> &'static AtomicBool {
    static FLAG: OnceLock<AtomicBool> = OnceLock::new();
    FLAG.get_or_init(|| AtomicBool::new(std::env::var_os(PORTABLE_ENV).is_some_and(|v| v == "1")))
}

/// Forces the portable kernels (no AVX2, what aarch64 and older x86 run) when `true`, or
/// lets evaluation pick AVX2 where the CPU has it. Values do not change (no FMA either way):
/// the switch is for testing and benchmarking that path. Initially `true` when the
/// environment variable [`PORTABLE_ENV`] is `1`.
///
/// ```
/// let before = anneal_core::portable();
/// anneal_core::set_portable(true);
/// assert!(anneal_core::portable());
/// anneal_core::set_portable(before);
/// ```
pub fn set_portable(portable: bool) {
    portable_flag().store(portable, Ordering::Relaxed);
}

/// Whether the portable kernels are forced (see [`set_portable`]).
pub fn portable() -> bool {
    portable_flag().load(Ordering::Relaxed)
}
