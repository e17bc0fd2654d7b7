//! Evaluating a [`Schedule`] over many [`Steps`] into `f32` or `f64` buffers.

use crate::kernel::{self, Bytes, Parts, Sink};
use crate::{Schedule, ScheduleError, Steps};

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// An output element type: `f32` or `f64`.
///
/// Values are always computed in float64; an `f32` output is the correctly rounded
/// (round-to-nearest-even) float64 value.
pub trait Sample: Copy + Default + Send + Sync + sealed::Sealed {
    /// Size of one element in bytes.
    const BYTES: usize;
    /// Whether this type is narrower than float64 (rounding can change a value).
    const NARROW: bool;
    /// The bits of the value, widened to 64 (compares signed zeros as different).
    fn bits(self) -> u64;
    /// The float64 value rounded to this type.
    fn from_f64(value: f64) -> Self;
    /// Whether the value is neither infinite nor NaN.
    fn is_finite(self) -> bool;
    /// Writes the value as native-endian bytes into `out` (`BYTES` long).
    fn write_ne(self, out: &mut [u8]);
    /// The value widened to float64 (exact).
    fn to_f64(self) -> f64;
    /// `values` as float64s when this type is `f64` (so that fast values can be written in
    /// place), `None` for `f32`.
    fn as_wide(values: &mut [Self]) -> Option<&mut [f64]>;
    /// `values` as float32s when this type is `f32` (so that fast values can be rounded
    /// straight into them), `None` for `f64`.
    fn as_narrow(values: &mut [Self]) -> Option<&mut [f32]>;
}

