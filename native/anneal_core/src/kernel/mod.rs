//! The fast path of [`evaluate`](crate::evaluate) over ranges of steps.
//!
//! A range is cut into blocks of [`BLOCK`] steps at absolute multiples of the stride, so a
//! value does not depend on where a range starts (except that cosine and exponential ranges,
//! and the series of a cosine's general exponent, shorter than [`MIN_TABLE_LEN`] skip the
//! tables and series and use the exact formula). For each block
//! (or part of one) the primitive's [`Kernel`] gives a [`Plan`]: one value for all of it, a vectorized
//! computation reseeded from the exact formula at the start of every block (independent steps,
//! so that the loops vectorize), or the exact formula per step.
//!
//! Fast values come with an error bound, so an interval that holds the exact value. For `f32` output, a step
//! whose interval straddles a float32 rounding boundary is recomputed with the exact formula,
//! so `f32` results are bit-identical to `value(step) as f32`: kernels that can round their
//! values straight into the output and check them on the way by their dropped mantissa bits
//! do ([`Narrow`], `narrow.rs`), the others, and blocks where that check fails, write values
//! and bounds to a scratch block first ([`Fill`], [`straddles`]); for `f64` output the error is
//! below 1e-14 · (|init_value| + |value|). Kernels belong to primitives, not kinds: a range
//! walks the schedule's plan and gives each run of steps in one segment to the kernel of that
//! segment's primitive, in the segment's local steps. A product of factors (`multiply`) walks
//! each factor's plan so, block by block, into float64 values with error bounds, and
//! multiplies them in the exact path's order (`product.rs`, which writes the bounds out; a
//! product's `f64` error is its factors' bounds carried through the multiplications). Plans
//! with no segment that has a kernel (and ranges whose steps are not exact in float64) take
//! the per-step path.

#[cfg(test)]
mod bits;
mod constant;
mod cosine;
mod cyclic;
mod direct;
mod exponential;
mod inverse_sqrt;
mod linear;
mod narrow;
mod polynomial;
mod power;
mod primitive;
mod product;
mod restarts;
mod triangle;
#[cfg(target_arch = "x86_64")]
mod x86;

use crate::{Factor, Sample, Schedule, ScheduleError, Segment};
pub(crate) use narrow::Narrow;
use std::sync::Arc;

/// The smallest part a block is split into around a boundary of the formula.
pub(crate) const MIN_PART: usize = 8;
/// Steps per block: the fast path reseeds from the exact formula at every block start.
pub(crate) const BLOCK: usize = 512;
/// Length of the per-evaluation tables: one entry per step of a block.
pub(crate) const TABLE: usize = BLOCK;
/// Evaluations shorter than this skip the tables (a few hundred libm calls to build).
pub(crate) const MIN_TABLE_LEN: usize = 1024;
/// Steps up to 2⁵² in magnitude, and their differences, are exact in float64.
const MAX_EXACT_STEP: f64 = 4_503_599_627_370_496.0;

/// How to compute the steps of a block whose smallest and largest steps are `lo` and `hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Plan {
    /// Every step has this exact value.
    Fill(f64),
    /// The vectorized computation, with the kernel's piece number (for piecewise formulas).
    Fast(u8),
    /// The block crosses a boundary of the formula: plan each half.
    Split,
    /// The exact formula at every step.
    Exact,
}

/// Where a kernel writes the fast values of a block (or part of one): `value` always; for
/// `f32` output also `error`, a bound on |value − exact value| at each step.
pub(crate) struct Fill<'a> {
    /// `j · stride` for each index `j` (so that steps are `step + ramp[j]`).
    pub(crate) ramp: &'a [f64],
    pub(crate) value: &'a mut [f64],
    pub(crate) error: &'a mut [f64],
    /// Whether the error bounds are wanted (`f32` output).
    pub(crate) narrow: bool,
}

impl Fill<'_> {
    /// Writes `values`, and for `f32` their error bounds |value| · rho.
    #[inline(always)]
    pub(crate) fn relative(self, rho: f64, values: impl Iterator<Item = f64>) {
        if self.narrow {
            let slots = self.value.iter_mut().zip(self.error.iter_mut());
            for ((slot, error), v) in slots.zip(values) {
                *slot = v;
                *error = v.abs() * rho;
            }
        } else {
            for (slot, v) in self.value.iter_mut().zip(values) {
                *slot = v;
            }
        }
    }
}

/// A part of a block as [`Kernel::fill`] takes it: `n` (at least 1) steps from `step` on,
/// `stride` apart, at table entries from `offset` on (`step` is the block's step number
/// `offset`). What [`Kernel::block_bound`] and [`Kernel::magnitudes`] bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stretch {
    /// The first step.
    pub(crate) step: f64,
    /// The difference between two consecutive steps.
    pub(crate) stride: f64,
    /// The first step's index into the tables built for this stride.
    pub(crate) offset: usize,
    /// How many steps.
    pub(crate) n: usize,
}

impl Stretch {
    /// The last step, `step + (n − 1) · stride` (exact where the steps and their
    /// differences are, below 2⁵³ in magnitude).
    #[inline(always)]
    pub(crate) fn last(self) -> f64 {
        self.step + self.span()
    }

    /// `(n − 1) · stride`: from the first step to the last, the ramp's last entry.
    #[inline(always)]
    pub(crate) fn span(self) -> f64 {
        (self.n - 1) as f64 * self.stride
    }

    /// The last step's table index, `offset + n − 1`.
    #[inline(always)]
    pub(crate) fn last_offset(self) -> usize {
        self.offset + self.n - 1
    }
}

/// One error bound for every fast value of a part of a block (see [`Kernel::block_bound`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum BlockBound {
    /// |value − exact value| ≤ this at every step.
    Absolute(f64),
    /// |value − exact value| ≤ |value| · this at every step.
    Relative(f64),
}

