//! Seeded invariant loops over random parameters for the schedules beyond Axon: values stay
//! finite and within the bounds their formulas promise, and a join is its parts shifted.

use anneal_core::{
    CosineDecayRestarts, DecayShape, InverseSqrt, Join, OneCycle, PiecewiseConstant, Schedule,
    WarmupCosineDecay, WarmupStableDecay,
};

mod common;
use common::rng::Rng;

impl Rng {
    /// A coin toss.
    fn heads(&mut self) -> bool {
        self.next() >> 63 == 1
    }

    /// Uniform in [lo, hi), rounded to an integer half of the time.
    fn length(&mut self, lo: f64, hi: f64) -> f64 {
        let x = lo + (hi - lo) * self.unit();
        if self.heads() {
            x.round().max(lo)
        } else {
            x
        }
    }

    /// Steps from 0 to a little past `end`, with the ends themselves.
    fn steps(&mut self, end: f64) -> Vec<f64> {
        let mut steps: Vec<f64> = (0..200)
            .map(|_| (self.unit() * 1.5 * end).round())
            .collect();
        steps.extend([0.0, end, end + 1.0, 1e12]);
        steps
    }
}

const CASES: usize = 300;
/// Room for rounding: a few ulps of the bounds.
const SLACK: f64 = 1e-15;

fn within(value: f64, lo: f64, hi: f64) -> bool {
    let room = SLACK * lo.abs().max(hi.abs());
    value.is_finite() && value >= lo - room && value <= hi + room
}

#[test]
fn warmup_cosine_decay_stays_between_its_values() {
    let mut rng = Rng(0x5EED_0001);
    for _ in 0..CASES {
        let (init, peak, end) = (rng.unit(), rng.unit() + 0.5, 0.5 * rng.unit());
        let warmup = rng.length(0.0, 500.0);
        let decay = warmup + rng.length(1.0, 5000.0);
        let s =
            WarmupCosineDecay::schedule(init, peak, warmup, decay, end, 2.0 * rng.unit()).unwrap();
        let (lo, hi) = (init.min(end), peak.max(init));
        for t in rng.steps(decay) {
            assert!(within(s.value(t), lo, hi), "{s:?} at {t}: {}", s.value(t));
        }
    }
}

#[test]
fn piecewise_constant_is_init_value_times_the_scales_passed() {
    let mut rng = Rng(0x5EED_0002);
    for _ in 0..CASES {
        let pairs: Vec<(f64, f64)> = (0..rng.next() % 5)
            .map(|_| (rng.length(0.0, 1000.0), 2.0 * rng.unit()))
            .collect();
        let s = PiecewiseConstant::schedule(1.0, pairs.clone()).unwrap();
        for t in rng.steps(1000.0) {
            let product: f64 = pairs
                .iter()
                .filter(|(b, _)| *b <= t)
                .map(|(_, s)| s)
                .product();
            // The same factors, multiplied in another order: equal to a few ulps.
            assert!(within(s.value(t), product, product), "{pairs:?} at {t}");
        }
    }
}

#[test]
fn inverse_sqrt_and_wsd_stay_within_zero_and_init_value() {
    let mut rng = Rng(0x5EED_0003);
    for _ in 0..CASES {
        let w = rng.length(0.0, 300.0);
        let timescale = rng.heads().then(|| rng.length(1.0, 1e4));
        let s = InverseSqrt::schedule(0.5, w, timescale).unwrap();
        for t in rng.steps(w + 1e4) {
            assert!(within(s.value(t), 0.0, 0.5), "{s:?} at {t}");
        }

        let (stable, decay, m) = (rng.length(0.0, 300.0), rng.length(1.0, 300.0), rng.unit());
        for shape in [DecayShape::Cosine, DecayShape::Linear, DecayShape::Sqrt] {
            let s = WarmupStableDecay::schedule(2.0, w, stable, decay, m, shape).unwrap();
            for t in rng.steps(w + stable + decay) {
                // Never below m · init once step 0 is reached, never above init.
                assert!(within(s.value(t), 2.0 * m, 2.0), "{s:?} at {t}");
            }
        }
    }
}

#[test]
fn restarts_stay_between_alpha_and_one() {
    let mut rng = Rng(0x5EED_0004);
    for _ in 0..CASES {
        let first = rng.length(1.0, 500.0);
        let t_mul = if rng.heads() {
            1.0 + 2.0 * rng.unit()
        } else {
            1.0
        };
        let (m_mul, alpha) = (rng.unit(), rng.unit());
        let s = CosineDecayRestarts::schedule(3.0, first, t_mul, m_mul, alpha).unwrap();
        for t in rng.steps(50.0 * first) {
            assert!(within(s.value(t), 3.0 * alpha, 3.0), "{s:?} at {t}");
        }
    }
}

#[test]
fn one_cycle_stays_between_its_end_and_its_peak() {
    let mut rng = Rng(0x5EED_0005);
    for _ in 0..CASES {
        let total = rng.length(1.0, 5000.0);
        let (div, final_div) = (1.0 + 50.0 * rng.unit(), 1.0 + 1e4 * rng.unit());
        let s = OneCycle::schedule(1.0, total, rng.unit(), div, final_div).unwrap();
        let end = 1.0 / div / (div * final_div);
        for t in rng.steps(total) {
            assert!(within(s.value(t), end, 1.0), "{s:?} at {t}");
        }
    }
}

#[test]
fn a_join_is_its_parts_shifted_by_their_boundaries() {
    let mut rng = Rng(0x5EED_0006);
    for _ in 0..CASES {
        let a: Schedule = WarmupCosineDecay::schedule(0.0, 1.0, 10.0, 100.0, 0.0, 1.0).unwrap();
        let b: Schedule = OneCycle::schedule(0.5, rng.length(1.0, 300.0), 0.3, 25.0, 1e4).unwrap();
        let c: Schedule = InverseSqrt::schedule(0.1, 0.0, None).unwrap();
        let b1 = rng.length(0.0, 200.0);
        let b2 = b1 + rng.length(0.0, 200.0);
        let s = Join::schedule(vec![a.clone(), b.clone(), c.clone()], vec![b1, b2]).unwrap();
        for t in rng.steps(b2 + 100.0) {
            let expected = if t < b1 {
                a.value(t)
            } else if t < b2 {
                b.value(t - b1)
            } else {
                c.value(t - b2)
            };
            assert_eq!(s.value(t), expected, "boundaries {b1}, {b2} at {t}");
        }
    }
}
