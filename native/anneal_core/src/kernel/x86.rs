//! The fast path compiled for AVX2 (256-bit vectors) and for AVX-512 (512-bit), chosen at run
//! time: the widest the CPU has, within the limit of [`set_isa`](crate::set_isa).
//!
//! The same code as the portable path: only the instruction set differs. Rust never fuses a
//! multiplication and an addition that it rounds separately (it emits no `contract` flags),
//! so every float64 operation rounds exactly as in the portable build and results do not
//! depend on the CPU. Both sets are compiled with FMA (every AVX2 CPU has it; `avx512f`
//! implies it), which LLVM uses only where the result is exact either way (as in its expansion
//! of `%`: a − trunc(a/2)·2), and the kernels where they call `mul_add` ([`fused`]: the
//! triangle waves' divisions).
#![allow(unsafe_code)]

use super::{blocks, Kernel, Sink};
use crate::{Isa, Sample, ScheduleError};

/// The widest instruction set, within the limit of [`set_isa`](crate::set_isa), that the CPU
/// has, for `f32` output (`narrow`) or `f64`: AVX-512 serves `f32` output only. For `f64`
/// it measured slower than AVX2 over ranges that leave the cache (10⁷ steps, 80 MB:
/// cosine_decay 0.67 against 0.55 ns/step, the general exponent's series, whose chains
/// LLVM stores with scatters there, 2.2 against 0.82), for gains of a tenth at 10⁶.
#[inline(always)]
fn widest(narrow: bool) -> Isa {
    let cap = if narrow { Isa::Avx512 } else { Isa::Avx2 };
    let limit = crate::isa().min(cap);
    if limit >= Isa::Avx512
        && is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("fma")
        && is_x86_feature_detected!("f16c")
        && is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("avx512dq")
        && is_x86_feature_detected!("avx512bw")
    {
        Isa::Avx512
    } else if limit >= Isa::Avx2
        && is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("fma")
    {
        Isa::Avx2
    } else {
        Isa::Portable
    }
}

/// Whether the kernels run with FMA instructions: `mul_add` is then one instruction, where
/// the portable build calls libm's `fma` (exact too, but slow).
pub(super) fn fused() -> bool {
    widest(false) != Isa::Portable
}

/// Runs [`blocks`] with the widest instruction set ([`widest`]), or returns `None` for the
/// portable build's.
pub(super) fn drive_wide<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Option<Result<(), ScheduleError>> {
    match widest(T::NARROW) {
        // SAFETY: `blocks_avx512` only requires the instructions it is compiled with (AVX2,
        // AVX-512 F/VL/DQ/BW and what avx512f implies, FMA and F16C), and the CPU has them:
        // `widest` checked each with `is_x86_feature_detected!`.
        Isa::Avx512 => Some(unsafe { blocks_avx512(kernel, first, stride, out) }),
        // SAFETY: as above, for AVX2 and FMA.
        Isa::Avx2 => Some(unsafe { blocks_avx2(kernel, first, stride, out) }),
        Isa::Portable => None,
    }
}

#[target_feature(enable = "avx2,fma")]
fn blocks_avx2<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    blocks(kernel, first, stride, out)
}

#[target_feature(enable = "avx2,avx512f,avx512vl,avx512dq,avx512bw")]
fn blocks_avx512<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    blocks(kernel, first, stride, out)
}

/// Runs `work` compiled with the widest instruction set ([`widest`], for `f32` output where
/// `narrow`), or gives it back for the portable build's. `work` must be an `#[inline(always)]` closure calling only
/// `#[inline(always)]` code, so that its loops are compiled into these copies; it is taken by
/// value, as a `&mut` of it would be called through a forwarding function compiled without
/// them (measured: products 2.5× slower).
#[inline(always)]
pub(super) fn with_wide<R, F: FnOnce() -> R>(narrow: bool, work: F) -> Result<R, F> {
    match widest(narrow) {
        // SAFETY: `avx512` only requires the instructions it is compiled with (AVX2, AVX-512
        // F/VL/DQ/BW, FMA and F16C), and the CPU has them: `widest` checked each with
        // `is_x86_feature_detected!`.
        Isa::Avx512 => Ok(unsafe { avx512(work) }),
        // SAFETY: as above, for AVX2 and FMA.
        Isa::Avx2 => Ok(unsafe { avx2(work) }),
        Isa::Portable => Err(work),
    }
}

#[target_feature(enable = "avx2,fma")]
fn avx2<R>(work: impl FnOnce() -> R) -> R {
    work()
}

#[target_feature(enable = "avx2,avx512f,avx512vl,avx512dq,avx512bw")]
fn avx512<R>(work: impl FnOnce() -> R) -> R {
    work()
}