impl Sample for f32 {
    const BYTES: usize = 4;
    const NARROW: bool = true;
    #[inline(always)]
    fn bits(self) -> u64 {
        u64::from(self.to_bits())
    }
    #[inline(always)]
    fn from_f64(value: f64) -> Self {
        value as f32
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
    #[inline(always)]
    fn write_ne(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_ne_bytes());
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn as_wide(_: &mut [Self]) -> Option<&mut [f64]> {
        None
    }
    #[inline(always)]
    fn as_narrow(values: &mut [Self]) -> Option<&mut [f32]> {
        Some(values)
    }
}

impl Sample for f64 {
    const BYTES: usize = 8;
    const NARROW: bool = false;
    #[inline(always)]
    fn bits(self) -> u64 {
        self.to_bits()
    }
    #[inline(always)]
    fn from_f64(value: f64) -> Self {
        value
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
    #[inline(always)]
    fn write_ne(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_ne_bytes());
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn as_wide(values: &mut [Self]) -> Option<&mut [f64]> {
        Some(values)
    }
    #[inline(always)]
    fn as_narrow(_: &mut [Self]) -> Option<&mut [f32]> {
        None
    }
}

/// Evaluates `schedule` at every step into `out`, which must hold `steps.len()` values.
///
/// Ranges of the built-in schedule families take the vectorized path of the `kernel`
/// module (bit-identical for `f32`, within 1e-14 · (|init_value| + |value|) for `f64`; a
/// product within its factors' bounds carried through the multiplications); everything else
/// is computed step by step with [`Schedule::value`].
///
/// Fails with [`ScheduleError::NonFiniteValue`] if a value overflows the output type
/// (for example an `exponential_decay` with `decay_rate > 1` far out).
///
/// ```
/// use anneal_core::{evaluate, CosineDecay, Steps};
/// let s = CosineDecay::schedule(1.0, 2.0, 0.0).unwrap().into();
/// let mut out = [0.0f32; 3];
/// evaluate(&s, Steps::range(0, 1, 3).unwrap(), &mut out).unwrap();
/// assert_eq!(out, [1.0, 0.5, 0.0]);
/// ```
pub fn evaluate<T: Sample>(
    schedule: &Schedule,
    steps: Steps<'_>,
    out: &mut [T],
) -> Result<(), ScheduleError> {
    same_length(steps, out.len())?;
    dispatch(schedule, steps, out)
}

/// Like [`evaluate`], but writes native-endian bytes: `out` must hold
/// `steps.len() * T::BYTES` bytes. This is the layout `Nx.from_binary/2` reads; the values
/// are written in place, with no intermediate buffer.
///
/// ```
/// use anneal_core::{evaluate_bytes, Constant, Steps};
/// let s = Constant::schedule(0.5).unwrap().into();
/// let mut out = [0u8; 8];
/// evaluate_bytes::<f32>(&s, Steps::range(0, 1, 2).unwrap(), &mut out).unwrap();
/// assert_eq!(out[..4], 0.5f32.to_ne_bytes());
/// ```
pub fn evaluate_bytes<T: Sample>(
    schedule: &Schedule,
    steps: Steps<'_>,
    out: &mut [u8],
) -> Result<(), ScheduleError> {
    if steps.len().checked_mul(T::BYTES) != Some(out.len()) {
        return Err(ScheduleError::LengthMismatch {
            steps: steps.len(),
            output: out.len() / T::BYTES,
        });
    }
    dispatch::<T, _>(schedule, steps, Bytes(out))
}

/// Evaluates `schedule` at every step exactly, with [`Schedule::value`] per step: the
/// reference the fast path is tested against, and the path of anything it does not cover.
///
/// ```
/// use anneal_core::{evaluate_exact, ExponentialDecay, Steps};
/// let s = ExponentialDecay::schedule(1.0, 0.5, 1.0, 0.0, false).unwrap().into();
/// let mut out = [0.0f64; 3];
/// evaluate_exact(&s, Steps::range(0, 1, 3).unwrap(), &mut out).unwrap();
/// assert_eq!(out, [1.0, 0.5, 0.25]);
/// ```
pub fn evaluate_exact<T: Sample>(
    schedule: &Schedule,
    steps: Steps<'_>,
    out: &mut [T],
) -> Result<(), ScheduleError> {
    same_length(steps, out.len())?;
    per_step(schedule, steps, out)
}

pub(crate) fn same_length(steps: Steps<'_>, output: usize) -> Result<(), ScheduleError> {
    if steps.len() == output {
        Ok(())
    } else {
        Err(ScheduleError::LengthMismatch {
            steps: steps.len(),
            output,
        })
    }
}

/// Plans of at most this many segments are priced run by run (see [`estimated_cost_ns`]).
const WALKED_SEGMENTS: usize = 1024;

/// Nanoseconds, generously, per level of the binary search that finds a step's segment on
/// the per-step path.
const SEARCH_NS: f64 = 4.0;

/// A generous estimate of how long [`evaluate`] takes over `steps`, in nanoseconds: what a
/// caller needs to decide whether the work may run on a latency-sensitive thread. Each run of
/// a range of each factor is priced at its primitive's cost per step, on its kernel or with
/// the exact formula (and a product's multiplications per step on top); other steps (and
/// every step of a product whose range takes the per-step path) at [`step_cost_ns`] each.
/// Walking the runs takes about a microsecond a run: a plan of more than 1,024 segments (over
/// all factors) is priced at [`step_cost_ns`] per step instead, a bound found in O(1), so that
/// pricing a long evaluation does not delay its first stop check (see
/// [`evaluate_bytes_while`](crate::evaluate_bytes_while)).
///
/// ```
/// use anneal_core::{estimated_cost_ns, CosineDecay, Steps};
/// let s = CosineDecay::schedule(0.1, 1e6, 0.0).unwrap().into();
/// let fast = estimated_cost_ns(&s, Steps::range(0, 1, 1000).unwrap());
/// let exact = estimated_cost_ns(&s, Steps::Values(&[0.0; 1000]));
/// assert!(fast < exact);
/// ```
pub fn estimated_cost_ns(schedule: &Schedule, steps: Steps<'_>) -> f64 {
    match steps {
        _ if schedule.size() > WALKED_SEGMENTS => step_cost_ns(schedule) * steps.len() as f64,
        // A product off the fast path is computed step by step, every factor at each step.
        Steps::Range { first, stride, len }
            if schedule.plan().factors().len() == 1
                || kernel::suits(schedule, first, stride, len) =>
        {
            kernel::estimated_cost_ns(schedule, first, stride, len)
        }
        _ => step_cost_ns(schedule) * steps.len() as f64,
    }
}

/// Nanoseconds, generously, of each factor of a product after the first: finding its
/// segment and multiplying (measured: about 28 ns for a factor of one constant segment).
const FACTOR_NS: f64 = 30.0;

/// A generous estimate of the nanoseconds one step of `schedule` takes on the per-step path,
/// an upper bound for a step of a range too: for each factor of its plan, its dearest
/// primitive's exact formula and the binary search for the step's segment, plus
/// [`FACTOR_NS`] for each factor after the first. It walks every segment: whoever decides
/// often (a NIF choosing its scheduler) computes it once and keeps it.
///
/// ```
/// use anneal_core::{step_cost_ns, PiecewiseConstant, Constant};
/// let one = step_cost_ns(&Constant::schedule(0.1).unwrap());
/// let many = PiecewiseConstant::schedule(0.1, (1..1000).map(|b| (f64::from(b), 0.5))).unwrap();
/// assert!(step_cost_ns(&many) > one);
/// ```
pub fn step_cost_ns(schedule: &Schedule) -> f64 {
    schedule
        .plan()
        .factors()
        .iter()
        .map(|factor| {
            let segments = factor.segments();
            kernel::exact_step_ns(segments) + SEARCH_NS * (segments.len() as f64).log2()
        })
        .sum::<f64>()
        + FACTOR_NS * (schedule.plan().factors().len() - 1) as f64
}

/// Evaluations estimated below this many nanoseconds stay on the caller's thread: the pool's
/// wake-up and the tasks' tables cost tens of microseconds.
pub(crate) const PARALLEL_MIN_NS: f64 = 500_000.0;
/// Steps per part of a per-step evaluation in parallel.
const PER_STEP_PART: usize = 16_384;

/// The pool to evaluate `steps` on, for work large enough to pay for it (and more than one
/// thread set). Not on one of the pool's own threads: whoever runs there already shares out
/// the work (evaluations in pieces, rows of a sweep).
fn pool_for(schedule: &Schedule, steps: Steps<'_>) -> Option<std::sync::Arc<rayon::ThreadPool>> {
    // A cheap test first: no step is priced above 200 ns.
    if (steps.len() as f64) * 200.0 < PARALLEL_MIN_NS {
        return None;
    }
    let pool = crate::runtime::pool()?;
    if pool.current_thread_index().is_some() || estimated_cost_ns(schedule, steps) < PARALLEL_MIN_NS
    {
        return None;
    }
    Some(pool)
}

/// [`evaluate`] into `out`: ranges on the fast path, s64 steps in stretches, the rest step by
/// step, on the pool when the work is large. (Evaluations in pieces, `pieces.rs`, take the
/// same paths.)
fn dispatch<T: Sample, P: Parts<T>>(
    schedule: &Schedule,
    steps: Steps<'_>,
    mut out: P,
) -> Result<(), ScheduleError> {
    let pool = pool_for(schedule, steps);
    match steps {
        Steps::Range { first, stride, len } if kernel::suits(schedule, first, stride, len) => {
            match pool {
                Some(pool) => kernel::fill_range_parallel(schedule, first, stride, out, &pool),
                None => kernel::fill_range(schedule, first, stride, &mut out),
            }
        }
        Steps::S64(bytes) => s64_runs(schedule, bytes, out, pool.as_deref()),
        _ => match pool {
            Some(pool) => per_step_parallel(schedule, steps, out, &pool),
            None => per_step(schedule, steps, &mut out),
        },
    }
}

/// [`per_step`] in parts on `pool`.
fn per_step_parallel<T: Sample, P: Parts<T>>(
    schedule: &Schedule,
    steps: Steps<'_>,
    out: P,
    pool: &rayon::ThreadPool,
) -> Result<(), ScheduleError> {
    let mut parts = Vec::new();
    let (mut rest, mut start) = (out, 0);
    while start < steps.len() {
        let len = PER_STEP_PART.min(steps.len() - start);
        let (part, tail) = rest.split_at(len);
        parts.push((steps.slice(start, len), part));
        rest = tail;
        start += len;
    }
    kernel::in_parallel(pool, parts, |(steps, mut part)| {
        per_step(schedule, steps, &mut part)
    })
}

/// Stretches of an s64 binary at least this long with a constant stride are evaluated as
/// ranges (long enough to pay for the fast path's tables).
const MIN_RUN: usize = 2048;

/// s64 steps: arithmetic stretches (as `Nx.iota` makes) take the range path, bit for bit the
/// same values as the range would give (on `pool` when a stretch is large); the rest is
/// computed step by step. The stretches are found serially, so parallel or not they are
/// the same.
fn s64_runs<T: Sample, P: Parts<T>>(
    schedule: &Schedule,
    bytes: &[u8],
    out: P,
    pool: Option<&rayon::ThreadPool>,
) -> Result<(), ScheduleError> {
    let steps = Steps::S64(bytes);
    let mut rest = out;
    for (start, len, ranged) in s64_stretches(schedule, bytes) {
        let (mut part, tail) = rest.split_at(len);
        let large = pool.filter(|_| len >= PER_STEP_PART);
        match (ranged, large) {
            (Some((first, stride)), Some(pool)) => {
                kernel::fill_range_parallel(schedule, first, stride, part, pool)?;
            }
            (Some((first, stride)), None) => {
                kernel::fill_range(schedule, first, stride, &mut part)?;
            }
            (None, Some(pool)) => {
                per_step_parallel(schedule, steps.slice(start, len), part, pool)?;
            }
            (None, None) => per_step(schedule, steps.slice(start, len), &mut part)?,
        }
        rest = tail;
    }
    Ok(())
}

/// The stretches of s64 steps (`bytes`), in order: the index of the first step, the length,
/// and, for a stretch that takes the range path, its first step and stride (the steps
/// between two such stretches come as one stretch, computed step by step).
pub(crate) fn s64_stretches<'a>(
    schedule: &'a Schedule,
    bytes: &'a [u8],
) -> impl Iterator<Item = (usize, usize, Option<(i64, i64)>)> + 'a {
    let n = bytes.len() / 8;
    let mut start = 0;
    // A ranged stretch found after steps that are not: it comes next.
    let mut next = None;
    std::iter::from_fn(move || {
        if let Some(ranged) = next.take() {
            return Some(ranged);
        }
        let loose = start;
        while start < n {
            let first = word(&bytes[start * 8..start * 8 + 8]);
            let stride = if start + 1 < n {
                word(&bytes[start * 8 + 8..start * 8 + 16]).wrapping_sub(first)
            } else {
                0
            };
            let (at, len) = (start, stretch(&bytes[start * 8..], stride));
            start += len;
            if len >= MIN_RUN && kernel::suits(schedule, first, stride, len) {
                let ranged = (at, len, Some((first, stride)));
                if at == loose {
                    return Some(ranged);
                }
                next = Some(ranged);
                return Some((loose, at - loose, None));
            }
        }
        (start > loose).then_some((loose, start - loose, None))
    })
}

