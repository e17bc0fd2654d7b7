//! Products of factors (`multiply`) over ranges: the range is walked block by block (blocks
//! at absolute multiples of the stride, as for one factor); in each block every factor's
//! runs are evaluated by their primitives' kernels into float64 values, with error bounds for
//! `f32` output, and multiplied in the order of the exact path, ((x₁ · x₂) · x₃) · …
//!
//! **Bounds.** Let p be the product of the fast values so far and E a bound on |p − X|, X the
//! exact path's product of the factors so far (each multiplication correctly rounded), and
//! let the next factor's fast value be v, its exact value x, |v − x| ≤ e. Then fl(p·v) and
//! X' = fl(X·x) satisfy
//!
//! |fl(p·v) − X'| ≤ |p·v − X·x| + u·|p·v| + u·|X·x|
//!               ≤ |p|·e + (|v| + e)·E + 2u·(|p| + E)·(|v| + e),
//!
//! with u = 2⁻⁵³ (|p·v − X·x| ≤ |p|·|v − x| + |x|·|p − X|, |x| ≤ |v| + e, |X| ≤ |p| + E).
//! It is computed as E' = ((|v| + e)·E + 2⁻⁵¹·(|p|·(|v| + e)) + |p|·e)·(1 + 2⁻⁴⁸) + F. Its
//! nine roundings (of non-negative terms) lose at most a factor (1 − 2⁻⁵³)⁹ ≥ 1 − 9·2⁻⁵³,
//! and (1 − 9·2⁻⁵³)·(1 + 2⁻⁴⁸) ≥ 1 + 2⁻⁴⁹, so the computed value is at least (|v| + e)·E·(1 +
//! 2⁻⁴⁹) + 2⁻⁵¹·|p|·(|v| + e) + |p|·e, which covers both 2u terms. Those are relative
//! roundings; where values are subnormal they are absolute instead, at most 2⁻¹⁰⁷⁵ for each
//! of the two products and the nine operations (|p|·(|v| + e) is rounded before it is
//! scaled, so that its loss is not multiplied): F = 2⁻¹⁰⁷⁰, 32 of them, covers the eleven.
//! F is 0 only where both products so far are exact (E = e = 0) and one of p and v is ±0: a
//! zero whose sign is sure. A zero times an inexact value (or an inexact
//! zero) keeps F, so that its interval holds both signed zeros and the step takes the exact
//! path, whose zero may have the other sign.
//! The first factor's fast value and bound start the product; kernels give their `f32`
//! bounds (see [`Kernel::bounded_plan`]), exact values and fills a bound of 0.
//!
//! **Relative bounds.** Most blocks need no bound per step: with ℓ at or below the smallest
//! |v| of a factor's values over the block (see the spreads below) and h the largest of their
//! bounds, every step has e ≤ h ≤ ρ·|v| with ρ = (h / ℓ)·(1 + 2⁻⁵⁰), rounded (the division
//! and that product lose at most two roundings, which the factor covers; a subnormal ρ loses
//! at most 2⁻¹⁰⁷⁵, covered by the slack below). Write the factors' fast values vᵢ, exact
//! values xᵢ = vᵢ(1 + ηᵢ) with |ηᵢ| ≤ ρᵢ, and the products' roundings 1 + δₖ (fast) and
//! 1 + δ'ₖ (exact path), |δ| ≤ u, relative while every product so far is normal. Then X = P · Π(1 + ηᵢ) · Π(1 + δ'ₖ)
//! / Π(1 + δₖ), so for n factors
//!
//! |X − P| ≤ |P| · (Π(1 + ρᵢ) · ((1 + u)/(1 − u))ⁿ⁻¹ − 1).
//!
//! Π(1 + ρᵢ) is computed as r, each of its 2n roundings (of numbers below 2) losing at most
//! 2⁻⁵², so Π(1 + ρᵢ) ≤ r + n·2⁻⁵⁰·(1 + 2⁻³⁰) and ((1 + u)/(1 − u))ⁿ⁻¹ ≤ 1 + n·2⁻⁵¹·(1 +
//! 2⁻³⁰): the product is within |P|·R of the exact path's, R = (r − 1) + n·2⁻⁴⁸ (r − 1
//! exact; at least n·2⁻⁵¹ of slack, more than the rounding of R and of |P|·R). A block takes
//! this path while R ≤ 2⁻³⁶ (each ρ too) and the product of the factors' ℓ, rounded down,
//! stays at or above 2⁻¹⁰⁰⁰ at each factor, so that every product so far is normal (and,
//! by the reach below, finite). Where a factor
//! breaks this (a value near zero, a block over many binades), the bound of the product so
//! far, |p|·R, is written per step and the factors after it take the bounds above.
//!
//! **Block bounds.** A kernel may bound the errors of a part of a block with one number
//! ([`Kernel::block_bound`]): absolute, e ≤ H at every step, or relative, e ≤ ρₖ·|v|. Its
//! `fill` then writes the values alone, and the factor's spread keeps h, the largest of the
//! H and of the bounds per step written by its other parts, and ρₖ, the largest relative
//! one: every step has e ≤ max(h, ρₖ·|v|), so e/|v| ≤ max(h/ℓ, ρₖ), and the relative path
//! above takes ρ = max(h/ℓ, ρₖ)·(1 + 2⁻⁵⁰), rounded (ρₖ is exact: the factor covers the
//! rounding of the product, as it covers h/ℓ's two). Where a block leaves the relative path,
//! the factor's bounds per step are written then, max(h, |v|·(ρₖ·(1 + 2⁻⁵⁰))) rounded
//! (two roundings, covered by the factor), at or above every step's own bound: looser for
//! steps whose own bound was 0, which the bounds above then treat as inexact (a zero among
//! them takes the exact path, so its sign stays the exact path's).
//!
//! **Reach.** A block is first bounded above: M, the product over the factors so far of
//! their top (at or above their largest |v|, see the spreads below) plus their largest
//! error, each product rounded up by a factor 1 + 2⁻⁵⁰, is above every |p| so far and above
//! the exact path's |X| so far (|x| ≤ |v| + e; each of its roundings is within u, which the
//! factor covers). The error is the factor's largest bound for `f32` output (with block
//! bounds at most h + ρₖ·top, taken as (top + h + top·ρₖ)·(1 + 2⁻⁵⁰): four roundings of
//! non-negative terms, covered too); for `f64` output, where kernels give no bounds, their
//! promise 1e-14 · (s + |v|) ([`Kernel::f64_scale`]), taken as 2⁻⁴⁵ · (s + top) (a
//! factor's values may be far below its scale, and its errors far above their own ulps; a
//! guarantee by this argument: no kernel was found whose values fall far enough below its
//! exact ones for a test to need it).
//! M is compared with 2¹⁰⁰⁰ after every factor (a later factor below 1 would shrink it):
//! where it reaches it, or is not a number, the block takes the exact path at every step, so
//! no product so far overflows in one path and not in the other (an exact product that
//! overflows partway and is brought back into range by a small factor reports an overflow
//! that the fast product never met).
//!
//! For `f32` output, a step whose interval p ± E straddles a float32 rounding boundary, or
//! whose p + E is not finite in float32, takes the exact path, `value(step)`, so that values
//! are bit-identical to it and the first step that is not finite fails as it does there. The
//! last factor's multiplication, its bound, that check and the store are one pass over the
//! block ([`Sink::put_intervals`]); the rare blocks with a suspect step are walked again.
//! Where the product's bound is relative, |p|·R, the output is aligned for float32s and M
//! is below 2¹²⁶, that pass checks the dropped mantissa bits instead ([`Narrow::relative`],
//! whose terms those are: M bounds every |p|), and blocks where a step fails it take the
//! interval check.
//!
//! For `f64` output no bounds are computed: each factor's fast value is within its kernel's
//! float64 bound of its exact value (1e-14 · (|init_value| + |value|) of that factor), and
//! the product within what those bounds give through the multiplications (first order: the
//! sum over factors of each one's bound times the others' magnitudes, plus a rounding per
//! multiplication). A product at or above 10³⁰⁰ in magnitude, or not finite, takes the exact
//! path (which reports an overflow at its step). The products are computed in the output
//! where it is aligned for float64s, the last multiplication and that check in one pass;
//! where the block's reach M is below 10³⁰⁰ it bounds every |p|, no step can fail the check,
//! and the pass only multiplies.
//!
//! **Spreads.** Each factor gives, per block, bounds on its values' magnitudes: ℓ (at or
//! below the smallest |v|) and the top (at or above the largest), NaN-free values assured.
//! A kernel that bounds the values of a part from a few operations
//! ([`Kernel::magnitudes`]: the cosine from the ends' cosines, monotone on either side of
//! t = 0, the exponential from its table's ends, the linear and polynomial kernels from
//! their values at the part's ends, monotone over it) saves a scan of them, where the
//! factor's values need no bounds per step (`f64` output, or a kernel with a
//! [`Kernel::block_bound`] for `f32`: linear and polynomial factors of an `f32` product are
//! still scanned); otherwise they are
//! scanned, a NaN taking the top (and so the reach) to NaN. Looser bounds only send more
//! blocks to the careful paths. Where the relative path's ℓ-product (rounded down, so at or
//! below every |p|) is at least float32's smallest normal, the dropped-bits check skips its
//! test of that ([`Narrow`]'s `low`).
//!
//! Factors whose segments have no kernel (restarts, whose period walk serves a plan of one
//! factor only; frames with offsets that are not whole steps; runs shorter than
//! [`MIN_PART`]) take their segment's exact formula at each step.

