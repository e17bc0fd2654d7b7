//! W^e over an aligned cell of steps by a power series in the angle, one per cell.
//!
//! Within one half of the wave, c is sin(R − φ) up to a constant: with θ_c the cell's middle
//! angle and φ = θ − θ_c, c(θ)/c(θ_c) = P(φ) = cos φ − t · sin φ, where t = tan θ_c in the
//! cosine half (c = cos θ, R = π/2 − θ_c) and t = −cot y_c in the sine half (c = sin y, θ
//! standing for y, R = y_c): R is the distance from the middle to the nearest zero of c, and
//! |t| ≤ cot R ≤ 1/R in both. So W^e = T_c · F(φ) with T_c = W(θ_c)^e and F = P^p, p = 2e,
//! whose Taylor coefficients q_n follow from P's by J. C. P. Miller's recurrence (P · F' =
//! p · P' · F): q₀ = 1, q_n = (1/n) Σ_{k=1..n} ((p + 1)k − n) · p_k · q_{n−k}. A cell's values
//! are then a + Σ_{n≤N} (b · T_c · q_n) φⁿ by Horner's rule: N multiplications and
//! additions per step, after the angle θ' = |t| · κ (cosine half) or (k − |t|) · κ (sine
//! half), κ = π/2 ÷ k rounded once per run, and φ = θ' − θ_c: the exact formula's angle π/2 ·
//! (|t|/k) but for its division (per step, that division cost more than the rest of the
//! angle: 1.51 → 1.34 ns/step for `f32`, 1.32 → 1.15 for `f64`, e = 3.7).
//!
//! A cell is the largest aligned run of steps (a block of [`BLOCK`](super::BLOCK) steps, its
//! halves, their halves, … down to 8) that holds a part and whose x (below) a degree's reach
//! takes: the same cell, so the same values, whatever range holds the step. Cells too close
//! to where c vanishes for any degree are left to the kernel's other ways.
//!
//! # Reach
//!
//! With h the cell's largest |φ| and x = h/R: D(r) = cosh r − 1 + |t| sinh r majorizes P − 1
//! coefficient by coefficient, so F's coefficients are majorized by those of (1 − D)^(−p)
//! (|C(p, m)| ≤ C(p + m − 1, m) for p > 0), and the tail past φ^N by (1 − D(r))^(−p) ·
//! (h/r)^(N+1)/(1 − h/r) for any r with D(r) < 1. At r = ρR (ρ ≤ ½), |t| sinh r ≤ (R cot R)
//! · ρ · sinh(ρR)/(ρR) ≤ sinh(ρπ/2)/(π/2) · ρ, so D(ρR) ≤ D̂(ρ) = cosh(ρπ/2) − 1 +
//! sinh(ρπ/2)/(π/2) whatever R ≤ π/2. A degree N takes a cell where, for one ρ of [`RADII`],
//! x ≤ ρ/2 and (1 − D̂(ρ))^(−p) · (x/ρ)^(N+1) ≤ 2⁻⁵⁷: the tail is then below 2⁻⁵⁶ · T_c.
//! For `f32` output alone (not for products' factors, whose bounds `f64` products carry), the
//! loose series take a budget of 2⁻⁴⁷ instead, with degrees 4, 5, 6, 8 and 16: lower degrees
//! for the same cells (p = 7.4, a block of 10⁶ steps' wave in the cosine half: 5 against 6),
//! whose tail 2⁻⁴⁶ · T_c the one-pass check's bound carries (it fails a value within about
//! 2⁸ float64 ulps of a float32 rounding boundary, one in 2²⁰).
//! Every cell also has x ≤ min(1/8, 1/(8p)): then D(h) ≤ 1.17x, and the majorant's sum
//! Λ = (1 − D(h))^(−p) ≤ e^0.171 < 1.2 bounds F, 1/F, Σ |q_n| hⁿ and the coefficients' and
//! Horner's error sums below (Σ (2n + 1)|q_n| hⁿ ≤ 1.41).
//!
//! # Error bound
//!
//! In units u = 2⁻⁵³, relative to |b| · T with T = W^e at the step (its true value at the
//! exact formula's angle); libm's cos, sin and pow within 1 ulp (2u).
//! * The exact formula: c within 2u, W = c² rounded, pow: (5e + 2)u; its a + b · P form
//!   (s · ((1 − α) · P + α)) 4u more, and 2u of |a|.
//! * The angle: θ' and the exact formula's θ are both π/2 · |t|/k rounded twice (k − |t| is
//!   exact: |t| ≥ k/2 in the sine half), so |θ' − θ| ≤ 4u · θ(1 + 3u) ≤ 4.01u · θ. It moves
//!   ln T = p · ln c by p · |d ln c/dθ| · |θ' − θ|, with tan θ · θ ≤ π/4 in the cosine half
//!   (θ ≤ π/4) and cot y · y ≤ 1 in the sine half: T(θ') within 4.01pu = 8.02eu of T(θ),
//!   8.1eu with second-order terms. A cell's h (the largest |φ|) is taken from the exact
//!   formula's angles at its ends, widened by 4.02u times the largest of them, so that the
//!   φ of θ' stays within h.
//! * Ours: T_c from libm as the exact formula computes it: (5e + 2)u of T_c, so of T (T_c ·
//!   F(φ) = T). The rest, each relative to |b| · T_c · Λ ≤ 1.2 |b| · T: b · T_c and the
//!   products b · T_c · q_n round once each (2u); t from libm's sin and cos (3u of t, 3u ·
//!   p|t|h ≤ 0.25u of F); the q_n within 4n u of their majorants' coefficients (the
//!   recurrence's roundings; 4N(Λ − 1) ≤ 12.8u); Horner's rule 1.41u; φ = θ' − θ_c rounded
//!   (u|φ| · |F'| ≤ 0.2u); the tail 0.125u: 17.1u, 20.6u of |b| · T. Then a + (…) rounds: u.
//!
//! So |v − exact| ≤ σ · |b| · T + 3u · |a| + 2⁻¹⁰⁰⁰ with σ = s(1 + s), s = (18.1e + 32)u
//! (the 2⁻¹⁰⁰⁰: the products' underflow, absolutely: cells have T_c ≥ 2⁻⁹⁰⁰, see
//! [`min_angle`]). The sum s is first order: the relative errors it adds compound, Π(1 + δᵢ)
//! − 1 ≤ e^s − 1 ≤ s(1 + s) for s ≤ 1, no longer negligible for e of 10⁷ and more. The loose
//! series' tail is 2⁻⁴⁶ of |b| · T_c ≤ 1.2 |b| · T, 153.6u: s = (18.1e + 186)u for them.
//!
//! `f32` output takes it per step, in terms of the sum Σ ≈ b · T that the series give before
//! a is added: |Σ − b · T| ≤ σ|b| · T + 2⁻¹⁰⁰⁰, so for σ ≤ ½, |b| · T ≤ (|Σ| + 2⁻¹⁰⁰⁰)/(1 −
//! σ) and |v − exact| ≤ σ/(1 − σ) · |Σ| + 3u · |a| + 2⁻⁹⁹⁹ ([`narrow_slopes`],
//! [`narrow_floor`]; where σ > ½, e > 1.8 · 10¹⁴, the exact formula). Where a and b do not
//! have opposite signs that is also a bound relative to the value v = a + Σ rounded, which
//! the one-pass check takes (`Narrow::relative`, which serves |v| ≥ 2⁻¹²⁶ only). If Σ and a
//! do not have opposite signs, |v| ≥ (|a| + |Σ|)(1 − u). If they do, Σ and b have opposite
//! signs, so |Σ| + |b| · T = |Σ − b · T| ≤ σ|b| · T + 2⁻¹⁰⁰⁰, |Σ| ≤ 2⁻¹⁰⁰⁰, and |v| ≥ (|a| −
//! 2⁻¹⁰⁰⁰)(1 − u). Either way, with 2⁻⁹⁹⁸ ≤ 2⁻⁸⁷² · |v|: |v − exact| ≤ ((σ/(1 − σ) + 3u)(1 +
//! 2u) + 2⁻⁸⁷⁰) · |v|.
//!
//! `f64` output needs the largest error over all steps, where T ≤ 1 and libm's error is
//! smaller than 2u relative where it matters: c within ulp(c) = 2⁻ᵐu for c in [2⁻ᵐ⁻¹, 2⁻ᵐ)
//! moves c^2e by at most 2e · c^(2e−1) · 2⁻ᵐu ≤ 2e · 2⁻²ᵉᵐ u ≤ 2eu absolutely (e ≥ ½; 4eu · T
//! ≤ (2e + 1)u below), not 4eu · T. So the exact formula is within (3e + 7)u of |b| (c, W,
//! pow: (2e + 1) + e + 2, and 4u), T_c within 2eu · (c_j/c_c)^2e ≤ 2eu · Λ of the step's T
//! (and (e + 2)u · T): (3.4e + 3.2)u, and the rest 21.6u as above. The angle moves T by
//! |dT/dθ| · 4.01u · θ, absolutely: in the cosine half p · tan θ · θ · cos^p θ ≤ (4/π) · pθ²
//! · e^(−pθ²/2) ≤ (4/π)(2/e) = 0.937 (tan θ ≤ 4θ/π for θ ≤ π/4, cos θ ≤ e^(−θ²/2), x ·
//! e^(−x/2) ≤ 2/e); in the sine half p · cot y · y · sin^p y ≤ p · 2^(−p/2) ≤ 2/(e ln 2) =
//! 1.062 (y ≤ π/4): 4.26u, 4.3u with second-order terms. So |v − exact| ≤ k(1 + k) · |b| +
//! 3u · |a| + 2⁻¹⁰⁰⁰ with k = (6.4e + 36.3)u, compounded as σ above. `f64` takes the series
//! where this is within 1e-14 · |s|: for α in [0, 1], up to e ≈ 8.40 (α = 0), e ≈ 22.0 for
//! α = ½.

