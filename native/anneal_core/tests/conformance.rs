//! The conformance corpus, `test/fixtures/conformance.jsonl`: schedules of every kind as JSON
//! documents, each with steps and the float64 values of the core's exact path. It was written
//! by `write_corpus` below from the core as it was before schedules compiled to plans (commit
//! "Conformance corpus", built with each family's constructor), and is the regression oracle
//! every evaluator is held to.
//!
//! Regenerate it only on purpose: `cargo test -p anneal_core --test conformance -- --ignored`.

mod common;

use anneal_core::json::Document;
use anneal_core::Schedule;
use common::random_schedule::{step_json, value_json, value_of, KINDS};
use common::rng::Rng;
use serde_json::{json, Value};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../test/fixtures/conformance.jsonl"
);

/// Schedules drawn per kind (joins draw nested schedules of every kind).
const PER_KIND: usize = 40;
const JOINS: usize = 100;

/// Builds a schedule from a document through the typed options.
fn build(doc: &Value) -> Schedule {
    let doc = Document::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}: {doc}"));
    let spec = doc.to_spec().unwrap_or_else(|e| panic!("{e}: {doc:?}"));
    Schedule::new(spec).unwrap_or_else(|e| panic!("{e}: {doc:?}"))
}

fn top_level(doc: &Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("anneal".into(), json!(1));
    for (k, v) in doc.as_object().unwrap() {
        out.insert(k.clone(), v.clone());
    }
    Value::Object(out)
}

#[test]
#[ignore = "writes the corpus; run on purpose only"]
fn write_corpus() {
    let mut rng = Rng(0x5EED_C0DE_2026_1127);
    let mut lines = Vec::new();
    for kind in KINDS {
        let n = if kind == "join" { JOINS } else { PER_KIND };
        for _ in 0..n {
            let drawn = rng.draw(Some(kind), 3);
            let doc = top_level(&drawn.doc);
            let schedule = build(&doc);
            let steps = rng.steps_for(&drawn.boundaries);
            let values: Vec<Value> = steps
                .iter()
                .map(|&t| value_json(schedule.value(t)))
                .collect();
            let steps: Vec<Value> = steps.iter().map(|&t| step_json(t)).collect();
            lines.push(json!({"schedule": doc, "steps": steps, "values": values}).to_string());
        }
    }
    std::fs::write(CORPUS, lines.join("\n") + "\n").unwrap();
}

/// Every line of the corpus: the document, the steps and the values.
fn corpus() -> Vec<(Value, Vec<f64>, Vec<f64>)> {
    let text = std::fs::read_to_string(CORPUS).expect("test/fixtures/conformance.jsonl");
    text.lines()
        .map(|line| {
            let line: Value = serde_json::from_str(line).unwrap();
            let steps = line["steps"].as_array().unwrap();
            let values = line["values"].as_array().unwrap();
            (
                line["schedule"].clone(),
                steps.iter().map(|s| s.as_f64().unwrap()).collect(),
                values.iter().map(value_of).collect(),
            )
        })
        .collect()
}

#[test]
fn the_exact_path_reproduces_the_corpus_bit_for_bit() {
    let corpus = corpus();
    assert!(corpus.len() >= 11 * PER_KIND + JOINS);
    let mut checked = 0;
    for (doc, steps, values) in &corpus {
        let schedule = build(doc);
        for (&step, &expected) in steps.iter().zip(values) {
            let got = schedule.value(step);
            assert!(
                got.to_bits() == expected.to_bits() || (got.is_nan() && expected.is_nan()),
                "{doc} at step {step}: {got:e}, expected {expected:e}"
            );
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked}");
}

#[test]
fn ranges_of_every_corpus_schedule_round_to_the_exact_values_in_f32() {
    // Every segment's kernel (or the exact path where a primitive has none) over a range that
    // crosses the corpus's boundaries near 0: float32 output is the float64 value rounded,
    // bit for bit, or the overflow error the exact value deserves.
    use anneal_core::{evaluate, Steps};
    for (doc, _, _) in corpus() {
        let schedule = build(&doc);
        let steps = Steps::range(-3000, 1, 9000).unwrap();
        let mut out = vec![0.0f32; steps.len()];
        let exact: Vec<f64> = steps.to_vec().iter().map(|&t| schedule.value(t)).collect();
        match evaluate(&schedule, steps, &mut out) {
            Ok(()) => {
                for (i, (&got, &want)) in out.iter().zip(&exact).enumerate() {
                    let want = want as f32;
                    assert!(
                        got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                        "{doc} at step {}: {got:e}, expected {want:e}",
                        i as i64 - 3000
                    );
                }
            }
            Err(_) => assert!(exact.iter().any(|v| !(*v as f32).is_finite()), "{doc}"),
        }
    }
}
