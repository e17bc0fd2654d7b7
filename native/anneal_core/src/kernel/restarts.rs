//! Cosine decays that restart (SGDR's, and Hugging Face's hard restarts): each period is a
//! half cosine wave from its own start, so the range is walked period by period, each run of
//! steps in one period given to [`Period`]. Periods of one length share one kernel's tables.
//!
//! The exact formulas find the position in period i as c = ((t/k) · m − Sᵢ)/Rᵢ (Sᵢ its start
//! and Rᵢ its length in units of k/m), whose roundings grow with t/k: after a hundred periods they
//! move c by ~10⁻¹⁴, more than float64 output may differ from the exact value. So the kernel
//! computes that c at every step as the formula does (a division and a subtraction, which
//! vectorize), and corrects the cosine of its smooth position u (angle addition from a seed
//! and a table) to the cosine at c to first order: c² at c = C² − π·C·S·(c − u), with C, S
//! the cosine and sine at u.

use super::cosine::{narrow_wave, rotated, tables, tables_serve, E_FLOOR, E_ROUND, E_SLOPE};
use super::{drive, exact_run, Fill, Kernel, Narrow, Plan, Sink, Window, F32_SAFE};
use crate::primitive::{HardRestarts, Restarts};
use crate::{Sample, ScheduleError};
use std::f64::consts::{FRAC_PI_2, PI};

/// A periodic primitive whose every period is a half cosine wave a + b · cos²(π/2 · c) with c
/// = ((t/k) · m − Sᵢ)/Rᵢ, up to a rounding of `SLACK` · |b|.
pub(crate) trait Cycles: Copy {
    /// Absolute error of the exact formula beyond the wave's, in units of |b|.
    const SLACK: f64;
    /// The period that holds the local step `t`, as the exact formula finds it; ∞ for none.
    fn index(&self, t: f64) -> f64;
    /// k and m.
    fn unit(&self) -> (f64, f64);
    /// Sᵢ and Rᵢ, as the exact formula computes them.
    fn span(&self, i: f64) -> (f64, f64);
    /// a and b of period i.
    fn wave(&self, i: f64) -> (f64, f64);
    /// Whether every period has the same length (then one kernel's tables serve them all).
    fn regular(&self) -> bool;
    /// The exact value at the local step `t`.
    fn value(&self, t: f64) -> f64;
}

/// SGDR: a = sα, b = s(1 − α) · m_mulⁱ, k the first period, m = 1.
impl Cycles for Restarts {
    const SLACK: f64 = 0.0;
    fn index(&self, t: f64) -> f64 {
        let i = self.period(t / self.first).0;
        if i.is_finite() {
            i
        } else {
            f64::INFINITY
        }
    }
    fn unit(&self) -> (f64, f64) {
        (self.first, 1.0)
    }
    fn span(&self, i: f64) -> (f64, f64) {
        (self.start(i), self.length(i))
    }
    fn wave(&self, i: f64) -> (f64, f64) {
        (
            self.scale * self.alpha,
            self.scale * (1.0 - self.alpha) * self.height(i),
        )
    }
    fn regular(&self) -> bool {
        self.t_mul == 1.0
    }
    #[inline(always)]
    fn value(&self, t: f64) -> f64 {
        Restarts::value(self, t)
    }
}

/// Hugging Face's hard restarts, s · max(0, ½(1 + cos(π · ((n · t/d) mod 1)))): a = 0, b = s,
/// k = d, m = n, Sᵢ = i, Rᵢ = 1, for t ≥ 0 (where its segment is). ½(1 + cos πc) cancels
/// near c = 1: within 2⁻⁵² · s of s · cos²(πc/2) (the cosine's ulp, the sum's, fourfold).
impl Cycles for HardRestarts {
    const SLACK: f64 = 1.0 / (1u64 << 50) as f64;
    fn index(&self, t: f64) -> f64 {
        if t >= 0.0 {
            (self.cycles * (t / self.width)).floor()
        } else {
            f64::INFINITY
        }
    }
    fn unit(&self) -> (f64, f64) {
        (self.width, self.cycles)
    }
    fn span(&self, i: f64) -> (f64, f64) {
        (i, 1.0)
    }
    fn wave(&self, _i: f64) -> (f64, f64) {
        (0.0, self.scale)
    }
    fn regular(&self) -> bool {
        true
    }
    #[inline(always)]
    fn value(&self, t: f64) -> f64 {
        HardRestarts::value(self, t)
    }
}