/// The low end of the interval `value ± error` rounded to `T`, and whether the interval is
/// suspect: its ends round apart (it straddles a rounding boundary of `T`, so the exact value
/// in it may round differently from the low end) or the low end is not finite. The one rule
/// of every `f32` check that takes bounds (`Sink::put_intervals`, `Narrow::bounded`, the
/// products and the walks over suspect steps): two conversions and two comparisons,
/// branch-free, for any value (float32 subnormals and zero included); the one-pass check of
/// `narrow.rs` on the dropped mantissa bits serves normal float32 values only, and blocks
/// where it fails come here.
#[inline(always)]
pub(crate) fn rounded<T: Sample>(value: f64, error: f64) -> (T, bool) {
    let (lo, hi) = (T::from_f64(value - error), T::from_f64(value + error));
    (lo, (lo.bits() != hi.bits()) | !lo.is_finite())
}

/// Whether the interval `value ± error` is suspect (see [`rounded`]).
#[inline(always)]
fn straddles<T: Sample>(value: f64, error: f64) -> bool {
    rounded::<T>(value, error).1
}

/// The smallest and largest magnitude of the numbers between `x` and `y` (either order):
/// 0 where they have different signs or one is zero. `None` where either is not finite.
#[inline(always)]
pub(crate) fn magnitudes_between(x: f64, y: f64) -> Option<(f64, f64)> {
    if !(x.is_finite() && y.is_finite()) {
        return None;
    }
    let (x_abs, y_abs) = (x.abs(), y.abs());
    let same_side = (x > 0.0 && y > 0.0) || (x < 0.0 && y < 0.0);
    let low = if same_side { x_abs.min(y_abs) } else { 0.0 };
    Some((low, x_abs.max(y_abs)))
}

/// Test helper: the kernel's [`Kernel::magnitudes`] against its fast values in `stretch`, in
/// the block from step `start`, for each `Fast` plan of its steps (`f32` output's and `f64`
/// output's) and both ways of [`Kernel::fill`] (with bounds and without): low ≤ |value| ≤ top
/// and no value NaN at every step, else a panic. How many plans were `Fast` (and checked).
#[cfg(test)]
pub(crate) fn magnitudes_hold<K: Kernel>(kernel: &K, start: f64, stretch: Stretch) -> usize {
    let (first, last) = (stretch.step, stretch.last());
    let mut fast = 0;
    for narrow in [false, true] {
        let Plan::Fast(piece) = kernel.plan(first.min(last), first.max(last), narrow) else {
            continue;
        };
        let seed = kernel.seed(start, piece);
        let (low, top) = kernel
            .magnitudes(&seed, stretch)
            .expect("bounds for this kernel");
        for bounds in [false, true] {
            let (value, _) = fast_values(kernel, &seed, stretch, bounds);
            for (j, v) in value.iter().enumerate() {
                assert!(
                    low <= v.abs() && v.abs() <= top,
                    "{v:e} at step {}: not in [{low:e}, {top:e}] ({stretch:?})",
                    first + j as f64 * stretch.stride
                );
            }
        }
        fast += 1;
    }
    fast
}

/// Test helper: the kernel's [`Kernel::fill`] of `stretch` with `seed`, its values and (with
/// `bounds`) their error bounds.
#[cfg(test)]
pub(crate) fn fast_values<K: Kernel>(
    kernel: &K,
    seed: &K::Seed,
    stretch: Stretch,
    bounds: bool,
) -> (Vec<f64>, Vec<f64>) {
    let n = stretch.n;
    let ramp: Vec<f64> = (0..n).map(|j| j as f64 * stretch.stride).collect();
    let (mut value, mut error) = (vec![0.0; n], vec![0.0; n]);
    let fill = Fill {
        ramp: &ramp,
        value: &mut value,
        error: &mut error,
        narrow: bounds,
    };
    kernel.fill(seed, stretch.step, stretch.stride, stretch.offset, fill);
    (value, error)
}

/// Test helper: a number in [0, 1) from `bits`.
#[cfg(test)]
pub(crate) fn unit(bits: &mut bits::Bits) -> f64 {
    (bits.next() >> 11) as f64 / (1u64 << 53) as f64
}

/// Test helper: a stretch of 1 to 7 steps, stride ±1 to ±7, at a table offset other than 0,
/// its first step within 40 strides of `near` (rounded to a whole step), and the step its
/// block starts at.
#[cfg(test)]
pub(crate) fn stretch_near(bits: &mut bits::Bits, near: f64) -> (f64, Stretch) {
    let stride = [1.0, 2.0, 3.0, 7.0, -1.0, -3.0][(bits.next() % 6) as usize];
    let n = 1 + (bits.next() % 7) as usize;
    let offset = 1 + (bits.next() % (BLOCK - n) as u64) as usize;
    let step = near.round() + ((unit(bits) * 80.0).floor() - 40.0) * stride;
    let stretch = Stretch {
        step,
        stride,
        offset,
        n,
    };
    (step - offset as f64 * stride, stretch)
}

/// Largest magnitude for which a kernel's `Fast` plan may be used with `f32` output: its
/// values then round to finite float32s, and overflow is left to the exact path to report.
pub(crate) const F32_SAFE: f64 = 8.507_059_173_023_462e37; // 2¹²⁶
/// The same for `f64` output.
pub(crate) const F64_SAFE: f64 = 1e300;

