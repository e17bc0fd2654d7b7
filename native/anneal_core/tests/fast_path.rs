//! The fast path of `evaluate` over ranges against the exact formula, step by step.
//!
//! `f32` output must be bit-identical to `value(step) as f32` (zero mismatches over full 10⁷
//! step sweeps), and `f64` output within 1e-14 · (|init_value| + |value|).

use anneal_core::{
    evaluate, evaluate_exact, Constant, CosineDecay, CosineDecayRestarts, DecayShape,
    ExponentialDecay, InverseSqrt, Join, LinearDecay, Multiply, OneCycle, PolynomialDecay,
    Schedule, Shift, Steps, WarmupCosineDecay, WarmupStableDecay,
};

mod common;
use common::rng::Rng;

const N: usize = 10_000_000;

/// Compares fast and exact over `steps`; returns the largest f64 error in units of the bound.
fn check(schedule: &Schedule, init: f64, steps: Steps<'_>) -> f64 {
    let mut exact = vec![0.0f64; steps.len()];
    if let Err(err) = evaluate_exact(schedule, steps, &mut exact) {
        // Overflows float64 (and float32 before that): the same error, at the same step.
        let mut wide = vec![0.0f64; steps.len()];
        assert_eq!(evaluate(schedule, steps, &mut wide), Err(err));
        return 0.0;
    }
    let mut narrow = vec![0.0f32; steps.len()];
    let fast = evaluate(schedule, steps, &mut narrow);
    let mut reference = vec![0.0f32; steps.len()];
    if let Err(err) = evaluate_exact(schedule, steps, &mut reference) {
        // Overflows float32: the same error, at the same step.
        assert_eq!(fast, Err(err));
        return 0.0;
    }
    fast.unwrap();
    let mismatches: Vec<usize> = (0..steps.len())
        .filter(|&i| (exact[i] as f32).to_bits() != narrow[i].to_bits())
        .collect();
    assert!(
        mismatches.is_empty(),
        "{schedule:?}: {} f32 mismatches, first at index {} ({} vs exact {})",
        mismatches.len(),
        mismatches[0],
        narrow[mismatches[0]],
        exact[mismatches[0]] as f32
    );
    let mut wide = vec![0.0f64; steps.len()];
    evaluate(schedule, steps, &mut wide).unwrap();
    let mut worst = 0.0f64;
    for (i, (&w, &e)) in wide.iter().zip(&exact).enumerate() {
        // Equal values (0 against 0 included, where the bound is 0) are no error.
        let ratio = if w == e {
            0.0
        } else {
            (w - e).abs() / (1e-14 * (init.abs() + e.abs()))
        };
        assert!(
            ratio <= 1.0,
            "{schedule:?}: f64 {w} vs exact {e} at index {i}"
        );
        worst = worst.max(ratio);
    }
    worst
}

fn sweep(schedule: impl Into<Schedule>, init: f64) {
    let worst = check(&schedule.into(), init, Steps::range(0, 1, N).unwrap());
    // The bound holds with room to spare, not by luck.
    assert!(worst <= 0.5, "f64 error reaches {worst} of the bound");
}

#[test]
fn cosine_decay_sweeps() {
    sweep(CosineDecay::schedule(0.1, 1e7, 0.0).unwrap(), 0.1);
    sweep(CosineDecay::schedule(1.0, 1e6, 0.1).unwrap(), 1.0);
    sweep(
        CosineDecay::schedule(3e-3, 3_333_333.5, -0.5).unwrap(),
        3e-3,
    );
    sweep(CosineDecay::schedule(-2.5, 9_999_999.0, 0.9).unwrap(), 2.5);
}

#[test]
fn exponential_decay_sweeps() {
    sweep(
        ExponentialDecay::schedule(0.1, 0.95, 1e5, 0.0, false).unwrap(),
        0.1,
    );
    sweep(
        ExponentialDecay::schedule(1.0, 0.5, 1e5, 12_345.0, false).unwrap(),
        1.0,
    );
    // Underflows to subnormals and then zero after ~145,000 steps.
    sweep(
        ExponentialDecay::schedule(0.01, 0.95, 10.0, 0.0, false).unwrap(),
        0.01,
    );
    sweep(
        ExponentialDecay::schedule(-0.3, 1.0001, 1000.0, 0.5, false).unwrap(),
        0.3,
    );
    sweep(
        ExponentialDecay::schedule(5.0, 0.9, 7.3, 0.5, true).unwrap(),
        5.0,
    );
    sweep(
        ExponentialDecay::schedule(0.1, 0.5, 100_000.0, 0.0, true).unwrap(),
        0.1,
    );
}

#[test]
fn linear_decay_sweeps() {
    sweep(LinearDecay::schedule(0.1, 1e6, 9e6).unwrap(), 0.1);
    sweep(LinearDecay::schedule(1.0, 0.0, 1e7).unwrap(), 1.0);
    sweep(
        LinearDecay::schedule(-0.5, 123.4, 5_000_000.5).unwrap(),
        0.5,
    );
}

#[test]
fn polynomial_decay_sweeps() {
    sweep(
        PolynomialDecay::schedule(0.1, 1e-3, 2.0, 1e7, 0.0).unwrap(),
        0.1,
    );
    sweep(
        PolynomialDecay::schedule(1.0, 0.0, 1.0, 5e6, 1e6).unwrap(),
        1.0,
    );
    sweep(
        PolynomialDecay::schedule(0.05, 1e-4, 3.0, 9_999_999.5, 0.25).unwrap(),
        0.05,
    );
    // Rises (an end value beyond init_value, as a warmup written as a polynomial): f32 takes
    // the kernel, held to each value's error interval; f64 the exact formula's operations
    // with pow by multiplication (bit for bit at power 1), and the exact formula near the
    // start of a rise from 0 (where the bound is down to 0 · 1e-14).
    sweep(
        PolynomialDecay::schedule(0.0, 0.1, 1.0, 1e6, 0.0).unwrap(),
        0.0,
    );
    sweep(
        PolynomialDecay::schedule(0.0, 0.1, 2.0, 3e6, 0.0).unwrap(),
        0.0,
    );
    sweep(
        PolynomialDecay::schedule(0.0, -7.0, 8.0, 9_999_999.5, 0.0).unwrap(),
        0.0,
    );
    sweep(
        PolynomialDecay::schedule(1e-3, 1.0, 2.0, 9_999_999.5, 0.0).unwrap(),
        1e-3,
    );
    sweep(
        PolynomialDecay::schedule(-0.5, 3.0, 3.0, 5e6, 1e6).unwrap(),
        -0.5,
    );
    // A power that is not an integer takes the exact path.
    sweep(
        PolynomialDecay::schedule(0.05, 0.0, 0.5, 1e7, 0.0).unwrap(),
        0.05,
    );
}

/// A rise of power 1 (a linear warmup written as a polynomial, as bench/schedules.exs's
/// nested join starts) is in f64 the exact formula operation for operation: bit for bit
/// `value(step)`, from γ₀ = 0 and from a negative γ₀ (through 0), on strides and starts
/// that cut blocks anywhere, and for a k so long that the base rounds to 1 after the start.
#[test]
fn rises_of_power_one_are_the_exact_values_in_f64() {
    let rises = [
        PolynomialDecay::schedule(0.0, 0.1, 1.0, 1e6, 0.0).unwrap(),
        PolynomialDecay::schedule(-0.25, 3.0, 1.0, 777_777.5, 1234.0).unwrap(),
        PolynomialDecay::schedule(1e-3, -2.0, 1.0, 1e17, 0.0).unwrap(),
    ];
    for schedule in &rises {
        for (first, stride, len) in [(0, 1, 1_000_000), (-1001, 7, 200_000), (513, -3, 99_999)] {
            let steps = Steps::range(first, stride, len).unwrap();
            let mut fast = vec![0.0f64; len];
            let mut exact = vec![0.0f64; len];
            evaluate(schedule, steps, &mut fast).unwrap();
            evaluate_exact(schedule, steps, &mut exact).unwrap();
            let first_difference = (0..len).find(|&i| fast[i].to_bits() != exact[i].to_bits());
            assert_eq!(
                first_difference, None,
                "{schedule:?} from {first} by {stride}"
            );
        }
    }
}

