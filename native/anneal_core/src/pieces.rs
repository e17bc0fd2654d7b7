//! Long evaluations in pieces of about a millisecond of work, that a caller can stop: on the
//! core's pool, pieces run in parallel while the calling thread asks `keep_going` about
//! every millisecond; on one thread, the caller asks between two pieces.
//!
//! The pieces depend only on the schedule and the steps, never on the number of threads, and
//! each is a window of the whole evaluation: a range's runs are cut at block boundaries of
//! their kernels, and each part takes its kernel with the decisions of the whole run (as
//! [`evaluate_bytes`](crate::evaluate_bytes) shares out a range on its pool), so the bytes are
//! those of [`evaluate_bytes`](crate::evaluate_bytes) over all the steps at once, however many
//! threads run them. This is how the NIF runs a long evaluation on a dirty scheduler: it
//! stops soon after its caller exits, and a pool of two threads wakes once per evaluation,
//! not once per piece.

use crate::eval::{per_step, s64_stretches, same_length, PARALLEL_MIN_NS};
use crate::kernel::{self, Bytes, Sink, Window};
use crate::{estimated_cost_ns, Sample, Schedule, ScheduleError, Steps};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Why an evaluation in pieces ended early.
#[derive(Debug, Clone, PartialEq)]
pub enum Halt {
    /// A piece failed; the error the whole evaluation on one thread would report (the first
    /// failing step's).
    Failed(ScheduleError),
    /// `keep_going` answered `false`.
    Stopped,
}

impl From<ScheduleError> for Halt {
    fn from(error: ScheduleError) -> Self {
        Self::Failed(error)
    }
}

/// Estimated work of one piece: 1 ms.
const PIECE_NS: f64 = 1e6;
/// Steps per piece: a multiple of this (and so of the kernels' blocks), at least this, and
/// at most [`MAX_PIECE`].
const MIN_PIECE: usize = 1 << 10;
const MAX_PIECE: usize = 1 << 20;
/// How often the calling thread asks `keep_going` while the pool works.
const WATCH: Duration = Duration::from_millis(1);

/// How `steps` of `schedule` are cut: the steps per piece, and the estimated work of all.
/// About 1 ms of estimated work per piece, and at most a quarter of the steps, so that even
/// a short evaluation is shared evenly; never a function of the threads.
fn cut(schedule: &Schedule, steps: Steps<'_>) -> (usize, f64) {
    let cost = estimated_cost_ns(schedule, steps);
    let len = steps.len().max(1);
    let by_time = (PIECE_NS * len as f64 / cost.max(1.0)) as usize;
    let piece = by_time.min(len.div_ceil(4)).clamp(MIN_PIECE, MAX_PIECE);
    (piece.next_multiple_of(MIN_PIECE), cost)
}