use std::f64::consts::FRAC_PI_2;

/// One unit of roundoff, 2⁻⁵³.
const U: f64 = 1.0 / (1u64 << 53) as f64;
/// The degrees N of the series, smallest first.
pub(super) const DEGREES: [usize; 5] = [4, 6, 8, 12, 16];
/// The degrees of the loose series (`f32` output alone, [`LOOSE_TAIL`]), smallest first.
pub(super) const LOOSE_DEGREES: [usize; 5] = [4, 5, 6, 8, 16];
/// The radii r = ρR at which the tail is bounded, as fractions ρ of R.
const RADII: [f64; 5] = [1.0 / 16.0, 1.0 / 8.0, 1.0 / 4.0, 3.0 / 8.0, 1.0 / 2.0];
/// The tail's budget per degree: 2⁻⁵⁷ of T_c (2⁻⁵⁶ with 1/(1 − x/ρ) ≤ 2).
const TAIL: f64 = 1.0 / (1u64 << 57) as f64;
/// The loose series' tail budget: 2⁻⁴⁷ of T_c.
const LOOSE_TAIL: f64 = 1.0 / (1u64 << 47) as f64;
/// The absolute floor of the bound: the products' underflows.
const UNDERFLOW: f64 = 9.332_636_185_032_189e-302; // 2⁻¹⁰⁰⁰
/// 2⁻⁸⁷⁰ (rounded up): the `f32` bound's absolute part 2⁻⁹⁹⁸ relative to values of at least
/// 2⁻¹²⁶, with room.
const RELATIVE_FLOOR: f64 = 1.2703e-262;
/// The smallest T_c of a cell, 2⁻⁹⁰⁰: products of its terms stay normal down to 2⁻¹⁰⁰⁰.
const MIN_POWER_LOG2: f64 = -900.0;