/// Every power the polynomial kernel serves (1 to 8, each with its own loop), decays and
/// rises, of one sign and through zero, with γ₀ or γₙ a float32 rounding boundary
/// (1 + 2⁻²⁴), over ranges that start on, before and after the decay's start and end, with
/// strides that cut blocks anywhere: `f32` bit for bit, `f64` within its bound.
#[test]
fn every_power_over_ranges_around_the_decays_ends() {
    let boundary = 1.0 + 2f64.powi(-24);
    let shapes = [
        (0.1, 1e-3, 300_000.0, 0.0),
        (boundary, 0.0, 77_777.0, 1234.0),
        (0.0, 0.1, 100_000.0, 0.0),
        (-0.5, 3.0, 99_999.5, 17.0),
        (2.0, -boundary, 65_536.0, 0.0),
        (-1e-3, -0.25, 4_096.25, 3.0),
    ];
    for power in 1..=8 {
        for (init, end, k, begin) in shapes {
            let s = PolynomialDecay::schedule(init, end, f64::from(power), k, begin).unwrap();
            let ends = [begin as i64, (begin + k) as i64];
            for &b in &ends {
                for (first, stride, len) in
                    [(b - 9, 1, 5000), (b - 2000, 3, 4000), (b + 7, -1, 3000)]
                {
                    check(&s, init, Steps::range(first, stride, len).unwrap());
                }
            }
            check(&s, init, Steps::range(0, 1, 400_000).unwrap());
        }
    }
}

/// A step's value does not depend on where a range starts or ends, also in the blocks that
/// hold a polynomial decay's start (where 0 < k − t < k fails at some of their steps) and
/// end, and a linear decay's warmup end and end: whole ranges against ranges cut 8 to 24
/// steps inside a segment and 1 to 24 steps outside it, at every power, for `f64` (which the
/// interval check does not round to one answer). (A run of fewer than 8 steps of a segment
/// takes the exact formula, by design: cuts closer than that are not compared.)
#[test]
fn polynomial_and_linear_values_do_not_depend_on_where_a_range_is_cut() {
    // Ranges that start (tails) or end (heads) near a segment that starts at e after a
    // constant, ends at e before one, or meets another kernel's segment at e: every cut
    // within 24 steps that leaves no run shorter than 8 steps.
    fn near(e: i64, keep: fn(i64) -> bool) -> Vec<i64> {
        (e - 24..=e + 24).filter(|&c| keep(c - e)).collect()
    }
    let after = |e: i64| Cuts {
        tails: near(e, |_| true),
        heads: near(e, |d| d <= 0 || d >= 8),
    };
    let before = |e: i64| Cuts {
        tails: near(e, |d| d <= -8 || d >= 0),
        heads: near(e, |_| true),
    };
    let between = |e: i64| Cuts {
        tails: near(e, |d| d <= -8 || d >= 0),
        heads: near(e, |d| d <= 0 || d >= 8),
    };
    let mut cases: Vec<(Schedule, Vec<Cuts>)> = (1..=8)
        .flat_map(|p| {
            let p = f64::from(p);
            [
                (
                    PolynomialDecay::schedule(1.0, 0.0, p, 60_000.0, 0.0),
                    0,
                    60_000,
                ),
                (
                    PolynomialDecay::schedule(0.1, 1e-3, p, 33_333.0, 1234.0),
                    1234,
                    34_567,
                ),
                (
                    PolynomialDecay::schedule(0.0, 0.1, p, 40_000.5, 3.0),
                    3,
                    40_004,
                ),
            ]
            .map(|(s, start, end)| (s.unwrap(), vec![after(start), before(end)]))
        })
        .collect();
    let linear = LinearDecay::schedule(0.1, 1000.0, 60_003.0).unwrap();
    cases.push((linear, vec![between(1000), before(60_003)]));
    let linear = LinearDecay::schedule(-3.0, 0.0, 9_999.0).unwrap();
    cases.push((linear, vec![before(9_999)]));
    let (first, len, part) = (-4096i64, 72_000usize, 3000usize);
    for (schedule, cuts) in &cases {
        let mut whole = vec![0.0f64; len];
        evaluate(schedule, Steps::range(first, 1, len).unwrap(), &mut whole).unwrap();
        let tails = cuts.iter().flat_map(|c| c.tails.iter().copied());
        let heads = cuts
            .iter()
            .flat_map(|c| c.heads.iter().map(|&cut| cut - part as i64));
        for from in tails.chain(heads) {
            let at = (from - first) as usize;
            let mut values = vec![0.0f64; part];
            evaluate(schedule, Steps::range(from, 1, part).unwrap(), &mut values).unwrap();
            let differs = (0..part).find(|&j| values[j].to_bits() != whole[at + j].to_bits());
            assert_eq!(differs, None, "{schedule:?}: {part} steps from {from}");
        }
    }
}

/// Where ranges start (`tails`) and end (`heads`, exclusive).
struct Cuts {
    tails: Vec<i64>,
    heads: Vec<i64>,
}

/// Linear lines whose end is not a whole step, or whose slope s/d is too small for the
/// kernel's conditions, take the exact formula (bit for bit); others keep the f32 promise
/// with values on float32 rounding boundaries (s = 1 + 2⁻²⁴ and d a power of two make
/// t/d · s exactly a boundary at every power-of-two t).
#[test]
fn linear_lines_outside_the_kernels_conditions_and_on_rounding_boundaries() {
    let boundary = 1.0 + 2f64.powi(-24);
    for (schedule, init) in [
        (
            LinearDecay::schedule(boundary, 1024.0, 66_560.0).unwrap(),
            boundary,
        ),
        (
            LinearDecay::schedule(-boundary, 0.0, 65_536.0).unwrap(),
            boundary,
        ),
        (LinearDecay::schedule(0.1, 123.4, 50_000.5).unwrap(), 0.1),
        (LinearDecay::schedule(1e-300, 10.0, 1e13).unwrap(), 1e-300),
    ] {
        check(&schedule, init, Steps::range(-600, 1, 70_000).unwrap());
        check(&schedule, init, Steps::range(66_559, -7, 10_000).unwrap());
    }
    for schedule in [
        LinearDecay::schedule(0.1, 123.4, 50_000.5).unwrap(),
        LinearDecay::schedule(1e-300, 10.0, 1e13).unwrap(),
    ] {
        same_as_exact(&schedule, Steps::range(-600, 1, 70_000).unwrap());
    }
}

#[test]
fn warmup_cosine_decay_sweeps() {
    // optax's linear warmup (Linear::Interp) then the cosine wave (exponent 1).
    sweep(
        WarmupCosineDecay::schedule(0.0, 1e-3, 1e5, 1e7, 1e-5, 1.0).unwrap(),
        1e-3,
    );
    sweep(
        WarmupCosineDecay::schedule(1e-4, 0.1, 5_000_000.0, 9_999_999.0, 0.0, 1.0).unwrap(),
        0.1,
    );
}

#[test]
fn one_cycle_sweeps() {
    // Two cosine interpolations (up to the peak, down to the floor).
    sweep(OneCycle::schedule(0.1, 1e7, 0.3, 25.0, 1e4).unwrap(), 0.1);
    sweep(
        OneCycle::schedule(2.0, 3_333_333.0, 0.7, 4.0, 1e2).unwrap(),
        2.0,
    );
}

#[test]
fn inverse_sqrt_sweeps() {
    sweep(InverseSqrt::schedule(0.1, 1e5, None).unwrap(), 0.1);
    sweep(
        InverseSqrt::schedule(1.0, 0.0, Some(12_345.5)).unwrap(),
        1.0,
    );
}

#[test]
fn inverse_sqrt_over_ranges_around_its_warmup() {
    // C/√(t + shift) with C = s · √τ: negative and tiny init values, a timescale far from
    // the warmup (τ = 3 puts t + shift near 0 at the end of a 10⁴-step warmup, τ = 10¹²
    // makes C large), ranges through the warmup's end and the negative steps before it.
    for (init, warmup, timescale) in [
        (0.1, 1e4, None),
        (-2.5, 1e4, Some(3.0)),
        (3e-7, 777.0, Some(1e12)),
        (1.0, 0.0, Some(0.5)),
    ] {
        let s = InverseSqrt::schedule(init, warmup, timescale).unwrap();
        ranges_around(&s, init.abs(), &[0, warmup as i64, 1 << 20]);
    }
}

