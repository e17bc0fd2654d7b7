//! Evaluating many schedules over the same steps: one row per schedule, in parallel.

use crate::eval::evaluate_row;
use crate::{Sample, Schedule, ScheduleError, Steps};

/// Evaluates each of `schedules` over `steps` into `out`, row-major: row `i` holds schedule
/// `i`'s values as native-endian bytes (`steps.len() * T::BYTES` per row), the layout of an
/// `{N, M}` Nx tensor. Rows are evaluated in parallel on the pool of
/// [`set_threads`](crate::set_threads) when the work is large; each row holds exactly the
/// bytes [`evaluate_bytes`](crate::evaluate_bytes) gives. Fails with the first failing row's
/// error.
///
/// ```
/// use anneal_core::{evaluate_many_bytes, Constant, Steps};
/// let schedules = [Constant::schedule(0.5).unwrap(), Constant::schedule(2.0).unwrap()];
/// let mut out = [0u8; 16];
/// evaluate_many_bytes::<f32>(&schedules, Steps::range(0, 1, 2).unwrap(), &mut out).unwrap();
/// assert_eq!(out[..4], 0.5f32.to_ne_bytes());
/// assert_eq!(out[8..12], 2.0f32.to_ne_bytes());
/// ```
pub fn evaluate_many_bytes<T: Sample>(
    schedules: &[Schedule],
    steps: Steps<'_>,
    out: &mut [u8],
) -> Result<(), ScheduleError> {
    let row = steps.len() * T::BYTES;
    if schedules.len().checked_mul(row) != Some(out.len()) {
        return Err(ScheduleError::LengthMismatch {
            steps: schedules.len() * steps.len(),
            output: out.len() / T::BYTES,
        });
    }
    if row == 0 {
        return Ok(());
    }
    let work: f64 = schedules
        .iter()
        .map(|s| crate::estimated_cost_ns(s, steps))
        .sum();
    let rows: Vec<_> = schedules.iter().zip(out.chunks_exact_mut(row)).collect();
    match crate::runtime::pool().filter(|_| schedules.len() > 1 && work >= PARALLEL_MIN_NS) {
        Some(pool) => crate::kernel::in_parallel(&pool, rows, |(schedule, bytes)| {
            evaluate_row::<T>(schedule, steps, bytes)
        }),
        None => rows
            .into_iter()
            .try_for_each(|(schedule, bytes)| evaluate_row::<T>(schedule, steps, bytes)),
    }
}

/// Sweeps estimated below this many nanoseconds stay on the caller's thread.
const PARALLEL_MIN_NS: f64 = 500_000.0;
