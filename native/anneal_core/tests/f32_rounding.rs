//! `f32` output is `value(step) as f32` bit for bit, on the one-pass path of every
//! single-factor kernel (`kernel/narrow.rs`) and on its fallback: values near float32
//! rounding boundaries and binade edges, float32 subnormals, zeros and negative values,
//! over random ranges, into slices and into aligned and unaligned byte buffers, with every
//! instruction set's kernels the CPU has (AVX-512, AVX2, portable).

use anneal_core::{evaluate, evaluate_bytes, evaluate_exact, set_isa, Isa, Schedule, Spec, Steps};
use std::sync::Mutex;

mod common;
use common::rng::Rng;

/// The instruction set setting is process-wide: tests that change it take turns.
static SETTINGS: Mutex<()> = Mutex::new(());

/// Steps per schedule; the schedules' lengths are set from it, so that every part of them
/// (ends of decays, subnormal tails) is in range.
const N: usize = 200_000;

fn schedule(json: &str) -> Schedule {
    let value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    let spec = Spec::from_json_value(value).unwrap_or_else(|e| panic!("{json}: {e}"));
    Schedule::new(spec).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// Schedules of every single-factor kernel, chosen for the values that stress the check.
fn adversarial() -> Vec<Schedule> {
    let n = N as f64;
    // 1 + 2⁻²⁴ is a float32 rounding boundary (halfway between 1 and 1 + 2⁻²³).
    let boundary = 1.0 + 2f64.powi(-24);
    let docs = [
        // Values from 1 to 0: every binade edge below 1 and float32 subnormals at the end.
        format!(r#"{{"kind": "cosine_decay", "init_value": 1.0, "decay_steps": {n}}}"#),
        format!(r#"{{"kind": "cosine_decay", "init_value": {boundary}, "decay_steps": {n}}}"#),
        format!(r#"{{"kind": "cosine_decay", "init_value": -0.3, "decay_steps": {n}, "alpha": 0.2}}"#),
        // Near float32's smallest normal 2⁻¹²⁶ ≈ 1.18e-38, and wholly subnormal.
        format!(r#"{{"kind": "cosine_decay", "init_value": 3e-38, "decay_steps": {n}}}"#),
        format!(r#"{{"kind": "cosine_decay", "init_value": -1e-40, "decay_steps": {n}}}"#),
        // General exponents (the series, checked relative to the value in one pass): values
        // from a rounding boundary down through every binade edge to float32 subnormals; a
        // floor; a negative scale; near 2⁻¹²⁶; a and b of opposite signs (α < 0: the
        // per-step bound, not the relative one).
        format!(r#"{{"kind": "cosine_decay", "init_value": {boundary}, "decay_steps": {n}, "exponent": 3.7}}"#),
        format!(r#"{{"kind": "cosine_decay", "init_value": 1.0, "decay_steps": {n}, "exponent": 0.3, "alpha": 0.1}}"#),
        format!(r#"{{"kind": "cosine_decay", "init_value": -0.3, "decay_steps": {n}, "exponent": 6.1}}"#),
        format!(r#"{{"kind": "cosine_decay", "init_value": 3e-38, "decay_steps": {n}, "exponent": 2.3}}"#),
        format!(r#"{{"kind": "cosine_decay", "init_value": 0.5, "decay_steps": {n}, "exponent": 4.4, "alpha": -0.5}}"#),
        format!(
            r#"{{"kind": "warmup_cosine_decay", "init_value": 0.0, "peak_value": 1.0, "warmup_steps": {}, "decay_steps": {n}}}"#,
            n / 5.0
        ),
        // Halving every 1000 steps: exact powers of two (float32 values at binade edges), then
        // float32 subnormals and zero.
        r#"{"kind": "exponential_decay", "init_value": 1.0, "decay_rate": 0.5, "transition_steps": 1000}"#.to_string(),
        r#"{"kind": "exponential_decay", "init_value": -3e-30, "decay_rate": 0.7, "transition_steps": 777}"#.to_string(),
        format!(
            r#"{{"kind": "exponential_decay", "init_value": {boundary}, "decay_rate": 0.9, "transition_steps": 5000, "end_value": 0.25}}"#
        ),
        format!(
            r#"{{"kind": "exponential_decay", "init_value": 1e-3, "decay_rate": 1.5, "transition_steps": {}}}"#,
            n / 10.0
        ),
        format!(r#"{{"kind": "linear_decay", "init_value": 1.0, "warmup": 0, "steps": {n}}}"#),
        format!(
            r#"{{"kind": "linear_decay", "init_value": -2.5, "warmup": {}, "steps": {n}}}"#,
            n / 7.0
        ),
        format!(r#"{{"kind": "linear_decay", "init_value": 2e-38, "warmup": 0, "steps": {n}}}"#),
        format!(
            r#"{{"kind": "polynomial_decay", "init_value": 1.0, "end_value": 0.0, "power": 3, "transition_steps": {n}}}"#
        ),
        // d and γₙ of opposite signs: the per-step bound, not the relative one.
        format!(
            r#"{{"kind": "polynomial_decay", "init_value": 0.5, "end_value": -0.25, "power": 2, "transition_steps": {n}}}"#
        ),
        // A rise from 0 (a warmup).
        format!(
            r#"{{"kind": "polynomial_decay", "init_value": 0.0, "end_value": 1.0, "power": 1, "transition_steps": {n}}}"#
        ),
        format!(
            r#"{{"kind": "polynomial_decay", "init_value": 1e-39, "end_value": 0.0, "power": 2, "transition_steps": {n}}}"#
        ),
        format!(
            r#"{{"kind": "inverse_sqrt", "init_value": 1.0, "warmup_steps": {}}}"#,
            n / 100.0
        ),
        r#"{"kind": "inverse_sqrt", "init_value": -4e-36, "warmup_steps": 10}"#.to_string(),
        format!(
            r#"{{"kind": "cosine_decay_restarts", "init_value": 1.0, "first_decay_steps": {}}}"#,
            n / 10.0
        ),
        format!(
            r#"{{"kind": "cosine_with_hard_restarts", "init_value": 1.0, "warmup_steps": {}, "training_steps": {n}, "num_cycles": 3}}"#,
            n / 10.0
        ),
        format!(
            r#"{{"kind": "cyclic", "init_value": 0.25, "max_value": 1.0, "step_size_up": {}, "mode": "exp_range", "gamma": 0.99999}}"#,
            n / 20.0
        ),
        format!(
            r#"{{"kind": "cyclic", "init_value": -1.0, "max_value": 0.5, "step_size_up": {}, "mode": "exp_range", "gamma": 0.9999}}"#,
            n / 20.0
        ),
        format!(
            r#"{{"kind": "cyclic", "init_value": 0.01, "max_value": 1.0, "step_size_up": {}}}"#,
            n / 20.0
        ),
        r#"{"kind": "constant", "init_value": 1e-45}"#.to_string(),
    ];
    docs.iter().map(|doc| schedule(doc)).collect()
}

/// The exact path's values rounded: the reference.
fn reference(schedule: &Schedule, steps: Steps<'_>) -> Vec<u32> {
    let mut exact = vec![0.0f64; steps.len()];
    evaluate_exact(schedule, steps, &mut exact).unwrap();
    exact.iter().map(|&v| (v as f32).to_bits()).collect()
}

/// Fast `f32` values into a slice and into byte buffers at offsets 0 and 1 (aligned: the
/// one-pass path; unaligned: its fallback), each bit for bit the reference.
fn check(schedule: &Schedule, steps: Steps<'_>) {
    let expected = reference(schedule, steps);
    let mismatch = |got: &[u32], how: &str| {
        let first = got.iter().zip(&expected).position(|(a, b)| a != b);
        if let Some(i) = first {
            panic!(
                "{schedule:?} {how}: index {i}: {} vs exact {}",
                f32::from_bits(got[i]),
                f32::from_bits(expected[i])
            );
        }
    };
    let mut out = vec![0.0f32; steps.len()];
    evaluate(schedule, steps, &mut out).unwrap();
    mismatch(
        &out.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        "slice",
    );
    // Backed by u32s, so that skew 0 is 4-aligned (where kernels round into the output).
    let mut words = vec![0u32; steps.len() + 1];
    let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    for skew in [0, 1] {
        let buffer = &mut bytes[skew..skew + 4 * steps.len()];
        evaluate_bytes::<f32>(schedule, steps, buffer).unwrap();
        let got: Vec<u32> = buffer
            .chunks_exact(4)
            .map(|b| u32::from_ne_bytes(b.try_into().unwrap()))
            .collect();
        mismatch(
            &got,
            if skew == 0 {
                "bytes"
            } else {
                "unaligned bytes"
            },
        );
    }
}

/// Runs `work` with the kernels of every instruction set (those the CPU lacks run the next
/// narrower one's).
fn every_isa(work: impl Fn()) {
    let _turn = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let before = anneal_core::isa();
    for isa in Isa::ALL {
        set_isa(isa);
        work();
    }
    set_isa(before);
}

#[test]
fn every_kernel_rounds_as_the_exact_path_over_its_whole_range() {
    every_isa(|| {
        for schedule in adversarial() {
            check(&schedule, Steps::range(0, 1, N).unwrap());
        }
    });
}

#[test]
fn random_ranges_round_as_the_exact_path() {
    // Random starts (before the schedule's start too), strides (falling ranges included)
    // and lengths (from below a table's worth to many blocks).
    every_isa(|| {
        let mut rng = Rng(0x05ee_df32);
        for schedule in adversarial() {
            for _ in 0..4 {
                let first = rng.below(2 * N) as i64 - (N / 4) as i64;
                let stride = rng.pick(&[1, 1, 2, 3, 7, -1, -5]);
                let len = 500 + rng.below(20_000);
                check(&schedule, Steps::range(first, stride, len).unwrap());
            }
        }
    });
}

#[test]
fn inverse_sqrt_values_at_rounding_boundaries_round_as_the_exact_path() {
    // The inverse square root's series (kernel/inverse_sqrt.rs) at steps whose exact value
    // is a float32 rounding boundary or a few float64 ulps from one: the value is
    // init_value · r(t), r(t) = 1/√((t + shift)/τ) whatever init_value is, so init_value =
    // m/r(t), m halfway between two float32s, puts it within an ulp of m (and a few ulps
    // of init_value either way, on both sides). Steps at the ends and the middle of blocks
    // and anywhere in them, in ranges that hold their whole block and ranges cut at them.
    let doc = |init: f64| {
        format!(r#"{{"kind": "inverse_sqrt", "init_value": {init:e}, "warmup_steps": 1000}}"#)
    };
    let unit = schedule(&doc(1.0));
    every_isa(|| {
        let mut rng = Rng(0x0001_505e_71e5);
        for _ in 0..40 {
            let anywhere = rng.below(512);
            let offset = rng.pick(&[0, 1, 255, 256, 257, 511, anywhere]);
            let t = 1000 + 512 * (20 + rng.below(2000)) as i64 + offset as i64;
            let mut r = [0.0f64];
            evaluate_exact(&unit, Steps::range(t, 1, 1).unwrap(), &mut r).unwrap();
            let f = 0.5 + rng.unit() as f32;
            let m = (f64::from(f) + f64::from(f32::from_bits(f.to_bits() + 1))) / 2.0;
            let ulps = rng.below(7) as i64 - 3;
            let init = f64::from_bits(((m / r[0]).to_bits() as i64 + ulps) as u64);
            let schedule = schedule(&doc(init));
            check(&schedule, Steps::range(t - 600, 1, 1200).unwrap());
            check(&schedule, Steps::range(t, 1, 1200).unwrap());
            check(&schedule, Steps::range(t + 300, -1, 1200).unwrap());
        }
    });
}