#[test]
fn warmup_stable_decay_sweeps() {
    // The blends: a rise, then each decay shape.
    for (shape, m) in [
        (DecayShape::Cosine, 0.0),
        (DecayShape::Cosine, 0.1),
        (DecayShape::Linear, 0.05),
        (DecayShape::Sqrt, 0.0),
    ] {
        sweep(
            WarmupStableDecay::schedule(0.1, 1e6, 3e6, 6e6, m, shape).unwrap(),
            0.1,
        );
    }
}

#[test]
fn constant_sweep() {
    sweep(Constant::schedule(0.1).unwrap(), 0.1);
}

impl Rng {
    /// A length or offset spread over several orders of magnitude.
    fn magnitude(&mut self, max_log10: f64) -> f64 {
        10f64.powf(self.unit() * max_log10).round()
    }
}

fn random_schedule(rng: &mut Rng) -> (Schedule, f64) {
    let init = rng.pick(&[0.1, 1.0, -0.3, 2e-5, 7.0]) * (0.5 + rng.unit());
    let k = rng.magnitude(7.0) + rng.pick(&[0.0, 0.5, 0.25]);
    let far = rng.magnitude(5.0);
    let begin = rng.pick(&[0.0, 0.0, far]);
    let schedule: Schedule = match rng.next() % 5 {
        0 => CosineDecay::schedule(init, k, rng.pick(&[0.0, 0.1, 0.5, -0.3, 1.0])).unwrap(),
        1 => ExponentialDecay::schedule(
            init,
            rng.pick(&[0.5, 0.9, 0.95, 0.99, 1.0, 1.01]),
            k,
            begin,
            rng.next().is_multiple_of(4),
        )
        .unwrap(),
        2 => LinearDecay::schedule(init, rng.pick(&[0.0, k / 3.0]), k).unwrap(),
        3 => PolynomialDecay::schedule(
            init,
            rng.pick(&[0.0, 1e-3, init / 10.0]),
            rng.pick(&[1.0, 2.0, 3.0, 8.0, 0.5]),
            k,
            begin,
        )
        .unwrap(),
        _ => Constant::schedule(init).unwrap(),
    };
    (schedule, init)
}

#[test]
fn random_schedules_over_random_ranges() {
    let mut rng = Rng(0x5eed_0fa1_1ea1);
    for _ in 0..400 {
        let (schedule, init) = random_schedule(&mut rng);
        let len = rng.magnitude(4.7) as usize;
        let stride = rng.pick(&[1, 1, 1, 2, 7, -1, -3, 1000]);
        let far = rng.magnitude(6.0) as i64;
        let first = rng.pick(&[0, 1, -1, 511, 513]) * far;
        check(&schedule, init, Steps::range(first, stride, len).unwrap());
    }
}

#[test]
fn values_do_not_depend_on_where_a_range_is_cut() {
    let schedules: [Schedule; 5] = [
        CosineDecay::schedule(0.1, 50_000.0, 0.0).unwrap(),
        // A series per block, about its middle step, past t ≈ 14,000 (kernel/inverse_sqrt.rs).
        InverseSqrt::schedule(0.1, 1000.0, None).unwrap(),
        // The series of a general exponent: one per aligned cell, whatever range holds it.
        cosine_with_exponent(0.1, 50_000.0, 0.0, 3.7),
        ExponentialDecay::schedule(0.1, 0.9, 1000.0, 0.0, false).unwrap(),
        PolynomialDecay::schedule(1.0, 0.0, 2.0, 60_000.0, 0.0).unwrap(),
    ];
    for schedule in &schedules {
        let mut whole = vec![0.0f64; 50_000];
        evaluate(schedule, Steps::range(0, 1, 50_000).unwrap(), &mut whole).unwrap();
        for (start, len) in [(1, 4999), (12_345, 20_000), (40_001, 9999)] {
            let mut part = vec![0.0f64; len];
            evaluate(schedule, Steps::range(start, 1, len).unwrap(), &mut part).unwrap();
            let expected = &whole[start as usize..start as usize + len];
            assert_eq!(part, expected, "{schedule:?} from {start}");
        }
    }
}

#[test]
fn series_cells_near_the_end_do_not_depend_on_where_a_range_starts() {
    // Near t = k the series reach only small cells: a block whose own cell is beyond reach
    // is halved down to them whether a range holds all of it or starts inside it (the second
    // reader's case, e = 5.3: four starts between 47,000 and 49,000 gave other float64s).
    for exponent in [3.7, 5.3] {
        let schedule = cosine_with_exponent(0.1, 50_000.0, 0.0, exponent);
        let mut whole = vec![0.0f64; 50_000];
        evaluate(&schedule, Steps::range(0, 1, 50_000).unwrap(), &mut whole).unwrap();
        for start in (38_000..48_900).step_by(7) {
            let len = 50_000 - start;
            let mut part = vec![0.0f64; len];
            evaluate(
                &schedule,
                Steps::range(start as i64, 1, len).unwrap(),
                &mut part,
            )
            .unwrap();
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert!(
                bits(&part) == bits(&whole[start..]),
                "exponent {exponent}: the range from {start} differs"
            );
        }
    }
}

#[test]
fn underflowed_values_are_signed_zeros() {
    // 0.95^(t/10) with γ₀ = −0.01 passes below the smallest subnormal within 145,000 steps;
    // the value is then −0.01 · 0 = −0.
    let s: Schedule = ExponentialDecay::schedule(-0.01, 0.95, 10.0, 0.0, false).unwrap();
    let mut out = vec![1.0f64; 4096];
    evaluate(&s, Steps::range(200_000, 1, 4096).unwrap(), &mut out).unwrap();
    assert!(out.iter().all(|v| v.to_bits() == (-0.0f64).to_bits()));
}

#[test]
fn overflow_is_reported_at_its_first_step() {
    // 2^(t/100) leaves float32 at t = 12,800 (2^128) and float64 at t = 102,400 (2^1024).
    let s: Schedule = ExponentialDecay::schedule(1.0, 2.0, 100.0, 0.0, false).unwrap();
    let mut narrow = vec![0.0f32; 200_000];
    let err = evaluate(&s, Steps::range(0, 1, 200_000).unwrap(), &mut narrow).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the schedule's value at step 12800 is not finite"
    );
    let mut wide = vec![0.0f64; 200_000];
    let err = evaluate(&s, Steps::range(0, 1, 200_000).unwrap(), &mut wide).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the schedule's value at step 102400 is not finite"
    );
}

#[test]
fn arithmetic_stretches_of_s64_steps_take_the_range_path() {
    let s: Schedule = CosineDecay::schedule(0.1, 100_000.0, 0.0).unwrap();
    // A long run with stride 1, a few scattered steps, a long run with stride −3.
    let mut steps: Vec<i64> = (0..5000).collect();
    steps.extend([7, -2, 99_999, 12]);
    steps.extend((0..3000).map(|i| 90_000 - 3 * i));
    let bytes: Vec<u8> = steps.iter().flat_map(|s| s.to_ne_bytes()).collect();
    let as_s64 = Steps::s64(&bytes).unwrap();
    let floats: Vec<f64> = steps.iter().map(|&s| s as f64).collect();

    let mut narrow = vec![0.0f32; steps.len()];
    let mut reference = vec![0.0f32; steps.len()];
    evaluate(&s, as_s64, &mut narrow).unwrap();
    evaluate(&s, Steps::Values(&floats), &mut reference).unwrap();
    assert_eq!(narrow, reference);

    let mut wide = vec![0.0f64; steps.len()];
    evaluate(&s, as_s64, &mut wide).unwrap();
    let mut range = vec![0.0f64; 3000];
    evaluate(&s, Steps::range(90_000, -3, 3000).unwrap(), &mut range).unwrap();
    assert_eq!(&wide[5004..], &range[..]);
    check(&s, 0.1, as_s64);
}

