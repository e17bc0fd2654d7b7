//! Cosine decays that restart: each period is a half cosine wave from its own start, so the
//! range is walked period by period, each run of steps in one period given to [`Period`].
//! Periods of one length (`t_mul` = 1) share one kernel's tables.
//!
//! The exact formula finds the position in period i as c = (t/k − Sᵢ)/Rᵢ (Sᵢ its start and
//! Rᵢ its length in units of k), whose roundings grow with t/k: after a hundred periods they
//! move c by ~10⁻¹⁴, more than float64 output may differ from the exact value. So the kernel
//! computes that c at every step as the formula does (a division and a subtraction, which
//! vectorize), and corrects the cosine of its smooth position u (angle addition from a seed
//! and a table) to the cosine at c to first order: c² at c = C² − π·C·S·(c − u), with C, S
//! the cosine and sine at u.

use super::cosine::{tables, E_FLOOR, E_ROUND, E_SLOPE};
use super::{drive, exact_run, Fill, Kernel, Plan, Sink, Window, F32_SAFE};
use crate::primitive::Restarts;
use crate::{Sample, ScheduleError};
use std::f64::consts::{FRAC_PI_2, PI};

/// One period of restarts: a + b · cos²(π/2 · c) with a = sα, b = s(1 − α) · m_mulⁱ.
pub(crate) struct Period {
    restarts: Restarts,
    /// Sᵢ and Rᵢ, as the exact formula computes them.
    start: f64,
    length: f64,
    a: f64,
    b: f64,
    /// A bound on how far the exact formula's c may be from the kernel's u (see [`skew`]).
    skew: f64,
    /// The tables: cos and sin of π/2 · uⱼ, and uⱼ = (j · stride)/(k · Rᵢ).
    cos: Vec<f64>,
    sin: Vec<f64>,
    position: Vec<f64>,
}

/// A bound, in units of a period's length, on how far the exact formula's position in
/// period i may be from the real one, and the kernel's from it: a few roundings of t/k, of
/// the difference and of the quotients, each at most 2⁻⁵³ of |t/k| ≤ |Sᵢ| + Rᵢ, of |Sᵢ| or of
/// Rᵢ, over Rᵢ; fourfold.
fn skew(start: f64, length: f64) -> f64 {
    (2.0 * (start.abs() + length) / length + 2.0) / (1u64 << 51) as f64
}

impl Period {
    /// Period `i`'s kernel for a range with `stride`, part of a run of `whole` steps; `None`
    /// where the tables would not serve (periods shorter than a block, short runs) or the
    /// values are near float64's range.
    fn new(p: &Restarts, i: f64, stride: f64, whole: usize) -> Option<Self> {
        let length = p.length(i);
        let steps = p.first * length;
        let (cos, sin) = tables(stride, steps, whole);
        // The tables' own positions, as `tables` computes them.
        let position = (0..cos.len()).map(|j| j as f64 * stride / steps).collect();
        let period = Self {
            restarts: *p,
            start: p.start(i),
            length,
            a: p.scale * p.alpha,
            b: p.scale * (1.0 - p.alpha) * p.height(i),
            skew: 0.0,
            cos,
            sin,
            position,
        };
        period.with(p, i)
    }

    /// This kernel, its tables kept, for period `i` of the same length.
    fn with(mut self, p: &Restarts, i: f64) -> Option<Self> {
        let length = p.length(i);
        if length != self.length || self.cos.is_empty() {
            return None;
        }
        self.start = p.start(i);
        self.skew = skew(self.start, length);
        self.b = p.scale * (1.0 - p.alpha) * p.height(i);
        let finite = self.start.is_finite() && (self.a.abs() + self.b.abs()) < 1e300;
        finite.then_some(self)
    }

    /// The exact formula's position in the period at local step `t`.
    #[inline(always)]
    fn position(&self, t: f64) -> f64 {
        (t / self.restarts.first - self.start) / self.length
    }
}

impl Kernel for Period {
    /// cos and sin of π/2 · u₀ with u₀ the position at the block start.
    type Seed = (f64, f64, f64);

    fn plan(&self, _lo: f64, _hi: f64, narrow: bool) -> Plan {
        // Runs stay within the period (0 ≤ c < 1), so |v| ≤ |a| + |b|.
        if narrow && self.a.abs() + self.b.abs() >= F32_SAFE {
            Plan::Exact
        } else {
            Plan::Fast(0)
        }
    }

    fn seed(&self, start: f64, _piece: u8) -> (f64, f64, f64) {
        // A block starts at most a block before the period, whose steps number a block at
        // least (the tables say so): u₀ ≥ −1, angles within π of zero.
        let u = self.position(start);
        let (s, c) = (FRAC_PI_2 * u).sin_cos();
        (u, c, s)
    }

