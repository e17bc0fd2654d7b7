//! Every row of the peer reference files against the core, scalar and over ranges:
//! `test/fixtures/references.csv` (optax, Hugging Face transformers and Keras, see
//! `test/support/references/generate.py`) and `test/fixtures/references_breadth.csv` (the
//! schedules of issue 16, from optax, transformers and torch, see `breadth.py`).
//!
//! A case's options are read into the same JSON form the core reads documents from, so a
//! kind needs no code here: option names are Anneal's, omitted options take Anneal's defaults.

use anneal_core::{evaluate, Schedule, ScheduleError, Spec, Steps};
use serde_json::{Map, Value};
use std::collections::HashMap;

struct Case {
    kind: String,
    init_value: Option<f64>,
    opts: Vec<(String, String)>,
    rows: Vec<(f64, f64)>,
    tolerance: f64,
}

/// The cases of a reference file, in file order.
fn cases(file: &str) -> (Vec<String>, HashMap<String, Case>) {
    let path = format!("{}/../../test/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
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
                // A join, a product or a shift has no init_value of its own.
                init_value: f[2].parse().ok(),
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

/// `[a b c]` or `{a b c}` as its items.
fn items(list: &str) -> Vec<&str> {
    list.trim_matches(|c| c == '[' || c == ']' || c == '{' || c == '}')
        .split(' ')
        .filter(|s| !s.is_empty())
        .collect()
}

fn number(text: &str) -> Value {
    let x: f64 = text.parse().unwrap_or_else(|_| panic!("a number: {text}"));
    Value::from(x)
}

/// An option's text as the JSON value the core reads: nested schedules by case name,
/// `{b:s …}` maps as pairs, lists, booleans, `nil`, numbers and bare atoms.
fn option(key: &str, text: &str, cases: &HashMap<String, Case>) -> Value {
    match key {
        "schedules" => items(text).into_iter().map(|n| spec(n, cases)).collect(),
        "schedule" => spec(text, cases),
        "boundaries_and_scales" => items(text)
            .into_iter()
            .map(|pair| {
                let (b, s) = pair.split_once(':').expect("boundary:scale");
                Value::Array(vec![number(b), number(s)])
            })
            .collect(),
        _ if text.starts_with('[') => items(text).into_iter().map(number).collect(),
        _ => match text {
            "nil" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ if text.parse::<f64>().is_ok() => number(text),
            atom => Value::String(atom.to_string()),
        },
    }
}

/// A case's schedule as a JSON object tagged by kind.
fn spec(name: &str, cases: &HashMap<String, Case>) -> Value {
    let case = &cases[name];
    let mut object = Map::new();
    object.insert("kind".into(), Value::String(case.kind.clone()));
    if let Some(init) = case.init_value {
        object.insert("init_value".into(), Value::from(init));
    }
    for (key, text) in &case.opts {
        object.insert(key.clone(), option(key, text, cases));
    }
    Value::Object(object)
}

fn schedule(name: &str, cases: &HashMap<String, Case>) -> Result<Schedule, ScheduleError> {
    let spec = Spec::from_json_value(spec(name, cases))
        .unwrap_or_else(|e| panic!("case {name} does not read: {e}"));
    Schedule::new(spec)
}

/// Checks every row of `file`: the value at each step, and the same step inside a range (the
/// kernels' path) in f64 and f32. Cases named `*_quirk*` pin a peer answer Anneal refuses:
/// building them must fail.
fn check(file: &str, min_cases: usize, min_rows: usize) {
    let (order, cases) = cases(file);
    let total: usize = cases.values().map(|c| c.rows.len()).sum();
    assert!(
        order.len() >= min_cases && total >= min_rows,
        "{total} rows"
    );
    let mut checked = 0;
    for name in &order {
        let case = &cases[name];
        if name.contains("_quirk") {
            let err = schedule(name, &cases).expect_err(name);
            assert!(err.to_string().starts_with("expected "), "{name}: {err}");
            continue;
        }
        let s = schedule(name, &cases).unwrap_or_else(|e| panic!("case {name}: {e}"));
        let scale = case
            .rows
            .iter()
            .map(|r| r.1.abs())
            .filter(|v| v.is_finite())
            .fold(case.init_value.unwrap_or(0.0).abs(), f64::max);
        let close = |got: f64, expected: f64| {
            if expected.is_finite() {
                (got - expected).abs() <= case.tolerance * scale
            } else {
                // NaN or an overflow in the library too: the NIF reports these steps as errors.
                got == expected || (got.is_nan() && expected.is_nan())
            }
        };
        for &(step, expected) in &case.rows {
            let got = s.value(step);
            assert!(
                close(got, expected),
                "{name} step {step}: {got} vs {expected}"
            );
            if expected.is_finite() && step.fract() == 0.0 && step.abs() < 1e15 {
                let (wide, narrow) = in_range(&s, step as i64);
                assert!(
                    close(wide, expected),
                    "{name} range at {step}: {wide} vs {expected}"
                );
                assert_eq!(narrow, wide as f32, "{name} f32 range at {step}");
            }
            checked += 1;
        }
    }
    println!("{file}: {checked} rows of {} cases", order.len());
}

/// The value at `step` evaluated inside a range of 81 steps around it (alone where the range
/// meets a value that is not finite), in f64 and f32.
fn in_range(s: &Schedule, step: i64) -> (f64, f32) {
    const HALF: i64 = 40;
    let around = Steps::range(step - HALF, 1, 2 * HALF as usize + 1).unwrap();
    let mut wide = vec![0.0f64; around.len()];
    let mut narrow = vec![0.0f32; around.len()];
    if evaluate(s, around, &mut wide).is_ok() && evaluate(s, around, &mut narrow).is_ok() {
        return (wide[HALF as usize], narrow[HALF as usize]);
    }
    let alone = Steps::range(step, 1, 1).unwrap();
    let (mut w, mut n) = ([0.0f64], [0.0f32]);
    evaluate(s, alone, &mut w).unwrap();
    evaluate(s, alone, &mut n).unwrap();
    (w[0], n[0])
}

#[test]
fn every_reference_row_matches_on_every_path() {
    check("references.csv", 25, 4000);
}

#[test]
fn every_breadth_reference_row_matches_on_every_path() {
    check("references_breadth.csv", 54, 10_000);
}
