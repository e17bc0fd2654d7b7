//! Times `evaluate` over ranges for one schedule of every kind, one thread, f32 and f64:
//! `cargo run --release --example kernel_time [n] [filter]` (n defaults to 10⁶; the filter is
//! a part of the label, or `=label` for that label alone). Segments are
//! n/10 steps or longer. Best and median of 5 runs, ns per step; `ANNEAL_ISA=avx2` or
//! `ANNEAL_ISA=portable` limits the kernels' instruction set. `ONLY=f32` or `ONLY=f64` times
//! one output type, `REPS=n` repeats the timings n times (0: none, for a count of setup
//! instructions), as for instruction counts under
//! `valgrind --tool=callgrind` (deterministic where wall-clock time on a shared machine is not).
//! `THREADS=n` evaluates on a pool of n threads (default 1; ranges large enough for it are
//! then cut into parts, as the NIF's parallel evaluations are). `BYTES=1` times the NIF's
//! path for a binary result instead (`evaluate_bytes_while` into bytes, in pieces of about
//! 1 ms of work that can be stopped, as the NIF's dirty evaluations run).
use anneal_core::{evaluate, evaluate_bytes_while, set_threads, Sample, Schedule, Spec, Steps};
use std::time::Instant;

/// (label, JSON document) for a range of `n` steps.
fn every_kind(n: f64) -> Vec<(String, String)> {
    let w = n / 10.0;
    let cosine = format!(r#"{{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": {n}}}"#);
    let docs = [
        (
            "constant",
            r#"{"kind": "constant", "init_value": 0.1}"#.to_string(),
        ),
        ("cosine_decay", cosine.clone()),
        (
            "cosine_decay exponent 2",
            format!(
                r#"{{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": {n}, "exponent": 2}}"#
            ),
        ),
        (
            "cosine_decay exponent 0.5",
            format!(
                r#"{{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": {n}, "exponent": 0.5}}"#
            ),
        ),
        (
            "cosine_decay exponent 3.7 alpha 0",
            format!(
                r#"{{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": {n}, "exponent": 3.7}}"#
            ),
        ),
        (
            "cosine_decay exponent 3.7 alpha 0.1",
            format!(
                r#"{{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": {n}, "exponent": 3.7, "alpha": 0.1}}"#
            ),
        ),
        (
            "exponential_decay",
            format!(
                r#"{{"kind": "exponential_decay", "init_value": 0.1, "decay_rate": 0.5, "transition_steps": {}}}"#,
                n / 100.0
            ),
        ),
        (
            "exponential_decay end_value",
            format!(
                r#"{{"kind": "exponential_decay", "init_value": 0.1, "decay_rate": 0.5, "transition_steps": {}, "end_value": 1e-4}}"#,
                n / 100.0
            ),
        ),
        (
            "exponential_decay staircase",
            format!(
                r#"{{"kind": "exponential_decay", "init_value": 0.1, "decay_rate": 0.5, "transition_steps": {}, "staircase": true}}"#,
                n / 100.0
            ),
        ),
        (
            "linear_decay",
            format!(
                r#"{{"kind": "linear_decay", "init_value": 0.1, "warmup": {w}, "steps": {n}}}"#
            ),
        ),
        (
            "polynomial_decay",
            format!(
                r#"{{"kind": "polynomial_decay", "init_value": 0.1, "transition_steps": {n}}}"#
            ),
        ),
        (
            "warmup_cosine_decay",
            format!(
                r#"{{"kind": "warmup_cosine_decay", "init_value": 0.0, "peak_value": 0.1, "warmup_steps": {w}, "decay_steps": {n}}}"#
            ),
        ),
        (
            "piecewise_constant",
            format!(
                r#"{{"kind": "piecewise_constant", "init_value": 0.1, "boundaries_and_scales": [[{}, 0.5], [{}, 0.1]]}}"#,
                n / 3.0,
                2.0 * n / 3.0
            ),
        ),
        (
            "inverse_sqrt",
            format!(r#"{{"kind": "inverse_sqrt", "init_value": 0.1, "warmup_steps": {w}}}"#),
        ),
        (
            "warmup_stable_decay",
            format!(
                r#"{{"kind": "warmup_stable_decay", "init_value": 0.1, "warmup_steps": {w}, "stable_steps": {}, "decay_steps": {}}}"#,
                4.0 * w,
                5.0 * w
            ),
        ),
        (
            "cosine_decay_restarts",
            format!(
                r#"{{"kind": "cosine_decay_restarts", "init_value": 0.1, "first_decay_steps": {w}}}"#
            ),
        ),
        (
            "one_cycle",
            format!(r#"{{"kind": "one_cycle", "init_value": 0.1, "transition_steps": {n}}}"#),
        ),
        (
            "join",
            format!(
                r#"{{"kind": "join", "schedules": [{{"kind": "constant", "init_value": 0.1}}, {cosine}], "boundaries": [{w}]}}"#
            ),
        ),
        (
            "join nested (bench/schedules.exs's)",
            format!(
                r#"{{"kind": "join", "schedules": [{{"kind": "join", "schedules": [{{"kind": "polynomial_decay", "init_value": 0.0, "end_value": 0.1, "power": 1, "transition_steps": {w}}}, {{"kind": "cosine_decay", "init_value": 0.1, "decay_steps": {}}}], "boundaries": [{w}]}}, {{"kind": "constant", "init_value": 0.01}}], "boundaries": [{}]}}"#,
                7.0 * w,
                9.0 * w
            ),
        ),
        (
            "piecewise_interpolate",
            format!(
                r#"{{"kind": "piecewise_interpolate", "init_value": 0.1, "boundaries_and_scales": [[{}, 0.5], [{}, 0.1]]}}"#,
                n / 3.0,
                2.0 * n / 3.0
            ),
        ),
        (
            "linear_one_cycle",
            format!(
                r#"{{"kind": "linear_one_cycle", "init_value": 0.1, "transition_steps": {n}}}"#
            ),
        ),
        (
            "warmup_constant",
            format!(
                r#"{{"kind": "warmup_constant", "init_value": 0.0, "peak_value": 0.1, "warmup_steps": {w}}}"#
            ),
        ),
        (
            "warmup_exponential_decay",
            format!(
                r#"{{"kind": "warmup_exponential_decay", "init_value": 0.0, "peak_value": 0.1, "warmup_steps": {w}, "transition_steps": {}, "decay_rate": 0.5}}"#,
                n / 100.0
            ),
        ),
        (
            "cosine_with_hard_restarts",
            format!(
                r#"{{"kind": "cosine_with_hard_restarts", "init_value": 0.1, "warmup_steps": {w}, "training_steps": {n}, "num_cycles": 3}}"#
            ),
        ),
        (
            "warmup_polynomial_decay",
            format!(
                r#"{{"kind": "warmup_polynomial_decay", "init_value": 0.1, "warmup_steps": {w}, "training_steps": {n}}}"#
            ),
        ),
        (
            "cyclic triangular",
            format!(
                r#"{{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": {}}}"#,
                n / 20.0
            ),
        ),
        (
            "cyclic triangular2",
            format!(
                r#"{{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": {}, "mode": "triangular2"}}"#,
                n / 20.0
            ),
        ),
        (
            "cyclic exp_range",
            format!(
                r#"{{"kind": "cyclic", "init_value": 0.01, "max_value": 0.1, "step_size_up": {}, "mode": "exp_range", "gamma": 0.999999}}"#,
                n / 20.0
            ),
        ),
        (
            "multiply",
            format!(
                r#"{{"kind": "multiply", "schedules": [{cosine}, {{"kind": "exponential_decay", "init_value": 1.0, "decay_rate": 0.5, "transition_steps": {}}}]}}"#,
                n / 10.0
            ),
        ),
        // bench/schedules.exs's product: Axon's default decay_rate (0.95), k = n/100.
        (
            "multiply (bench)",
            format!(
                r#"{{"kind": "multiply", "schedules": [{cosine}, {{"kind": "exponential_decay", "init_value": 1.0, "transition_steps": {}}}]}}"#,
                n / 100.0
            ),
        ),
        (
            "shift",
            format!(r#"{{"kind": "shift", "schedule": {cosine}, "by": {w}}}"#),
        ),
        (
            "warmup_stable_decay cosine",
            format!(
                r#"{{"kind": "warmup_stable_decay", "init_value": 0.1, "warmup_steps": {w}, "stable_steps": {}, "decay_steps": {}, "decay_type": "cosine", "warmup_type": "cosine"}}"#,
                4.0 * w,
                5.0 * w
            ),
        ),
    ];
    docs.into_iter().map(|(l, d)| (l.to_string(), d)).collect()
}

fn time<T: Sample>(s: &Schedule, n: usize, bytes: bool) -> (f64, f64) {
    // Output at a 64-byte boundary, as the NIF's binaries are (see `anneal_nif`'s output).
    let mut whole = vec![T::default(); n + 64];
    let skew = whole.as_ptr().align_offset(64).min(64);
    let out = &mut whole[skew..skew + n];
    // The same for the NIF's bytes, where they are timed.
    let size = if bytes { n * T::BYTES } else { 0 };
    let mut raw = vec![0u8; size + 64];
    let skew = raw.as_ptr().align_offset(64).min(64);
    let raw = &mut raw[skew..skew + size];
    let steps = Steps::range(0, 1, n).unwrap();
    let mut run = || {
        if bytes {
            // The NIF's path for a binary result (on a dirty scheduler).
            evaluate_bytes_while::<T>(s, steps, raw, &mut || true).unwrap();
        } else {
            evaluate(s, steps, out).unwrap();
        }
    };
    run();
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64() * 1e9 / n as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[0], times[2])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(1_000_000, |a| a.parse().unwrap());
    let filter = args.get(2).cloned().unwrap_or_default();
    let reps: usize = std::env::var("REPS").map_or(1, |r| r.parse().expect("REPS: a count"));
    let only = std::env::var("ONLY").unwrap_or_default();
    let bytes = std::env::var("BYTES").is_ok_and(|b| b == "1");
    assert!(
        ["", "f32", "f64"].contains(&only.as_str()),
        "ONLY: f32 or f64, not {only}"
    );
    let threads: usize =
        std::env::var("THREADS").map_or(1, |t| t.parse().expect("THREADS: a count"));
    set_threads(threads);
    println!("| kind | n | f32 best / median | f64 best / median |");
    for (label, doc) in every_kind(n as f64) {
        let wanted = match filter.strip_prefix('=') {
            Some(exact) => label == exact,
            None => label.contains(&filter),
        };
        if !wanted {
            continue;
        }
        let value = serde_json::from_str(&doc).unwrap_or_else(|e| panic!("{label}: {e}"));
        let spec = Spec::from_json_value(value).unwrap_or_else(|e| panic!("{label}: {e}"));
        let s = Schedule::new(spec).unwrap();
        let (mut a, mut b, mut c, mut d) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..reps {
            if only != "f64" {
                (a, b) = time::<f32>(&s, n, bytes);
            }
            if only != "f32" {
                (c, d) = time::<f64>(&s, n, bytes);
            }
        }
        println!("| {label} | {n} | {a:.2} / {b:.2} | {c:.2} / {d:.2} |");
    }
}