/// The native-endian signed 64-bit integer in `chunk` (8 bytes).
fn word(chunk: &[u8]) -> i64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    i64::from_ne_bytes(word)
}

/// How many of the s64 `bytes` (at least one) go up by `stride` from one to the next, in
/// wrapping arithmetic: a stretch that wraps around is refused as a range later, and then
/// computed step by step. Compares a few dozen steps at a time, which vectorizes.
fn stretch(bytes: &[u8], stride: i64) -> usize {
    const SCAN: usize = 64;
    // Steps that are not a range mostly change their stride at once: the first two
    // differences before a chunk is read.
    let at = |i: usize| word(&bytes[i * 8..i * 8 + 8]);
    let n = bytes.len() / 8;
    if n >= 2 && at(1).wrapping_sub(at(0)) != stride {
        return 1;
    }
    if n >= 3 && at(2).wrapping_sub(at(1)) != stride {
        return 2;
    }
    let mut words = [0i64; SCAN + 1];
    let mut len = 1;
    for chunk in bytes.chunks(SCAN * 8) {
        words[0] = word(&bytes[(len - 1) * 8..len * 8]);
        let m = chunk.len() / 8;
        for (w, c) in words[1..=m].iter_mut().zip(chunk.chunks_exact(8)) {
            *w = word(c);
        }
        // The first chunk starts at the stretch's own first step: skip comparing it with itself.
        let skip = usize::from(len == 1);
        let pairs = words[skip..m].iter().zip(&words[skip + 1..=m]);
        let steady = |(a, b): (&i64, &i64)| b.wrapping_sub(*a) == stride;
        if pairs.clone().fold(true, |all, pair| all & steady(pair)) {
            len += m - skip;
        } else {
            return len + pairs.take_while(|&pair| steady(pair)).count();
        }
    }
    len
}