/// A schedule family's fast evaluation over blocks of a range with a fixed stride.
pub(crate) trait Kernel {
    /// What a block needs from the exact formula (computed once per block).
    type Seed;
    /// Whether fast values are the exact values bit for bit (error 0): `f32` output then
    /// skips the error bounds and the rounding check.
    const EXACT: bool = false;
    /// The plan for steps between `lo` and `hi`; `narrow` is true for `f32` output.
    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan;
    /// The plan for a factor of a product with `f32` output: fast values with valid error
    /// bounds (as for `narrow`), but no shortcut that holds for float32 output only (a
    /// value too small for float32 may be multiplied by a large one). A bound of 0 promises
    /// the exact path's bits, the sign of a zero included.
    fn bounded_plan(&self, lo: f64, hi: f64) -> Plan {
        self.plan(lo, hi, true)
    }
    /// The seed of the block that starts at step `start`, for the formula's `piece`.
    fn seed(&self, start: f64, piece: u8) -> Self::Seed;
    /// Fast values at steps `step + j · stride` for `j < n` (the length of `fill`'s
    /// slices), where `step` is the block's step number `offset` (the index into tables
    /// built for this stride).
    fn fill(&self, seed: &Self::Seed, step: f64, stride: f64, offset: usize, fill: Fill<'_>);
    /// [`fill`](Self::fill) for `f32` output in one pass: the same fast values, rounded into
    /// `narrow.out` and checked against the same error bounds ([`Narrow`]'s methods); whether
    /// every value passed the check. Where one did not (or a kernel does not override this
    /// and answers `false`), the caller takes `fill` and the interval check instead.
    #[inline(always)]
    fn fill_narrow(
        &self,
        _seed: &Self::Seed,
        _step: f64,
        _stride: f64,
        _offset: usize,
        _narrow: Narrow<'_>,
    ) -> bool {
        false
    }
    /// A bound on the errors of every fast value that [`fill`](Self::fill) writes with this
    /// seed in a `stretch` planned by [`bounded_plan`](Self::bounded_plan), cheaper than the
    /// bounds per step: a product's factor (`product.rs`) then takes `fill` with `narrow:
    /// false`, which must write the same values, and skips the bounds per step where the
    /// block's product keeps a relative bound. `None` (the default) where the kernel has no
    /// such bound.
    fn block_bound(&self, _seed: &Self::Seed, _stretch: Stretch) -> Option<BlockBound> {
        None
    }
    /// Bounds `(low, top)` on the magnitudes of the fast values that [`fill`](Self::fill)
    /// writes with this seed in a `stretch` planned `Fast` (by [`plan`](Self::plan) or
    /// [`bounded_plan`](Self::bounded_plan)), with or without bounds (`Fill::narrow`):
    /// low ≤ |value| ≤ top, and no value NaN, at every step. Found in a few operations from
    /// the stretch's ends, so that a product's factor (`product.rs`) need not scan the
    /// values, and `f32` output's check may skip its range test ([`Narrow::low`]); `None`
    /// (the default) where the kernel has no such bounds, and the values are scanned.
    fn magnitudes(&self, _seed: &Self::Seed, _stretch: Stretch) -> Option<(f64, f64)> {
        None
    }
    /// The exact value (the family's `value`).
    fn exact(&self, step: f64) -> f64;
    /// The scale s of `f64` output's promise: with `plan(.., false)`, fast values are within
    /// 1e-14 · (s + |value|) of the exact ones (for a kind, s is its `init_value`). Products
    /// bound their factors' exact values with it (`product.rs`); a larger s only makes them
    /// more careful.
    fn f64_scale(&self) -> f64;
}

/// Where evaluated values go: a slice of samples or native-endian bytes.
pub(crate) trait Sink<T: Sample> {
    /// How many values fit.
    fn len(&self) -> usize;
    /// Writes the value of index `i`.
    fn put(&mut self, i: usize, value: T);
    /// Writes `values`, rounded to `T`, from index `i` on.
    fn put_f64s(&mut self, i: usize, values: &[f64]);
    /// Writes, from index `i` on, the low end `value − error` of each interval `(value,
    /// error)` of `intervals` rounded to `T`; whether any interval [straddles] a rounding
    /// boundary of `T` or has a low end that is not finite in `T` (where neither, the low end
    /// rounds as every value in the interval does, to a finite value). Inlined with the
    /// iterator, so that a product computes, bounds, checks and stores its values in one pass.
    fn put_intervals(&mut self, i: usize, intervals: impl Iterator<Item = (f64, f64)>) -> bool;
    /// Writes `value` at the `len` indices from `start` on.
    fn fill(&mut self, start: usize, len: usize, value: T);
    /// The `n` values from index `i` on as float64s, for `f64` output where the memory
    /// allows it (aligned): kernels then write their values in place instead of copying them
    /// (a copy of a block measured 2.5× slower than the kernel on AMD EPYC, where glibc copies
    /// 4 KiB with `rep movsb`).
    fn wide(&mut self, i: usize, n: usize) -> Option<&mut [f64]>;
    /// The `n` values from index `i` on as float32s, for `f32` output where the memory allows
    /// it (aligned): kernels then round their values straight into them ([`Narrow`]).
    fn narrow(&mut self, _i: usize, _n: usize) -> Option<&mut [f32]> {
        None
    }
}

impl<T: Sample> Sink<T> for [T] {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
    fn put(&mut self, i: usize, value: T) {
        self[i] = value;
    }
    #[inline(always)]
    fn put_f64s(&mut self, i: usize, values: &[f64]) {
        for (slot, &value) in self[i..i + values.len()].iter_mut().zip(values) {
            *slot = T::from_f64(value);
        }
    }
    #[inline(always)]
    fn put_intervals(&mut self, i: usize, intervals: impl Iterator<Item = (f64, f64)>) -> bool {
        let slots = self[i..].iter_mut();
        slots.zip(intervals).fold(false, |any, (slot, (v, e))| {
            let (lo, suspect) = rounded::<T>(v, e);
            *slot = lo;
            any | suspect
        })
    }
    fn fill(&mut self, start: usize, len: usize, value: T) {
        self[start..start + len].fill(value);
    }
    #[inline(always)]
    fn wide(&mut self, i: usize, n: usize) -> Option<&mut [f64]> {
        T::as_wide(&mut self[i..i + n])
    }
    #[inline(always)]
    fn narrow(&mut self, i: usize, n: usize) -> Option<&mut [f32]> {
        T::as_narrow(&mut self[i..i + n])
    }
}

/// Native-endian bytes, `T::BYTES` per value (the layout of an Nx binary).
pub(crate) struct Bytes<'a>(pub(crate) &'a mut [u8]);