use super::narrow::LOWEST;
use super::primitive::{self, UseKernel};
use super::{
    collect_while, cuts, on_cpu, runs, shift, straddles, to_block, BlockBound, Fill, Kernel,
    Narrow, Plan, Sink, Stretch, Walk, BLOCK, F32_SAFE, F64_SAFE, MIN_PART,
};
use crate::{Factor, Sample, ScheduleError, Segment};
use std::sync::OnceLock;

/// A generous estimate of the nanoseconds per step of each factor after the first: the
/// multiplication, the bound and the check (measured about 0.3).
pub(crate) const STEP_NS: f64 = 1.0;

/// 1 + 2⁻⁴⁸: see the module's bounds.
const GROW: f64 = 1.0 + 1.0 / (1u64 << 48) as f64;
/// 2⁻⁵¹: see the module's bounds.
const ROUND: f64 = 1.0 / (1u64 << 51) as f64;
/// Factor values below 2⁻¹⁰⁰⁰ in magnitude take the exact formula (see `Driven::underflows`).
const TINY: f64 = f64::MIN_POSITIVE * (1u64 << 22) as f64;
/// Blocks whose reach M is at or above 2¹⁰⁰⁰ take the exact path (see the module's reach).
const HUGE: f64 = 1.0 / TINY;
/// F = 2⁻¹⁰⁷⁰, 16 times the smallest subnormal: see the module's bounds.
const FLOOR: f64 = f64::from_bits(16);
/// The largest relative bound of a block's product, R, that takes the relative path: at
/// 2⁻³⁶, an interval straddles a float32 rounding boundary at about one step in 2¹¹.
const MAX_RELATIVE: f64 = 1.0 / (1u64 << 36) as f64;
/// 2⁻⁴⁵ ≥ 1e-14 · (1 + 2⁻⁵⁰)²: a bound on a factor's `f64` errors (see the module's reach).
const WIDE_ERROR: f64 = 1.0 / (1u64 << 45) as f64;
/// 2⁻⁵⁰: see the module's relative bounds and reach.
const MARGIN: f64 = 1.0 / (1u64 << 50) as f64;
/// 2⁻⁴⁸: see the module's relative bounds.
const SLACK: f64 = 1.0 / (1u64 << 48) as f64;

/// A range `first, first + stride, …` of `len` steps of a plan of several factors.
pub(crate) struct Product<'p> {
    plan: &'p crate::Plan,
    first: i64,
    stride: i64,
    len: usize,
    /// Each factor's runs over the whole range (see [`runs`]): a kernel's choices follow the
    /// whole run, however the range is cut into parts.
    runs: Vec<Vec<(usize, usize, usize)>>,
    /// The sources of each factor's runs of [`SHARED_RUN`] steps or more, for `f64` and
    /// `f32` output, built by the first part that needs one and used by every part after it:
    /// a run that several parts of a range (or pieces of an evaluation) cut would otherwise
    /// build its kernel's tables once for each (512 libm calls each, about 5% of the
    /// instructions of a product of two factors over 10⁶ steps in pieces of 1 ms). A
    /// source is a function of its run alone, so the values are the same either way.
    shared: Vec<Vec<Option<Shared<'p>>>>,
}

/// Runs at least this long share their sources between the parts of a range (see
/// `Product::shared`), as long as the parts of a range evaluated in parallel: a factor has at
/// most one such run per this many steps, so the sources kept until the evaluation ends
/// (tables of a few KiB each) take less than a byte per step. Shorter runs that parts or
/// pieces cut still build a source per part, unlike a plan of one factor, whose every cut
/// run shares its kernel (`SharedKernel` in `primitive.rs`): a product may have a great many
/// short runs (a factor of many constant segments), and keeping a source for each would
/// cost memory for little.
const SHARED_RUN: usize = 64 * BLOCK;

/// A run's sources, for `f64` and `f32` output, each built once.
type Shared<'p> = Box<[OnceLock<Box<dyn Source + 'p>>; 2]>;

impl<'p> Product<'p> {
    pub(crate) fn new(plan: &'p crate::Plan, first: i64, stride: i64, len: usize) -> Self {
        let Some(whole) = Self::new_while(plan, first, stride, len, &mut || true) else {
            unreachable!("a poll that always answers yes never stops the planning")
        };
        whole
    }

    /// [`new`](Self::new), asking `poll` as each factor's runs are found (see
    /// [`collect_while`]); `None` as soon as it answers `false`.
    pub(crate) fn new_while(
        plan: &'p crate::Plan,
        first: i64,
        stride: i64,
        len: usize,
        poll: &mut dyn FnMut() -> bool,
    ) -> Option<Self> {
        let runs = plan
            .factors()
            .iter()
            .map(|factor| collect_while(runs(factor, first, stride, len), &mut *poll))
            .collect::<Option<Vec<_>>>()?;
        let shared = runs
            .iter()
            .map(|runs| {
                let long = |&(_, n, _): &(usize, usize, usize)| n >= SHARED_RUN;
                let slots = runs.iter().map(|run| long(run).then(Shared::default));
                slots.collect()
            })
            .collect();
        Some(Self {
            plan,
            first,
            stride,
            len,
            runs,
            shared,
        })
    }