/// The generic path: [`Schedule::value`] at every step, stopping at the first non-finite value.
pub(crate) fn per_step<T: Sample, S: Sink<T> + ?Sized>(
    schedule: &Schedule,
    steps: Steps<'_>,
    out: &mut S,
) -> Result<(), ScheduleError> {
    let mut i = 0;
    let mut overflow = None;
    steps.for_each(|step| {
        if overflow.is_none() {
            let value = T::from_f64(schedule.value(step));
            if value.is_finite() {
                out.put(i, value);
            } else {
                overflow = Some(step);
            }
        }
        i += 1;
    });
    match overflow {
        None => Ok(()),
        Some(step) => Err(ScheduleError::NonFiniteValue { step }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExponentialDecay, LinearDecay};

    #[test]
    fn steps_given_as_values_are_computed_exactly() {
        // Only ranges take the fast path (tested in tests/fast_path.rs); other steps get
        // exactly `value(step)`.
        let s: Schedule = LinearDecay::schedule(0.1, 7.0, 40.0).unwrap();
        let steps = Steps::range(-5, 3, 30).unwrap().to_vec();
        let mut out = vec![0.0f64; steps.len()];
        evaluate(&s, Steps::Values(&steps), &mut out).unwrap();
        let expected: Vec<f64> = steps.iter().map(|&t| s.value(t)).collect();
        assert_eq!(out, expected);
        let mut exact = vec![0.0f64; steps.len()];
        let range = Steps::range(-5, 3, 30).unwrap();
        evaluate_exact(&s, range, &mut exact).unwrap();
        assert_eq!(exact, expected);
    }

    #[test]
    fn f32_output_is_the_rounded_f64_value() {
        let s: Schedule = ExponentialDecay::schedule(0.3, 0.9, 7.0, 0.0, false).unwrap();
        let steps = Steps::range(0, 1, 3000).unwrap();
        let mut wide = vec![0.0f64; steps.len()];
        let mut narrow = vec![0.0f32; steps.len()];
        evaluate(&s, steps, &mut wide).unwrap();
        evaluate(&s, steps, &mut narrow).unwrap();
        for (w, n) in wide.iter().zip(&narrow) {
            assert_eq!(*w as f32, *n);
        }
    }

    #[test]
    fn bytes_match_values_across_block_boundaries() {
        let s: Schedule = LinearDecay::schedule(1.0, 0.0, 5000.0).unwrap();
        let steps = Steps::range(0, 1, 2500).unwrap();
        let mut values = vec![0.0f64; steps.len()];
        let mut bytes = vec![0u8; steps.len() * 8];
        evaluate(&s, steps, &mut values).unwrap();
        evaluate_bytes::<f64>(&s, steps, &mut bytes).unwrap();
        let decoded: Vec<f64> = bytes
            .chunks_exact(8)
            .map(|c| f64::from_ne_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(decoded, values);
    }

    #[test]
    fn overflowing_values_are_an_error_naming_the_step() {
        // 2^(t/1) overflows f32 past t = 128 and f64 past t = 1024.
        let s: Schedule = ExponentialDecay::schedule(1.0, 2.0, 1.0, 0.0, false).unwrap();
        let mut out = vec![0.0f32; 200];
        let err = evaluate(&s, Steps::range(0, 1, 200).unwrap(), &mut out).unwrap_err();
        assert_eq!(err, ScheduleError::NonFiniteValue { step: 128.0 });
        let mut out = vec![0.0f64; 200];
        assert!(evaluate(&s, Steps::range(0, 1, 200).unwrap(), &mut out).is_ok());
    }

    #[test]
    fn a_byte_count_that_overflows_is_a_length_mismatch_not_a_panic() {
        // usize::MAX steps of stride 0 are a valid range; 8 bytes each do not fit in usize.
        let s: Schedule = LinearDecay::schedule(1.0, 0.0, 5.0).unwrap();
        let steps = Steps::range(0, 0, usize::MAX).unwrap();
        let mut out = [0u8; 8];
        assert!(matches!(
            evaluate_bytes::<f64>(&s, steps, &mut out),
            Err(ScheduleError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn stretches_of_s64_steps_end_where_the_stride_changes() {
        let bytes =
            |steps: &[i64]| -> Vec<u8> { steps.iter().flat_map(|s| s.to_ne_bytes()).collect() };
        // 130 steps by 3 (across two chunks of 64 comparisons), then a jump.
        let mut steps: Vec<i64> = (0..130).map(|i| 3 * i).collect();
        steps.extend([1000, 1003]);
        assert_eq!(stretch(&bytes(&steps), 3), 130);
        assert_eq!(stretch(&bytes(&steps[129..]), 1000 - 387), 2);
        assert_eq!(stretch(&bytes(&[5]), 0), 1);
        assert_eq!(stretch(&bytes(&[5, 5, 5, 6]), 0), 3);
        // Exactly two chunks' worth, to the end.
        let steps: Vec<i64> = (0..129).map(|i| -i).collect();
        assert_eq!(stretch(&bytes(&steps), -1), 129);
    }

    #[test]
    fn s64_stretches_are_ranges_long_enough_and_the_steps_between() {
        // 10 scattered steps, 3000 steps by 2 (a range: at least MIN_RUN = 2048), 5 more
        // scattered ones, 100 steps by 1 (too short for a range): the scattered steps and
        // the short stretch come as stretches computed step by step, one on each side.
        let s: Schedule = LinearDecay::schedule(1.0, 0.0, 1e5).unwrap();
        let mut steps: Vec<i64> = (0..10).map(|i| i * i * 37 % 101).collect();
        steps.extend((0..3000).map(|i| 7 + 2 * i));
        steps.extend([-5, 90, 3, 3, 1]);
        steps.extend(0..100);
        let bytes: Vec<u8> = steps.iter().flat_map(|s| s.to_ne_bytes()).collect();
        let stretches: Vec<_> = s64_stretches(&s, &bytes).collect();
        assert_eq!(
            stretches,
            [(0, 10, None), (10, 3000, Some((7, 2))), (3010, 105, None)]
        );
    }

    #[test]
    fn wrong_output_length_is_an_error() {
        let s: Schedule = LinearDecay::schedule(1.0, 0.0, 5.0).unwrap();
        let mut out = [0.0f64; 2];
        let err = evaluate(&s, Steps::range(0, 1, 3).unwrap(), &mut out).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the output holds 2 values but there are 3 steps"
        );
    }
}
