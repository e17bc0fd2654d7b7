//! The polynomial primitive with a small integer power, one pass per block, each power with
//! its own loop (b^p unrolled): v = c_p · x^p + γₙ with x = k − c, c = t, and the factor
//! c_p = d · (1/k)^p computed once, instead of a division and libm's pow per step.
//!
//! # The scaled form and its bound
//!
//! The kernel serves 1 ≤ k < 2⁵² and d = fl(γ₀ − γₙ) = 0 or 2⁻¹⁵⁰ ≤ |d| < 10³⁰⁰ (others take
//! the exact formula). In a part of a block with 0 < c < k at every step, x = k − c is exact
//! (a multiple of k's last bit, below k), and so is (k − t₀) − r, t₀ the part's first step
//! and r = t − t₀: one subtraction per step. With u = 2⁻⁵³ and θₙ a relative error of n
//! roundings (|θₙ| ≤ γₙ = nu/(1 − nu) < 1.001 nu here), X = fl(x^p) by p − 1
//! multiplications is x^p(1 + θ_{p−1}); (1/k)^p from fl(1/k) by p − 1 multiplications and
//! then d times it, c_p = d · k⁻ᵖ(1 + θ_{2p}); so W_f = fl(c_p · X) = Y(1 + θ_{3p}) with
//! Y = d · (x/k)^p. No operation underflows: x ≥ 2⁻⁵² (k ≥ 1), so X, k⁻ᵖ ≥ 2⁻⁴¹⁶ and
//! |W_f| ≥ 2⁻⁹⁸² where d ≠ 0. The exact formula's m = pow(fl(x/k), p), with pow within 1 ulp
//! (2u; m = b itself at p = 1), gives W_x = fl(d · m) = Y(1 + θ_{p+1})(1 + η), |η| ≤ 2u, so
//!
//! ```text
//! |W_f − W_x| ≤ (4p + 3) · 1.001 u · |Y|,
//! ```
//!
//! and both forms add γₙ (one rounding each) and clamp between γ₀ and γₙ (which moves
//! neither value farther from the other); the exact formula's γ₀ where m = 1 is within
//! u · |d| + u · |γ₀| of its own sum there. So, for p ≤ 8,
//! |v_f − v_x| ≤ 37 · 1.001 u · |Y| + 3u · (|W_f| + |γₙ|) + u · |v_x|, first order, with
//! |Y| ≤ |W_f| (1 + 25u):
//!
//! * `f32` output checks each value against [`E_REL`] · (|W_f| + |γₙ|), E_REL = 128u, over
//!   the 41u and the rest this sums to; where d and γₙ have one sign, |W_f| + |γₙ| is |v_f|
//!   within 2⁻⁵¹ ([`E_REL_VALUE`]);
//! * `f64` decays (|γₙ| ≤ |γ₀|, so |Y| ≤ |d| (1 + u) ≤ 2|γ₀| (1 + 2u)) are within
//!   74.1u · |γ₀| + 6u · |γ₀| + 2u · |v| < 1e-14 · (|γ₀| + |v|) (8.9e-15 · |γ₀| at most).
//!
//! A part that reaches c ≤ 0 or c ≥ k takes the same values with x clamped (see
//! `fill_power`): γ₀ where c ≤ 0, the value at k where c ≥ k, as the exact formula and a
//! [`Plan::Fill`] give them, and the interior's elsewhere, so that no part splits down to the
//! exact formula at a few steps a range cut elsewhere would compute fast.
//!
//! # The fast values' magnitudes
//!
//! Every fast value is a function of x alone (`clamped_at`), and a monotone one: for x > 0
//! each of the p − 1 multiplications that make x^p (and (x/k)^p, in the rise form below)
//! is monotone in its positive operands, so X grows with x; W_f = fl(c_p · X) then
//! moves one way, as c_p's sign (d's) says, and so do fl(W_f + γₙ) and the clamp between
//! γ₀ and γₙ, towards γ₀ as x grows. The clamped pieces keep this order: x ≤ 0 gives the
//! value at x = 0, γₙ, and x ≥ k (or m = 1) gives γ₀, the clamp's end on the side towards
//! which values move as x grows. x itself is monotone in t: k − t exact in the interior,
//! k − (t₀ + r) rounded at most where a part reaches 0 or k. So every fast value of a part
//! lies between the values `clamped_at` gives at its first and last steps' x, computed as
//! `fill` computes them (its last r, (n − 1) · stride, is the ramp's entry, exactly), and
//! [`magnitudes`](Kernel::magnitudes) gives low ≤ |v| ≤ top with no slack: low the smaller of
//! the ends' magnitudes where they have one sign, else 0, top the larger, for each form the
//! part may take (both where `f64` output takes the rise form). No value is NaN: all are
//! finite, between γ₀ and γₙ. `f32` output checks a part's values on their dropped bits alone
//! where that low is float32-normal ([`Narrow::low`]). Where γ₀ and γₙ have one sign and
//! are both float32-normal, the clamp alone puts every value between them, and `magnitudes`
//! answers their magnitudes at once: the ends cost about 70 instructions a block, 4 % of an
//! `f32` decay's time.
//!
//! # Rises in `f64`
//!
//! A rise (|γₙ| > |γ₀|, as in a warmup from 0) cancels near its start: the exact formula
//! v = fl(fl(d · m) + γₙ), m = pow(b, p), b = fl(fl(k − c)/k), d = fl(γ₀ − γₙ), is itself
//! only within a few ulps of |d| of the true value there, while f64's bound
//! 1e-14 · (|γ₀| + |v|) may be far smaller (0 · 1e-14 at γ₀ = 0). The fast values must then
//! follow the exact formula's own operations, so `f64` rises take the *rise form*: the same
//! b by the same division, m_f = b · b ⋯ b (p − 1 multiplications) instead of pow, γ₀ where
//! m_f = 1, and the same fl(fl(d · m_f) + γₙ) and clamp.
//!
//! At p = 1, m is b itself (the exact formula skips pow then), so every operation is the
//! exact formula's and the values are **bit for bit** `value(step)`.
//!
//! At p ≥ 2, with u_r = 2⁻⁵³ and pow within 1 ulp (2u_r relative), m_f and m differ by at
//! most (p + 1) · u_r · bᵖ (first order), so after the product by d, the sum with γₙ and the
//! clamp (which moves neither value farther from the other)
//! |v_f − v| ≤ (p + 4) · u_r · |d| · bᵖ + 3u_r · |v|, which also covers m or m_f alone
//! rounding to 1 (one value γ₀, the other within (p + 3) · u_r · |d| of it). Since
//! |γ₀| + |v| ≥ |γ₀ − v| ≈ |d| · (1 − bᵖ), a block whose first step has q = b_lo^p takes the
//! rise form only where (p + 5) · u_r · q ≤ 0.9e-14 · max(|γ₀|/|d|, 1 − q) (bᵖ ≤ q at every
//! later step): then 1 − q ≥ 0.079 where the second term decides, and the slack (p + 5
//! against p + 4, 0.9 against 1 − 3u_r/1e-14) covers the rounding of q and of the lower
//! bound, so |v_f − v| ≤ 1e-14 · (|γ₀| + |v|). Earlier blocks take the exact formula: from
//! γ₀ = 0, the first 1 − q^(1/p) of the rise's steps, 4.1 % for p = 2, 1.8 % for p = 8.

