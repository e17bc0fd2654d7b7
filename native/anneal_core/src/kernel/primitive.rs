//! Which kernel serves each primitive.

use super::constant::ConstantKernel;
use super::cosine::CosineKernel;
use super::exponential::ExponentialKernel;
use super::linear::LinearKernel;
use super::polynomial::PolynomialKernel;
use super::{drive, exact_run, Sink, MIN_PART};
use crate::primitive::Primitive;
use crate::{Sample, ScheduleError};

/// Whether `primitive` has a kernel (for some ranges: a kernel may still choose the exact
/// formula for a block, as cosine does for α far outside [0, 1]).
pub(crate) fn has_kernel(primitive: &Primitive) -> bool {
    match primitive {
        Primitive::Const(_) | Primitive::Polynomial(_) => true,
        Primitive::Exponential(e) => e.bound.is_none(),
        Primitive::Cosine(c) => c.exponent == 1.0,
        Primitive::Linear(l) => LinearKernel::new(l).is_some(),
        _ => false,
    }
}

/// Fills `out` with `primitive` at the local steps `first, first + stride, …`.
pub(crate) fn fill<T: Sample, S: Sink<T> + ?Sized>(
    primitive: &Primitive,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    let (s, len) = (stride as f64, out.len());
    if len < MIN_PART {
        // A few steps: not worth a kernel's setup, and exact as a block split this small is.
        return exact(primitive, first, stride, out);
    }
    let kernel_run = match primitive {
        Primitive::Const(v) => Some(drive(&ConstantKernel(*v), first, stride, out)),
        Primitive::Cosine(c) => CosineKernel::new(c, s, len).map(|k| drive(&k, first, stride, out)),
        Primitive::Exponential(e) if e.bound.is_none() => {
            ExponentialKernel::new(e, s, len).map(|k| drive(&k, first, stride, out))
        }
        Primitive::Linear(l) => LinearKernel::new(l).map(|k| drive(&k, first, stride, out)),
        Primitive::Polynomial(p) => PolynomialKernel::new(p).map(|k| drive(&k, first, stride, out)),
        _ => None,
    };
    match kernel_run {
        Some(result) => result,
        None => exact(primitive, first, stride, out),
    }
}

/// The exact formula at every step, stopping at the first non-finite value.
fn exact<T: Sample, S: Sink<T> + ?Sized>(
    primitive: &Primitive,
    first: i64,
    stride: i64,
    out: &mut S,
) -> Result<(), ScheduleError> {
    let at = |j: usize| (first + j as i64 * stride) as f64;
    exact_run(out, at, |t| primitive.value(t))
}