/// The largest x = h/R that each degree of [`DEGREES`] takes, for p = 2e (module docs); of
/// [`LOOSE_DEGREES`] with [`LOOSE_TAIL`] where `loose`.
pub(super) fn reach(p: f64, loose: bool) -> [f64; 5] {
    let cap = (1.0 / 8.0f64).min(1.0 / (8.0 * p));
    let (degrees, tail) = if loose {
        (LOOSE_DEGREES, LOOSE_TAIL)
    } else {
        (DEGREES, TAIL)
    };
    degrees.map(|n| {
        let best = RADII
            .iter()
            .map(|&rho| {
                let a = FRAC_PI_2 * rho;
                let d = a.cosh() - 1.0 + a.sinh() / FRAC_PI_2;
                let ratio = (tail * (1.0 - d).powf(p)).powf(1.0 / (n + 1) as f64);
                rho * ratio.min(0.5)
            })
            .fold(0.0, f64::max);
        // 1% off for the roundings of the computation above.
        (0.99 * best).min(cap)
    })
}

/// The smallest angle y of a sine-half cell for p = 2e: sin y ≥ 2y/π, so W^e ≥ (2y/π)^p
/// stays above 2⁻⁹⁰⁰.
pub(super) fn min_angle(p: f64) -> f64 {
    FRAC_PI_2 * (MIN_POWER_LOG2 / p).exp2() * (1.0 + 1e-9)
}