impl<T: Sample> Sink<T> for Bytes<'_> {
    fn len(&self) -> usize {
        self.0.len() / T::BYTES
    }
    fn put(&mut self, i: usize, value: T) {
        value.write_ne(&mut self.0[i * T::BYTES..(i + 1) * T::BYTES]);
    }
    #[inline(always)]
    fn put_f64s(&mut self, i: usize, values: &[f64]) {
        let bytes = &mut self.0[i * T::BYTES..(i + values.len()) * T::BYTES];
        for (slot, &value) in bytes.chunks_exact_mut(T::BYTES).zip(values) {
            T::from_f64(value).write_ne(slot);
        }
    }
    #[inline(always)]
    fn put_intervals(&mut self, i: usize, intervals: impl Iterator<Item = (f64, f64)>) -> bool {
        let slots = self.0[i * T::BYTES..].chunks_exact_mut(T::BYTES);
        slots.zip(intervals).fold(false, |any, (slot, (v, e))| {
            let (lo, suspect) = rounded::<T>(v, e);
            lo.write_ne(slot);
            any | suspect
        })
    }
    fn fill(&mut self, start: usize, len: usize, value: T) {
        let bytes = &mut self.0[start * T::BYTES..(start + len) * T::BYTES];
        if value.bits() == 0 {
            bytes.fill(0);
        } else {
            for slot in bytes.chunks_exact_mut(T::BYTES) {
                value.write_ne(slot);
            }
        }
    }
    #[inline(always)]
    fn wide(&mut self, i: usize, n: usize) -> Option<&mut [f64]> {
        if T::NARROW {
            return None;
        }
        // Native-endian float64s are the bytes an f64 write_ne gives.
        bytemuck::try_cast_slice_mut(&mut self.0[i * T::BYTES..(i + n) * T::BYTES]).ok()
    }
    #[inline(always)]
    fn narrow(&mut self, i: usize, n: usize) -> Option<&mut [f32]> {
        if !T::NARROW {
            return None;
        }
        // Native-endian float32s are the bytes an f32 write_ne gives.
        bytemuck::try_cast_slice_mut(&mut self.0[i * T::BYTES..(i + n) * T::BYTES]).ok()
    }
}

/// Whether [`fill_range`] serves this range: steps within ±2⁵² (exact in float64) and a plan
/// where some segment has a kernel. Otherwise the range takes the per-step path.
pub(crate) fn suits(schedule: &Schedule, first: i64, stride: i64, len: usize) -> bool {
    let factors = schedule.plan().factors();
    exact_steps(first, stride, len)
        && factors
            .iter()
            .any(|factor| factor.segments().iter().any(|s| fast(s, factors.len())))
}

/// Evaluates `schedule` at `first, first + stride, …` into `out` walking its plan: each run of
/// steps in one segment takes its primitive's kernel, or the exact formula per step for a
/// primitive without one (or a segment in a frame whose offsets are not whole steps); a
/// product's factors so, block by block, and multiplied (see `product.rs`). For a range that
/// [`suits`] the fast path.
pub(crate) fn fill_range<T: Sample, S: Sink<T> + ?Sized>(
    schedule: &Schedule,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    if schedule.plan().factors().len() > 1 {
        let product = product::Product::new(schedule.plan(), first, stride, out.len());
        return product.run(0, out);
    }
    let range = Range {
        plan: schedule.plan(),
        first,
        stride,
    };
    for task in range.tasks(out.len(), None) {
        let mut window = Window {
            sink: &mut *out,
            start: task.start,
            len: task.len,
        };
        range.run(&task, &mut window)?;
    }
    Ok(())
}

/// Steps per part of a range evaluated in parallel (a multiple of [`BLOCK`]).
const PART: usize = 64 * BLOCK;

/// [`fill_range`] on `pool`: each run of a segment is cut at block boundaries of its kernel
/// into parts of about [`PART`] steps, and each part takes the kernel with the decisions of
/// the whole run (tables, splits), so the values are bit for bit those of one thread. The
/// parts of a run share one kernel, built by the first of them that runs.
pub(crate) fn fill_range_parallel<T: Sample, P: Parts<T>>(
    schedule: &Schedule,
    first: i64,
    stride: i64,
    out: P,
    pool: &rayon::ThreadPool,
) -> Result<(), ScheduleError> {
    let Some(parts) = parts(schedule, first, stride, out.len(), PART, &mut || true) else {
        unreachable!("a poll that always answers yes never stops the planning")
    };
    let mut jobs = Vec::with_capacity(parts.len());
    let mut rest = out;
    for part in parts {
        let (sink, tail) = rest.split_at(part.len());
        jobs.push((part, sink));
        rest = tail;
    }
    in_parallel(pool, jobs, |(part, mut sink)| part.run(&mut sink))
}

/// Part of a range that [`suits`] the fast path, evaluated alone with the decisions of the
/// whole range (tables, splits): the parts of [`parts`], in order, give the values of the
/// whole range at once, bit for bit.
pub(crate) struct Part<'p>(Whole<'p>);

/// What a [`Part`] is a part of.
enum Whole<'p> {
    /// A task of a plan of one factor.
    Run { range: Range<'p>, task: Task },
    /// `len` steps from index `start` of a product, whose factors' runs it shares with the
    /// other parts.
    Product {
        product: Arc<product::Product<'p>>,
        start: usize,
        len: usize,
    },
}

impl Part<'_> {
    /// How many steps it holds.
    pub(crate) fn len(&self) -> usize {
        match &self.0 {
            Whole::Run { task, .. } => task.len,
            Whole::Product { len, .. } => *len,
        }
    }

    /// Evaluates its steps into `out`, which holds exactly them.
    pub(crate) fn run<T: Sample, S: Sink<T> + ?Sized>(
        &self,
        out: &mut S,
    ) -> Result<(), ScheduleError> {
        match &self.0 {
            Whole::Run { range, task } => range.run(task, out),
            Whole::Product { product, start, .. } => product.run(*start, out),
        }
    }
}

