//! Plans: the phase boundaries and horizon every kind's plan gives, derived by hand from each
//! peer's formula (the boundaries Anneal.Schedule.Phases draws today), and that each boundary
//! b is where the segment changes: b − 1 is in the segment before, b in the one that begins.

mod common;

use anneal_core::{
    Constant, CosineDecay, CosineDecayRestarts, DecayShape, ExponentialDecay, Join, LinearDecay,
    OneCycle, PiecewiseConstant, PolynomialDecay, Schedule, WarmupCosineDecay, WarmupStableDecay,
};
use common::random_schedule::KINDS;
use common::rng::Rng;

fn boundaries(s: &Schedule) -> Vec<(String, f64)> {
    s.plan()
        .boundaries()
        .into_iter()
        .map(|(label, step)| (label.to_string(), step))
        .collect()
}

fn expect(s: Schedule, expected: &[(&str, f64)], horizon: Option<f64>) {
    let expected: Vec<(String, f64)> = expected.iter().map(|&(l, b)| (l.to_string(), b)).collect();
    assert_eq!(boundaries(&s), expected);
    assert_eq!(s.plan().horizon(), horizon);
    for (_, b) in expected {
        // The segment that begins at b holds b, not b − 1.
        assert_ne!(s.plan().index(b - 1.0), s.plan().index(b), "at {b}");
    }
}

#[test]
fn each_kind_marks_the_boundaries_of_its_peer() {
    expect(Constant::schedule(0.1).unwrap(), &[], None);
    expect(
        CosineDecay::schedule(0.1, 1000.0, 0.0).unwrap(),
        &[("decay end", 1000.0)],
        Some(1000.0),
    );
    // transition_begin 0 marks nothing; 5 marks where the decay begins. The horizon is where
    // the value has changed 100-fold: 0.5⁷ < 1/100 ≤ 0.5⁶, seven transitions of 10 steps.
    expect(
        ExponentialDecay::schedule(0.1, 0.5, 10.0, 0.0, false).unwrap(),
        &[],
        Some(70.0),
    );
    expect(
        ExponentialDecay::schedule(0.1, 0.5, 10.0, 5.0, true).unwrap(),
        &[("decay begins", 5.0)],
        Some(75.0),
    );
    // A rate of 1 never changes: one transition.
    expect(
        ExponentialDecay::schedule(0.1, 1.0, 10.0, 0.0, false).unwrap(),
        &[],
        Some(10.0),
    );
    // Hugging Face's inverse square root: the warmup, then 10 timescales (τ = w = 100).
    expect(
        anneal_core::InverseSqrt::schedule(0.1, 100.0, None).unwrap(),
        &[("warmup end", 100.0)],
        Some(1100.0),
    );
    expect(
        LinearDecay::schedule(0.1, 100.0, 1000.0).unwrap(),
        &[("warmup end", 100.0), ("decay end", 1000.0)],
        Some(1000.0),
    );
    // The decay ends at transition_begin + transition_steps = 3 + 10.
    expect(
        PolynomialDecay::schedule(0.1, 0.0, 2.0, 10.0, 3.0).unwrap(),
        &[("decay begins", 3.0), ("decay end", 13.0)],
        Some(13.0),
    );
    // decay_steps counts the warmup: the decay ends at 110, not 10 + 110.
    expect(
        WarmupCosineDecay::schedule(0.0, 1.0, 10.0, 110.0, 0.0, 1.0).unwrap(),
        &[("warmup end", 10.0), ("decay end", 110.0)],
        Some(110.0),
    );
    expect(
        PiecewiseConstant::schedule(1.0, [(20.0, 0.1), (10.0, 0.5)]).unwrap(),
        &[("×0.5", 10.0), ("×0.1", 20.0)],
        Some(20.0),
    );
    // Hugging Face: warmup to 10, stable to 10 + 20, decay to 30 + 100.
    expect(
        WarmupStableDecay::schedule(1.0, 10.0, 20.0, 100.0, 0.1, DecayShape::Linear).unwrap(),
        &[
            ("warmup end", 10.0),
            ("decay begins", 30.0),
            ("decay end", 130.0),
        ],
        Some(130.0),
    );
    // optax: the peak at ⌊0.3 · 100⌋ = 30, the end at ⌊100⌋.
    expect(
        OneCycle::schedule(1.0, 100.0, 0.3, 25.0, 1e4).unwrap(),
        &[("peak", 30.0), ("decay end", 100.0)],
        Some(100.0),
    );
    // No stable phase: the warmup's end, where the decay begins, is still marked.
    expect(
        WarmupStableDecay::schedule(1.0, 10.0, 0.0, 100.0, 0.1, DecayShape::Linear).unwrap(),
        &[("warmup end", 10.0), ("decay end", 110.0)],
        Some(110.0),
    );
}

