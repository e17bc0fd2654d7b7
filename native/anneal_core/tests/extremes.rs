//! Seeded invariant loops on extreme parameters and steps: every constructor either builds
//! the schedule or returns an error, never panics; every value stays between the bounds the
//! formula guarantees, and so is finite wherever those bounds are.

use anneal_core::{
    evaluate, evaluate_bytes, Constant, CosineDecay, ExponentialDecay, LinearDecay,
    PolynomialDecay, Schedule, Steps,
};

mod common;
use common::rng::Rng;

impl Rng {
    /// A float that is often an edge case: zero, subnormal, tiny, huge, the largest finite
    /// value, an integer past 2^53, or any magnitude from 1e-320 to 1e308, of either sign;
    /// never NaN or infinite, as no BEAM float is.
    fn float(&mut self) -> f64 {
        let magnitude = match self.below(10) {
            0 => 0.0,
            1 => f64::from_bits(1 + self.next() % (1 << 52)), // subnormal
            2 => f64::MAX,
            3 => f64::MIN_POSITIVE,
            4 => self.pick(&[0.5, 1.0, 2.0, 10.0, 1e-300, 1e300, 9.007_199_254_740_993e15]),
            5 => (self.next() >> 11) as f64, // an integer below 2^53
            _ => (10f64.powf(self.below(629) as f64 - 320.0) * (1.0 + self.unit())).min(f64::MAX),
        };
        if self.next() & 1 == 0 {
            magnitude
        } else {
            -magnitude
        }
    }

    fn non_negative(&mut self) -> f64 {
        self.float().abs()
    }

    /// A step: an edge of i64, a small integer, or any float.
    fn step(&mut self) -> f64 {
        match self.below(4) {
            0 => self.pick(&[i64::MIN as f64, i64::MAX as f64, 0.0, -0.0, 1.0, -1.0]),
            1 => self.below(2000) as f64 - 1000.0,
            _ => self.float(),
        }
    }

    fn i64(&mut self) -> i64 {
        match self.below(3) {
            0 => self.pick(&[i64::MIN, i64::MAX, 0, 1, -1, i64::MIN + 1, i64::MAX - 1]),
            1 => self.below(2000) as i64 - 1000,
            _ => self.next() as i64,
        }
    }
}

const SCHEDULES: usize = 20_000;
const STEPS_PER_SCHEDULE: usize = 24;

/// Bounds that the formula guarantees for a schedule at a step, if any.
struct Bounds {
    lo: f64,
    hi: f64,
}

impl Bounds {
    fn between(a: f64, b: f64) -> Option<Self> {
        Some(Self {
            lo: a.min(b),
            hi: a.max(b),
        })
    }

    /// Whether `v` lies within the bounds, give or take a few rounding errors of their size.
    fn holds(&self, v: f64) -> bool {
        let slack = 8.0 * f64::EPSILON * self.lo.abs().max(self.hi.abs());
        v >= self.lo - slack && v <= self.hi + slack
    }

    /// Whether the bounds (with their slack) are finite, so that the value must be.
    fn finite(&self) -> bool {
        self.lo.abs().max(self.hi.abs()) < f64::MAX / 2.0
    }
}

/// One random schedule of any kind (or the error its parameters deserve) and the bounds of
/// its value at a step.
type Built = (Schedule, Box<dyn Fn(f64) -> Option<Bounds>>);

fn random_schedule(rng: &mut Rng) -> Option<Built> {
    let init = rng.float();
    match rng.below(5) {
        0 => {
            let s = Constant::schedule(init).ok()?;
            Some((s, Box::new(move |_| Bounds::between(init, init))))
        }
        1 => {
            let (k, alpha) = (rng.non_negative(), rng.float());
            let s = CosineDecay::schedule(init, k, alpha).ok()?;
            // ½(1 + cos x) ∈ [0, 1] at every step, so the value is between γ₀α and γ₀.
            Some((s, Box::new(move |_| Bounds::between(init, init * alpha))))
        }
        2 => {
            let any = rng.non_negative();
            let rate = rng.pick(&[0.0, 0.5, 0.95, 1.0, 1.5, 2.0, any]);
            let (k, begin) = (rng.non_negative(), rng.non_negative());
            let stairs = rng.next() & 1 == 0;
            let s = ExponentialDecay::schedule(init, rate, k, begin, stairs).ok()?;
            // r ≤ 1: r^p ∈ [0, 1] for p ≥ 0. r > 1: only γ₀ = 0 bounds it (0 · r^p = 0).
            Some((
                s,
                Box::new(move |_| {
                    if rate <= 1.0 {
                        Bounds::between(0.0, init)
                    } else if init == 0.0 {
                        Bounds::between(0.0, 0.0)
                    } else {
                        None
                    }
                }),
            ))
        }
        3 => {
            let (warmup, steps) = (rng.non_negative(), rng.non_negative());
            let s = LinearDecay::schedule(init, warmup, steps).ok()?;
            // For t ≥ 0 the multiplier is in [0, 1]; before 0 the warmup line is unbounded.
            Some((
                s,
                Box::new(move |t| (t >= 0.0).then(|| Bounds::between(0.0, init)).flatten()),
            ))
        }
        _ => {
            let (end, power) = (rng.float(), rng.non_negative());
            let (k, begin) = (rng.non_negative(), rng.non_negative());
            let s = PolynomialDecay::schedule(init, end, power, k, begin).ok()?;
            // (1 − c/k)^p ∈ [0, 1]: the value is between γₙ and γ₀ at every step.
            Some((s, Box::new(move |_| Bounds::between(init, end))))
        }
    }
}