    fn step(&self, i: usize) -> i64 {
        self.first + i as i64 * self.stride
    }

    /// The range cut into parts of about `part` steps at block boundaries: (index of the
    /// first step, length) of each.
    pub(crate) fn parts(&self, part: usize) -> Vec<(usize, usize)> {
        let cuts = cuts(to_block(self.first, self.stride), part, self.len);
        cuts.windows(2).map(|w| (w[0], w[1] - w[0])).collect()
    }

    /// Evaluates the steps from index `start` on into `out`, which holds exactly the steps of
    /// one part (or all of them).
    pub(crate) fn run<T: Sample, S: Sink<T> + ?Sized>(
        &self,
        start: usize,
        out: &mut S,
    ) -> Result<(), ScheduleError> {
        let mut cursors = self.cursors(start);
        let mut scratch = [[0.0; BLOCK]; 4];
        let [value, error, v, e] = &mut scratch;
        let anchor = i128::from(self.first.div_euclid(self.stride));
        let len = out.len();
        let mut i = 0;
        while i < len {
            let g = start + i;
            let offset = (anchor + g as i128).rem_euclid(BLOCK as i128) as usize;
            let n = (BLOCK - offset).min(len - i);
            let (error, v, e) = (&mut error[..n], &mut v[..n], &mut e[..n]);
            if T::NARROW {
                // f32 output: the last multiplication, its bounds, the check and the store
                // in one pass; the rare suspect steps then take the exact path.
                let value = &mut value[..n];
                let found = self.factors(&mut cursors, g, value, [&mut *error, v, e], true);
                let Reach::Within(relative, reach) = found else {
                    self.exact_block(out, i, g, n)?;
                    i += n;
                    continue;
                };
                let (value, error) = (&*value, &*error);
                let any = if let Some(relative) = relative {
                    // Every factor's bound relative: the product's is |p|·R, checked on the
                    // dropped bits where the output is aligned and the values below 2¹²⁶
                    // ([`Narrow`]'s terms), else as an interval (and where that check fails).
                    // Where the products' lower bound is float32's smallest normal or more,
                    // the check need not test it.
                    let r = relative.bound();
                    // Narrow's `low`: the products' lower bound where it is float32-normal
                    // (and the reach keeps them below 2¹²⁶), else 0.
                    let low = if relative.low >= LOWEST {
                        relative.low
                    } else {
                        0.0
                    };
                    let narrow = if reach < F32_SAFE {
                        out.narrow(i, n)
                    } else {
                        None
                    };
                    let clear = narrow.is_some_and(|out| {
                        on_cpu(
                            true,
                            #[inline(always)]
                            || {
                                let products = value.iter().zip(&*v).map(|(&p, &x)| p * x);
                                let scratch = &mut [];
                                let narrow = Narrow {
                                    ramp: &[],
                                    out,
                                    scratch,
                                    low,
                                };
                                narrow.relative(r, products)
                            },
                        )
                    });
                    !clear && {
                        let products = value.iter().zip(&*v);
                        let intervals = products.map(|(&p, &x)| scaled(p, x, r));
                        on_cpu(
                            true,
                            #[inline(always)]
                            || out.put_intervals(i, intervals),
                        )
                    }
                } else {
                    let products = value.iter().zip(error).zip(v.iter().zip(&*e));
                    let intervals = products.map(|((&p, &pe), (&x, &xe))| bound(p, pe, x, xe));
                    on_cpu(
                        true,
                        #[inline(always)]
                        || out.put_intervals(i, intervals),
                    )
                };
                if any {
                    let products = value.iter().zip(error).zip(v.iter().zip(&*e));
                    for (j, ((&p, &pe), (&x, &xe))) in products.enumerate() {
                        let (p, pe) = match relative {
                            Some(r) => scaled(p, x, r.bound()),
                            None => bound(p, pe, x, xe),
                        };
                        if suspect::<T>(p, pe) {
                            out.put(i + j, self.exact(g + j)?);
                        }
                    }
                }
            } else if let Some(value) = out.wide(i, n) {
                // f64 output: the products are computed and checked in place.
                let found = self.factors(&mut cursors, g, value, [&mut *error, v, e], false);
                let Reach::Within(_, reach) = found else {
                    self.exact_block(out, i, g, n)?;
                    i += n;
                    continue;
                };
                // The reach bounds every |p| (a NaN's reach is beyond): below F64_SAFE, no
                // product is suspect.
                let checked = reach >= F64_SAFE;
                let any = on_cpu(
                    false,
                    #[inline(always)]
                    || {
                        let products = value.iter_mut().zip(&*v);
                        if !checked {
                            products.for_each(|(p, &x)| *p *= x);
                            return false;
                        }
                        products.fold(false, |any, (p, &x)| {
                            *p *= x;
                            any | suspect::<T>(*p, 0.0)
                        })
                    },
                );
                if any {
                    for (j, p) in value.iter_mut().enumerate() {
                        if suspect::<T>(*p, 0.0) {
                            *p = self.exact::<T>(g + j)?.to_f64();
                        }
                    }
                }
            } else {
                // f64 output into memory that is not aligned for it: computed, checked and
                // copied.
                let value = &mut value[..n];
                let found = self.factors(&mut cursors, g, value, [&mut *error, v, e], false);
                if let Reach::Beyond = found {
                    self.exact_block(out, i, g, n)?;
                    i += n;
                    continue;
                }
                for (j, (p, &x)) in value.iter_mut().zip(&*v).enumerate() {
                    *p *= x;
                    if suspect::<T>(*p, 0.0) {
                        *p = self.exact::<T>(g + j)?.to_f64();
                    }
                }
                out.put_f64s(i, value);
            }
            i += n;
        }
        Ok(())
    }

