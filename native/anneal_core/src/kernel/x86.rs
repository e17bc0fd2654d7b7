//! The fast path compiled for AVX2 (256-bit vectors), chosen at run time.
//!
//! The same code as the portable path: only the instruction set differs. No FMA is enabled,
//! so every float64 operation rounds exactly as in the portable build and results do not
//! depend on the CPU.
#![allow(unsafe_code)]

use super::{blocks, Kernel, Sink};
use crate::{Sample, ScheduleError};

/// Runs [`blocks`] with AVX2, or returns `None` when the CPU does not have it.
pub(super) fn drive_avx2<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Option<Result<(), ScheduleError>> {
    if is_x86_feature_detected!("avx2") {
        // SAFETY: `blocks_avx2` only requires the AVX2 instructions, and the CPU has them:
        // `is_x86_feature_detected!` checked just above.
        Some(unsafe { blocks_avx2(kernel, first, stride, out) })
    } else {
        None
    }
}

#[target_feature(enable = "avx2")]
fn blocks_avx2<T: Sample, K: Kernel, S: Sink<T> + ?Sized>(
    kernel: &K,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    blocks(kernel, first, stride, out)
}

/// Runs `work` compiled with AVX2, or gives it back when the CPU does not have AVX2. `work`
/// must be an `#[inline(always)]` closure calling only `#[inline(always)]` code, so that its
/// loops are compiled into this AVX2 copy; it is taken by value, as a `&mut` of it would be
/// called through a forwarding function compiled without AVX2 (measured: products 2.5× slower).
pub(super) fn with_avx2<R, F: FnOnce() -> R>(work: F) -> Result<R, F> {
    if is_x86_feature_detected!("avx2") {
        // SAFETY: `avx2` only requires the AVX2 instructions, and the CPU has them:
        // `is_x86_feature_detected!` checked just above.
        Ok(unsafe { avx2(work) })
    } else {
        Err(work)
    }
}

#[target_feature(enable = "avx2")]
fn avx2<R>(work: impl FnOnce() -> R) -> R {
    work()
}