#[test]
fn a_periodic_segment_marks_its_first_64_restarts() {
    // Periods of 10, 20, 40, …: restarts at 10 · (2ⁱ − 1); drawn for three periods.
    let s = CosineDecayRestarts::schedule(1.0, 10.0, 2.0, 1.0, 0.0).unwrap();
    let marks = boundaries(&s);
    assert_eq!(marks.len(), 64);
    assert_eq!(
        marks[..3],
        [
            ("restart".into(), 10.0),
            ("restart".into(), 30.0),
            ("restart".into(), 70.0)
        ]
    );
    // Each is where the value restarts at 1: the step before is lower.
    for (_, b) in &marks[..20] {
        assert_eq!(s.value(*b), 1.0, "at {b}");
        assert!(s.value(*b - 1.0) < 1.0, "before {b}");
    }
    assert_eq!(s.plan().horizon(), Some(70.0));
    // In a join, the restarts stop where the next schedule begins.
    let joined = Join::schedule(vec![s, Constant::schedule(0.5).unwrap()], vec![50.0]).unwrap();
    assert_eq!(
        boundaries(&joined),
        [
            ("restart".into(), 10.0),
            ("restart".into(), 30.0),
            ("join".into(), 50.0)
        ]
    );
}

#[test]
fn a_join_shifts_each_schedules_boundaries_and_cuts_them_where_the_next_begins() {
    // linear_decay's "decay end" at 1000 is past the join at 500: the constant takes over.
    let warmup = LinearDecay::schedule(0.1, 100.0, 1000.0).unwrap();
    let then = CosineDecay::schedule(0.1, 50.0, 0.0).unwrap();
    expect(
        Join::schedule(vec![warmup, then], vec![500.0]).unwrap(),
        &[("warmup end", 100.0), ("join", 500.0), ("decay end", 550.0)],
        Some(550.0),
    );
}

#[test]
fn segments_begin_in_step_order_and_every_step_has_one() {
    // For random schedules of every kind, the segment index never decreases along the steps,
    // and a segment's global start is where its index begins for whole steps.
    let mut rng = Rng(0x0B0D_A7E5);
    for kind in KINDS {
        for _ in 0..30 {
            let drawn = rng.draw(Some(kind), 2);
            let mut json = drawn.doc.clone();
            json["anneal"] = serde_json::json!(1);
            let doc = anneal_core::json::Document::from_json(&json.to_string()).unwrap();
            let schedule = Schedule::new(doc.to_spec().unwrap()).unwrap();
            let steps = rng.steps_for(&drawn.boundaries);
            let indices: Vec<usize> = steps.iter().map(|&t| schedule.plan().index(t)).collect();
            assert!(indices.windows(2).all(|w| w[0] <= w[1]), "{:?}", drawn.doc);
        }
    }
}

#[test]
fn a_cyclic_wave_marks_its_peaks_and_cycle_ends() {
    // torch CyclicLR with up 100 and down 300: L = 400, r = 1/4, so the wave tops at
    // 100 + 400n and a cycle ends at 400(n + 1), where the next one starts at the base.
    let spec = anneal_core::Spec::from_json_value(serde_json::json!(
        {"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": 100,
            "step_size_down": 300}
    ))
    .unwrap();
    let schedule = Schedule::new(spec).unwrap();
    let marks = schedule.plan().boundaries();
    assert_eq!(
        &marks[..4],
        &[
            ("peak", 100.0),
            ("cycle", 400.0),
            ("peak", 500.0),
            ("cycle", 800.0)
        ]
    );
    // The value at each mark and a step before it: the top, and the base of a new cycle.
    assert!((schedule.value(100.0) - 0.1).abs() < 1e-15);
    assert!(schedule.value(99.0) < schedule.value(100.0));
    assert_eq!(schedule.value(400.0), 0.01);
    assert!(schedule.value(399.0) > 0.01);
}