    /// Each factor's cursor at the step of index `start`.
    fn cursors(&self, start: usize) -> Vec<Cursor<'_>> {
        let factors = self.plan.factors().iter().zip(&self.runs);
        let cursors = factors.enumerate().map(|(index, (factor, runs))| Cursor {
            factor,
            index,
            at: runs.partition_point(|&(i, n, _)| i + n <= start),
            runs,
            source: None,
        });
        cursors.collect()
    }

    /// The shared source of run `run` of factor `factor` (for `f32` output where
    /// `bounded`), built now if no part built it before; `None` for a run shorter than
    /// [`SHARED_RUN`] (see `shared`).
    fn shared_source(&self, factor: usize, run: usize, bounded: bool) -> Option<&dyn Source> {
        let slots = self.shared[factor][run].as_ref()?;
        let (_, len, k) = self.runs[factor][run];
        let segment = &self.plan.factors()[factor].segments()[k];
        let slot = &slots[usize::from(bounded)];
        Some(&**slot.get_or_init(|| source(segment, len, self.stride, bounded)))
    }

    /// The product of all factors but the last over one block, the steps from index `g` on,
    /// into `value`, and the last factor's values into `v`. With `bounded`, also their
    /// bounds: the relative bound R of the whole product where every factor's is relative
    /// enough (see the module's relative bounds), else per step, the product's into `error`
    /// and the last factor's into `e`. [`Reach::Beyond`] where a product so far may
    /// overflow (see the module's reach).
    fn factors<'s>(
        &'s self,
        cursors: &mut [Cursor<'s>],
        g: usize,
        value: &mut [f64],
        [error, v, e]: [&mut [f64]; 3],
        bounded: bool,
    ) -> Reach {
        let [first, middle @ .., last] = cursors else {
            unreachable!("a product has two factors or more")
        };
        // Not a number is beyond too.
        let beyond = |reach: f64| reach.partial_cmp(&HUGE) != Some(std::cmp::Ordering::Less);
        let spread = first.fill(self, g, value, error, bounded);
        let mut reach = spread.reach();
        if beyond(reach) {
            return Reach::Beyond;
        }
        let mut relative = if bounded {
            Relative::ONE.then(spread)
        } else {
            None
        };
        if relative.is_none() {
            spread.write_bounds(value, error);
        }
        for cursor in middle {
            let spread = cursor.fill(self, g, v, e, bounded);
            reach *= spread.reach();
            if beyond(reach) {
                return Reach::Beyond;
            }
            relative = times(relative, spread, value, error);
            let per_step = bounded && relative.is_none();
            if per_step {
                spread.write_bounds(v, e);
            }
            on_cpu(
                bounded,
                #[inline(always)]
                || multiply(per_step, value, error, v, e),
            );
        }
        let spread = last.fill(self, g, v, e, bounded);
        reach *= spread.reach();
        if beyond(reach) {
            return Reach::Beyond;
        }
        let relative = times(relative, spread, value, error);
        if relative.is_none() {
            spread.write_bounds(v, e);
        }
        Reach::Within(relative, reach)
    }

    /// The exact path's values at the `n` steps from index `g` of the range into `out`, from
    /// its index `i` on.
    fn exact_block<T: Sample, S: Sink<T> + ?Sized>(
        &self,
        out: &mut S,
        i: usize,
        g: usize,
        n: usize,
    ) -> Result<(), ScheduleError> {
        for j in 0..n {
            out.put(i + j, self.exact(g + j)?);
        }
        Ok(())
    }

    /// The exact path's value at step `g` of the range, rounded to `T`; an error where it is
    /// not finite in `T`.
    fn exact<T: Sample>(&self, g: usize) -> Result<T, ScheduleError> {
        let step = self.step(g) as f64;
        let exact = T::from_f64(self.plan.value(step));
        if exact.is_finite() {
            Ok(exact)
        } else {
            Err(ScheduleError::NonFiniteValue { step })
        }
    }
}

/// What the factors of a block give (see the module's reach and relative bounds).
enum Reach {
    /// Every product so far is far from overflow in both paths; the product's relative
    /// bound where every factor's is relative enough (`None`: bounds per step), and the
    /// reach M, above every |p| and |X| so far.
    Within(Option<Relative>, f64),
    /// A product so far may overflow: the exact path at every step of the block.
    Beyond,
}

/// Whether the fast product `p` (within `e` of the exact one for `f32` output) may round
/// differently from the exact product, or not be finite.
#[inline(always)]
fn suspect<T: Sample>(p: f64, e: f64) -> bool {
    if T::NARROW {
        // An interval with an end that is not finite has a low end that is not, or ends
        // that round apart.
        straddles::<T>(p, e)
    } else {
        // NaN fails the comparison: suspect too.
        p.abs().partial_cmp(&F64_SAFE) != Some(std::cmp::Ordering::Less)
    }
}

/// The product `p · x` of a product so far `p`, within `pe` of the exact path's, and a
/// factor's value `x`, within `xe` of its exact value, and a bound on its error (see the
/// module's bounds).
#[inline(always)]
fn bound(p: f64, pe: f64, x: f64, xe: f64) -> (f64, f64) {
    let (a, b) = (p.abs(), x.abs() + xe);
    // 0 only for a product of exact values one of which is ±0: a zero whose sign is sure.
    let floor = if pe > 0.0 || xe > 0.0 || (a > 0.0 && b > 0.0) {
        FLOOR
    } else {
        0.0
    };
    (p * x, (b * pe + ROUND * (a * b) + a * xe) * GROW + floor)
}

/// The relative bound of a product so far, `relative` (`None`: per step, in `error`),
/// times a factor whose values and bounds have `spread`; where the product's bound stops
/// being relative, the bounds per step of the product so far, `value`, are written into
/// `error`.
fn times(
    relative: Option<Relative>,
    spread: Spread,
    value: &[f64],
    error: &mut [f64],
) -> Option<Relative> {
    let so_far = relative?;
    let next = so_far.then(spread);
    if next.is_none() {
        let r = so_far.bound();
        on_cpu(
            true,
            #[inline(always)]
            || {
                for (pe, &p) in error.iter_mut().zip(value) {
                    *pe = p.abs() * r;
                }
            },
        );
    }
    next
}

/// The product `p · x` and its bound `|p · x| · r`, for a product whose relative bound is `r`
/// (see the module's relative bounds).
#[inline(always)]
fn scaled(p: f64, x: f64, r: f64) -> (f64, f64) {
    let q = p * x;
    (q, q.abs() * r)
}

/// Bounds on the smallest and largest |value| and the largest error of a factor's values
/// over (part of) a block (see the module's spreads).
#[derive(Clone, Copy)]
struct Spread {
    /// At or below every |value|.
    low: f64,
    /// The largest bound for `f32` output (per step, or a kernel's absolute
    /// [`BlockBound`]); for `f64` output, the kernel's promise at `top` (see the module's
    /// reach).
    high: f64,
    /// At or above every |value|; NaN where a value is.
    top: f64,
    /// The largest relative [`BlockBound`] ρ, for `f32` output: a step's error is at most
    /// `high` or |value| · ρ.
    rho: f64,
    /// Whether some bounds per step were not written (parts with a [`BlockBound`]); see
    /// [`write_bounds`](Self::write_bounds).
    unwritten: bool,
}

/// The larger of two non-negative numbers or NaNs, on their bits: a NaN is the largest.
#[inline(always)]
fn larger(a: f64, b: f64) -> f64 {
    f64::from_bits(a.to_bits().max(b.to_bits()))
}

impl Spread {
    /// Of no values.
    const NONE: Self = Self {
        low: f64::INFINITY,
        high: 0.0,
        top: 0.0,
        rho: 0.0,
        unwritten: false,
    };

    /// Of both parts' values (on the bits, as [`of`](Self::of) orders them: a NaN bound
    /// stays the largest).
    fn join(self, other: Self) -> Self {
        Self {
            low: f64::from_bits(self.low.to_bits().min(other.low.to_bits())),
            high: larger(self.high, other.high),
            top: larger(self.top, other.top),
            rho: larger(self.rho, other.rho),
            unwritten: self.unwritten | other.unwritten,
        }
    }