use super::narrow::LOWEST;
use super::{magnitudes_between, Fill, Kernel, Narrow, Plan, Stretch, F32_SAFE};
use crate::primitive::Polynomial;

/// The largest power computed by multiplication.
const MAX_POWER: f64 = 8.0;
/// Relative error bound of a fast value against |W_f| + |γₙ| (the module's docs: 41u needed).
const E_REL: f64 = 128.0 * UNIT;
/// [`E_REL`] relative to the value itself where d and γₙ have one sign (then |W_f| + |γₙ| is
/// the exact sum's magnitude, which the sum's rounding and the clamp change by under 2⁻⁵¹).
const E_REL_VALUE: f64 = E_REL * (1.0 + 1.0 / (1u64 << 50) as f64);
/// The unit roundoff u_r = 2⁻⁵³.
const UNIT: f64 = f64::EPSILON / 2.0;
/// The smallest |d| other than 0 that the kernel serves (2⁻¹⁵⁰): no fast operation underflows.
const SMALLEST_SPAN: f64 = 7.006_492_321_624_085e-46;
/// k below this (2⁵²): x = k − t is exact, and (1/k)^p, x^p normal for p ≤ 8.
const LONGEST: f64 = 4_503_599_627_370_496.0;

/// Runs `$body` with the const `$p` set to `$power` (1 to [`MAX_POWER`]), so that each power
/// has its own loop, b^p unrolled into it: one pass per block, where a power known only at
/// run time took a pass per multiplication.
macro_rules! with_power {
    ($power:expr, $p:ident => $body:expr) => {
        match $power {
            1 => {
                const $p: u32 = 1;
                $body
            }
            2 => {
                const $p: u32 = 2;
                $body
            }
            3 => {
                const $p: u32 = 3;
                $body
            }
            4 => {
                const $p: u32 = 4;
                $body
            }
            5 => {
                const $p: u32 = 5;
                $body
            }
            6 => {
                const $p: u32 = 6;
                $body
            }
            7 => {
                const $p: u32 = 7;
                $body
            }
            _ => {
                const $p: u32 = 8;
                $body
            }
        }
    };
}

