//! Process-wide settings of the fast path: the thread pool that evaluates large ranges in
//! parallel, and the widest instruction set its kernels may use.
//!
//! Both are read on every evaluation and may be changed at any time; an evaluation already
//! running keeps the settings it started with. Neither changes a value: parallel results are
//! bit for bit the one-thread results, and every instruction set rounds exactly as the
//! portable kernels do.

use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

/// The environment variable that, set to `portable`, `avx2` or `avx512` when the first
/// evaluation starts, limits the kernels' instruction set (see [`set_isa`]).
pub const ISA_ENV: &str = "ANNEAL_ISA";

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

/// The instruction sets the kernels are compiled for. Each evaluation takes the widest one
/// that the CPU has, up to the limit of [`set_isa`]; they differ in speed only (every
/// operation rounds as in the portable build).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Isa {
    /// The target's baseline (SSE2 on x86-64): what aarch64 and older x86 run.
    Portable,
    /// 256-bit vectors (x86-64 with AVX2).
    Avx2,
    /// 512-bit vectors (x86-64 with AVX-512 F, VL, DQ and BW), for `f32` output: `f64`
    /// output keeps AVX2, faster there over ranges that leave the cache.
    Avx512,
}

impl Isa {
    /// Every instruction set, narrowest first.
    pub const ALL: [Isa; 3] = [Isa::Portable, Isa::Avx2, Isa::Avx512];

    /// Its name, as [`ISA_ENV`] and [`Isa::from_name`] spell it.
    ///
    /// ```
    /// assert_eq!(anneal_core::Isa::Avx2.name(), "avx2");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Isa::Portable => "portable",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
        }
    }

    /// The instruction set of that name, in any case; `None` for any other.
    ///
    /// ```
    /// use anneal_core::Isa;
    /// assert_eq!(Isa::from_name("avx512"), Some(Isa::Avx512));
    /// assert_eq!(Isa::from_name("AVX2"), Some(Isa::Avx2));
    /// assert_eq!(Isa::from_name("sse"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Isa> {
        Isa::ALL
            .into_iter()
            .find(|isa| isa.name().eq_ignore_ascii_case(name))
    }
}

fn isa_limit() -> &'static AtomicU8 {
    static LIMIT: OnceLock<AtomicU8> = OnceLock::new();
    LIMIT.get_or_init(|| {
        let named = std::env::var(ISA_ENV).ok().and_then(|v| Isa::from_name(&v));
        AtomicU8::new(named.unwrap_or(Isa::Avx512) as u8)
    })
}

/// Limits the kernels to `limit` and narrower instruction sets (each evaluation takes the
/// widest the CPU has within it); `Isa::Avx512`, the initial limit unless the environment
/// variable [`ISA_ENV`] names another, lets them use all. Values do not change: the setting
/// is for testing and benchmarking each path.
///
/// ```
/// use anneal_core::{isa, set_isa, Isa};
/// let before = isa();
/// set_isa(Isa::Portable);
/// assert_eq!(isa(), Isa::Portable);
/// set_isa(before);
/// ```
pub fn set_isa(limit: Isa) {
    isa_limit().store(limit as u8, Ordering::Relaxed);
}

/// The limit of [`set_isa`].
pub fn isa() -> Isa {
    let limit = isa_limit().load(Ordering::Relaxed);
    Isa::ALL
        .into_iter()
        .find(|isa| *isa as u8 == limit)
        .unwrap_or(Isa::Portable)
}