/// Growth rates (`decay_rate > 1`): the value grows with the step, and the fast path's
/// rounding error grows with it, relative to the value (about |p ln r| ulps at exponent p),
/// past 1e-14 · (|γ₀| + |v|) once |p ln r| reaches a few dozen. Issue 12's parameters were
/// 5.8× outside the bound at step 4672.
/// `check` stops at a float32 overflow; growth overflows float32 long before float64, so the
/// float64 bound is checked here on its own.
fn check_f64(schedule: &Schedule, init: f64, steps: Steps<'_>) {
    let mut exact = vec![0.0f64; steps.len()];
    let mut wide = vec![0.0f64; steps.len()];
    let expected = evaluate_exact(schedule, steps, &mut exact);
    assert_eq!(evaluate(schedule, steps, &mut wide), expected);
    if expected.is_err() {
        return;
    }
    for (i, (&w, &e)) in wide.iter().zip(&exact).enumerate() {
        assert!(
            (w - e).abs() <= 1e-14 * (init.abs() + e.abs()),
            "{schedule:?}: f64 {w} vs exact {e} at index {i}"
        );
    }
}

#[test]
fn growth_rates_meet_the_f64_bound() {
    let issue = ExponentialDecay::schedule(3.3, 1.3, 3.671_133_171_767_01, 0.0, false).unwrap();
    check_f64(&issue, 3.3, Steps::range(689, 1, 4096).unwrap());
    let mut rng = Rng(0x6120_0715);
    for _ in 0..300 {
        let init = rng.pick(&[3.3, 1.0, -0.7, 1e-3, 250.0]) * (0.5 + rng.unit());
        let rate = 1.0 + rng.pick(&[1e-6, 1e-3, 0.05, 0.3, 1.0, 9.0]) * (0.5 + rng.unit());
        let k = rng.magnitude(4.0) + rng.pick(&[0.0, 0.5, 0.671_133_171_767_01]);
        let far = rng.magnitude(4.0);
        let begin = rng.pick(&[0.0, 0.0, far]);
        let schedule = ExponentialDecay::schedule(init, rate, k, begin, false).unwrap();
        let len = rng.magnitude(4.5) as usize + 1;
        let first = rng.magnitude(4.0) as i64;
        let stride = rng.pick(&[1, 1, 3, 17]);
        let steps = Steps::range(first, stride, len).unwrap();
        check(&schedule, init, steps);
        check_f64(&schedule, init, steps);
    }
}

/// A schedule from its JSON document, as the typed options read it.
fn by_name(json: &str) -> Schedule {
    let json = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    let spec = anneal_core::Spec::from_json_value(json).unwrap_or_else(|e| panic!("{e}"));
    Schedule::new(spec).unwrap()
}

/// Ranges that start at negative steps, on block and cycle boundaries and one step either
/// side of them, with strides other than 1.
fn ranges_around(schedule: &Schedule, init: f64, boundaries: &[i64]) {
    for &b in boundaries {
        for (first, stride, len) in [
            (b - 1, 1, 70_000),
            (b, 1, 3000),
            (b - 5000, 7, 20_000),
            (-b - 1, 3, 50_000),
            (b + 100_000, -1, 150_000),
            (b - 511, 1000, 4000),
        ] {
            check(schedule, init, Steps::range(first, stride, len).unwrap());
        }
    }
}

#[test]
fn exponential_decay_with_an_end_value_sweeps() {
    // optax's end_value clamps the decay (a floor) or the growth (a ceiling) at every step.
    for (rate, end, begin) in [(0.5, 1e-4, 0.0), (0.95, 0.05, 1234.0), (1.5, 0.3, 0.0)] {
        let s = by_name(&format!(
            r#"{{"kind": "exponential_decay", "init_value": 0.1, "decay_rate": {rate},
                "transition_steps": 1e5, "transition_begin": {begin}, "end_value": {end}}}"#
        ));
        sweep(s.clone(), 0.1);
        ranges_around(&s, 0.1, &[0, 1234, 512_000]);
    }
}

#[test]
fn cyclic_waves_of_constant_and_halving_height_sweep() {
    // Cycles of 3·10⁵ (up 10⁵, down 2·10⁵) and 2·64 + 1 steps; the triangle's corners at b − 1, b.
    // The slopes' divisors r and r − 1 as the kernel sorts them: 1/3 and 64/129 (divisions),
    // ½ (powers of two), ¼ and −¾ (a power and a short significand), r = 1 (no way down).
    for mode in ["triangular", "triangular2"] {
        for (up, down, boundaries) in [
            (1e5, 2e5, &[0, 100_000, 300_000, 900_000][..]),
            (64.0, 65.0, &[0, 64, 129, 1290][..]),
            (1e5 + 0.5, 1e5 - 0.25, &[0, 100_000, 200_000][..]),
            (2000.0, 2000.0, &[0, 2000, 4000, 996_000][..]),
            (250.0, 750.0, &[0, 250, 1000, 1_023_000][..]),
            (3000.5, 0.0, &[0, 3000, 3001, 6001][..]),
        ] {
            let s = by_name(&format!(
                r#"{{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1,
                    "step_size_up": {up}, "step_size_down": {down}, "mode": "{mode}"}}"#
            ));
            sweep(s.clone(), 0.1);
            ranges_around(&s, 0.1, boundaries);
        }
    }
}

#[test]
fn cosine_decay_restarts_sweeps() {
    // Periods of one length (t_mul = 1, k fractional too), growing and shrinking ones (past
    // their finite total, k/(1 − t_mul), the value is NaN: an error at that step), heights
    // that fall or grow by m_mul, floors α.
    for (k, t_mul, m_mul, alpha, boundaries) in [
        (1e5, 1.0, 1.0, 0.0, &[0, 100_000, 900_000][..]),
        (12_345.5, 1.0, 0.9, 0.1, &[0, 12_345, 24_691, 123_455][..]),
        (3e5, 2.0, 0.9, 0.0, &[0, 300_000, 900_000][..]),
        (1000.0, 1.5, 1.1, 0.05, &[0, 1000, 2500, 4750][..]),
        (4e6, 0.5, 1.0, 0.0, &[0, 4_000_000, 6_000_000][..]),
        (777.7, 1.01, 0.99, -0.2, &[0, 777, 1559][..]),
    ] {
        let s = by_name(&format!(
            r#"{{"kind": "cosine_decay_restarts", "init_value": 0.1, "first_decay_steps": {k},
                "t_mul": {t_mul}, "m_mul": {m_mul}, "alpha": {alpha}}}"#
        ));
        sweep(s.clone(), 0.1);
        ranges_around(&s, 0.1, boundaries);
    }
}

#[test]
fn cosine_with_hard_restarts_sweeps() {
    // n decays over d = training − warmup steps: whole and fractional cycle counts, cycles of
    // 64 steps and more, a warmup of 0 and a fractional one.
    for (warmup, training, cycles, boundaries) in [
        (1e6, 1e7, 3.0, &[0, 1_000_000, 4_000_000, 10_000_000][..]),
        (
            0.0,
            9_999_999.5,
            2.5,
            &[0, 3_999_999, 4_000_000, 8_000_000][..],
        ),
        (1234.5, 2e6, 7.0, &[1234, 1235, 287_000][..]),
        (0.0, 64.0 * 2000.0, 2000.0, &[0, 64, 127_936, 128_000][..]),
    ] {
        let s = by_name(&format!(
            r#"{{"kind": "cosine_with_hard_restarts", "init_value": 0.1,
                "warmup_steps": {warmup}, "training_steps": {training}, "num_cycles": {cycles}}}"#
        ));
        sweep(s.clone(), 0.1);
        ranges_around(&s, 0.1, boundaries);
    }
}

#[test]
fn cosine_warmups_sweep() {
    // Hugging Face's cosine warmup, s · ((1 − cos(πt/w))/2 · (1 − m) + m), then the stable
    // phase and a decay; warmups of 10⁶ steps and of 64.5, from negative steps on.
    for (warmup, m) in [(1e6, 0.0), (1e6, 0.1), (64.5, 0.5), (3e6 + 0.25, 1.0)] {
        let s = by_name(&format!(
            r#"{{"kind": "warmup_stable_decay", "init_value": 0.1, "warmup_steps": {warmup},
                "stable_steps": 1e6, "decay_steps": 2e6, "min_lr_ratio": {m},
                "warmup_type": "cosine", "decay_type": "cosine"}}"#
        ));
        sweep(s.clone(), 0.1);
        let w = warmup as i64;
        ranges_around(&s, 0.1, &[0, w, w + 1_000_000]);
    }
}