/// The per-step bound's slope σ relative to |b| · T (module docs): s(1 + s) for the first-order
/// sum s = (18.1e + 32)u, (18.1e + 186)u for the loose series. The terms of s are relative
/// errors that compound: Π(1 + δᵢ) − 1 ≤ e^s − 1 ≤ s(1 + s) for s ≤ 1, which matters once
/// s is no longer tiny (e of 10⁷ and more).
fn slope(e: f64, loose: bool) -> f64 {
    let s = (18.1 * e + if loose { 186.0 } else { 32.0 }) * U;
    s * (1.0 + s)
}

/// The `f32` bound's slopes (module docs): (σ/(1 − σ), relative to the sum Σ; where a and b
/// do not have opposite signs, (σ/(1 − σ) + 3u)(1 + 2u) + 2⁻⁸⁷⁰, relative to the value),
/// each rounded up; (∞, `None`) where σ > ½. Of the loose series where `loose`.
pub(super) fn narrow_slopes(e: f64, a: f64, b: f64, loose: bool) -> (f64, Option<f64>) {
    let sigma = slope(e, loose);
    if sigma > 0.5 {
        return (f64::INFINITY, None);
    }
    // Up by far more than the few roundings of these computations.
    let sum = sigma / (1.0 - sigma) * (1.0 + 1e-12);
    // a and b of opposite signs: neither is 0 and their signs differ (not a · b < 0, which
    // underflows to 0 for tiny a and b).
    let opposite = a != 0.0 && b != 0.0 && (a < 0.0) != (b < 0.0);
    let value = (!opposite).then_some((sum + 3.0 * U) * (1.0 + 1e-12) + RELATIVE_FLOOR);
    (sum, value)
}

/// The `f32` bound's absolute part, 3u · |a| + 2⁻⁹⁹⁹ (module docs).
pub(super) fn narrow_floor(a: f64) -> f64 {
    3.0 * U * a.abs() + 2.0 * UNDERFLOW
}

/// The largest error over all steps (T ≤ 1), for `f64` output: k(1 + k) · |b| + 3u · |a| +
/// 2⁻¹⁰⁰⁰ with k = (6.4e + 36.3)u (module docs).
pub(super) fn f64_bound(e: f64, a: f64, b: f64) -> f64 {
    // Compounded as in `slope`: k(1 + k) for the first-order k.
    let k = (6.4 * e + 36.3) * U;
    k * (1.0 + k) * b.abs() + 3.0 * U * a.abs() + UNDERFLOW
}

/// 1/n! for n ≤ 16 (each rounded once: n! is exact).
const INVERSE_FACTORIALS: [f64; 17] = {
    let mut table = [1.0; 17];
    let mut factorial = 1.0;
    let mut n = 1;
    while n < 17 {
        factorial *= n as f64;
        table[n] = 1.0 / factorial;
        n += 1;
    }
    table
};