/// One period of a [`Cycles`] primitive: a + b · cos²(π/2 · c).
pub(crate) struct Period<P> {
    cycles: P,
    /// k and m.
    unit: (f64, f64),
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

/// Whether the periods' kernel serves a run of `whole` steps with `stride`, rather than the
/// exact formula throughout: its tables need periods of at least a table's steps. Periods
/// that shrink (t_mul below 1) end up shorter than any table: not served.
pub(crate) fn serves<P: Cycles>(p: &P, stride: f64, whole: usize) -> bool {
    let (k, m) = p.unit();
    let (first, second) = (p.span(0.0).1, p.span(1.0).1);
    second >= first && tables_serve(stride, k / m * first, whole)
}

impl<P: Cycles> Period<P> {
    /// Period `i`'s kernel for a range with `stride`, part of a run of `whole` steps; `None`
    /// where the tables would not serve (periods shorter than a block, short runs) or the
    /// values are near float64's range.
    fn new(p: &P, i: f64, stride: f64, whole: usize) -> Option<Self> {
        let (k, m) = p.unit();
        let (_, length) = p.span(i);
        let steps = k / m * length;
        let (cos, sin) = tables(stride, steps, whole);
        // The tables' own positions, as `tables` computes them.
        let position = (0..cos.len()).map(|j| j as f64 * stride / steps).collect();
        let period = Self {
            cycles: *p,
            unit: (k, m),
            start: 0.0,
            length,
            a: 0.0,
            b: 0.0,
            skew: 0.0,
            cos,
            sin,
            position,
        };
        period.with(p, i)
    }

    /// This kernel, its tables kept, for period `i` of the same length.
    fn with(mut self, p: &P, i: f64) -> Option<Self> {
        let (start, length) = p.span(i);
        if length != self.length || self.cos.is_empty() {
            return None;
        }
        (self.start, self.skew) = (start, skew(start, length));
        (self.a, self.b) = p.wave(i);
        let finite = start.is_finite() && (self.a.abs() + self.b.abs()) < 1e300;
        finite.then_some(self)
    }

    /// The error bound of an `f32` fast value a + b · C² is slope · |C| + curve · C² + floor
    /// with these three terms: the cosine kernel's bound at C with twice its roundings (the
    /// exact formula's m_mulⁱ products), and the angle off by π/2 · skew more, which moves C²
    /// by at most π·|C|·skew.
    fn error_terms(&self) -> (f64, f64, f64) {
        let (a, b) = (self.a, self.b);
        let slope = (E_SLOPE + PI * self.skew) * b.abs();
        let floor = P::SLACK * b.abs();
        let (curve, floor) = (
            2.0 * E_ROUND * b.abs(),
            2.0 * E_ROUND * a.abs() + E_FLOOR * b.abs() + floor,
        );
        (slope, curve, floor)
    }

    /// The exact formula's position in the period at local step `t`.
    #[inline(always)]
    fn position(&self, t: f64) -> f64 {
        let (k, m) = self.unit;
        (t / k * m - self.start) / self.length
    }
}

impl<P: Cycles> Kernel for Period<P> {
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
        let table = rotated(&self.cos, &self.sin, offset, n, (c0, s0));
        let (a, b) = (self.a, self.b);
        let cosines = || table.clone();
        if fill.narrow {
            let (slope, curve, floor) = self.error_terms();
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
        let ((k, m), start) = (self.unit, self.start);
        match reciprocal(self.length) {
            // Rᵢ a power of two (t_mul = 2, the default, or 1): dividing by it and
            // multiplying by its reciprocal round the same real number, so give the same
            // float64; a multiplication is the cheaper.
            Some(inverse) => corrected(a, b, rows, |t| (t / k * m - start) * inverse),
            None => corrected(a, b, rows, |t| self.position(t)),
        }
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        &(_, c0, s0): &(f64, f64, f64),
        _step: f64,
        _stride: f64,
        offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        let n = narrow.out.len();
        let table = rotated(&self.cos, &self.sin, offset, n, (c0, s0));
        let cosines = table.map(|(cc, _)| cc);
        narrow_wave(narrow, (self.a, self.b), self.error_terms(), cosines)
    }

