//! The fast path of [`evaluate`](crate::evaluate) over ranges of steps.
//!
//! A range is cut into blocks of [`BLOCK`] steps at absolute multiples of the stride (so a
//! value never depends on where a range starts or how it is split). For each block (or part
//! of one) the family's [`Kernel`] gives a [`Plan`]: one value for all of it, a vectorized
//! computation in [`LANES`] independent lanes reseeded from the exact formula at the start of
//! every block, or the exact formula per step.
//!
//! Fast values come with an interval that holds the exact value. For `f32` output, a step
//! whose interval straddles a float32 rounding boundary is recomputed with the exact formula, so `f32` results are
//! bit-identical to `value(step) as f32`; for `f64` output the bound is below
//! 1e-14 · (|init_value| + |value|). Schedules without a kernel (and ranges whose steps are
//! not exact in float64) return `None` and take the per-step path.

mod constant;
mod cosine;
mod exponential;
mod linear;
mod polynomial;
#[cfg(target_arch = "x86_64")]
mod x86;

use crate::{Sample, Schedule, ScheduleError};

/// Values computed together: 8 float64 fill two AVX2 or four SSE2 registers.
pub(crate) const LANES: usize = 8;
/// Steps per block: the fast path reseeds from the exact formula at every block start.
pub(crate) const BLOCK: usize = 512;
/// Length of the per-evaluation tables (a block plus one chunk of lanes).
pub(crate) const TABLE: usize = BLOCK + LANES;
/// Evaluations shorter than this skip the tables (a few hundred libm calls to build).
pub(crate) const MIN_TABLE_LEN: usize = 1024;
/// Steps up to 2⁵² in magnitude, and their differences, are exact in float64.
const MAX_EXACT_STEP: f64 = 4_503_599_627_370_496.0;

/// How to compute the steps of a block whose smallest and largest steps are `lo` and `hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Plan {
    /// Every step has this exact value.
    Fill(f64),
    /// The vectorized lanes, with the kernel's piece number (for piecewise formulas).
    Fast(u8),
    /// The block crosses a boundary of the formula: plan each half.
    Split,
    /// The exact formula at every step.
    Exact,
}

/// Fast values of [`LANES`] consecutive steps, each with an interval `[low, high]` (in either
/// order) that contains the exact value. Only `f32` output reads the intervals.
pub(crate) struct Lanes {
    pub(crate) value: [f64; LANES],
    pub(crate) low: [f64; LANES],
    pub(crate) high: [f64; LANES],
}

impl Lanes {
    /// Lanes with the relative error bound `rho`: the interval is v · (1 ± rho).
    #[inline(always)]
    pub(crate) fn relative(value: [f64; LANES], rho: f64) -> Self {
        Self {
            value,
            low: value.map(|v| v * (1.0 - rho)),
            high: value.map(|v| v * (1.0 + rho)),
        }
    }
}

/// Largest magnitude for which a kernel's `Fast` plan may be used with `f32` output: its
/// values then round to finite float32s, and overflow is left to the exact path to report.
pub(crate) const F32_SAFE: f64 = 8.507_059_173_023_462e37; // 2¹²⁶

/// A schedule family's fast evaluation over blocks of a range with a fixed stride.
pub(crate) trait Kernel {
    /// What a block needs from the exact formula (computed once per block).
    type Seed;
    /// The plan for steps between `lo` and `hi`; `narrow` is true for `f32` output.
    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan;
    /// The seed of the block that starts at step `start`, for the formula's `piece`.
    fn seed(&self, start: f64, piece: u8) -> Self::Seed;
    /// Values at steps `step + l · stride` for `l < LANES`, where `step` is the block's
    /// step number `offset` (the index into tables built for this stride).
    fn lanes(&self, seed: &Self::Seed, step: f64, stride: f64, offset: usize) -> Lanes;
    /// The exact value (the family's `value`).
    fn exact(&self, step: f64) -> f64;
}