/// The parts of the `len` steps `first, first + stride, …` of `schedule` (a range that
/// [`suits`] the fast path), in order: each run of a segment, cut at block boundaries of its
/// kernel into parts of about `part` steps (a multiple of [`BLOCK`]). Finding the runs takes
/// time with the number of segments the range crosses: `poll` is asked every
/// [`POLL_RUNS`] runs, and `None` returned as soon as it answers `false`.
pub(crate) fn parts<'s>(
    schedule: &'s Schedule,
    first: i64,
    stride: i64,
    len: usize,
    part: usize,
    poll: &mut dyn FnMut() -> bool,
) -> Option<Vec<Part<'s>>> {
    debug_assert!(part.is_multiple_of(BLOCK));
    if schedule.plan().factors().len() > 1 {
        let product = product::Product::new_while(schedule.plan(), first, stride, len, poll)?;
        let product = Arc::new(product);
        let parts = product
            .parts(part)
            .into_iter()
            .map(|(start, len)| {
                Part(Whole::Product {
                    product: Arc::clone(&product),
                    start,
                    len,
                })
            })
            .collect();
        return Some(parts);
    }
    let range = Range {
        plan: schedule.plan(),
        first,
        stride,
    };
    let tasks = range.tasks_while(len, Some(part), poll)?;
    let parts = tasks
        .into_iter()
        .map(|task| Part(Whole::Run { range, task }));
    Some(parts.collect())
}

/// How many runs are found between two questions to a `poll` (a run takes a binary search
/// over the steps and the segments: about a microsecond).
pub(crate) const POLL_RUNS: usize = 1024;

/// `items` in a vector, asking `poll` after every [`POLL_RUNS`] of them; `None` as soon as it
/// answers `false`.
pub(crate) fn collect_while<I>(
    items: impl Iterator<Item = I>,
    poll: &mut dyn FnMut() -> bool,
) -> Option<Vec<I>> {
    let mut all = Vec::new();
    for item in items {
        all.push(item);
        if all.len() % POLL_RUNS == 0 && !poll() {
            return None;
        }
    }
    Some(all)
}

/// Runs `work` on every item on `pool`; the first error in the items' order, as a serial
/// loop that stops at its first error would report.
pub(crate) fn in_parallel<I: Send>(
    pool: &rayon::ThreadPool,
    items: Vec<I>,
    work: impl Fn(I) -> Result<(), ScheduleError> + Sync + Send,
) -> Result<(), ScheduleError> {
    use rayon::prelude::*;
    let results: Vec<_> = pool.install(|| items.into_par_iter().map(&work).collect());
    results.into_iter().collect()
}

/// A sink that splits into two independent halves, for parallel evaluation.
pub(crate) trait Parts<T: Sample>: Sink<T> + Send + Sized {
    /// The first `mid` values and the rest.
    fn split_at(self, mid: usize) -> (Self, Self);
}

/// A borrowed slice is the slice's sink (the form [`Parts`] splits).
impl<T: Sample> Sink<T> for &mut [T] {
    fn len(&self) -> usize {
        Sink::len(&**self)
    }
    fn put(&mut self, i: usize, value: T) {
        Sink::put(&mut **self, i, value);
    }
    #[inline(always)]
    fn put_f64s(&mut self, i: usize, values: &[f64]) {
        Sink::put_f64s(&mut **self, i, values);
    }
    #[inline(always)]
    fn put_intervals(&mut self, i: usize, intervals: impl Iterator<Item = (f64, f64)>) -> bool {
        Sink::put_intervals(&mut **self, i, intervals)
    }
    fn fill(&mut self, start: usize, len: usize, value: T) {
        Sink::fill(&mut **self, start, len, value);
    }
    #[inline(always)]
    fn wide(&mut self, i: usize, n: usize) -> Option<&mut [f64]> {
        Sink::wide(&mut **self, i, n)
    }
    #[inline(always)]
    fn narrow(&mut self, i: usize, n: usize) -> Option<&mut [f32]> {
        Sink::narrow(&mut **self, i, n)
    }
}

impl<T: Sample> Parts<T> for &mut [T] {
    fn split_at(self, mid: usize) -> (Self, Self) {
        self.split_at_mut(mid)
    }
}

impl<T: Sample> Parts<T> for Bytes<'_> {
    fn split_at(self, mid: usize) -> (Self, Self) {
        let (head, tail) = self.0.split_at_mut(mid * T::BYTES);
        (Bytes(head), Bytes(tail))
    }
}

/// A range of steps of a plan.
#[derive(Clone, Copy)]
struct Range<'p> {
    plan: &'p crate::Plan,
    first: i64,
    stride: i64,
}

/// Part of a range for one call of a kernel (or of the exact formula).
struct Task {
    /// Index of its first step in the range.
    start: usize,
    len: usize,
    /// The segment that holds its steps.
    segment: usize,
    /// The whole-step shift to the segment's local steps, and the length of the whole run of
    /// the segment the task is part of; `None`: the exact formula at every step.
    local: Option<(i64, usize)>,
    /// The run's kernel, shared with the run's other tasks where it is cut into several.
    kernel: Option<Arc<primitive::SharedKernel>>,
}

