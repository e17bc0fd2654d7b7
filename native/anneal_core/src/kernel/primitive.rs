//! Which kernel serves each primitive.

use super::constant::ConstantKernel;
use super::cosine::{CosineKernel, Wave};
use super::cyclic::ExpRangeKernel;
use super::direct::DirectKernel;
use super::exponential::ExponentialKernel;
use super::inverse_sqrt::InverseSqrtKernel;
use super::linear::LinearKernel;
use super::polynomial::PolynomialKernel;
use super::power::PowerKernel;
use super::triangle::TriangleKernel;
use super::{drive, exact_run, Kernel, Sink, MIN_PART};
use crate::primitive::{Blend, CycleScale, Cyclic, InverseSqrt, Linear, Primitive};
use crate::{Sample, ScheduleError};
use std::sync::OnceLock;

/// Whether `primitive` has a kernel (for some ranges: a kernel may still choose the exact
/// formula for a block, as cosine does for α far outside [0, 1]).
///
/// A new primitive gets its kernel here and in [`with_kernel`]: a kernel of its own in
/// `kernel/` (and a variant of [`Prepared`] for it), a [`Wave`] if it is a half cosine wave,
/// or [`DirectKernel`] if its formula has only correctly rounded operations.
pub(crate) fn has_kernel(primitive: &Primitive) -> bool {
    match primitive {
        Primitive::Const(_)
        | Primitive::Polynomial(_)
        | Primitive::Linear(_)
        | Primitive::CosineInterp(_)
        | Primitive::InverseSqrt(_) => true,
        Primitive::Exponential(_) | Primitive::Restarts(_) | Primitive::HardRestarts(_) => true,
        Primitive::Cyclic(_) => true,
        Primitive::Blend(b) => Wave::blend(b).is_some() || DirectKernel::serves(b),
        Primitive::Cosine(c) => Wave::cosine(c).is_some() || PowerKernel::new(c).is_some(),
    }
}

/// Whether the kernel that [`fill`] picks for `primitive` serves a run of `len` steps with
/// `stride`, where it may instead fall back to the exact formula for every step of a run of
/// any length: restarts whose periods are shorter than a table, `exp_range` waves whose
/// table would span too many binades. (Other fallbacks cover fewer than a table's steps.)
/// The cost estimate prices runs by it.
pub(crate) fn serves(primitive: &Primitive, stride: i64, len: usize) -> bool {
    let s = stride as f64;
    match primitive {
        Primitive::Restarts(p) => super::restarts::serves(p, s, len),
        Primitive::HardRestarts(p) => super::restarts::serves(p, s, len),
        Primitive::Cyclic(c) => match c.scale {
            CycleScale::Exponential(gamma) => ExpRangeKernel::serves(gamma, s, len),
            _ => true,
        },
        _ => true,
    }
}

/// A generous estimate of the nanoseconds per step of `primitive` on its kernel (`kernel`) or
/// with its exact formula, page faults of a fresh output included. Measured on a 2-core x86
/// with AVX2 (release build), rounded up about twofold: kernels 0.2–0.8, libm's cos 9, pow
/// 11 (32 with subnormal results), the restart search two logarithms and two powers.
pub(crate) fn cost_ns(primitive: &Primitive, kernel: bool) -> f64 {
    match (primitive, kernel) {
        (Primitive::Const(_), _) => 0.5,
        (Primitive::Cosine(c), true) if c.exponent != 1.0 => PowerKernel::cost_ns(c),
        (Primitive::Linear(_), true) => 1.0,
        // A series per block (a square root and a division per step in its first blocks).
        (Primitive::InverseSqrt(_), true) => 2.0,
        (Primitive::Blend(_) | Primitive::Polynomial(_), true) => 1.5,
        (Primitive::Cosine(_) | Primitive::CosineInterp(_), true) => 1.5,
        (Primitive::Exponential(_) | Primitive::Cyclic(_), true) => 1.5,
        (Primitive::Linear(_) | Primitive::InverseSqrt(_), false) => 5.0,
        (Primitive::Blend(_), false) => 25.0,
        // A cosine with an exponent other than 1 takes a power too.
        (Primitive::Cosine(c), false) if c.exponent != 1.0 => 70.0,
        (Primitive::Cosine(_) | Primitive::CosineInterp(_), false) => 25.0,
        (Primitive::Polynomial(_) | Primitive::Exponential(_), false) => 70.0,
        // The period search per run, then the wave kernel; 120 with the exact formula.
        (Primitive::Restarts(_) | Primitive::HardRestarts(_), true) => 2.0,
        (Primitive::Restarts(_), false) => 120.0,
        // A floor, divisions and a cosine or a power (exp_range's γ^t).
        (Primitive::Cyclic(_) | Primitive::HardRestarts(_), false) => 40.0,
    }
}