/// Where evaluated values go: a slice of samples or native-endian bytes.
pub(crate) trait Sink<T: Sample> {
    /// How many values fit.
    fn len(&self) -> usize;
    /// Writes the value of index `i`.
    fn put(&mut self, i: usize, value: T);
    /// Writes `LANES` values from index `i` on.
    fn put_lanes(&mut self, i: usize, values: &[T; LANES]);
    /// Writes `value` at the `len` indices from `start` on.
    fn fill(&mut self, start: usize, len: usize, value: T);
}

impl<T: Sample> Sink<T> for [T] {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
    fn put(&mut self, i: usize, value: T) {
        self[i] = value;
    }
    #[inline(always)]
    fn put_lanes(&mut self, i: usize, values: &[T; LANES]) {
        self[i..i + LANES].copy_from_slice(values);
    }
    fn fill(&mut self, start: usize, len: usize, value: T) {
        self[start..start + len].fill(value);
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
    fn put_lanes(&mut self, i: usize, values: &[T; LANES]) {
        let bytes = &mut self.0[i * T::BYTES..(i + LANES) * T::BYTES];
        for (slot, value) in bytes.chunks_exact_mut(T::BYTES).zip(values) {
            value.write_ne(slot);
        }
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
}

/// Evaluates `schedule` at `first, first + stride, …` into `out` on the fast path, or returns
/// `None` when there is none: a schedule without a kernel (any variant not listed here falls
/// back automatically), or steps beyond ±2⁵².
pub(crate) fn fill_range<T: Sample, S: Sink<T> + ?Sized>(
    schedule: &Schedule,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Option<Result<(), ScheduleError>> {
    let len = out.len();
    // Every step, and every block start around them, must be an exact float64.
    let reach = first.unsigned_abs() as f64
        + stride.unsigned_abs() as f64 * (len as f64 + 2.0 * BLOCK as f64);
    if stride == 0 || len == 0 || reach > MAX_EXACT_STEP {
        return None;
    }
    let s = stride as f64;
    let result = match schedule {
        Schedule::Constant(c) => drive(&constant::ConstantKernel::new(c), first, stride, out),
        Schedule::CosineDecay(c) => {
            drive(&cosine::CosineKernel::new(c, s, len)?, first, stride, out)
        }
        Schedule::ExponentialDecay(e) => drive(
            &exponential::ExponentialKernel::new(e, s, len)?,
            first,
            stride,
            out,
        ),
        Schedule::LinearDecay(l) => drive(&linear::LinearKernel::new(l), first, stride, out),
        Schedule::PolynomialDecay(p) => {
            drive(&polynomial::PolynomialKernel::new(p)?, first, stride, out)
        }
        #[allow(unreachable_patterns)] // schedules added later take the per-step path
        _ => return None,
    };
    Some(result)
}

/// Whether [`fill_range`] would take the fast path for this range (without building any
/// table).
pub(crate) fn has_fast_path(schedule: &Schedule, first: i64, stride: i64, len: usize) -> bool {
    let reach = first.unsigned_abs() as f64
        + stride.unsigned_abs() as f64 * (len as f64 + 2.0 * BLOCK as f64);
    if stride == 0 || reach > MAX_EXACT_STEP {
        return false;
    }
    let s = stride as f64;
    match schedule {
        Schedule::Constant(_) | Schedule::LinearDecay(_) => true,
        Schedule::CosineDecay(c) => cosine::CosineKernel::new(c, s, 0).is_some(),
        Schedule::ExponentialDecay(e) => exponential::ExponentialKernel::new(e, s, 0).is_some(),
        Schedule::PolynomialDecay(p) => polynomial::PolynomialKernel::new(p).is_some(),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

/// Runs `kernel` over the whole range, with AVX2 where the CPU has it.
fn drive<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    #[cfg(target_arch = "x86_64")]
    if let Some(result) = x86::drive_avx2(kernel, first, stride, out) {
        return result;
    }
    blocks(kernel, first, stride, out)
}

/// The range block by block. Always inlined, so that `x86::drive_avx2` compiles its own copy
/// of the whole loop with AVX2 instructions.
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
    let mut i = 0;
    while i < len {
        let offset = (anchor + i as i128).rem_euclid(BLOCK as i128) as usize;
        let n = (BLOCK - offset).min(len - i);
        let block = Block {
            kernel,
            start: first as f64 + (i as f64 - offset as f64) * stride as f64,
            stride: stride as f64,
        };
        block.run(out, i, offset, n)?;
        i += n;
    }
    Ok(())
}

/// One block: the steps `start + offset · stride` for `offset < BLOCK`.
struct Block<'k, K> {
    kernel: &'k K,
    start: f64,
    stride: f64,
}

impl<K: Kernel> Block<'_, K> {
    #[inline(always)]
    fn step(&self, offset: usize) -> f64 {
        self.start + offset as f64 * self.stride
    }

    /// Writes the `n` steps from `offset` on to `out[i..i + n]`. (A loop over a small stack
    /// rather than recursion, so that it inlines into the CPU-specific copies of `drive`.)
    #[inline(always)]
    fn run<T: Sample, S: Sink<T> + ?Sized>(
        &self,
        out: &mut S,
        i: usize,
        offset: usize,
        n: usize,
    ) -> Result<(), ScheduleError> {
        // Each split halves a part of at most BLOCK steps down to LANES: a few levels deep.
        let mut stack = [(0, 0); 2 * (BLOCK / LANES).ilog2() as usize + 2];
        let (i0, offset0) = (i, offset);
        stack[0] = (offset, n);
        let mut depth = 1;
        while depth > 0 {
            depth -= 1;
            let (offset, n) = stack[depth];
            let i = i0 + (offset - offset0);
            let (a, b) = (self.step(offset), self.step(offset + n - 1));
            match self.kernel.plan(a.min(b), a.max(b), T::NARROW) {
                Plan::Fill(value) => {
                    let value = T::from_f64(value);
                    if !value.is_finite() {
                        return Err(ScheduleError::NonFiniteValue { step: a });
                    }
                    out.fill(i, n, value);
                }
                Plan::Fast(piece) => self.fast(out, i, offset, n, piece)?,
                Plan::Split if n > LANES => {
                    let half = (n / 2 / LANES).max(1) * LANES;
                    // The second half below the first, so that parts run in order.
                    stack[depth] = (offset + half, n - half);
                    stack[depth + 1] = (offset, half);
                    depth += 2;
                }
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
        out: &mut S,
        i: usize,
        offset: usize,
        n: usize,
        piece: u8,
    ) -> Result<(), ScheduleError> {
        let seed = self.kernel.seed(self.start, piece);
        for j in (0..n).step_by(LANES) {
            let lanes = self
                .kernel
                .lanes(&seed, self.step(offset + j), self.stride, offset + j);
            let mut values = [T::default(); LANES];
            let mut doubtful = [false; LANES];
            for l in 0..LANES {
                if T::NARROW {
                    // Where both ends of the interval round to the same float32, so does the
                    // exact value, which lies between them. (Plans keep fast values finite.)
                    let (low, high) = (T::from_f64(lanes.low[l]), T::from_f64(lanes.high[l]));
                    doubtful[l] = low.bits() != high.bits();
                    values[l] = low;
                } else {
                    values[l] = T::from_f64(lanes.value[l]);
                }
            }
            let count = LANES.min(n - j);
            if count == LANES && !doubtful.iter().any(|&d| d) {
                out.put_lanes(i + j, &values);
            } else {
                for l in 0..count {
                    let value = if doubtful[l] {
                        self.exact(offset + j + l)?
                    } else {
                        values[l]
                    };
                    out.put(i + j + l, value);
                }
            }
        }
        Ok(())
    }
}

/// The `LANES` entries of a per-evaluation table from `offset` on (an array, so that the
/// lanes' loops carry no bounds checks). Tables hold `TABLE` entries and offsets stay below
/// `BLOCK`, so the slice always exists.
#[inline(always)]
pub(crate) fn table(table: &[f64], offset: usize) -> &[f64; LANES] {
    table[offset..]
        .first_chunk()
        .expect("a table covers a block plus one chunk of lanes")
}