#[test]
fn cyclic_exp_range_sweeps() {
    // torch's exp_range: the height times γ^t, falling (γ < 1), barely (0.99999, the
    // benchmark's), growing, and past float64's normal range (γ^t below 2⁻⁹⁰⁰: exact formula).
    for (gamma, up, down) in [
        (0.99999, 2000.0, 6000.0),
        (0.9999, 1e5, 1e5 + 0.5),
        (1.000001, 64.0, 64.0),
        (0.999, 3000.0, 1000.0),
    ] {
        let s = by_name(&format!(
            r#"{{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": {up},
                "step_size_down": {down}, "mode": "exp_range", "gamma": {gamma}}}"#
        ));
        sweep(s.clone(), 0.1);
        ranges_around(&s, 0.1, &[0, up as i64, (up + down) as i64, 700_000]);
    }
}

/// A product's fast values against its exact ones: `f32` bit-identical to `value(step) as
/// f32` (the same error at the same step where a value is not finite); the exact value the
/// written-out product ((x₁ · x₂) · x₃) · … of the factors' own values; `f64` within the
/// factors' bounds carried through the product: Σᵢ εᵢ · Πⱼ≠ᵢ (|xⱼ| + εⱼ) plus 2⁻⁵⁰ · Π (|xⱼ|
/// + εⱼ) for the roundings, with εᵢ = 1e-14 · (|initᵢ| + |xᵢ|).
fn check_product(schedule: &Schedule, factors: &[(Schedule, f64)], steps: Steps<'_>) {
    let mut narrow = vec![0.0f32; steps.len()];
    let mut reference = vec![0.0f32; steps.len()];
    let expected = evaluate_exact(schedule, steps, &mut reference);
    assert_eq!(
        evaluate(schedule, steps, &mut narrow),
        expected,
        "{schedule:?}"
    );
    if expected.is_ok() {
        let same = narrow
            .iter()
            .zip(&reference)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        let first = (0..narrow.len()).find(|&i| narrow[i].to_bits() != reference[i].to_bits());
        assert!(same, "{schedule:?}: f32 differs first at index {first:?}");
    }
    let mut exact = vec![0.0f64; steps.len()];
    let mut wide = vec![0.0f64; steps.len()];
    let expected = evaluate_exact(schedule, steps, &mut exact);
    assert_eq!(
        evaluate(schedule, steps, &mut wide),
        expected,
        "{schedule:?}"
    );
    if expected.is_err() {
        return;
    }
    for (i, t) in steps.to_vec().into_iter().enumerate() {
        let xs: Vec<f64> = factors.iter().map(|(f, _)| f.value(t)).collect();
        let written = xs[1..].iter().fold(xs[0], |p, x| p * x);
        assert_eq!(exact[i].to_bits(), written.to_bits(), "{schedule:?} at {t}");
        let eps: Vec<f64> = factors
            .iter()
            .zip(&xs)
            .map(|((_, init), x)| 1e-14 * (init.abs() + x.abs()))
            .collect();
        let reach = |skip: usize| -> f64 {
            let others = xs.iter().zip(&eps).enumerate().filter(|&(j, _)| j != skip);
            others.map(|(_, (x, e))| x.abs() + e).product()
        };
        let bound: f64 = eps
            .iter()
            .enumerate()
            .map(|(i, e)| e * reach(i))
            .sum::<f64>()
            + reach(usize::MAX) / (1u64 << 50) as f64;
        assert!(
            wide[i] == exact[i] || (wide[i] - exact[i]).abs() <= bound,
            "{schedule:?}: f64 {} vs exact {} at step {t}",
            wide[i],
            exact[i]
        );
    }
}

/// Two or three random factors (each with its init value for the bound).
fn random_factors(rng: &mut Rng) -> Vec<(Schedule, f64)> {
    (0..2 + rng.below(2))
        .map(|_| random_schedule(rng))
        .collect()
}

fn product(factors: &[(Schedule, f64)]) -> Schedule {
    Multiply::schedule(factors.iter().map(|(s, _)| s.clone()).collect()).unwrap()
}

#[test]
fn products_of_random_factors_over_random_ranges() {
    let mut rng = Rng(0x0d0c_7a11);
    for _ in 0..300 {
        let factors = random_factors(&mut rng);
        let len = rng.magnitude(4.7) as usize;
        let stride = rng.pick(&[1, 1, 1, 2, 7, -1, -3, 1000]);
        let first = rng.pick(&[0, 1, -1, 511, 513]) * rng.magnitude(6.0) as i64;
        let steps = Steps::range(first, stride, len).unwrap();
        check_product(&product(&factors), &factors, steps);
    }
}

#[test]
fn product_sweeps() {
    // The benchmark's product, a cosine times a fast decay, and a decay far into float32's
    // subnormals times a large constant (its small values must not be taken for zero).
    let steps = Steps::range(0, 1, N).unwrap();
    let cases: [Vec<(Schedule, f64)>; 3] = [
        vec![
            (CosineDecay::schedule(0.1, 1e7, 0.0).unwrap(), 0.1),
            (
                ExponentialDecay::schedule(1.0, 0.5, 1e6, 0.0, false).unwrap(),
                1.0,
            ),
        ],
        vec![
            (LinearDecay::schedule(1.0, 1e5, 1e7).unwrap(), 1.0),
            (
                PolynomialDecay::schedule(0.1, 1e-3, 2.0, 5e6, 0.0).unwrap(),
                0.1,
            ),
            (Constant::schedule(-3.0).unwrap(), 3.0),
        ],
        vec![
            (
                ExponentialDecay::schedule(1.0, 0.5, 1e4, 0.0, false).unwrap(),
                1.0,
            ),
            (Constant::schedule(1e30).unwrap(), 1e30),
        ],
    ];
    for factors in &cases {
        check_product(&product(factors), factors, steps);
    }
}