/// b^P by P − 1 multiplications from the left, b · b ⋯ b.
#[inline(always)]
fn power<const P: u32>(b: f64) -> f64 {
    let mut m = b;
    for _ in 1..P {
        m *= b;
    }
    m
}

/// How `f32` output checks the fast values (see [`Narrow`]).
#[derive(Clone, Copy, PartialEq)]
enum Check {
    /// d and γₙ of one sign: the bound is relative to the value.
    Relative,
    /// The bound of each value, from d · w.
    Bounded,
}

/// v = d · u^p + γₙ with d = γ₀ − γₙ, u = (k − c)/k, c = t, for 0 < c < k; fast values
/// v = c_p · x^p + γₙ with x = k − c (see the module's documentation).
pub(crate) struct PolynomialKernel {
    decay: Polynomial,
    d: f64,
    /// An end value beyond γ₀ (a rise, as in a warmup): `f64` output takes the rise form
    /// (see the module's documentation); `f32` output, checked against each value's error
    /// interval, does not need it.
    rise: bool,
    power: u32,
    /// c_p = d · (1/k)^p, the factor of x^p.
    scale: f64,
    check: Check,
    /// |γ₀| and |γₙ| in order where they have one sign and are float32-normal: every value,
    /// clamped between them, has its magnitude between these.
    clamped: Option<(f64, f64)>,
}

impl PolynomialKernel {
    /// `None` unless the power is an integer from 1 to 8, 1 ≤ k < 2⁵² and d = 0 or
    /// |d| ≥ 2⁻¹⁵⁰ (the module's conditions).
    pub(crate) fn new(decay: &Polynomial) -> Option<Self> {
        let p = decay.power;
        if p.fract() != 0.0 || !(1.0..=MAX_POWER).contains(&p) {
            return None;
        }
        let (init, end, k) = (decay.init, decay.end, decay.k);
        let d = init - end;
        let sized = d == 0.0 || (SMALLEST_SPAN..1e300).contains(&d.abs());
        if !(sized && (1.0..LONGEST).contains(&k)) {
            return None;
        }
        let power = p as u32;
        let inv_k = 1.0 / k;
        // (1/k)^p by p − 1 multiplications from the left, then d times it.
        let scale = d * (1..power).fold(inv_k, |m, _| m * inv_k);
        let one_sign = d == 0.0 || end == 0.0 || d.is_sign_negative() == end.is_sign_negative();
        let check = if one_sign {
            Check::Relative
        } else {
            Check::Bounded
        };
        let clamped = magnitudes_between(init, end).filter(|&(low, _)| low >= LOWEST);
        Some(Self {
            decay: *decay,
            d,
            rise: end.abs() > init.abs(),
            power,
            scale,
            check,
            clamped,
        })
    }

    /// Whether the rise form keeps `f64`'s bound at the local steps from `c` on (0 < c < k):
    /// always for p = 1, else the module documentation's condition on q = b^p at c.
    fn rise_form_from(&self, c: f64) -> bool {
        let p = self.power;
        if p == 1 {
            return true;
        }
        let k = self.decay.k;
        let q = ((k - c) / k).powi(p as i32);
        let room = (self.decay.init.abs() / self.d.abs()).max(1.0 - q);
        (f64::from(p) + 5.0) * UNIT * q <= 0.9e-14 * room
    }

    /// The rise form's value at x = k − c: b = x/k as the exact formula divides, m_f = b^P,
    /// γ₀ where m_f = 1, else d · m_f + γₙ clamped (as [`value`](Self::value)).
    #[inline(always)]
    fn rise_at<const P: u32>(&self, x: f64) -> f64 {
        let m = power::<P>(x / self.decay.k);
        if m == 1.0 {
            self.decay.init
        } else {
            self.value(self.d * m)
        }
    }

    /// The fast value's term c_p · x^P at x = k − c.
    #[inline(always)]
    fn term<const P: u32>(&self, x: f64) -> f64 {
        self.scale * power::<P>(x)
    }

