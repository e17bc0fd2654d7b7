//! Evaluating many schedules over the same steps: one row per schedule, in parallel.

use crate::{Halt, Sample, Schedule, ScheduleError, Steps};

/// Evaluates each of `schedules` over `steps` into `out`, row-major: row `i` holds schedule
/// `i`'s values as native-endian bytes (`steps.len() * T::BYTES` per row), the layout of an
/// `{N, M}` Nx tensor. Rows are evaluated in parallel on the pool of
/// [`set_threads`](crate::set_threads) when the work is large; each row holds exactly the
/// bytes [`evaluate_bytes`](crate::evaluate_bytes) gives for its schedule
/// (see [`evaluate_many_bytes_while`](crate::evaluate_many_bytes_while), which this is
/// with no way to stop). Fails with the first failing row's error.
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
    match crate::evaluate_many_bytes_while::<T>(schedules, steps, out, &mut || true) {
        Err(Halt::Failed(error)) => Err(error),
        // Never stopped: `keep_going` always says yes.
        Ok(()) | Err(Halt::Stopped) => Ok(()),
    }
}