#[test]
fn values_stay_within_their_bounds_on_extreme_parameters() {
    let mut rng = Rng(0x5EED_0006);
    let (mut built, mut checked) = (0, 0);
    for _ in 0..SCHEDULES {
        let Some((schedule, bounds)) = random_schedule(&mut rng) else {
            continue;
        };
        built += 1;
        for _ in 0..STEPS_PER_SCHEDULE {
            let step = rng.step();
            let v = schedule.value(step);
            assert!(!v.is_nan(), "{schedule:?} at {step:e} is NaN");
            if let Some(b) = bounds(step) {
                checked += 1;
                if b.finite() {
                    assert!(v.is_finite(), "{schedule:?} at {step:e} is {v}");
                }
                assert!(
                    b.holds(v),
                    "{schedule:?} at {step:e}: {v:e} is outside [{:e}, {:e}]",
                    b.lo,
                    b.hi
                );
            }
        }
    }
    // Most random parameters are valid (lengths are drawn non-negative, zero is rare).
    assert!(built > SCHEDULES / 2, "only {built} schedules were built");
    assert!(checked > built * STEPS_PER_SCHEDULE / 2);
}

#[test]
fn constructors_refuse_non_finite_parameters_without_panicking() {
    let mut rng = Rng(0x5EED_0007);
    for _ in 0..SCHEDULES {
        let bad = rng.pick(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        let ok = rng.float();
        let params = [bad, ok, ok, ok, ok];
        // Rotate the bad parameter into each position.
        let p: Vec<f64> = (0..5).map(|i| params[(i + rng.below(5)) % 5]).collect();
        let _ = Constant::schedule(p[0]);
        let _ = CosineDecay::schedule(p[0], p[1], p[2]);
        let _ = ExponentialDecay::schedule(p[0], p[1], p[2], p[3], false);
        let _ = LinearDecay::schedule(p[0], p[1], p[2]);
        let _ = PolynomialDecay::schedule(p[0], p[1], p[2], p[3], p[4]);
    }
    assert!(CosineDecay::schedule(1.0, f64::NAN, 0.0).is_err());
    assert!(PolynomialDecay::schedule(1.0, 0.0, f64::INFINITY, 1.0, 0.0).is_err());
}

#[test]
fn vector_paths_on_extreme_steps_agree_with_value_or_fail_cleanly() {
    let mut rng = Rng(0x5EED_0008);
    for _ in 0..SCHEDULES / 10 {
        let Some((schedule, bounds)) = random_schedule(&mut rng) else {
            continue;
        };
        let len = rng.below(40);
        let Ok(steps) = Steps::range(rng.i64(), rng.i64(), len) else {
            continue; // an overflowing range is refused, which is the point
        };
        let raw: Vec<u8> = (0..len).flat_map(|_| rng.i64().to_ne_bytes()).collect();
        for steps in [steps, Steps::s64(&raw).expect("a multiple of 8 bytes")] {
            let mut wide = vec![0.0f64; len];
            let mut narrow = vec![0u8; len * 4];
            let wide_ok = evaluate(&schedule, steps, &mut wide);
            let narrow_ok = evaluate_bytes::<f32>(&schedule, steps, &mut narrow);
            let expected: Vec<f64> = steps.to_vec().iter().map(|&t| schedule.value(t)).collect();
            if expected.iter().all(|v| v.is_finite()) {
                assert_eq!(wide_ok, Ok(()));
                // Ranges may take the fast path: within 1e-14 · (|γ₀| + |v|) in float64, with
                // the bounds' larger end standing for |γ₀| (float32 stays bit-identical).
                for ((w, e), t) in wide.iter().zip(&expected).zip(steps.to_vec()) {
                    let scale = bounds(t).map_or(0.0, |b| b.lo.abs().max(b.hi.abs()));
                    let tolerance = 1e-14 * (scale + e.abs());
                    assert!(
                        (w - e).abs() <= tolerance,
                        "{schedule:?} at {t}: {w} vs {e}"
                    );
                }
            } else {
                assert!(wide_ok.is_err());
            }
            if let Ok(()) = narrow_ok {
                for (bytes, v) in narrow.chunks_exact(4).zip(&expected) {
                    let mut word = [0u8; 4];
                    word.copy_from_slice(bytes);
                    assert_eq!(f32::from_ne_bytes(word), *v as f32);
                }
            } else {
                assert!(expected.iter().any(|v| !(*v as f32).is_finite()));
            }
        }
    }
}