    /// The fast value at x = k − c and its term w (0 in the rise form, which `f32` output,
    /// the only user of the term, does not take): the rise form's where `rise_form`, else the
    /// value from the term c_p · x^P, with x clamped at 0 and γ₀ from x ≥ k on. Where
    /// 0 < x < k (the interior), the interior's values (see [`fill_power`](Self::fill_power)).
    #[inline(always)]
    fn clamped_at<const P: u32>(&self, x: f64, rise_form: bool) -> (f64, f64) {
        if rise_form {
            return (self.rise_at::<P>(x.clamp(0.0, self.decay.k)), 0.0);
        }
        let w = self.term::<P>(x.max(0.0));
        let v = if x >= self.decay.k {
            self.decay.init
        } else {
            self.value(w)
        };
        (v, w)
    }

    /// [`Kernel::magnitudes`] for the power P: the values at the ends' x (see the module's
    /// docs), in each form the part may take.
    #[inline(always)]
    fn magnitudes_power<const P: u32>(&self, piece: u8, stretch: Stretch) -> Option<(f64, f64)> {
        let (k, step) = (self.decay.k, stretch.step);
        let last = stretch.span();
        // x as `fill_power` computes it at the part's first and last steps.
        let ends = if piece == 1 {
            (k - step, k - (step + last))
        } else {
            (k - step, (k - step) - last)
        };
        let (low, top) = self.between::<P>(ends, false)?;
        if !self.rise {
            return Some((low, top));
        }
        let (rise_low, rise_top) = self.between::<P>(ends, true)?;
        Some((low.min(rise_low), top.max(rise_top)))
    }

    /// The magnitudes between the values at two x, in one form.
    #[inline(always)]
    fn between<const P: u32>(&self, (x, y): (f64, f64), rise_form: bool) -> Option<(f64, f64)> {
        let at = |x| self.clamped_at::<P>(x, rise_form).0;
        magnitudes_between(at(x), at(y))
    }

    /// The value w + γₙ from a term w (d · u^p), clamped between γ₀ and γₙ (the exact
    /// formula keeps its value there; clamping moves no value farther from it).
    #[inline(always)]
    fn value(&self, w: f64) -> f64 {
        let (init, end) = (self.decay.init, self.decay.end);
        (w + end).clamp(init.min(end), init.max(end))
    }

    /// The error bound of a fast value from its term w: relative to w, plus the sum's
    /// rounding (see the module's documentation).
    #[inline(always)]
    fn error(&self, w: f64) -> f64 {
        E_REL * (w.abs() + self.decay.end.abs())
    }

    /// [`Kernel::fill`] for the power P, in one pass. In the interior (piece 0: steps
    /// 0 < t < k), x = k − t = (k − t₀) − r is exact (k < 2⁵³), t₀ = `step`. A part that
    /// reaches 0 or k (piece 1) clamps: x = k − (t₀ + r), rounded at most, monotone, so that
    /// x ≥ k where t ≤ 0 and x ≤ 0 where t ≥ k; there the value is the exact formula's own,
    /// γ₀ and the value at k, as [`Plan::Fill`] gives them, and elsewhere the interior's.
    #[inline(always)]
    fn fill_power<const P: u32>(&self, piece: u8, step: f64, fill: Fill<'_>) {
        let (k, narrow) = (self.decay.k, fill.narrow);
        let a = k - step;
        let slots = fill.value.iter_mut().zip(fill.error.iter_mut());
        if piece == 1 {
            for ((v, e), r) in slots.zip(fill.ramp) {
                let w;
                (*v, w) = self.clamped_at::<P>(k - (step + r), self.rise && !narrow);
                if narrow {
                    *e = self.error(w);
                }
            }
        } else if narrow {
            for ((v, e), r) in slots.zip(fill.ramp) {
                let w = self.term::<P>(a - r);
                (*v, *e) = (self.value(w), self.error(w));
            }
        } else if self.rise {
            for ((v, _), r) in slots.zip(fill.ramp) {
                *v = self.rise_at::<P>(a - r);
            }
        } else {
            for ((v, _), r) in slots.zip(fill.ramp) {
                *v = self.value(self.term::<P>(a - r));
            }
        }
    }

    /// [`Kernel::fill_narrow`] for the power P, in one pass (x as in
    /// [`fill_power`](Self::fill_power)).
    #[inline(always)]
    fn narrow_power<const P: u32>(&self, step: f64, narrow: Narrow<'_>) -> bool {
        let (a, ramp) = (self.decay.k - step, narrow.ramp);
        let values = ramp.iter().map(move |r| {
            let w = self.term::<P>(a - r);
            (self.value(w), w)
        });
        match self.check {
            // |w| + |γₙ| ≤ |value| · (1 + 2⁻⁵⁰): the bound is relative, checked on the
            // dropped bits alone where `magnitudes` puts every value in float32's normals.
            Check::Relative => narrow.relative(E_REL_VALUE, values.map(|(v, _)| v)),
            Check::Bounded => narrow.bounded(values.map(|(v, w)| (v, self.error(w)))),
        }
    }
}