/// What to do with the kernel [`with_kernel`] picks for a primitive: keep it for a run
/// ([`Prepared`], which [`fill`] drives over the run's parts), or as a factor of a product
/// (`product.rs`).
pub(crate) trait UseKernel {
    type Output;
    fn with<K: Kernel + Into<Prepared> + Send + Sync + 'static>(self, kernel: K) -> Self::Output;
}

/// Gives `primitive`'s kernel for ranges with `stride`, part of a run of `len` steps, to `to`;
/// `None` where the primitive takes the exact formula for this run. Restarts walk their
/// periods with a kernel each (see [`fill`]): `None` here too.
pub(crate) fn with_kernel<U: UseKernel>(
    primitive: &Primitive,
    stride: i64,
    len: usize,
    to: U,
) -> Option<U::Output> {
    let s = stride as f64;
    match primitive {
        Primitive::Const(v) => Some(to.with(ConstantKernel(*v))),
        Primitive::Cosine(c) => match Wave::cosine(c) {
            Some(w) => CosineKernel::new(w, s, len).map(|k| to.with(k)),
            // An exponent other than 1.
            None => PowerKernel::new(c).map(|k| to.with(k.for_run(stride, len))),
        },
        Primitive::CosineInterp(c) => {
            CosineKernel::new(Wave::interp(c), s, len).map(|k| to.with(k))
        }
        Primitive::Blend(b) => match Wave::blend(b) {
            Some(w) => CosineKernel::new(w, s, len).map(|k| to.with(k)),
            None if DirectKernel::serves(b) => Some(to.with(DirectKernel(*b))),
            None => None,
        },
        Primitive::InverseSqrt(p) => Some(match InverseSqrtKernel::new(p) {
            Some(k) => to.with(k),
            None => to.with(DirectKernel(*p)),
        }),
        Primitive::Exponential(e) => ExponentialKernel::new(e, s, len).map(|k| to.with(k)),
        Primitive::Restarts(_) | Primitive::HardRestarts(_) => None,
        Primitive::Cyclic(c) if !matches!(c.scale, CycleScale::Exponential(_)) => {
            // Without FMA in the kernels' code, the division is faster than libm's fma.
            Some(
                match TriangleKernel::new(c, stride).filter(|_| super::fused()) {
                    Some(k) => to.with(k),
                    None => to.with(DirectKernel(*c)),
                },
            )
        }
        Primitive::Cyclic(c) => ExpRangeKernel::new(c, s, len).map(|k| to.with(k)),
        Primitive::Linear(l) => Some(match LinearKernel::new(l) {
            Some(k) => to.with(k),
            None => to.with(DirectKernel(*l)),
        }),
        Primitive::Polynomial(p) => PolynomialKernel::new(p).map(|k| to.with(k)),
    }
}

/// Whether a factor of a product takes `primitive`'s kernel: all but the restarts, whose
/// period walk serves a range of one factor only (in a product they take the exact formula).
pub(crate) fn in_products(primitive: &Primitive) -> bool {
    !matches!(
        primitive,
        Primitive::Restarts(_) | Primitive::HardRestarts(_)
    )
}