/// [`evaluate_bytes`](crate::evaluate_bytes) in pieces of about 1 ms of estimated work (at
/// most a quarter of the steps), that `keep_going` can stop: with the pool of
/// [`set_threads`](crate::set_threads) and enough work, the pieces run in parallel on it
/// while the calling thread waits and asks `keep_going` about every millisecond; otherwise
/// they run in order on the calling thread, which asks between two.
/// `keep_going` is only ever called on the calling thread, so it may use what only that
/// thread may touch (a NIF's environment); a `false` stops every piece not yet begun and
/// returns [`Halt::Stopped`]. A failure is the first failing step's, as on one thread.
///
/// The pieces depend on the schedule and the steps only, never on the number of threads,
/// and each is a window of the whole evaluation (a range's runs cut at block boundaries,
/// each part on its kernel with the decisions of the whole run; s64 steps in the stretches
/// of the whole binary): the bytes, `f32` and `f64`, are those of
/// [`evaluate_bytes`](crate::evaluate_bytes) over all the steps at once, however many
/// threads run them.
///
/// ```
/// use anneal_core::{evaluate_bytes_while, CosineDecay, Halt, Steps};
/// let s = CosineDecay::schedule(1.0, 1e6, 0.0).unwrap().into();
/// let steps = Steps::range(0, 1, 1_000_000).unwrap();
/// let mut out = vec![0u8; 4_000_000];
/// evaluate_bytes_while::<f32>(&s, steps, &mut out, &mut || true).unwrap();
/// assert_eq!(out[..4], 1.0f32.to_ne_bytes());
/// let stopped = evaluate_bytes_while::<f32>(&s, steps, &mut out, &mut || false);
/// assert_eq!(stopped, Err(Halt::Stopped));
/// ```
pub fn evaluate_bytes_while<T: Sample>(
    schedule: &Schedule,
    steps: Steps<'_>,
    out: &mut [u8],
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<(), Halt> {
    if steps.len().checked_mul(T::BYTES) != Some(out.len()) {
        return Err(Halt::Failed(ScheduleError::LengthMismatch {
            steps: steps.len(),
            output: out.len() / T::BYTES,
        }));
    }
    let (piece, cost) = cut(schedule, steps);
    let pieces = pieces(schedule, steps, out, piece, T::BYTES, keep_going)?;
    run(pieces, cost, keep_going, |(schedule, jobs, out)| {
        run_jobs::<T, _>(schedule, &jobs, &mut Bytes(out))
    })
}

/// [`evaluate`](crate::evaluate) in pieces, as [`evaluate_bytes_while`] does it.
///
/// ```
/// use anneal_core::{evaluate_while, Constant, Steps};
/// let s = Constant::schedule(0.5).unwrap().into();
/// let mut out = vec![0.0f64; 3];
/// evaluate_while(&s, Steps::range(0, 1, 3).unwrap(), &mut out, &mut || true).unwrap();
/// assert_eq!(out, [0.5; 3]);
/// ```
pub fn evaluate_while<T: Sample>(
    schedule: &Schedule,
    steps: Steps<'_>,
    out: &mut [T],
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<(), Halt> {
    same_length(steps, out.len())?;
    let (piece, cost) = cut(schedule, steps);
    let pieces = pieces(schedule, steps, out, piece, 1, keep_going)?;
    run(pieces, cost, keep_going, |(schedule, jobs, out)| {
        run_jobs::<T, _>(schedule, &jobs, out)
    })
}

/// [`evaluate_many_bytes`](crate::evaluate_many_bytes) in pieces: every row cut as
/// [`evaluate_bytes_while`] cuts it alone (so each row holds exactly the bytes of
/// [`evaluate_bytes`](crate::evaluate_bytes) for its schedule), all rows'
/// pieces run together.
///
/// ```
/// use anneal_core::{evaluate_many_bytes_while, Constant, Steps};
/// let schedules = [Constant::schedule(0.5).unwrap(), Constant::schedule(2.0).unwrap()];
/// let mut out = [0u8; 16];
/// let steps = Steps::range(0, 1, 2).unwrap();
/// evaluate_many_bytes_while::<f32>(&schedules, steps, &mut out, &mut || true).unwrap();
/// assert_eq!(out[8..12], 2.0f32.to_ne_bytes());
/// ```
pub fn evaluate_many_bytes_while<T: Sample>(
    schedules: &[Schedule],
    steps: Steps<'_>,
    out: &mut [u8],
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<(), Halt> {
    let row = steps.len() * T::BYTES;
    if schedules.len().checked_mul(row) != Some(out.len()) {
        return Err(Halt::Failed(ScheduleError::LengthMismatch {
            steps: schedules.len() * steps.len(),
            output: out.len() / T::BYTES,
        }));
    }
    if row == 0 {
        return Ok(());
    }
    let mut all = Vec::new();
    let mut cost = 0.0;
    for (schedule, out) in schedules.iter().zip(out.chunks_exact_mut(row)) {
        let (piece, row_cost) = cut(schedule, steps);
        cost += row_cost;
        all.extend(pieces(schedule, steps, out, piece, T::BYTES, keep_going)?);
    }
    run(all, cost, keep_going, |(schedule, jobs, out)| {
        run_jobs::<T, _>(schedule, &jobs, &mut Bytes(out))
    })
}

/// One piece: the schedule, the jobs that evaluate its steps and where their values go.
type Piece<'s, 'o, E> = (&'s Schedule, Vec<Job<'s>>, &'o mut [E]);

/// A window of the steps, evaluated as the whole evaluation evaluates it.
enum Job<'s> {
    /// A part of a range (or of a stretch of s64 steps) on its kernel.
    Part(kernel::Part<'s>),
    /// Steps computed one by one with the exact formula.
    Exact(Steps<'s>),
}

impl Job<'_> {
    fn len(&self) -> usize {
        match self {
            Self::Part(part) => part.len(),
            Self::Exact(steps) => steps.len(),
        }
    }
}

/// Steps of an s64 binary scanned for stretches between two questions to `keep_going`.
const SCAN_STEPS: usize = 1 << 20;

/// The jobs of all `steps`, in order, none longer than about `piece` steps: the paths of
/// [`evaluate`](crate::evaluate) (a range on the fast path, the stretches of s64 steps, the
/// exact formula for the rest), ranges cut into the parts it shares out on its pool. The
/// scan of s64 steps asks `keep_going` as it goes.
fn jobs<'s>(
    schedule: &'s Schedule,
    steps: Steps<'s>,
    piece: usize,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Vec<Job<'s>>, Halt> {
    // Finding the runs of a range that crosses many segments takes a while: `keep_going`
    // is asked as they are found.
    let range = |first, stride, len, keep_going: &mut dyn FnMut() -> bool| {
        let parts = kernel::parts(schedule, first, stride, len, piece, keep_going);
        parts
            .map(|parts| parts.into_iter().map(Job::Part))
            .ok_or(Halt::Stopped)
    };
    // Any cut suits the exact formula.
    let exact = |steps: Steps<'s>| {
        (0..steps.len())
            .step_by(piece)
            .map(move |start| Job::Exact(steps.slice(start, piece)))
    };
    Ok(match steps {
        Steps::Range { first, stride, len } if kernel::suits(schedule, first, stride, len) => {
            range(first, stride, len, keep_going)?.collect()
        }
        Steps::S64(bytes) => {
            let (mut jobs, mut asked) = (Vec::new(), 0);
            for (start, len, ranged) in s64_stretches(schedule, bytes) {
                match ranged {
                    Some((first, stride)) => jobs.extend(range(first, stride, len, keep_going)?),
                    None => jobs.extend(exact(steps.slice(start, len))),
                }
                if start + len - asked >= SCAN_STEPS {
                    asked = start + len;
                    if !keep_going() {
                        return Err(Halt::Stopped);
                    }
                }
            }
            jobs
        }
        _ => exact(steps).collect(),
    })
}

/// `out` (`per_step` elements a step) cut into pieces of consecutive jobs, each of about
/// `piece` steps or a single longer job (see [`jobs`] for `keep_going`).
fn pieces<'s, 'o, E>(
    schedule: &'s Schedule,
    steps: Steps<'s>,
    out: &'o mut [E],
    piece: usize,
    per_step: usize,
    keep_going: &mut dyn FnMut() -> bool,
) -> Result<Vec<Piece<'s, 'o, E>>, Halt> {
    let mut pieces = Vec::new();
    let mut rest = out;
    let (mut group, mut len) = (Vec::new(), 0);
    let mut jobs = jobs(schedule, steps, piece, keep_going)?
        .into_iter()
        .peekable();
    while let Some(job) = jobs.next() {
        len += job.len();
        group.push(job);
        if jobs.peek().is_none_or(|next| len + next.len() > piece) {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(len * per_step);
            pieces.push((schedule, std::mem::take(&mut group), head));
            (rest, len) = (tail, 0);
        }
    }
    Ok(pieces)
}

/// Evaluates `jobs` one after another into `out`, which holds exactly their steps.
fn run_jobs<T: Sample, S: Sink<T> + ?Sized>(
    schedule: &Schedule,
    jobs: &[Job<'_>],
    out: &mut S,
) -> Result<(), ScheduleError> {
    let mut start = 0;
    for job in jobs {
        let len = job.len();
        let mut window = Window {
            sink: &mut *out,
            start,
            len,
        };
        match job {
            Job::Part(part) => part.run(&mut window)?,
            Job::Exact(steps) => per_step(schedule, *steps, &mut window)?,
        }
        start += len;
    }
    Ok(())
}

/// Runs `work` on every piece: on the pool when there is one and the work (`cost_ns`) is
/// worth it, else on this thread.
fn run<P: Send>(
    pieces: Vec<P>,
    cost_ns: f64,
    keep_going: &mut dyn FnMut() -> bool,
    work: impl Fn(P) -> Result<(), ScheduleError> + Sync,
) -> Result<(), Halt> {
    let pool = crate::runtime::pool()
        // On one of the pool's own threads, whoever called already shares the work out.
        .filter(|pool| pool.current_thread_index().is_none())
        .filter(|_| pieces.len() > 1 && cost_ns >= PARALLEL_MIN_NS);
    match pool {
        Some(pool) => watched(&pool, pieces, keep_going, work),
        None => serial(pieces, keep_going, work),
    }
}

/// The pieces in order on this thread, asking `keep_going` between two. (It does not yield
/// its CPU there: on a VM whose schedulers busy-wait, a yield handed the core to a spinning
/// scheduler for about a millisecond each time, 3 ms of a 1 ms evaluation of 10⁶ steps; the
/// operating system preempts this thread as any other.)
fn serial<P>(
    pieces: Vec<P>,
    keep_going: &mut dyn FnMut() -> bool,
    work: impl Fn(P) -> Result<(), ScheduleError>,
) -> Result<(), Halt> {
    for (i, piece) in pieces.into_iter().enumerate() {
        if i > 0 && !keep_going() {
            return Err(Halt::Stopped);
        }
        work(piece)?;
    }
    Ok(())
}

/// The pieces in parallel on `pool` while this thread waits, asking `keep_going` every
/// [`WATCH`]. After a failure, only the pieces before it still run: the first failure in
/// the pieces' order is the one a single thread would have met. The pool's threads do not
/// yield their CPU between pieces either (see [`serial`]): a yield after each piece left a
/// general exponent's 10⁷ steps (50 pieces, each a fifth of its estimated millisecond) as
/// slow on two threads as on one in a VM with busy-waiting schedulers.
fn watched<P: Send>(
    pool: &rayon::ThreadPool,
    pieces: Vec<P>,
    keep_going: &mut dyn FnMut() -> bool,
    work: impl Fn(P) -> Result<(), ScheduleError> + Sync,
) -> Result<(), Halt> {
    let stop = AtomicBool::new(false);
    let first_failure = AtomicUsize::new(usize::MAX);
    let (done, finished) = mpsc::channel();
    let (stop_ref, first_ref, work_ref) = (&stop, &first_failure, &work);
    let errors = pool.in_place_scope(|scope| {
        scope.spawn(move |_| {
            let errors: Vec<Option<ScheduleError>> = pieces
                .into_par_iter()
                .enumerate()
                .map(|(i, piece)| {
                    if stop_ref.load(Ordering::Relaxed) || i > first_ref.load(Ordering::Relaxed) {
                        return None;
                    }
                    let error = work_ref(piece).err();
                    if error.is_some() {
                        first_ref.fetch_min(i, Ordering::Relaxed);
                    }
                    error
                })
                .collect();
            // The receiver waits for this send until the scope ends: it cannot fail.
            let _ = done.send(errors);
        });
        loop {
            match finished.recv_timeout(WATCH) {
                Ok(errors) => break errors,
                Err(RecvTimeoutError::Timeout) => {
                    if !stop.load(Ordering::Relaxed) && !keep_going() {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                // The work panicked: the scope raises its panic when it ends.
                Err(RecvTimeoutError::Disconnected) => break Vec::new(),
            }
        }
    });
    if stop.load(Ordering::Relaxed) {
        return Err(Halt::Stopped);
    }
    match errors.into_iter().flatten().next() {
        Some(error) => Err(Halt::Failed(error)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CosineDecay, ExponentialDecay};

    #[test]
    fn pieces_are_a_multiple_of_1024_steps_and_at_most_a_quarter() {
        let s: Schedule = CosineDecay::schedule(1.0, 1e6, 0.0).unwrap();
        let (piece, _) = cut(&s, Steps::range(0, 1, 100_000).unwrap());
        // A quarter of 100,000 is 25,000; rounded up to a multiple of 1024: 25,600.
        assert_eq!(piece, 25 * 1024);
        let (piece, _) = cut(&s, Steps::range(0, 1, 10).unwrap());
        assert_eq!(piece, MIN_PIECE);
    }

    #[test]
    fn a_failure_is_the_first_one_in_step_order() {
        // 2^(t/1000) overflows f32 past t = 128,000: every piece from there fails, and the
        // error names the first step that overflows, however the pieces were shared out.
        let s: Schedule = ExponentialDecay::schedule(1.0, 2.0, 1000.0, 0.0, false).unwrap();
        let steps = Steps::range(0, 1, 2_000_000).unwrap();
        let mut out = vec![0u8; 8_000_000];
        let result = evaluate_bytes_while::<f32>(&s, steps, &mut out, &mut || true);
        assert_eq!(
            result,
            Err(Halt::Failed(ScheduleError::NonFiniteValue {
                step: 128_000.0
            }))
        );
    }

    #[test]
    fn stopping_leaves_later_pieces_undone() {
        // Answer `false` at the first question: whether asked between pieces (one thread)
        // or by the waiting thread (a pool), the last piece is never written.
        let s: Schedule = CosineDecay::schedule(1.0, 1e8, 0.0).unwrap();
        let steps = Steps::range(0, 1, 50_000_000).unwrap();
        let mut out = vec![0.0f32; steps.len()];
        let result = evaluate_while(&s, steps, &mut out, &mut || false);
        assert_eq!(result, Err(Halt::Stopped));
        assert_eq!(out.last(), Some(&0.0));
    }
}