impl Kernel for PolynomialKernel {
    type Seed = u8;

    fn plan(&self, lo: f64, hi: f64, narrow: bool) -> Plan {
        // Local steps: the decay begins at 0.
        let (begin, k) = (0.0, self.decay.k);
        let (c_lo, c_hi) = (lo - begin, hi - begin);
        if c_hi <= 0.0 || c_lo >= k {
            // Clamped: the value at either end holds for the whole block.
            Plan::Fill(self.exact(lo))
        } else {
            // |v| ≤ |d| + |γₙ| since 0 ≤ u ≤ 1. Parts that reach 0 or k take the clamping
            // piece rather than a split, so that a step's value does not depend on the
            // parts a range cuts its block into (a split's last part takes the exact formula).
            let fast = if narrow {
                self.d.abs() + self.decay.end.abs() < F32_SAFE
            } else {
                // Values at c ≤ 0 are γ₀ in both forms.
                !self.rise || self.rise_form_from(c_lo.max(0.0))
            };
            let interior = c_lo > 0.0 && c_hi < k;
            match (fast, interior) {
                (true, true) => Plan::Fast(0),
                (true, false) => Plan::Fast(1),
                (false, _) => Plan::Exact,
            }
        }
    }

    /// The plan's piece: 0 in the interior, 1 where the part reaches 0 or k.
    fn seed(&self, _start: f64, piece: u8) -> u8 {
        piece
    }

    #[inline(always)]
    fn fill(&self, &piece: &u8, step: f64, _stride: f64, _offset: usize, fill: Fill<'_>) {
        with_power!(self.power, P => self.fill_power::<P>(piece, step, fill));
    }

    #[inline(always)]
    fn fill_narrow(
        &self,
        &piece: &u8,
        step: f64,
        _stride: f64,
        _offset: usize,
        narrow: Narrow<'_>,
    ) -> bool {
        // The two clamping parts of a range take `fill` and the interval check.
        piece == 0 && with_power!(self.power, P => self.narrow_power::<P>(step, narrow))
    }

    /// |γ₀| and |γₙ| where the clamp puts every value between them, float32-normal; else
    /// the values at the stretch's ends, between which all its values lie (see the module's
    /// docs).
    #[inline(always)]
    fn magnitudes(&self, &piece: &u8, stretch: Stretch) -> Option<(f64, f64)> {
        if self.clamped.is_some() {
            return self.clamped;
        }
        with_power!(self.power, P => self.magnitudes_power::<P>(piece, stretch))
    }

    fn exact(&self, step: f64) -> f64 {
        self.decay.value(step)
    }

    fn f64_scale(&self) -> f64 {
        // Its bounds are in units of |d| = |γ₀ − γₙ| and |v|.
        self.decay.init.abs() + self.decay.end.abs()
    }
}

#[cfg(test)]
mod tests {
    use super::super::bits::Bits;
    use super::super::{magnitudes_hold, stretch_near, unit};
    use super::PolynomialKernel;
    use crate::primitive::Polynomial;

    #[test]
    fn decays_and_rises_bound_their_stretches() {
        // Every power, decays and rises (f64 output's rise form too), of one sign and
        // through zero, values from float32's subnormals (2⁻¹⁴⁰) up, k from 1 to 2²⁰ (whole
        // or not), stretches of 1 to 7 steps around c = 0, around c = k (the clamping parts)
        // and anywhere in between: every fast value within the kernel's magnitudes.
        let mut bits = Bits(0x9017_5eed);
        let mut checked = 0;
        for round in 0..6000 {
            let mut value = || {
                let sign = if unit(&mut bits) < 0.5 { -1.0 } else { 1.0 };
                sign * (unit(&mut bits) * 160.0 - 140.0).exp2()
            };
            let (init, other) = (value(), value());
            let end = [0.0, other, init * 1e-3, init * 30.0][round % 4];
            let k = (unit(&mut bits) * 20.0).exp2();
            let k = if round % 5 == 0 { k } else { k.round() };
            let power = f64::from(1 + round as u32 % 8);
            let decay = Polynomial {
                init,
                end,
                power,
                k,
            };
            let Some(kernel) = PolynomialKernel::new(&decay) else {
                continue;
            };
            let near = [0.0, k, k * unit(&mut bits)][(round / 8) % 3];
            let (start, stretch) = stretch_near(&mut bits, near);
            checked += magnitudes_hold(&kernel, start, stretch);
        }
        assert!(checked > 4000, "{checked} plans checked");
    }
}