impl Range<'_> {
    fn step(&self, i: usize) -> i64 {
        self.first + i as i64 * self.stride
    }

    /// The tasks of the first `len` steps, in order: one per run of a segment, or with `part`
    /// runs cut into parts of about that many steps (at block boundaries of the run's kernel).
    fn tasks(&self, len: usize, part: Option<usize>) -> Vec<Task> {
        let Some(tasks) = self.tasks_while(len, part, &mut || true) else {
            unreachable!("a poll that always answers yes never stops the planning")
        };
        tasks
    }

    /// [`tasks`](Self::tasks), asking `poll` as the runs are found (see [`collect_while`]).
    fn tasks_while(
        &self,
        len: usize,
        part: Option<usize>,
        poll: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<Task>> {
        let mut tasks = Vec::new();
        let factor = &self.plan.factors()[0];
        let runs = collect_while(runs(factor, self.first, self.stride, len), poll)?;
        for (i, n, k) in runs {
            let local = shift(&self.plan.segments()[k]).map(|delta| (delta, n));
            // Block boundaries of the run's kernel: where its local anchor plus the index
            // is a multiple of BLOCK (see `blocks`). Any cut suits the exact formula.
            let skew = match local {
                Some((delta, _)) => to_block(self.step(i) - delta, self.stride),
                None => 0,
            };
            let cuts = match part {
                Some(part) => cuts(skew, part, n),
                None => vec![0, n],
            };
            // One kernel for all the parts of a run (built by the first that runs).
            let kernel = (local.is_some() && cuts.len() > 2).then(Arc::default);
            tasks.extend(cuts.windows(2).map(|w| Task {
                start: i + w[0],
                len: w[1] - w[0],
                segment: k,
                local,
                kernel: kernel.clone(),
            }));
        }
        Some(tasks)
    }

    /// Evaluates one task into `out`, which holds exactly its steps.
    fn run<T: Sample, S: Sink<T> + ?Sized>(
        &self,
        task: &Task,
        out: &mut S,
    ) -> Result<(), ScheduleError> {
        let segment = &self.plan.segments()[task.segment];
        let Some((delta, whole)) = task.local else {
            // Local steps are not whole: the exact formula at each one.
            let at = |j: usize| self.step(task.start + j) as f64;
            return exact_run(out, at, |t| segment.primitive().value(segment.local(t)));
        };
        let local = self.step(task.start) - delta;
        let shared = task.kernel.as_deref();
        let filled = primitive::fill(segment.primitive(), shared, local, self.stride, whole, out);
        filled.map_err(|e| match e {
            ScheduleError::NonFiniteValue { step } => ScheduleError::NonFiniteValue {
                step: step + delta as f64,
            },
            other => other,
        })
    }
}

/// How many steps of stride `stride` from `first` on precede the first block boundary at or
/// after it (0 when `first` is on one): boundaries sit where `first.div_euclid(stride)` plus
/// the index is a multiple of [`BLOCK`] (see `blocks`).
pub(crate) fn to_block(first: i64, stride: i64) -> usize {
    let anchor = first.div_euclid(stride);
    (BLOCK as i64 - anchor.rem_euclid(BLOCK as i64)) as usize % BLOCK
}

/// Where `n` steps are cut into parts of about `part` steps, the first cut `skew` steps past
/// a multiple of `part` (a block boundary): 0, the cuts, `n`.
fn cuts(skew: usize, part: usize, n: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut cut = skew + part;
    while cut + part / 2 < n {
        cuts.push(cut);
        cut += part;
    }
    cuts.push(n);
    cuts
}

/// Whether every step of the range, and every block start around them, is an exact float64.
fn exact_steps(first: i64, stride: i64, len: usize) -> bool {
    let reach = first.unsigned_abs() as f64
        + stride.unsigned_abs() as f64 * (len as f64 + 2.0 * BLOCK as f64);
    stride != 0 && len != 0 && reach <= MAX_EXACT_STEP
}

/// Whether a segment's steps can take its primitive's kernel, in a plan of `factors` factors.
fn fast(segment: &Segment, factors: usize) -> bool {
    let primitive = segment.primitive();
    shift(segment).is_some()
        && primitive::has_kernel(primitive)
        && (factors == 1 || primitive::in_products(primitive))
}

/// The whole-step shift from global to local steps of a segment, when its frame offsets are
/// whole steps that keep local steps exact.
fn shift(segment: &Segment) -> Option<i64> {
    segment.offsets().iter().try_fold(0i64, |sum, &o| {
        if o.fract() == 0.0 && o.abs() <= MAX_EXACT_STEP {
            sum.checked_add(o as i64)
                .filter(|s| (s.unsigned_abs() as f64) <= MAX_EXACT_STEP)
        } else {
            None
        }
    })
}

/// The runs of a range `first, first + stride, …` of `len` steps in one factor of a plan:
/// (index of the run's first step, its length, the factor's segment that holds it), in order.
fn runs(
    factor: &Factor,
    first: i64,
    stride: i64,
    len: usize,
) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let step = move |i: usize| (first + i as i64 * stride) as f64;
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= len {
            return None;
        }
        let k = factor.index(step(i));
        // Segments follow the steps in order, so the run is a prefix of what is left.
        let (mut lo, mut hi) = (i + 1, len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if factor.index(step(mid)) == k {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let run = (i, lo - i, k);
        i = lo;
        Some(run)
    })
}

/// A generous estimate of the nanoseconds [`fill_range`] takes (or, for a plan of one factor,
/// the per-step path, where the range does not [`suits`] it): each run of each factor priced
/// at its primitive's cost per step, on its kernel or with the exact formula, and a product's
/// multiplications and checks at [`product::STEP_NS`] per factor after the first.
pub(crate) fn estimated_cost_ns(schedule: &Schedule, first: i64, stride: i64, len: usize) -> f64 {
    let factors = schedule.plan().factors();
    let ranged = suits(schedule, first, stride, len);
    let runs_ns: f64 = factors
        .iter()
        .flat_map(|factor| {
            runs(factor, first, stride, len).map(|(_, n, k)| {
                let segment = &factor.segments()[k];
                let kernel = ranged
                    && n >= MIN_PART
                    && fast(segment, factors.len())
                    && primitive::serves(segment.primitive(), stride, n);
                primitive::cost_ns(segment.primitive(), kernel) * n as f64
            })
        })
        .sum();
    runs_ns + product::STEP_NS * (factors.len() - 1) as f64 * len as f64
}