    #[inline(always)]
    fn fill(
        &self,
        &(u0, c0, s0): &(f64, f64, f64),
        step: f64,
        _stride: f64,
        offset: usize,
        fill: Fill<'_>,
    ) {
        let n = fill.value.len();
        let table = self.cos[offset..offset + n]
            .iter()
            .zip(&self.sin[offset..offset + n]);
        let (a, b) = (self.a, self.b);
        let cosines = || {
            table
                .clone()
                .map(|(&cos, &sin)| (c0 * cos - s0 * sin, s0 * cos + c0 * sin))
        };
        if fill.narrow {
            // The cosine kernel's bound at C with twice its roundings (the exact formula's
            // m_mulⁱ products), and the angle off by π/2 · skew more, which moves C² by at
            // most π·|C|·skew.
            let slope = (E_SLOPE + PI * self.skew) * b.abs();
            let (curve, floor) = (
                2.0 * E_ROUND * b.abs(),
                2.0 * E_ROUND * a.abs() + E_FLOOR * b.abs(),
            );
            let slots = fill.value.iter_mut().zip(fill.error.iter_mut());
            for ((value, error), (cc, _)) in slots.zip(cosines()) {
                let c2 = cc * cc;
                *value = a + b * c2;
                *error = slope * cc.abs() + curve * c2 + floor;
            }
            return;
        }
        // float64: C² corrected to the exact formula's position c, to first order (the
        // second, (π²/4)·δ² with δ below 10⁻¹², is far below a rounding).
        let positions = &self.position[offset..offset + n];
        let rows = fill.value.iter_mut().zip(fill.ramp).zip(positions);
        let rows = rows
            .zip(cosines())
            .map(|(((v, &r), &u), cs)| (v, step + r, u0 + u, cs));
        let (first, start) = (self.restarts.first, self.start);
        if self.length == 1.0 {
            // Periods of k steps: the division by Rᵢ = 1 changes nothing; skipped.
            corrected(a, b, rows, |t| t / first - start);
        } else {
            corrected(a, b, rows, |t| self.position(t));
        }
    }

    fn exact(&self, step: f64) -> f64 {
        self.restarts.value(step)
    }
}

/// a + b · (C² − π·C·S·δ) into each row's value slot, δ = c − u the exact formula's
/// position at the row's step t less the kernel's u, (C, S) the cosine and sine at u.
#[inline(always)]
fn corrected<'v>(
    a: f64,
    b: f64,
    rows: impl Iterator<Item = (&'v mut f64, f64, f64, (f64, f64))>,
    exact: impl Fn(f64) -> f64,
) {
    for (value, t, u, (cc, ss)) in rows {
        let delta = exact(t) - u;
        *value = a + b * (cc * cc - PI * cc * ss * delta);
    }
}

/// Fills `out` with the restarts `p` at the local steps `first, first + stride, …`, part of
/// a run of `whole` steps (the tables follow the whole run, as for every kernel).
pub(crate) fn fill<T: Sample, S: Sink<T> + ?Sized>(
    p: &Restarts,
    first: i64,
    stride: i64,
    whole: usize,
    out: &mut S,
) -> Result<(), ScheduleError> {
    let len = out.len();
    let at = |j: usize| (first + j as i64 * stride) as f64;
    // The period of a step, as the exact formula finds it; outside the periods (NaN) ∞.
    let period = |j: usize| {
        let i = p.period(at(j) / p.first).0;
        if i.is_finite() {
            i
        } else {
            f64::INFINITY
        }
    };
    let mut shared: Option<Period> = None;
    let mut j = 0;
    while j < len {
        let i = period(j);
        let end = run_end(j, len, i, period, || {
            // Where the next period begins (the previous one for a falling range).
            let edge = if stride > 0 {
                p.start(i + 1.0)
            } else {
                p.start(i)
            };
            (p.first * edge - at(j)) / stride as f64
        });
        let mut part = Window {
            sink: &mut *out,
            start: j,
            len: end - j,
        };
        let kernel = match shared.take() {
            _ if !i.is_finite() => None,
            Some(k) if p.t_mul == 1.0 => k.with(p, i),
            _ => Period::new(p, i, stride as f64, whole),
        };
        match kernel {
            Some(k) => {
                drive(&k, first + j as i64 * stride, stride, &mut part)?;
                shared = Some(k);
            }
            None => exact_run(&mut part, |n| at(j + n), |t| p.value(t))?,
        }
        j = end;
    }
    Ok(())
}

/// The end of the run of steps from `j` whose `period` is `i`: `guess()` steps on (the
/// distance to the period's edge, from its formula) checked and corrected, else a binary
/// search (periods follow the steps in order, so the run is a prefix of what is left).
fn run_end(
    j: usize,
    len: usize,
    i: f64,
    period: impl Fn(usize) -> f64,
    guess: impl Fn() -> f64,
) -> usize {
    let ends_at = |e: usize| period(e - 1) == i && (e == len || period(e) != i);
    if i.is_finite() {
        let g = guess().ceil();
        if g.is_finite() && g >= 1.0 {
            let g = (j as f64 + g).min(len as f64) as usize;
            for e in [g, g + 1, g.saturating_sub(1), g + 2] {
                if e > j && e <= len && ends_at(e) {
                    return e;
                }
            }
        }
    }
    let (mut lo, mut hi) = (j + 1, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if period(mid) == i {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