    /// The same values, their errors bounded by the kernel's `bound` instead of bounds per
    /// step (left unwritten).
    fn bounded_by(self, bound: BlockBound) -> Self {
        let unwritten = Self {
            unwritten: true,
            ..self
        };
        match bound {
            BlockBound::Absolute(high) => Self { high, ..unwritten },
            BlockBound::Relative(rho) => Self { rho, ..unwritten },
        }
    }

    /// The largest |x| of the exact values, rounded up (see the module's reach).
    fn reach(self) -> f64 {
        (self.top + self.high + self.top * self.rho) * (1.0 + MARGIN)
    }

    /// Bounds per step into `error` where some were left unwritten: max(high, |v| · ρ · (1 +
    /// 2⁻⁵⁰)) at each step, at or above each step's own (see the module's block bounds).
    fn write_bounds(self, value: &[f64], error: &mut [f64]) {
        if !self.unwritten {
            return;
        }
        let (high, rho) = (self.high, self.rho * (1.0 + MARGIN));
        on_cpu(
            true,
            #[inline(always)]
            || {
                for (e, &v) in error.iter_mut().zip(value) {
                    let r = v.abs() * rho;
                    *e = if r > high { r } else { high };
                }
            },
        );
    }

    /// Of `value` and, with `bounded`, `error` (else `high` is 0). Magnitudes of float64s
    /// order as their bits do, and integer minima and maxima vectorize. A NaN is larger than
    /// any: a NaN bound keeps its block off the relative path, a NaN value off the fast path
    /// (through the reach).
    #[inline(always)]
    fn of(value: &[f64], error: &[f64], bounded: bool) -> Self {
        let magnitude = |v: f64| (v.to_bits() & !(1u64 << 63)) as i64;
        let (low, high, top) = if bounded {
            let pairs = value.iter().zip(error);
            pairs.fold((i64::MAX, 0, 0), |(low, high, top), (&v, &e)| {
                let m = magnitude(v);
                (low.min(m), high.max(magnitude(e)), top.max(m))
            })
        } else {
            let (low, top) = value.iter().fold((i64::MAX, 0), |(low, top), &v| {
                let m = magnitude(v);
                (low.min(m), top.max(m))
            });
            (low, 0, top)
        };
        // i64::MAX, a NaN, where there are no values.
        Self {
            low: if value.is_empty() {
                f64::INFINITY
            } else {
                f64::from_bits(low as u64)
            },
            high: f64::from_bits(high as u64),
            top: f64::from_bits(top as u64),
            ..Self::NONE
        }
    }
}

/// A product whose bound is relative: |P − X| ≤ |P| · R (see the module's relative bounds).
#[derive(Clone, Copy)]
struct Relative {
    /// Π (1 + ρ), rounded.
    growth: f64,
    /// How many factors.
    factors: u32,
    /// Π of lower bounds on the factors' magnitudes, rounded down: at or below every |p|
    /// of the product (each fast product's rounding, 2⁻⁵³ relative while products are
    /// normal, is within the 2⁻⁵⁰ taken off at each factor).
    low: f64,
}

impl Relative {
    /// The empty product.
    const ONE: Self = Self {
        growth: 1.0,
        factors: 0,
        low: 1.0,
    };

    /// The product times a factor whose values and bounds have `spread`, where its bound
    /// stays relative enough and the product far from float64's subnormals.
    fn then(self, spread: Spread) -> Option<Self> {
        // NaN (0 / 0) and infinity (x / 0) fail the comparisons.
        let rho = larger(spread.high / spread.low, spread.rho) * (1.0 + MARGIN);
        let next = Self {
            growth: self.growth * (1.0 + rho),
            factors: self.factors + 1,
            low: self.low * spread.low * (1.0 - MARGIN),
        };
        (rho <= MAX_RELATIVE && next.low >= TINY && next.bound() <= MAX_RELATIVE).then_some(next)
    }

    /// R.
    fn bound(self) -> f64 {
        (self.growth - 1.0) + f64::from(self.factors) * SLACK
    }
}

/// `value[j] · v[j]` into `value[j]`, and with `bounded` the product's bound into `error[j]`
/// (see the module's bounds).
#[inline(always)]
fn multiply(bounded: bool, value: &mut [f64], error: &mut [f64], v: &[f64], e: &[f64]) {
    if !bounded {
        for (p, &x) in value.iter_mut().zip(v) {
            *p *= x;
        }
        return;
    }
    let rows = value.iter_mut().zip(error.iter_mut()).zip(v.iter().zip(e));
    for ((p, pe), (&x, &xe)) in rows {
        (*p, *pe) = bound(*p, *pe, x, xe);
    }
}

/// One factor's walk through the range: the run it is in and that run's source.
struct Cursor<'p> {
    factor: &'p Factor,
    /// Which factor of the product.
    index: usize,
    runs: &'p [(usize, usize, usize)],
    /// The index of the run the next steps are in.
    at: usize,
    /// The source of run `at`, once found.
    source: Option<Held<'p>>,
}

/// A cursor's source of its run.
enum Held<'p> {
    /// The cursor's own, for a run the product does not share.
    Own(Box<dyn Source + 'p>),
    /// The product's (see `Product::shared`).
    Shared(&'p dyn Source),
}

impl<'p> Cursor<'p> {
    /// The factor's values (and with `bounded` their bounds) at the steps from index `g` on,
    /// as many as `value` holds, and their [`Spread`].
    fn fill(
        &mut self,
        product: &'p Product<'_>,
        g: usize,
        value: &mut [f64],
        error: &mut [f64],
        bounded: bool,
    ) -> Spread {
        let n = value.len();
        let mut spread = Spread::NONE;
        let mut j = 0;
        while j < n {
            let (mut start, mut len, mut k) = self.runs[self.at];
            while start + len <= g + j {
                self.at += 1;
                self.source = None;
                (start, len, k) = self.runs[self.at];
            }
            let end = (start + len - g).min(n);
            let (factor, at) = (self.factor, self.at);
            let held = self.source.get_or_insert_with(|| {
                match product.shared_source(self.index, at, bounded) {
                    Some(shared) => Held::Shared(shared),
                    None => {
                        let segment = &factor.segments()[k];
                        Held::Own(source(segment, len, product.stride, bounded))
                    }
                }
            });
            let source: &dyn Source = match held {
                Held::Own(own) => &**own,
                Held::Shared(shared) => *shared,
            };
            let part = source.fill(product.step(g + j), &mut value[j..end], &mut error[j..end]);
            spread = spread.join(part);
            j = end;
        }
        spread
    }
}

/// One run of a factor's segment, filled block by block; shared by the threads that
/// evaluate parts of a range (see `Product::shared`).
trait Source: Send + Sync {
    /// The values at the steps `first, first + stride, …` into `value` (at most a block's),
    /// and, for `f32` output, bounds on their errors into `error`; their [`Spread`].
    fn fill(&self, first: i64, value: &mut [f64], error: &mut [f64]) -> Spread;
}

/// The source of a run of `whole` steps of `segment`: its primitive's kernel where it has
/// one (with `bounded`, error bounds), else its exact formula.
fn source<'p>(
    segment: &'p Segment,
    whole: usize,
    stride: i64,
    bounded: bool,
) -> Box<dyn Source + 'p> {
    let p = segment.primitive();
    let kernel = shift(segment)
        .filter(|_| whole >= MIN_PART && primitive::in_products(p))
        .and_then(|delta| {
            let keep = Keep {
                delta,
                stride,
                bounded,
            };
            primitive::with_kernel(p, stride, whole, keep)
        });
    kernel.unwrap_or_else(|| Box::new(Exact { segment, stride }))
}