/// A generous estimate of the nanoseconds the exact formula takes at one step of any of
/// `segments` (the most expensive primitive's).
pub(crate) fn exact_step_ns(segments: &[Segment]) -> f64 {
    segments
        .iter()
        .map(|s| primitive::cost_ns(s.primitive(), false))
        .fold(0.0, f64::max)
}

/// `value` at the steps `at(0), at(1), …` into every slot of `out`, stopping at the first
/// value that is not finite in `T`.
pub(crate) fn exact_run<T: Sample, S: Sink<T> + ?Sized>(
    out: &mut S,
    at: impl Fn(usize) -> f64,
    value: impl Fn(f64) -> f64,
) -> Result<(), ScheduleError> {
    for j in 0..out.len() {
        let step = at(j);
        let v = T::from_f64(value(step));
        if !v.is_finite() {
            return Err(ScheduleError::NonFiniteValue { step });
        }
        out.put(j, v);
    }
    Ok(())
}

/// `len` values of a sink from `start` on.
pub(crate) struct Window<'a, S: ?Sized> {
    pub(crate) sink: &'a mut S,
    pub(crate) start: usize,
    pub(crate) len: usize,
}

impl<T: Sample, S: Sink<T> + ?Sized> Sink<T> for Window<'_, S> {
    fn len(&self) -> usize {
        self.len
    }
    fn put(&mut self, i: usize, value: T) {
        self.sink.put(self.start + i, value);
    }
    #[inline(always)]
    fn put_f64s(&mut self, i: usize, values: &[f64]) {
        self.sink.put_f64s(self.start + i, values);
    }
    #[inline(always)]
    fn put_intervals(&mut self, i: usize, intervals: impl Iterator<Item = (f64, f64)>) -> bool {
        self.sink.put_intervals(self.start + i, intervals)
    }
    fn fill(&mut self, start: usize, len: usize, value: T) {
        self.sink.fill(self.start + start, len, value);
    }
    #[inline(always)]
    fn wide(&mut self, i: usize, n: usize) -> Option<&mut [f64]> {
        self.sink.wide(self.start + i, n)
    }
    #[inline(always)]
    fn narrow(&mut self, i: usize, n: usize) -> Option<&mut [f32]> {
        self.sink.narrow(self.start + i, n)
    }
}

/// Runs `kernel` over the whole range, with the widest instruction set the CPU has for the
/// output type (AVX-512 for `f32`, AVX2), within the limit of [`set_isa`](crate::set_isa).
pub(crate) fn drive<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    #[cfg(target_arch = "x86_64")]
    if let Some(result) = x86::drive_wide(kernel, first, stride, out) {
        return result;
    }
    blocks(kernel, first, stride, out)
}

/// Runs `work`, compiled with the widest instruction set the CPU has for `f32` output
/// (`narrow`) or `f64` output, within the limit of [`set_isa`](crate::set_isa). `work` must
/// be an `#[inline(always)]` closure calling only `#[inline(always)]` code.
#[inline(always)]
pub(crate) fn on_cpu<R>(narrow: bool, work: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    let work = match x86::with_wide(narrow, work) {
        Ok(result) => return result,
        Err(work) => work,
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = narrow;
    work()
}

/// Whether the kernels' code has fused multiply-adds: `mul_add` is one instruction (AVX2 and
/// AVX-512 on x86-64, every aarch64), not a call to libm's `fma` (exact as well, but slow).
pub(crate) fn fused() -> bool {
    #[cfg(target_arch = "x86_64")]
    return x86::fused();
    #[cfg(not(target_arch = "x86_64"))]
    return cfg!(any(target_arch = "aarch64", target_feature = "fma"));
}

/// The range block by block. Always inlined, so that `x86::drive_wide` compiles its own copies
/// of the whole loop with AVX2 and AVX-512 instructions.
#[inline(always)]
fn blocks<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    let len = out.len();
    // Block boundaries sit where first.div_euclid(stride) + i is a multiple of BLOCK: the
    // same steps for any range of this stride that contains them.
    let anchor = i128::from(first.div_euclid(stride));
    let mut scratch = Scratch {
        value: [0.0; BLOCK],
        error: [0.0; BLOCK],
    };
    let mut ramp = [0.0; BLOCK];
    for (j, r) in ramp.iter_mut().enumerate() {
        *r = j as f64 * stride as f64;
    }
    let mut i = 0;
    while i < len {
        let offset = (anchor + i as i128).rem_euclid(BLOCK as i128) as usize;
        let n = (BLOCK - offset).min(len - i);
        let block = Block {
            kernel,
            start: first as f64 + (i as f64 - offset as f64) * stride as f64,
            stride: stride as f64,
            ramp: &ramp,
        };
        block.run(&mut scratch, out, i, offset, n)?;
        i += n;
    }
    Ok(())
}

/// The parts of the `n` steps from `offset` on of the block whose steps are `start + offset ·
/// stride`, each with its plan: [`Walk::next`] gives `(offset, n, plan)` in step order, a
/// `Split` cut at aligned offsets (the middle of the smallest aligned run that holds it)
/// until a part is [`MIN_PART`] steps or shorter (a part cut by a range's ends can be 1 to 7
/// steps), where it is left to the exact formula: the caller gets `Split` then and treats it
/// as `Exact`. A loop over a small stack, and the
/// caller's body not a closure, so that everything inlines into the CPU-specific copies of
/// `drive` (a closure called from here was compiled without AVX2: 4× slower kernels).
pub(crate) struct Walk {
    start: f64,
    stride: f64,
    // Each split halves a part of at most BLOCK steps down to MIN_PART: a few levels deep.
    stack: [(usize, usize); 2 * (BLOCK / MIN_PART).ilog2() as usize + 2],
    depth: usize,
}