/// Defines [`Prepared`], a variant for each kernel type, with its conversions and `drive`.
macro_rules! prepared {
    ($($variant:ident($kernel:ty)),* $(,)?) => {
        /// The kernel [`with_kernel`] picks for a run, ready to drive over any part of it.
        pub(crate) enum Prepared {
            $(
                #[doc = concat!("A [`", stringify!($kernel), "`].")]
                $variant($kernel),
            )*
        }

        $(
            impl From<$kernel> for Prepared {
                fn from(kernel: $kernel) -> Self {
                    Self::$variant(kernel)
                }
            }
        )*

        impl Prepared {
            /// [`drive`] the kernel over the local steps `first, first + stride, …` into `out`.
            fn drive<T: Sample, S: Sink<T> + ?Sized>(
                &self,
                first: i64,
                stride: i64,
                out: &mut S,
            ) -> Result<(), ScheduleError> {
                match self {
                    $(Self::$variant(kernel) => drive(kernel, first, stride, out),)*
                }
            }
        }
    };
}

prepared! {
    Constant(ConstantKernel),
    Cosine(CosineKernel),
    Power(PowerKernel),
    Blend(DirectKernel<Blend>),
    InverseSqrt(InverseSqrtKernel),
    InverseSqrtDirect(DirectKernel<InverseSqrt>),
    Exponential(ExponentialKernel),
    Triangle(TriangleKernel),
    Cyclic(DirectKernel<Cyclic>),
    ExpRange(ExpRangeKernel),
    Linear(LinearKernel),
    LinearDirect(DirectKernel<Linear>),
    Polynomial(PolynomialKernel),
}

/// Keeps the kernel [`with_kernel`] picks as a [`Prepared`].
struct Prepare;

impl UseKernel for Prepare {
    type Output = Prepared;
    fn with<K: Kernel + Into<Prepared> + Send + Sync + 'static>(self, kernel: K) -> Prepared {
        kernel.into()
    }
}

/// `primitive`'s kernel for a run of `whole` steps with `stride`, its choices (tables, series,
/// splits) those of the whole run; `None` where [`fill`] takes the exact formula or, for
/// restarts, walks the periods.
fn prepare(primitive: &Primitive, stride: i64, whole: usize) -> Option<Prepared> {
    (whole >= MIN_PART)
        .then(|| with_kernel(primitive, stride, whole, Prepare))
        .flatten()
}

/// The kernel of one run, built once (by whichever part of the run needs it first) and
/// shared by every part of it: tables and series cost hundreds of libm calls, which a range
/// cut into parts for its threads would otherwise make again for each part.
pub(crate) type SharedKernel = OnceLock<Option<Prepared>>;

/// Fills `out` with `primitive` at the local steps `first, first + stride, …`, part of a
/// run of `whole` steps: the kernel's choices (tables, the exact formula for a few steps)
/// follow the whole run, so that any part of it gets the values the whole would. `shared`,
/// where given, holds the run's kernel for all its parts (see [`SharedKernel`]); it must be
/// used for parts of this run only (this primitive, stride and `whole`).
pub(crate) fn fill<T: Sample, S: Sink<T> + ?Sized>(
    primitive: &Primitive,
    shared: Option<&SharedKernel>,
    first: i64,
    stride: i64,
    whole: usize,
    out: &mut S,
) -> Result<(), ScheduleError> {
    let built;
    let kernel = match shared {
        Some(shared) => shared.get_or_init(|| prepare(primitive, stride, whole)),
        None => {
            built = prepare(primitive, stride, whole);
            &built
        }
    };
    match (kernel, primitive) {
        (Some(kernel), _) => kernel.drive(first, stride, out),
        // A few steps are not worth a kernel's setup, and exact as a block split this small is.
        (None, _) if whole < MIN_PART => exact(primitive, first, stride, out),
        (None, Primitive::Restarts(p)) => super::restarts::fill(p, first, stride, whole, out),
        (None, Primitive::HardRestarts(p)) => super::restarts::fill(p, first, stride, whole, out),
        (None, _) => exact(primitive, first, stride, out),
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
