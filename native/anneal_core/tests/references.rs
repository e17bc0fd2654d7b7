//! Every row of `test/fixtures/references.csv` (values computed by optax, Hugging Face
//! transformers and Keras themselves, see `test/support/references/generate.py`) against the
//! core, scalar and vector.

mod common;

use anneal_core::{
    evaluate, CosineDecayRestarts, DecayShape, InverseSqrt, Join, OneCycle, PiecewiseConstant,
    Schedule, Steps, WarmupCosineDecay, WarmupStableDecay,
};
use std::collections::HashMap;

struct Case {
    kind: String,
    init_value: f64,
    opts: HashMap<String, String>,
    rows: Vec<(f64, f64)>,
    tolerance: f64,
}

fn cases() -> (Vec<String>, HashMap<String, Case>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../test/fixtures/references.csv"
    );
    let text = std::fs::read_to_string(path).expect("reference CSV is readable");
    let mut order = Vec::new();
    let mut cases: HashMap<String, Case> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 7, "malformed row: {line}");
        let case = cases.entry(f[0].to_string()).or_insert_with(|| {
            order.push(f[0].to_string());
            Case {
                kind: f[1].to_string(),
                // A join has no init_value of its own.
                init_value: f[2].parse().unwrap_or(0.0),
                opts: f[3]
                    .split(';')
                    .filter(|p| !p.is_empty())
                    .map(|p| {
                        let (k, v) = p.split_once('=').expect("key=value");
                        (k.to_string(), v.to_string())
                    })
                    .collect(),
                rows: Vec::new(),
                tolerance: f[6].parse().unwrap(),
            }
        });
        case.rows
            .push((f[4].parse().unwrap(), f[5].parse().unwrap()));
    }
    (order, cases)
}

/// `[a b c]` as its items.
fn items(list: &str) -> Vec<&str> {
    list.trim_matches(|c| c == '[' || c == ']' || c == '{' || c == '}')
        .split(' ')
        .filter(|s| !s.is_empty())
        .collect()
}

/// Builds a case's schedule, with the libraries' documented defaults for omitted options
/// (Axon's for its five kinds).
fn schedule(name: &str, cases: &HashMap<String, Case>) -> Schedule {
    let case = &cases[name];
    let num = |key: &str, default: f64| -> f64 {
        case.opts
            .get(key)
            .map_or(default, |v| v.parse().expect("a number"))
    };
    let init = case.init_value;
    if let Some(axon) = common::axon_schedule(&case.kind, init, &case.opts) {
        return axon.unwrap_or_else(|e| panic!("case {name}: {e}"));
    }
    let result: Result<Schedule, _> = match case.kind.as_str() {
        "warmup_cosine_decay" => WarmupCosineDecay::schedule(
            init,
            num("peak_value", f64::NAN),
            num("warmup_steps", f64::NAN),
            num("decay_steps", f64::NAN),
            num("end_value", 0.0),
            num("exponent", 1.0),
        ),
        "piecewise_constant" => {
            let pairs = items(&case.opts["boundaries_and_scales"])
                .into_iter()
                .map(|pair| {
                    let (b, s) = pair.split_once(':').expect("boundary:scale");
                    (b.parse().unwrap(), s.parse().unwrap())
                })
                .collect::<Vec<(f64, f64)>>();
            PiecewiseConstant::schedule(init, pairs)
        }
        "inverse_sqrt" => InverseSqrt::schedule(
            init,
            num("warmup_steps", 0.0),
            case.opts.get("timescale").map(|t| t.parse().unwrap()),
        ),
        "warmup_stable_decay" => {
            let shape = match case.opts.get("decay_type").map(String::as_str) {
                None | Some("cosine") => DecayShape::Cosine,
                Some("linear") => DecayShape::Linear,
                Some("sqrt") => DecayShape::Sqrt,
                Some(other) => panic!("unknown decay_type {other}"),
            };
            WarmupStableDecay::schedule(
                init,
                num("warmup_steps", f64::NAN),
                num("stable_steps", f64::NAN),
                num("decay_steps", f64::NAN),
                num("min_lr_ratio", 0.0),
                shape,
            )
        }
        "cosine_decay_restarts" => CosineDecayRestarts::schedule(
            init,
            num("first_decay_steps", f64::NAN),
            num("t_mul", 2.0),
            num("m_mul", 1.0),
            num("alpha", 0.0),
        ),
        "one_cycle" => OneCycle::schedule(
            init,
            num("transition_steps", f64::NAN),
            num("pct_start", 0.3),
            num("div_factor", 25.0),
            num("final_div_factor", 1e4),
        ),
        "join" => {
            let parts = items(&case.opts["schedules"])
                .into_iter()
                .map(|part| schedule(part, cases))
                .collect();
            let boundaries = items(&case.opts["boundaries"])
                .into_iter()
                .map(|b| b.parse().unwrap())
                .collect();
            Join::schedule(parts, boundaries)
        }
        other => panic!("unknown schedule {other}"),
    };
    result.unwrap_or_else(|e| panic!("case {name}: {e}"))
}

#[test]
fn every_reference_row_matches_on_every_path() {
    let (order, cases) = cases();
    let total: usize = cases.values().map(|c| c.rows.len()).sum();
    assert!(order.len() >= 25 && total > 4000, "{total} rows");
    for name in &order {
        let case = &cases[name];
        let s = schedule(name, &cases);
        let scale = case
            .rows
            .iter()
            .map(|r| r.1.abs())
            .filter(|v| v.is_finite())
            .fold(case.init_value.abs(), |a, b| if b > a { b } else { a });
        let steps: Vec<f64> = case.rows.iter().map(|r| r.0).collect();
        let values: Vec<f64> = steps.iter().map(|&t| s.value(t)).collect();
        for (&(step, expected), &got) in case.rows.iter().zip(&values) {
            if !expected.is_finite() {
                // NaN or an overflow in the library too: the NIF reports these steps as errors.
                let same = got == expected || (got.is_nan() && expected.is_nan());
                assert!(same, "{name} step {step}: {got}, the library {expected}");
            } else {
                assert!(
                    (got - expected).abs() <= case.tolerance * scale,
                    "{name} step {step}: {got} vs {expected}"
                );
            }
        }
        let finite: Vec<f64> = steps
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_finite())
            .map(|(t, _)| *t)
            .collect();
        let mut out = vec![0.0f64; finite.len()];
        evaluate(&s, Steps::Values(&finite), &mut out).unwrap();
        let scalar: Vec<f64> = finite.iter().map(|&t| s.value(t)).collect();
        assert_eq!(out, scalar, "{name}: vector and scalar differ");
    }
}
