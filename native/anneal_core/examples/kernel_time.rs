//! Times `evaluate` over a range for a few schedules: `cargo run --release --example kernel_time`.
use anneal_core::{
    evaluate, CosineDecay, DecayShape, ExponentialDecay, InverseSqrt, OneCycle, Schedule, Steps,
    WarmupCosineDecay, WarmupStableDecay,
};
use std::time::Instant;

fn time<T: anneal_core::Sample>(name: &str, s: &Schedule, n: usize) {
    let mut out = vec![T::default(); n];
    let mut best = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        evaluate(s, Steps::range(0, 1, n).unwrap(), &mut out).unwrap();
        best = best.min(t.elapsed().as_secs_f64() * 1e9 / n as f64);
    }
    println!("{name} {} bytes/value: {best:.3} ns/step", T::BYTES);
}

fn main() {
    let n = 1_000_000;
    let cos: Schedule = CosineDecay::schedule(0.1, n as f64, 0.0).unwrap();
    let exp: Schedule =
        ExponentialDecay::schedule(0.1, 0.95, n as f64 / 100.0, 0.0, false).unwrap();
    let n64 = n as f64;
    let others: [(&str, Schedule); 4] = [
        (
            "warmup_cosine_decay",
            WarmupCosineDecay::schedule(0.0, 1e-3, n64 / 10.0, n64, 0.0, 1.0).unwrap(),
        ),
        (
            "one_cycle",
            OneCycle::schedule(0.1, n64, 0.3, 25.0, 1e4).unwrap(),
        ),
        (
            "inverse_sqrt",
            InverseSqrt::schedule(0.1, n64 / 10.0, None).unwrap(),
        ),
        (
            "warmup_stable_decay",
            WarmupStableDecay::schedule(
                0.1,
                n64 / 10.0,
                n64 / 2.0,
                n64 * 0.4,
                0.0,
                DecayShape::Sqrt,
            )
            .unwrap(),
        ),
    ];
    for (name, s) in &others {
        time::<f32>(name, s, n);
        time::<f64>(name, s, n);
    }
    time::<f32>("cosine", &cos, n);
    time::<f64>("cosine", &cos, n);
    time::<f32>("exponential", &exp, n);
    time::<f64>("exponential", &exp, n);
}