/// Keeps a kernel as a [`Source`].
struct Keep {
    delta: i64,
    stride: i64,
    bounded: bool,
}

impl UseKernel for Keep {
    type Output = Box<dyn Source>;
    fn with<K: Kernel + Send + Sync + 'static>(self, kernel: K) -> Box<dyn Source> {
        let ramp = (0..BLOCK).map(|j| j as f64 * self.stride as f64).collect();
        Box::new(Driven {
            kernel,
            delta: self.delta,
            stride: self.stride,
            bounded: self.bounded,
            ramp,
        })
    }
}

/// A segment's exact formula at every step.
struct Exact<'p> {
    segment: &'p Segment,
    stride: i64,
}

impl Source for Exact<'_> {
    fn fill(&self, first: i64, value: &mut [f64], error: &mut [f64]) -> Spread {
        let (segment, stride) = (self.segment, self.stride);
        for (j, (v, e)) in value.iter_mut().zip(error.iter_mut()).enumerate() {
            let step = (first + j as i64 * stride) as f64;
            *v = segment.primitive().value(segment.local(step));
            *e = 0.0;
        }
        Spread::of(value, error, false)
    }
}

/// A kernel over a segment's local steps, global step − `delta`.
struct Driven<K> {
    kernel: K,
    delta: i64,
    stride: i64,
    /// Whether the values need error bounds (`f32` output).
    bounded: bool,
    /// `j · stride` for j < [`BLOCK`].
    ramp: Vec<f64>,
}

impl<K: Kernel + Send + Sync> Source for Driven<K> {
    fn fill(&self, first: i64, value: &mut [f64], error: &mut [f64]) -> Spread {
        let local = first - self.delta;
        let spread = on_cpu(
            self.bounded,
            #[inline(always)]
            || {
                let spread = self.blocks(local, value, error, false);
                if spread.low >= TINY || K::EXACT {
                    return spread;
                }
                self.blocks(local, value, error, true);
                // The values replaced are exact (bound 0): the bounds stand.
                let values = Spread::of(value, error, false);
                Spread {
                    low: values.low,
                    top: values.top,
                    ..spread
                }
            },
        );
        if self.bounded {
            return spread;
        }
        // `f64` output: the kernel's promise, 1e-14 · (s + |v|) (see the module's reach).
        let high = WIDE_ERROR * (self.kernel.f64_scale() + spread.top);
        Spread { high, ..spread }
    }
}

impl<K: Kernel> Driven<K> {
    /// Below [`TINY`] a kernel's roundings are absolute (up to 2⁻¹⁰⁷⁵ each, subnormal),
    /// which its relative bounds do not cover: harmless for a schedule alone (such values
    /// are 0 in float32 and within those few roundings in float64), but a product can scale
    /// them back into range. Those steps (rare: `fill` looks for them only where the
    /// [`Spread`] of its values says there are some) take the factor's exact formula.
    #[inline(always)]
    fn underflows(&self, step: f64, value: &mut [f64], error: &mut [f64]) {
        let stride = self.stride as f64;
        for (k, (v, e)) in value.iter_mut().zip(error.iter_mut()).enumerate() {
            if v.abs() < TINY {
                *v = self.kernel.exact(step + k as f64 * stride);
                *e = 0.0;
            }
        }
    }

    /// The kernel's values at the local steps `first, first + stride, …`, block by block as
    /// [`blocks`](super::blocks) walks a range (a block cut by `value`'s ends is planned as
    /// that part of it, as a range cut there plans it), and their [`Spread`]; with
    /// `underflows`, the walk only replaces the fast values below [`TINY`] that it wrote
    /// before (and gives no spread). Where the kernel has a [`BlockBound`] for a part, its
    /// bounds per step are left unwritten.
    #[inline(always)]
    fn blocks(&self, first: i64, value: &mut [f64], error: &mut [f64], underflows: bool) -> Spread {
        let (stride, len) = (self.stride as f64, value.len());
        let anchor = i128::from(first.div_euclid(self.stride));
        let bounded = self.bounded;
        let plan = |lo, hi| {
            if bounded {
                self.kernel.bounded_plan(lo, hi)
            } else {
                self.kernel.plan(lo, hi, false)
            }
        };
        let mut spread = Spread::NONE;
        let mut i = 0;
        while i < len {
            let offset = (anchor + i as i128).rem_euclid(BLOCK as i128) as usize;
            let n = (BLOCK - offset).min(len - i);
            let start = first as f64 + (i as f64 - offset as f64) * stride;
            let mut walk = Walk::new(start, stride, offset, n);
            while let Some((at, m, plan)) = walk.next(plan) {
                let j = i + (at - offset);
                let (value, error) = (&mut value[j..j + m], &mut error[j..j + m]);
                let step = start + at as f64 * stride;
                let part = match plan {
                    _ if underflows => {
                        if matches!(plan, Plan::Fast(_)) {
                            self.underflows(step, value, error);
                        }
                        continue;
                    }
                    Plan::Fill(v) => {
                        value.fill(v);
                        if bounded {
                            error.fill(0.0);
                        }
                        // Every value is the first one.
                        Spread::of(&value[..1], &error[..1], false)
                    }
                    Plan::Fast(piece) => {
                        let seed = self.kernel.seed(start, piece);
                        let stretch = Stretch {
                            step,
                            stride,
                            offset: at,
                            n: m,
                        };
                        let block = if bounded && !K::EXACT {
                            self.kernel.block_bound(&seed, stretch)
                        } else {
                            None
                        };
                        let narrow = bounded && !K::EXACT && block.is_none();
                        if bounded && K::EXACT {
                            error.fill(0.0);
                        }
                        let ramp = &self.ramp[..m];
                        let fill = Fill {
                            ramp,
                            value: &mut *value,
                            error: &mut *error,
                            narrow,
                        };
                        self.kernel.fill(&seed, step, stride, at, fill);
                        // The values' magnitudes from the kernel where it bounds them,
                        // else from the values.
                        let values = || match self.kernel.magnitudes(&seed, stretch) {
                            Some((low, top)) => Spread {
                                low,
                                top,
                                ..Spread::NONE
                            },
                            None => Spread::of(value, error, false),
                        };
                        match block {
                            Some(bound) => values().bounded_by(bound),
                            None if narrow => Spread::of(value, error, true),
                            None => values(),
                        }
                    }
                    Plan::Split | Plan::Exact => {
                        for (k, (v, e)) in value.iter_mut().zip(error.iter_mut()).enumerate() {
                            *v = self.kernel.exact(step + k as f64 * stride);
                            *e = 0.0;
                        }
                        Spread::of(value, error, false)
                    }
                };
                spread = spread.join(part);
            }
            i += n;
        }
        spread
    }
}