impl Walk {
    #[inline(always)]
    pub(crate) fn new(start: f64, stride: f64, offset: usize, n: usize) -> Self {
        let mut stack = [(0, 0); 2 * (BLOCK / MIN_PART).ilog2() as usize + 2];
        stack[0] = (offset, n);
        Self {
            start,
            stride,
            stack,
            depth: 1,
        }
    }

    /// The next part and its plan, `plan(lo, hi)` of the smallest and largest of its steps.
    #[inline(always)]
    pub(crate) fn next(&mut self, plan: impl Fn(f64, f64) -> Plan) -> Option<(usize, usize, Plan)> {
        while self.depth > 0 {
            self.depth -= 1;
            let (offset, n) = self.stack[self.depth];
            let (a, b) = (
                self.start + offset as f64 * self.stride,
                self.start + (offset + n - 1) as f64 * self.stride,
            );
            match plan(a.min(b), a.max(b)) {
                Plan::Split if n > MIN_PART => {
                    // At the middle of the smallest aligned run of 2ᵐ offsets that holds the
                    // part: a whole block's halves, quarters, …, and the parts of a block cut
                    // by a range's ends within the same aligned runs, so that a kernel plans
                    // the same parts whatever range holds them.
                    let end = offset + n - 1;
                    let bits = usize::BITS - (offset ^ end).leading_zeros();
                    let half = ((end >> (bits - 1)) << (bits - 1)) - offset;
                    // The second half below the first, so that parts come in order.
                    self.stack[self.depth] = (offset + half, n - half);
                    self.stack[self.depth + 1] = (offset, half);
                    self.depth += 2;
                }
                plan => return Some((offset, n, plan)),
            }
        }
        None
    }
}

/// Room for the fast values of one block, reused from block to block.
struct Scratch {
    value: [f64; BLOCK],
    error: [f64; BLOCK],
}

/// One block: the steps `start + offset · stride` for `offset < BLOCK`.
struct Block<'k, K> {
    kernel: &'k K,
    start: f64,
    stride: f64,
    ramp: &'k [f64; BLOCK],
}

impl<K: Kernel> Block<'_, K> {
    #[inline(always)]
    fn step(&self, offset: usize) -> f64 {
        self.start + offset as f64 * self.stride
    }

    /// Writes the `n` steps from `offset` on to `out[i..i + n]`.
    #[inline(always)]
    fn run<T: Sample, S: Sink<T> + ?Sized>(
        &self,
        scratch: &mut Scratch,
        out: &mut S,
        i: usize,
        offset: usize,
        n: usize,
    ) -> Result<(), ScheduleError> {
        let (i0, offset0) = (i, offset);
        let mut walk = Walk::new(self.start, self.stride, offset, n);
        while let Some((offset, n, plan)) = walk.next(|lo, hi| self.kernel.plan(lo, hi, T::NARROW))
        {
            let i = i0 + (offset - offset0);
            match plan {
                Plan::Fill(value) => {
                    let value = T::from_f64(value);
                    if !value.is_finite() {
                        return Err(ScheduleError::NonFiniteValue {
                            step: self.step(offset),
                        });
                    }
                    out.fill(i, n, value);
                }
                Plan::Fast(piece) => self.fast(scratch, out, i, offset, n, piece)?,
                Plan::Split | Plan::Exact => {
                    for j in 0..n {
                        out.put(i + j, self.exact(offset + j)?);
                    }
                }
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn exact<T: Sample>(&self, offset: usize) -> Result<T, ScheduleError> {
        let step = self.step(offset);
        let value = T::from_f64(self.kernel.exact(step));
        if value.is_finite() {
            Ok(value)
        } else {
            Err(ScheduleError::NonFiniteValue { step })
        }
    }

    #[inline(always)]
    fn fast<T: Sample, S: Sink<T> + ?Sized>(
        &self,
        scratch: &mut Scratch,
        out: &mut S,
        i: usize,
        offset: usize,
        n: usize,
        piece: u8,
    ) -> Result<(), ScheduleError> {
        let seed = self.kernel.seed(self.start, piece);
        let Scratch { value, error } = scratch;
        let step = self.step(offset);
        if let Some(value) = out.wide(i, n) {
            // f64 output: the fast values are the output, written in place.
            let fill = Fill {
                ramp: &self.ramp[..n],
                value,
                error: &mut error[..n],
                narrow: false,
            };
            self.kernel.fill(&seed, step, self.stride, offset, fill);
            return Ok(());
        }
        let (value, error) = (&mut value[..n], &mut error[..n]);
        if T::NARROW && !K::EXACT {
            if let Some(out) = out.narrow(i, n) {
                let ramp = &self.ramp[..n];
                let stretch = Stretch {
                    step,
                    stride: self.stride,
                    offset,
                    n,
                };
                let magnitudes = self.kernel.magnitudes(&seed, stretch);
                let narrow = Narrow {
                    ramp,
                    out,
                    scratch: &mut *value,
                    low: Narrow::low(magnitudes),
                };
                if self
                    .kernel
                    .fill_narrow(&seed, step, self.stride, offset, narrow)
                {
                    // Every value rounds as its exact value (plans keep them finite).
                    return Ok(());
                }
            }
        }
        let fill = Fill {
            ramp: &self.ramp[..n],
            value: &mut *value,
            error: &mut *error,
            narrow: T::NARROW && !K::EXACT,
        };
        self.kernel.fill(&seed, step, self.stride, offset, fill);
        if T::NARROW && !K::EXACT {
            // Plans keep fast values finite in T. Where both ends of the interval round to
            // the same float32, so does the exact value between them; elsewhere (rare) the
            // exact formula.
            if out.put_intervals(i, value.iter().copied().zip(error.iter().copied())) {
                for j in 0..n {
                    if straddles::<T>(value[j], error[j]) {
                        out.put(i + j, self.exact(offset + j)?);
                    }
                }
            }
            return Ok(());
        }
        out.put_f64s(i, value);
        Ok(())
    }
}