    fn exact(&self, step: f64) -> f64 {
        self.cycles.value(step)
    }

    fn f64_scale(&self) -> f64 {
        self.a.abs() + self.b.abs()
    }
}

/// 1/x where x is a power of two whose reciprocal is a normal float64 (then exact).
fn reciprocal(x: f64) -> Option<f64> {
    const MANTISSA: u64 = (1 << 52) - 1;
    let inverse = 1.0 / x;
    (x.is_normal() && inverse.is_normal() && x.to_bits() & MANTISSA == 0).then_some(inverse)
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
        // cos² ≥ 0, and a rounding below it must not give a tiny negative value.
        *value = a + b * (cc * cc - PI * cc * ss * delta).max(0.0);
    }
}

/// Fills `out` with the periodic `p` at the local steps `first, first + stride, …`, part of
/// a run of `whole` steps (the tables follow the whole run, as for every kernel).
pub(crate) fn fill<P: Cycles, T: Sample, S: Sink<T> + ?Sized>(
    p: &P,
    first: i64,
    stride: i64,
    whole: usize,
    out: &mut S,
) -> Result<(), ScheduleError> {
    let len = out.len();
    let at = |j: usize| (first + j as i64 * stride) as f64;
    let period = |j: usize| p.index(at(j));
    let (k, m) = p.unit();
    let mut shared: Option<Period<P>> = None;
    let mut j = 0;
    while j < len {
        let i = period(j);
        let end = run_end(j, len, i, period, || {
            // Where the next period begins (the previous one for a falling range).
            let edge = p.span(if stride > 0 { i + 1.0 } else { i }).0;
            (k / m * edge - at(j)) / stride as f64
        });
        let mut part = Window {
            sink: &mut *out,
            start: j,
            len: end - j,
        };
        let kernel = match shared.take() {
            _ if !i.is_finite() => None,
            Some(kernel) if p.regular() => kernel.with(p, i),
            _ => Period::new(p, i, stride as f64, whole),
        };
        match kernel {
            Some(kernel) => {
                drive(&kernel, first + j as i64 * stride, stride, &mut part)?;
                shared = Some(kernel);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_powers_of_two_have_a_reciprocal_here() {
        // 2ⁱ for i from −1021 to 1022: 2⁻ⁱ is normal and exact; 3, 0.1, subnormals, 2¹⁰²³
        // (whose reciprocal 2⁻¹⁰²³ is subnormal), 0, ∞ and NaN: none.
        assert_eq!(reciprocal(1.0), Some(1.0));
        assert_eq!(reciprocal(8.0), Some(0.125));
        assert_eq!(reciprocal(0.25), Some(4.0));
        assert_eq!(reciprocal(2f64.powi(1022)), Some(2f64.powi(-1022)));
        for x in [
            3.0,
            0.1,
            1e-310,
            2f64.powi(1023),
            0.0,
            f64::INFINITY,
            f64::NAN,
        ] {
            assert_eq!(reciprocal(x), None, "{x}");
        }
        // Dividing by 2ⁱ is multiplying by 2⁻ⁱ, bit for bit, subnormal results included.
        for x in [1.0f64 / 3.0, 7e-308, 123_456.789, -5e-324] {
            assert_eq!(
                (x / 64.0).to_bits(),
                (x * reciprocal(64.0).unwrap()).to_bits()
            );
        }
    }
}