#[cfg(test)]
mod tests {
    use super::super::cosine::{CosineKernel, Wave};
    use super::super::exponential::ExponentialKernel;
    use super::super::{Fill, Kernel, Plan, Stretch, Walk};
    use super::{BlockBound, Product, Reach, Relative, Spread, BLOCK, TINY};
    use crate::primitive::{Cosine, CosineInterp, Exponential};
    use crate::{CosineDecay, ExponentialDecay, Multiply, Schedule};

    /// Every `Fast` part of the `len` steps from index `offset` of the block from step
    /// `start` (the planning of a product's factor, `f32` output's, or `f64` output's), with
    /// the kernel's fast values and bounds per step at its steps, against its
    /// [`Kernel::magnitudes`] and [`Kernel::block_bound`]: low ≤ |value| ≤ top at every
    /// step, and an absolute block bound at or above each step's own bound (up to a
    /// rounding) and each value's distance from the exact formula. How many parts were
    /// checked.
    fn part_bounds_hold<K: Kernel>(
        kernel: &K,
        (start, stride): (f64, f64),
        (offset, len): (usize, usize),
        bounded: bool,
    ) -> usize {
        let ramp: Vec<f64> = (0..BLOCK).map(|j| j as f64 * stride).collect();
        let mut walk = Walk::new(start, stride, offset, len);
        let plan = |lo, hi| {
            if bounded {
                kernel.bounded_plan(lo, hi)
            } else {
                kernel.plan(lo, hi, false)
            }
        };
        let mut parts = 0;
        while let Some((at, n, plan)) = walk.next(plan) {
            let Plan::Fast(piece) = plan else {
                continue;
            };
            let seed = kernel.seed(start, piece);
            let step = start + at as f64 * stride;
            let (mut value, mut error) = (vec![0.0; n], vec![0.0; n]);
            let fill = Fill {
                ramp: &ramp[..n],
                value: &mut value,
                error: &mut error,
                narrow: true,
            };
            kernel.fill(&seed, step, stride, at, fill);
            let stretch = Stretch {
                step,
                stride,
                offset: at,
                n,
            };
            let (low, top) = kernel
                .magnitudes(&seed, stretch)
                .expect("bounds for these kernels");
            let block = kernel.block_bound(&seed, stretch);
            for (j, (&v, &e)) in value.iter().zip(&error).enumerate() {
                let t = step + j as f64 * stride;
                assert!(
                    low <= v.abs() && v.abs() <= top,
                    "{v} at {t}: not in [{low}, {top}]"
                );
                if let Some(BlockBound::Absolute(h)) = block {
                    // A step's own bound at a c up to 2⁻⁵² above 1 exceeds the block's at
                    // 1 by as much (which the bounds' margin covers, see `wave_bound`).
                    let own = h * (1.0 + 2f64.powi(-50));
                    assert!(e <= own, "bound {e} > block bound {h} at {t}");
                    let distance = (v - kernel.exact(t)).abs();
                    assert!(
                        distance <= h,
                        "{v} is {distance} off at {t}, block bound {h}"
                    );
                }
            }
            parts += 1;
        }
        parts
    }

    #[test]
    fn kernels_bound_their_parts() {
        // Half cosine waves (cosine decays with α from -1 to 3, interpolations between values
        // of either sign, so values that cross zero) and exponentials (rates of decay and of
        // growth, γ₀ of either sign), strides of both signs, blocks anywhere from before −k
        // to after k, so parts that hold t = 0 (where the cosine peaks inside the part, above
        // the ends: a bound from the ends alone fails there) and parts near k (where it nears
        // zero).
        let mut state = 0xba5e_b0d5_u64;
        let (mut waves, mut decays) = (0, 0);
        for round in 0..400 {
            let stride: f64 = [1.0, 3.0, -1.0, -7.0][round % 4];
            let k = (unit(&mut state) * 6.0 + 4.0).exp2().round() * 600.0 * stride.abs();
            let sign = if unit(&mut state) < 0.5 { -1.0 } else { 1.0 };
            let scale = sign * (unit(&mut state) * 20.0 - 10.0).exp2();
            let wave = if round % 2 == 0 {
                let alpha = unit(&mut state) * 4.0 - 1.0;
                Wave::cosine(&Cosine {
                    scale,
                    alpha,
                    k,
                    exponent: 1.0,
                })
                .expect("α within 2 of 1")
            } else {
                let to = (unit(&mut state) * 2.0 - 1.0) * scale;
                Wave::interp(&CosineInterp { from: scale, to, k })
            };
            let cosine = CosineKernel::new(wave, stride, 1 << 20).expect("a wave with tables");
            let rate = (unit(&mut state) * 4.0 - 2.0).exp2();
            let decay = Exponential {
                init: scale,
                rate,
                k,
                staircase: false,
                bound: None,
            };
            let decay = ExponentialKernel::new(&decay, stride, 1 << 20).expect("a decay");
            let blocks = (2.2 * k / (BLOCK as f64 * stride.abs())) as i64 + 2;
            for _ in 0..8 {
                // Block starts at any step (a frame's whole-step offset moves them), a
                // fifth of them within a block of 0.
                let block = if unit(&mut state) < 0.2 {
                    -1
                } else {
                    (unit(&mut state) * 2.0 * blocks as f64) as i64 - blocks
                };
                let skew = (unit(&mut state) * BLOCK as f64) as i64;
                let start = ((block * BLOCK as i64 + skew) as f64 * stride).round();
                // Whole blocks, and half the time a block cut as a range's or a run's ends
                // cut it (parts from any offset, of any length down to one step).
                let cut = if unit(&mut state) < 0.5 {
                    (0, BLOCK)
                } else {
                    let offset = (unit(&mut state) * BLOCK as f64) as usize;
                    let room = (BLOCK - offset) as f64;
                    (offset, 1 + (unit(&mut state) * room) as usize)
                };
                for bounded in [true, false] {
                    waves += part_bounds_hold(&cosine, (start, stride), cut, bounded);
                    decays += part_bounds_hold(&decay, (start, stride), cut, bounded);
                }
            }
        }
        // The test's premises: many parts of each.
        assert!(
            waves > 2_000 && decays > 2_000,
            "{waves} waves, {decays} decays"
        );
    }