#[test]
fn the_benchmarks_product_over_ranges_and_at_block_edges() {
    // bench/schedules.exs's `multiply` row: cosine_decay(0.1, decay_steps: n) times
    // exponential_decay(1.0, transition_steps: n/100) with Axon's default decay_rate 0.95,
    // at its two sizes. The product's blocks take the dropped-bits check where both factors'
    // block bounds are relative (most of them), the interval check where that check fails,
    // and bounds per step near n, where the cosine nears zero (its bound turns absolute). In
    // f32, every range gives the exact path's bits: the whole range, and ranges that start
    // and end at, just before and just after block edges (multiples of 512 steps), there and
    // near n, with strides of both signs (blocks at other steps); stride-1 ranges also give
    // the whole range's bits at the same steps (values do not depend on where a range starts).
    for n in [1_000_000i64, 10_000_000] {
        let factors = vec![
            (CosineDecay::schedule(0.1, n as f64, 0.0).unwrap(), 0.1),
            (
                ExponentialDecay::schedule(1.0, 0.95, (n / 100) as f64, 0.0, false).unwrap(),
                1.0,
            ),
        ];
        let s = product(&factors);
        let whole = Steps::range(0, 1, n as usize).unwrap();
        check_product(&s, &factors, whole);
        let mut all = vec![0.0f32; n as usize];
        evaluate(&s, whole, &mut all).unwrap();
        let edges = [512, 1024, 512 * 977, n / 2, n - 512 * 3, n - 512, n];
        for edge in edges {
            for (shift, len) in [(-1, 2), (0, 1), (1, 511), (-513, 1026), (-1, 5000)] {
                let first = edge + shift;
                for stride in [1, 3, -1, -7] {
                    let steps = Steps::range(first, stride, len).unwrap();
                    check_product(&s, &factors, steps);
                    let in_range = first >= 0 && first + (len as i64) <= n;
                    if stride == 1 && in_range {
                        let mut part = vec![0.0f32; len];
                        evaluate(&s, steps, &mut part).unwrap();
                        let at = &all[first as usize..first as usize + len];
                        let same = part.iter().zip(at).all(|(a, b)| a.to_bits() == b.to_bits());
                        assert!(
                            same,
                            "n = {n}: the range from {first} differs from the whole"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn products_whose_bounds_stop_being_relative() {
    // A block's product has one relative bound while its factors' bounds are relative (the
    // exponential's and the linear decay's are); the cosine near the end of its decay (α = 0)
    // has values near zero whose bounds are not, and is exactly zero after it. In each order,
    // so that the bound turns per step at the first, a middle and the last factor, over ranges
    // that cross the cosine's end.
    let cosine = (CosineDecay::schedule(0.1, 1e5, 0.0).unwrap(), 0.1);
    let decay = (
        ExponentialDecay::schedule(1.0, 0.5, 1e4, 0.0, false).unwrap(),
        1.0,
    );
    let linear = (LinearDecay::schedule(2.0, 0.0, 1e6).unwrap(), 2.0);
    let orders = [
        [cosine.clone(), decay.clone(), linear.clone()],
        [decay.clone(), cosine.clone(), linear.clone()],
        [decay, linear, cosine],
    ];
    for factors in orders {
        for (first, stride, len) in [(90_000, 1, 20_000), (0, 7, 20_000), (99_000, 3, 2_000)] {
            let steps = Steps::range(first, stride, len).unwrap();
            check_product(&product(&factors), &factors, steps);
        }
    }
}

#[test]
fn products_of_subnormal_factors_scaled_into_range() {
    // Factors whose values are subnormal in float64, times 2^1000: a kernel's bounds are
    // relative and do not hold there, and the product brings the values back into float32's
    // range (the second reader's cases; before the fix, 75% of the first one's steps differed).
    let big = 2f64.powi(1000);
    let tiny = f64::from_bits(12345);
    let factors = [
        (
            CosineDecay::schedule(6.099e-320, 1e6, 0.3).unwrap(),
            6.099e-320,
        ),
        (CosineDecay::schedule(1e-310, 1e6, 0.3).unwrap(), 1e-310),
        (LinearDecay::schedule(tiny, 0.0, 1e6).unwrap(), tiny),
    ];
    let steps = Steps::range(0, 1, 1_000_000).unwrap();
    for factor in factors {
        let factors = vec![factor, (Constant::schedule(big).unwrap(), big)];
        check_product(&product(&factors), &factors, steps);
    }
}

/// The f32 and f64 outputs of `schedule` over `steps`, fast against exact: the same result
/// (an error at the same step) and, where both succeed, the same float32 bits and float64s
/// within 1e-14 · |value| (a product of two factors, one of them exact).
fn same_as_exact(schedule: &Schedule, steps: Steps<'_>) {
    let mut fast = vec![0.0f32; steps.len()];
    let mut exact = vec![0.0f32; steps.len()];
    let (a, b) = (
        evaluate(schedule, steps, &mut fast),
        evaluate_exact(schedule, steps, &mut exact),
    );
    assert_eq!(a, b, "f32: {schedule:?}");
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    if a.is_ok() {
        assert!(bits(&fast) == bits(&exact), "f32 bits: {schedule:?}");
    }
    let mut fast = vec![0.0f64; steps.len()];
    let mut exact = vec![0.0f64; steps.len()];
    let (a, b) = (
        evaluate(schedule, steps, &mut fast),
        evaluate_exact(schedule, steps, &mut exact),
    );
    assert_eq!(a, b, "f64: {schedule:?}");
    if a.is_ok() {
        for (v, x) in fast.iter().zip(&exact) {
            assert!((v - x).abs() <= 1e-14 * x.abs(), "f64: {v} against {x}");
        }
    }
}

#[test]
fn a_zero_factor_keeps_the_sign_of_the_exact_paths_zero() {
    // 0 · p(t), p a polynomial decay from 1 to −5/26 over 3.1e7 steps: p crosses zero at t =
    // 2.6e7, where its fast value is +2.8e-17 and its exact one −2.8e-17, so the exact path's
    // product there is −0.0 (the second reader's case: the fast product gave +0.0).
    let poly = PolynomialDecay::schedule(1.0, -5.0 / 26.0, 1.0, 3.1e7, 0.0).unwrap();
    let zero = Constant::schedule(0.0).unwrap();
    let steps = Steps::range(26_000_000 - 1024, 1, 2048).unwrap();
    for factors in [vec![zero.clone(), poly.clone()], vec![poly, zero]] {
        same_as_exact(&Multiply::schedule(factors).unwrap(), steps);
    }
}

#[test]
fn a_product_that_overflows_in_the_exact_path_only_fails_there() {
    // (C · 2^(t/1000)) · 2^-1000 with C the smallest float64 for which the exact path's first
    // product overflows at t = 20001: the fast value of 2^(t/1000) may be an ulp lower, and
    // the small last factor brings the fast product back into range (the second reader's
    // case: the fast path returned values where the exact one fails at 20001).
    let growth = ExponentialDecay::schedule(1.0, 2.0, 1000.0, 0.0, false).unwrap();
    for t in [20_001i64, 20_137, 20_399] {
        let x = growth.value(t as f64);
        let mut c = f64::MAX / x;
        while (c * x).is_finite() {
            c = c.next_up();
        }
        let factors = vec![
            Constant::schedule(c).unwrap(),
            growth.clone(),
            Constant::schedule(2f64.powi(-1000)).unwrap(),
        ];
        let s = Multiply::schedule(factors).unwrap();
        for (first, len) in [(t - 1023, 1024), (t - 1000, 2048)] {
            same_as_exact(&s, Steps::range(first, 1, len).unwrap());
        }
    }
}

#[test]
fn a_partial_product_near_overflow_takes_the_exact_path() {
    // C · f(t) · 2^-1000, f the end of a one-cycle's annealing of peak 2^960, and C the
    // smallest float64 for which the exact path's first product overflows at the largest
    // exact value of f in the range. From the fast values alone, the reach of the first two
    // factors is finite but above 2^1000, and the last factor brings it back below (the
    // second reader's case: the reach was compared once, after the last factor, and the
    // fast path returned values where the exact one fails). Every block must take the exact
    // path and fail as it does. Either guard catches it: the comparison after every factor,
    // and the f64 error term (2^-45 of f's peak, which alone takes the reach past overflow).
    let f = OneCycle::schedule(2f64.powi(960), 1e6, 0.5, 25.0, 1e4).unwrap();
    let (first, len) = (998_912i64, 1088);
    let steps = Steps::range(first, 1, len).unwrap();
    let one = Multiply::schedule(vec![Constant::schedule(1.0).unwrap(), f.clone()]).unwrap();
    let mut fast = vec![0.0f64; len];
    evaluate(&one, steps, &mut fast).unwrap();
    let fast_top = fast.iter().map(|v| v.abs()).fold(0.0, f64::max);
    let exact_top = (0..len)
        .map(|j| f.value((first + j as i64) as f64).abs())
        .fold(0.0, f64::max);
    let mut c = f64::MAX / exact_top;
    while (c * exact_top).is_finite() {
        c = c.next_up();
    }
    let (partial, tiny) = (c * fast_top * (1.0 + 2f64.powi(-50)), 2f64.powi(-1000));
    assert!(partial.is_finite() && partial * tiny < 2f64.powi(1000));
    let factors = vec![
        Constant::schedule(c).unwrap(),
        f,
        Constant::schedule(tiny).unwrap(),
    ];
    let s = Multiply::schedule(factors).unwrap();
    let mut wide = vec![0.0f64; len];
    let mut exact = vec![0.0f64; len];
    let expected = evaluate_exact(&s, steps, &mut exact);
    assert!(expected.is_err());
    assert_eq!(evaluate(&s, steps, &mut wide), expected);
}

#[test]
fn a_cosine_of_zeros_keeps_the_exact_paths_signed_zeros() {
    // init_value 0 and alpha -0.5: a = 0 · α = -0 and b = +0, so a + b · c² is +0 where the
    // exact path's 0 · ((1 - α)w + α) is -0, once (1 - α)w + α < 0 (the second reader's case:
    // 39,182 of 2·10⁵ f32 steps had the wrong sign at exponent 1).
    for exponent in [1.0, 1.5, 2.0, 3.7] {
        let s = Schedule::new(CosineDecay {
            init_value: 0.0,
            decay_steps: 1e5,
            alpha: -0.5,
            exponent,
        })
        .unwrap();
        same_as_exact(&s, Steps::range(0, 1, 200_000).unwrap());
    }
}

#[test]
fn a_product_far_from_its_exact_value_rounds_as_the_exact_path() {
    // 2^1000 · 0.5^(t/4e6) · 2^-100: at t/k ≈ 874.6 the exponential's fast value is about 600
    // ulps from its exact one, and the product takes the relative path and its one-pass check
    // on dropped mantissa bits; at these steps (found by the second reader, out of 37 in 10⁸)
    // the fast product and the exact one round to different float32s, so a check that
    // passes them gives the wrong float32.
    let factors = vec![
        ExponentialDecay::schedule(2f64.powi(1000), 0.5, 4e6, 0.0, false).unwrap(),
        Constant::schedule(2f64.powi(-100)).unwrap(),
    ];
    let s = Multiply::schedule(factors).unwrap();
    for t in [3_498_629_644i64, 3_500_415_198, 3_502_160_686] {
        let steps = Steps::range(t - 600, 1, 1200).unwrap();
        let mut fast = vec![0.0f32; steps.len()];
        let mut exact = vec![0.0f32; steps.len()];
        evaluate(&s, steps, &mut fast).unwrap();
        evaluate_exact(&s, steps, &mut exact).unwrap();
        for (j, (v, x)) in fast.iter().zip(&exact).enumerate() {
            assert_eq!(v.to_bits(), x.to_bits(), "step {}", t - 600 + j as i64);
        }
    }
}

#[test]
fn a_product_below_float32s_normals_is_checked_on_its_range_too() {
    // The exponential of the test above, 600 ulps from its exact value at step t, times a
    // constant C that puts the midpoint of the two values on a rounding boundary of float32's
    // subnormals, B = (2¹⁰ + 1) · 2⁻¹⁵⁰: the fast product and the exact one round to the two
    // subnormals on either side of B. B's low 42 mantissa bits are 0, far from the halfway
    // bits the dropped-bits check looks at (it assumes float32's spacing in the value's own
    // binade, 2⁻¹⁶³ here, not the subnormals' 2⁻¹⁴⁹), so only the check's range test (|p| ≥
    // 2⁻¹²⁶) sends the step to the exact formula: a product that skipped it wherever its
    // lower bound is not known to be normal would write the fast product's float32. The
    // premise (asserted) rests on the exponential kernel's error at t: a more accurate kernel
    // needs another t (or another way to build two values around B).
    let decay = ExponentialDecay::schedule(2f64.powi(1000), 0.5, 4e6, 0.0, false).unwrap();
    let t = 3_498_629_644i64;
    let steps = Steps::range(t - 600, 1, 1200).unwrap();
    let (mut fast, mut exact) = (vec![0.0f64; 1200], vec![0.0f64; 1200]);
    evaluate(&decay, steps, &mut fast).unwrap();
    evaluate_exact(&decay, steps, &mut exact).unwrap();
    let (p, x) = (fast[600], exact[600]);
    let boundary = 1025.0 * 2f64.powi(-150);
    let c = boundary / ((p + x) / 2.0);
    assert_ne!(
        (p * c) as f32,
        (x * c) as f32,
        "premise: {p:e} and {x:e} round apart"
    );
    let s = Multiply::schedule(vec![decay, Constant::schedule(c).unwrap()]).unwrap();
    let (mut fast, mut exact) = (vec![0.0f32; 1200], vec![0.0f32; 1200]);
    evaluate(&s, steps, &mut fast).unwrap();
    evaluate_exact(&s, steps, &mut exact).unwrap();
    assert_eq!(exact[600], (x * c) as f32);
    assert_eq!(fast[600].to_bits(), exact[600].to_bits());
}

#[test]
fn an_exponential_below_float32s_normals_is_checked_on_its_range_too() {
    // The same for one kernel (the range check that `Kernel::magnitudes` lets a block skip
    // where its values are float32-normal): the decay's initial value scaled until its fast
    // and exact values at step t lie on either side of the subnormal boundary B (each round
    // rescales by B over their midpoint; the fast value's 600 ulps keep them apart, a premise
    // that a more accurate exponential kernel would break: the test then panics, saying so).
    let t = 3_498_629_644i64;
    let steps = Steps::range(t - 600, 1, 1200).unwrap();
    let boundary = 1025.0 * 2f64.powi(-150);
    let mut init = 2f64.powi(1000);
    for _ in 0..8 {
        let decay = ExponentialDecay::schedule(init, 0.5, 4e6, 0.0, false).unwrap();
        let (mut fast, mut exact) = (vec![0.0f64; 1200], vec![0.0f64; 1200]);
        evaluate(&decay, steps, &mut fast).unwrap();
        evaluate_exact(&decay, steps, &mut exact).unwrap();
        let (p, x) = (fast[600], exact[600]);
        if (p < boundary) != (x < boundary) {
            assert_ne!(p as f32, x as f32, "premise: {p:e} and {x:e} round apart");
            let mut narrow = vec![0.0f32; 1200];
            evaluate(&decay, steps, &mut narrow).unwrap();
            assert_eq!(narrow[600].to_bits(), (x as f32).to_bits());
            return;
        }
        init *= boundary / ((p + x) / 2.0);
    }
    panic!("premise: no initial value puts the fast and exact values around the boundary");
}

/// Scales `schedule(scale)`'s value at a step t onto the float32 subnormals' rounding
/// boundary B = (2¹⁰ + 1) · 2⁻¹⁵⁰ and steps the scale an ulp at a time across it, at steps t
/// from `t` on, until the fast and exact float64 values at t round to the two float32s on
/// either side of B (the kernel's error puts them apart at some step and scale; B's low 42
/// mantissa bits are 0, far from the halfway bits of the dropped-bits check, which assumes
/// float32's spacing in the value's own binade); there `f32` output must still give the
/// exact value's float32: only the check's range test (|v| ≥ 2⁻¹²⁶), which a part skips
/// where the kernel's `Kernel::magnitudes` puts its values in float32's normals, sends the
/// step to the exact formula. Panics, saying so, where no step of 256 and scale does it.
fn rounds_right_around_a_subnormal_boundary(schedule: impl Fn(f64) -> Schedule, t: i64) {
    let boundary = 1025.0 * 2f64.powi(-150);
    for t in (0..256).map(|i| t + 97 * i) {
        let steps = Steps::range(t - 600, 1, 1200).unwrap();
        let at = |s: &Schedule| {
            let (mut fast, mut exact) = (vec![0.0f64; 1200], vec![0.0f64; 1200]);
            evaluate(s, steps, &mut fast).unwrap();
            evaluate_exact(s, steps, &mut exact).unwrap();
            (fast[600], exact[600])
        };
        let (p, x) = at(&schedule(1.0));
        let mut scale = (0..8).fold(boundary / ((p + x) / 2.0), |s, _| s.next_down());
        for _ in 0..16 {
            let s = schedule(scale);
            let (p, x) = at(&s);
            if p as f32 != x as f32 && (p - boundary).abs() < 1e-3 * boundary {
                let mut narrow = vec![0.0f32; 1200];
                evaluate(&s, steps, &mut narrow).unwrap();
                assert_eq!(narrow[600].to_bits(), (x as f32).to_bits(), "{s:?} at {t}");
                return;
            }
            scale = scale.next_up();
        }
    }
    panic!("premise: no step and scale put the fast and exact values around the boundary");
}

#[test]
fn a_line_below_float32s_normals_is_checked_on_its_range_too() {
    // A linear decay over n = 3 · 2²⁰ + 1 steps (1/n inexact), at a step in its middle.
    let n = 3_145_729i64;
    let line = |init| LinearDecay::schedule(init, 0.0, n as f64).unwrap();
    rounds_right_around_a_subnormal_boundary(line, n / 2 + 12_345);
}

#[test]
fn a_polynomial_below_float32s_normals_is_checked_on_its_range_too() {
    // A quadratic decay to 0 over k = 3 · 2²⁰ + 1 steps, at a step in its middle.
    let k = 3_145_729i64;
    let decay = |init| PolynomialDecay::schedule(init, 0.0, 2.0, k as f64, 0.0).unwrap();
    rounds_right_around_a_subnormal_boundary(decay, k / 2 + 12_345);
}

#[test]
fn products_that_overflow_fail_at_their_first_step() {
    // 2^(t/100) · 2^(t/100) = 2^(t/50) leaves float32 at t = 6400 and float64 at 51,200.
    let growth = ExponentialDecay::schedule(1.0, 2.0, 100.0, 0.0, false).unwrap();
    let s = Multiply::schedule(vec![growth.clone(), growth]).unwrap();
    let steps = Steps::range(0, 1, 100_000).unwrap();
    let mut narrow = vec![0.0f32; steps.len()];
    let err = evaluate(&s, steps, &mut narrow).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the schedule's value at step 6400 is not finite"
    );
    let mut wide = vec![0.0f64; steps.len()];
    let err = evaluate(&s, steps, &mut wide).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the schedule's value at step 51200 is not finite"
    );
}

#[test]
fn joins_shifts_and_nests_of_products_match_the_exact_path() {
    let mut rng = Rng(0x009e_57ed);
    for round in 0..60 {
        let a = random_factors(&mut rng);
        let b = random_factors(&mut rng);
        let (pa, pb) = (product(&a), product(&b));
        let cut = rng.magnitude(5.0);
        let (single, init) = random_schedule(&mut rng);
        let restarts = CosineDecayRestarts::schedule(0.1, 3000.0, 2.0, 0.9, 0.0).unwrap();
        // Each case: the schedule and factors whose product it is (for the f64 bound).
        let (schedule, factors): (Schedule, Vec<(Schedule, f64)>) = match round % 6 {
            // A join of a product and a single schedule (padded with ones).
            0 => {
                let join = Join::schedule(vec![single.clone(), pa.clone()], vec![cut]).unwrap();
                let ones = Join::schedule(
                    vec![Constant::schedule(1.0).unwrap(), a[1].0.clone()],
                    vec![cut],
                )
                .unwrap();
                let first = Join::schedule(vec![single, a[0].0.clone()], vec![cut]).unwrap();
                // Padding with ones: the first factor carries the single schedule.
                let rest = a[2..].iter().map(|(f, i)| {
                    let padded = Join::schedule(
                        vec![Constant::schedule(1.0).unwrap(), f.clone()],
                        vec![cut],
                    );
                    (padded.unwrap(), *i)
                });
                let mut factors = vec![(first, init.abs().max(a[0].1.abs())), (ones, a[1].1)];
                factors.extend(rest);
                (join, factors)
            }
            // A shift of a product.
            1 => {
                let shifted = |f: &Schedule| Shift::schedule(f.clone(), cut).unwrap();
                let factors = a.iter().map(|(f, i)| (shifted(f), *i)).collect();
                (shifted(&pa), factors)
            }
            // A product of joins.
            2 => {
                let join = |x: &Schedule, y: &Schedule| {
                    Join::schedule(vec![x.clone(), y.clone()], vec![cut]).unwrap()
                };
                let factors = vec![
                    (join(&a[0].0, &b[0].0), a[0].1.abs().max(b[0].1.abs())),
                    (join(&a[1].0, &b[1].0), a[1].1.abs().max(b[1].1.abs())),
                ];
                (product(&factors), factors)
            }
            // A product of products: their factors one after another.
            3 => {
                let nested = Multiply::schedule(vec![pa, pb]).unwrap();
                (nested, a.into_iter().chain(b).collect())
            }
            // Restarts as a factor (the exact formula there).
            4 => {
                let mut factors = a;
                factors.push((restarts, 0.1));
                (product(&factors), factors)
            }
            // A fractional shift: frames whose offsets are not whole steps take the exact
            // formula.
            _ => {
                let by = cut + 0.5;
                let shifted = |f: &Schedule| Shift::schedule(f.clone(), by).unwrap();
                let factors = a.iter().map(|(f, i)| (shifted(f), *i)).collect();
                (shifted(&pa), factors)
            }
        };
        let len = rng.magnitude(4.7) as usize + 1;
        let stride = rng.pick(&[1, 1, 3, -1, 17]);
        let first = rng.pick(&[0, 1, -1]) * rng.magnitude(5.5) as i64;
        let steps = Steps::range(first, stride, len).unwrap();
        check_product(&schedule, &factors, steps);
    }
}

/// optax's `cosine_decay` with an exponent, as the typed options read it.
fn cosine_with_exponent(init: f64, k: f64, alpha: f64, exponent: f64) -> Schedule {
    by_name(&format!(
        r#"{{"kind": "cosine_decay", "init_value": {init}, "decay_steps": {k},
            "alpha": {alpha}, "exponent": {exponent}}}"#
    ))
}

#[test]
fn cosine_decay_with_an_exponent_sweeps() {
    // Whole exponents and halves (|c|^2e by squaring rotated c: 0.5, 1.5, 2, 2.5, 3, 40),
    // fractions below 1 (steep near t = k, where c → 0), general ones by the series (3.7,
    // 8.3 near their f64 limit of 8.40 for α = 0; 3.7 over a wave of 4096 steps, whose cells
    // must shrink), large ones (f64 beyond the kernels' bounds takes the exact formula), 0
    // (W⁰ = 1: constant);
    // floors α of 0, near 1 and negative; a negative init_value; ranges around 0, k/2 (where
    // the cosine half meets the sine half) and k.
    for (init, k, alpha, e) in [
        (0.1, 1e6, 0.0, 2.0),
        (1.0, 3_333_333.5, 0.1, 0.5),
        (-2.5, 1e6, 0.999, 3.0),
        (3e-3, 777_777.0, 0.0, 3.7),
        (0.1, 1e6, 0.0, 8.3),
        (0.5, 4096.0, 0.0, 3.7),
        (0.1, 1e6, 0.05, 0.01),
        (1.0, 1e5, 0.0, 40.0),
        (0.7, 5e5, -0.5, 150.5),
        (0.1, 2e6, 0.2, 0.0),
        (2.0, 64.5, 0.0, 0.3),
        (0.3, 2e6, 0.0, 1.5),
        (-1.0, 1_234_567.0, 0.1, 2.5),
    ] {
        let s = cosine_with_exponent(init, k, alpha, e);
        sweep(s.clone(), init);
        let k = k as i64;
        ranges_around(&s, init, &[0, k / 2, k]);
    }
}

#[test]
fn cosine_decay_with_an_exponent_at_its_landmarks() {
    // s = 2, α = 0.5, e = 2 at t = k/2: W = ½(1 + cos(π/2)) = ½, W² = ¼, 2 · (0.5 · ¼ + 0.5)
    // = 1.25; at t = 0: W = 1, 2; from k on: W = 0, 2 · 0.5 = 1. e = ½ at k/2: √½ · 0.5 + 0.5.
    let whole = cosine_with_exponent(2.0, 1e6, 0.5, 2.0);
    let root = cosine_with_exponent(2.0, 1e6, 0.5, 0.5);
    let half = 2.0 * (0.5 * std::f64::consts::FRAC_1_SQRT_2 + 0.5);
    for (s, at_half) in [(whole, 1.25), (root, half)] {
        let mut out = vec![0.0f64; 1_200_000];
        evaluate(&s, Steps::range(0, 1, out.len()).unwrap(), &mut out).unwrap();
        assert_eq!(out[0], 2.0);
        assert!((out[500_000] - at_half).abs() <= 1e-15, "{}", out[500_000]);
        assert_eq!(out[1_000_000], 1.0);
        assert_eq!(out[1_199_999], 1.0);
    }
}

#[test]
fn random_cosine_decays_with_an_exponent_over_random_ranges() {
    let mut rng = Rng(0xc05_e0e_0e1);
    for _ in 0..300 {
        let init = rng.pick(&[0.1, 1.0, -0.3, 2e-5, 7.0]) * (0.5 + rng.unit());
        let k = rng.magnitude(6.5) + rng.pick(&[0.0, 0.5, 0.25]);
        let alpha = rng.pick(&[0.0, 0.1, 0.5, -0.3, 0.999, 1.0]);
        let (u, v) = (rng.unit(), rng.unit());
        let e = rng.pick(&[2.0, 3.0, 5.0, 0.5, 0.1, 1.5, 2.5 + u, v, 12.0, 64.0 * u]);
        let s = cosine_with_exponent(init, k, alpha, e);
        let len = rng.magnitude(4.7) as usize + 1;
        let stride = rng.pick(&[1, 1, 1, 2, 7, -1, -3, 1000]);
        let far = rng.magnitude(6.0) as i64;
        let first = rng.pick(&[0, 1, -1, 511, 513]) * far
            + rng.pick(&[0, k as i64 - 3000, k as i64 / 2 - 100]);
        check(&s, init, Steps::range(first, stride, len).unwrap());
    }
}