/// `scale` · q_n for n < M ≤ 17: the Taylor coefficients of (cos φ − t · sin φ)^p.
#[inline(always)]
pub(super) fn coefficients<const M: usize>(t: f64, p: f64, scale: f64) -> [f64; M] {
    // P's coefficients: cos φ gives 1, −1/2!, 1/4!, … at even n; −t · sin φ gives −t, t/3!,
    // −t/5!, … at odd n.
    let mut base = [0.0; M];
    for (n, (slot, &f)) in base.iter_mut().zip(&INVERSE_FACTORIALS).enumerate() {
        *slot = match n % 4 {
            0 => f,
            1 => -t * f,
            2 => -f,
            _ => t * f,
        };
    }
    let mut q = [0.0; M];
    q[0] = 1.0;
    for n in 1..M {
        let mut sum = 0.0;
        for k in 1..=n {
            sum += ((p + 1.0) * k as f64 - n as f64) * base[k] * q[n - k];
        }
        q[n] = sum / n as f64;
    }
    q.map(|c| scale * c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_bound_needs_a_and_b_without_opposite_signs() {
        // The bound relative to the value holds where a and b do not have opposite signs,
        // zeros of either sign included; tiny a and b of opposite signs, whose product
        // underflows to −0, have none.
        for (a, b, relative) in [
            (0.1, 0.2, true),
            (-0.1, -0.2, true),
            (0.0, -0.2, true),
            (-0.0, 0.2, true),
            (0.1, -0.2, false),
            (1e-200, -1e-200, false),
            (-1e-200, 1e-200, false),
        ] {
            let (sum, value) = narrow_slopes(3.7, a, b, false);
            assert!(sum > 0.0 && sum < 1e-12, "{a} {b}: {sum}");
            assert_eq!(value.is_some(), relative, "{a} {b}");
        }
    }

    #[test]
    fn the_slopes_compound_the_relative_errors() {
        // σ = s(1 + s) with s = (18.1e + 32)u: above the first-order s by s², which passes
        // the few ulps of the computation's roundings once e is large.
        for e in [1.0, 1e6, 1e8, 1e12] {
            let s = (18.1 * e + 32.0) * U;
            let sigma = slope(e, false);
            assert!(
                sigma >= s + s * s * (1.0 - 1e-9),
                "{e}: {sigma} against {s}"
            );
            let k = (6.4 * e + 36.3) * U;
            assert!(f64_bound(e, 0.0, 1.0) >= k + k * k * (1.0 - 1e-9), "{e}");
        }
    }

    #[test]
    fn coefficients_are_the_taylor_series_of_the_power() {
        // (cos φ − t sin φ)^p against the same function in libm, at |φ| ≤ h for cells the
        // reach admits: within a few u (the series is summed to degree 16, far past the tail).
        for (t, p, h) in [
            (0.0, 2.0, 0.01),
            (1.0, 7.4, 0.005),
            (-20.0, 7.4, 0.0005),
            (0.3, 0.2, 0.05),
        ] {
            let q: [f64; 17] = coefficients(t, p, 1.0);
            for i in -10..=10 {
                let phi = h * f64::from(i) / 10.0;
                let series = q.iter().rev().fold(0.0, |s, &c| s * phi + c);
                let direct = (phi.cos() - t * phi.sin()).powf(p);
                assert!(
                    (series - direct).abs() <= 1e-14 * direct,
                    "t {t}, p {p}, φ {phi}: {series} vs {direct}"
                );
            }
        }
        // p = 2, t = 0: cos²φ = 1 − φ² + φ⁴/3 − 2φ⁶/45.
        let q: [f64; 7] = coefficients(0.0, 2.0, 1.0);
        let expected = [1.0, 0.0, -1.0, 0.0, 1.0 / 3.0, 0.0, -2.0 / 45.0];
        for (c, e) in q.iter().zip(expected) {
            assert!((c - e).abs() <= 1e-16, "{q:?}");
        }
    }

    #[test]
    fn the_reach_shrinks_with_the_exponent_and_grows_with_the_degree() {
        // Hand-derived for p = 7.4 (e = 3.7), degree 4 at ρ = 1/4: D̂ = cosh(π/8) − 1 +
        // sinh(π/8)/(π/2) = 0.3346, (2⁻⁵⁷ · 0.6654^7.4)^(1/5) = 2^(−(57 + 4.35)/5) = 2^−12.27,
        // x = 2^−12.27/4 = 5.07e-5, less 1%.
        let r = reach(7.4, false);
        assert!((r[0] / 5.02e-5 - 1.0).abs() < 0.01, "{r:?}");
        // Degrees 12 and 16 meet the cap 1/(8p).
        assert_eq!(r[4], 1.0 / (8.0 * 7.4));
        assert!(r.windows(2).all(|w| w[0] <= w[1]));
        let wider = reach(1.0, false);
        assert!(wider.iter().zip(&r).all(|(w, r)| w > r));
        // The loose series, degree 5 at ρ = 1/4: (2⁻⁴⁷ · 0.6654^7.4)^(1/6) = 2^(−(47 +
        // 4.35)/6) = 2^−8.56, x = 2^−8.56/4 = 6.63e-4, less 1%: 6.57e-4; degree 4 with the
        // strict budget's 2⁻⁵⁷ reached 5.01e-5. Degree 16 meets the cap as before.
        let loose = reach(7.4, true);
        assert!((loose[1] / 6.57e-4 - 1.0).abs() < 0.01, "{loose:?}");
        assert_eq!(loose[4], 1.0 / (8.0 * 7.4));
        assert!(loose.windows(2).all(|w| w[0] <= w[1]));
    }
}