    /// A seeded xorshift64* draw in [0, 1).
    fn unit(state: &mut u64) -> f64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn relative_bounds_hold_for_factors_within_their_bounds() {
        // Two to five factors: fast values v of any sign over 2^±100, bounds e = ρ·|v| with ρ
        // from 2^-70 (where the roundings of the products dominate) to 2^-38, exact values x
        // within e of v, half of them at an end of the interval. The exact path's product X,
        // multiplied in the same order, is within |P|·R of the fast one, P, for the R of the
        // factors' spreads (one value each), whether a factor's bound is given per step, as
        // an absolute block bound or as a relative one (ρ = e/|v| rounded up).
        let mut state = 0x5eed_2026_u64;
        let mut checked = 0;
        for _ in 0..200_000 {
            let factors = 2 + (unit(&mut state) * 4.0) as usize;
            let mut relative = Some(Relative::ONE);
            let (mut p, mut x) = (1.0f64, 1.0f64);
            for _ in 0..factors {
                let sign = if unit(&mut state) < 0.5 { -1.0 } else { 1.0 };
                let v = sign * (1.0 + unit(&mut state)) * (unit(&mut state) * 200.0 - 100.0).exp2();
                let e = v.abs() * (-38.0 - 32.0 * unit(&mut state)).exp2();
                let t = match (unit(&mut state) * 4.0) as u32 {
                    0 => -1.0,
                    1 => 1.0,
                    _ => unit(&mut state) * 2.0 - 1.0,
                };
                // x − v is exact (Sterbenz); an x rounded past the end is pulled back to v.
                let xi = Some(v + t * e)
                    .filter(|xi| (xi - v).abs() <= e)
                    .unwrap_or(v);
                let values = Spread {
                    low: v.abs(),
                    top: v.abs(),
                    ..Spread::NONE
                };
                let spread = match (unit(&mut state) * 3.0) as u32 {
                    0 => Spread { high: e, ..values },
                    1 => values.bounded_by(BlockBound::Absolute(e)),
                    _ => values.bounded_by(BlockBound::Relative((e / v.abs()).next_up())),
                };
                relative = relative.and_then(|r| r.then(spread));
                (p, x) = (p * v, x * xi);
            }
            let r = relative.expect("factors within 2^±100 and ρ ≤ 2^-38 stay relative");
            assert!(
                (x - p).abs() <= p.abs() * r.bound(),
                "{factors} factors: |{x} − {p}| > |P|·{}",
                r.bound()
            );
            checked += 1;
        }
        assert_eq!(checked, 200_000);
    }

    #[test]
    fn bounds_written_for_block_bounds_cover_them() {
        // Values of any sign over 2^±100 and block bounds h (absolute) and ρ (relative) from
        // 2^-70 to 2^-20, either or both: each bound written is at least h and |v|·ρ, the
        // latter checked exactly (|v|·ρ − e in one rounding, whose sign is the exact one's);
        // and sharp, at most twice the larger of them.
        let mut state = 0xb10c_b0d5_u64;
        for _ in 0..2_000 {
            let mut draw = |scale: f64| (unit(&mut state) * scale).exp2();
            let high = if draw(1.0) < 1.5 {
                draw(-50.0) * 2f64.powi(-20)
            } else {
                0.0
            };
            let rho = draw(-50.0) * 2f64.powi(-20);
            let value: Vec<f64> = (0..64)
                .map(|j| {
                    let sign = if j % 2 == 0 { 1.0 } else { -1.0 };
                    sign * draw(200.0) * 2f64.powi(-100)
                })
                .collect();
            let spread = Spread {
                high,
                ..Spread::NONE
            }
            .bounded_by(BlockBound::Relative(rho));
            let mut error = vec![0.0; value.len()];
            spread.write_bounds(&value, &mut error);
            for (&v, &e) in value.iter().zip(&error) {
                assert!(e >= high, "{e} < h = {high} at {v}");
                assert!(v.abs().mul_add(rho, -e) <= 0.0, "{e} < |{v}|·{rho}");
                assert!(e <= 2.0 * high.max(v.abs() * rho), "{e} at {v}: not sharp");
            }
        }
        // Bounds written per step stand where none is missing.
        let mut error = vec![0.5; 4];
        Spread::NONE.write_bounds(&[1.0; 4], &mut error);
        assert_eq!(error, [0.5; 4]);
    }

    #[test]
    fn blocks_off_the_relative_path_bound_every_step() {
        // A cosine (α = 0) times an exponential decay, f32 output, over the blocks where the
        // cosine nears zero and the block's bound turns per step: both factors' kernels give
        // block bounds and no bounds per step, which are written then. Each bound, in scratch
        // poisoned with zeros (a bound of 0 claims the exact value), is at least the distance
        // from the fast value to the factor's exact one.
        // The cosine's block bound follows its largest |c| over the part, about 2⁻⁴⁷·|b|·|c|
        // against values of |b|·c²: blocks leave the relative path (ρ above 2⁻³⁶) where c
        // < 2⁻¹¹, the last 3·10⁵ steps of 10⁹.
        let cosine = CosineDecay::schedule(0.1, 1e9, 0.0).unwrap();
        let decay = ExponentialDecay::schedule(1.0, 0.5, 1e8, 0.0, false).unwrap();
        let product = Multiply::schedule(vec![cosine.clone(), decay.clone()]).unwrap();
        let (first, len) = (1_000_000_000 - 8 * BLOCK as i64, 8 * BLOCK);
        let range = Product::new(product.plan(), first, 1, len);
        let mut cursors = range.cursors(0);
        let (mut per_step, mut inexact) = (0, 0);
        for block in 0..len / BLOCK {
            let mut scratch = [[0.0; BLOCK]; 4];
            let [value, error, v, e] = &mut scratch;
            let g = block * BLOCK;
            let found = range.factors(&mut cursors, g, value, [error, v, e], true);
            let Reach::Within(None, _) = found else {
                continue;
            };
            per_step += 1;
            let check = |factor: &Schedule, value: &[f64], error: &[f64], inexact: &mut usize| {
                for (j, (&x, &bound)) in value.iter().zip(error).enumerate() {
                    let step = (first + (g + j) as i64) as f64;
                    let distance = (x - factor.value(step)).abs();
                    assert!(distance <= bound, "{x} ± {bound} at step {step}");
                    *inexact += usize::from(distance > 0.0);
                }
            };
            check(&cosine, value, error, &mut inexact);
            check(&decay, v, e, &mut inexact);
        }
        // The test's premises: blocks off the relative path, fast values that are not exact.
        assert!(per_step >= 2, "{per_step} blocks off the relative path");
        assert!(inexact > 100, "{inexact} inexact values");
    }

    #[test]
    fn relative_bounds_stop_where_they_would_not_hold() {
        let one = Relative::ONE;
        // A value of zero (0 / 0 and x / 0 are not small).
        assert!(one
            .then(Spread {
                low: 0.0,
                high: 0.0,
                top: 0.0,
                ..Spread::NONE
            })
            .is_none());
        assert!(one
            .then(Spread {
                low: 0.0,
                high: 1e-300,
                top: 0.0,
                ..Spread::NONE
            })
            .is_none());
        // ρ above 2^-36: a factor whose values span more than its bound allows.
        let wide = Spread {
            low: 1.0,
            high: 2e-11,
            top: 1.0,
            ..Spread::NONE
        };
        assert!(one.then(wide).is_none());
        // The product of the smallest values below 2^-1000 (subnormal products).
        let small = Spread {
            low: 2f64.powi(-600),
            high: 0.0,
            top: 2f64.powi(-600),
            ..Spread::NONE
        };
        let once = one.then(small).expect("2^-600 is far from the subnormals");
        assert!(once.then(small).is_none());
        assert!(TINY == 2f64.powi(-1000));
        // Exact factors (bound 0): R is the roundings' n·2^-48 alone.
        let exact = Spread {
            low: 1.0,
            high: 0.0,
            top: 1.0,
            ..Spread::NONE
        };
        let two = one.then(exact).and_then(|r| r.then(exact)).unwrap();
        assert_eq!(two.bound(), 2.0 * 2f64.powi(-48));
    }
}
