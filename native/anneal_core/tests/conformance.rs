//! The conformance corpus, `test/fixtures/conformance.jsonl`: schedules of every kind as JSON
//! documents, each with steps and the float64 values of the core's exact path. It was written
//! by `write_corpus` below from the core as it was before schedules compiled to plans, and is
//! the regression oracle every evaluator is held to.
//!
//! Regenerate it only on purpose: `cargo test -p anneal_core --test conformance -- --ignored`.

mod common;

use anneal_core::{
    Constant, CosineDecay, CosineDecayRestarts, DecayShape, ExponentialDecay, InverseSqrt, Join,
    LinearDecay, OneCycle, PiecewiseConstant, PolynomialDecay, Schedule, WarmupCosineDecay,
    WarmupStableDecay,
};
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

/// Builds a schedule from a document with the constructors of the core.
fn build(doc: &Value) -> Schedule {
    let o = &doc["options"];
    let f = |key: &str| o[key].as_f64().unwrap_or_else(|| panic!("{key} in {doc}"));
    let init = doc["init_value"].as_f64().unwrap_or(f64::NAN);
    let built: Result<Schedule, _> = match doc["kind"].as_str().unwrap() {
        "constant" => Constant::new(init).map(Into::into),
        "cosine_decay" => CosineDecay::new(init, f("decay_steps"), f("alpha")).map(Into::into),
        "exponential_decay" => ExponentialDecay::new(
            init,
            f("decay_rate"),
            f("transition_steps"),
            f("transition_begin"),
            o["staircase"].as_bool().unwrap(),
        )
        .map(Into::into),
        "linear_decay" => LinearDecay::new(init, f("warmup"), f("steps")).map(Into::into),
        "polynomial_decay" => PolynomialDecay::new(
            init,
            f("end_value"),
            f("power"),
            f("transition_steps"),
            f("transition_begin"),
        )
        .map(Into::into),
        "warmup_cosine_decay" => WarmupCosineDecay::new(
            init,
            f("peak_value"),
            f("warmup_steps"),
            f("decay_steps"),
            f("end_value"),
            f("exponent"),
        )
        .map(Into::into),
        "piecewise_constant" => PiecewiseConstant::new(
            init,
            o["boundaries_and_scales"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap())),
        )
        .map(Into::into),
        "inverse_sqrt" => {
            InverseSqrt::new(init, f("warmup_steps"), o["timescale"].as_f64()).map(Into::into)
        }
        "warmup_stable_decay" => WarmupStableDecay::new(
            init,
            f("warmup_steps"),
            f("stable_steps"),
            f("decay_steps"),
            f("min_lr_ratio"),
            match o["decay_type"].as_str().unwrap() {
                "cosine" => DecayShape::Cosine,
                "linear" => DecayShape::Linear,
                _ => DecayShape::Sqrt,
            },
        )
        .map(Into::into),
        "cosine_decay_restarts" => CosineDecayRestarts::new(
            init,
            f("first_decay_steps"),
            f("t_mul"),
            f("m_mul"),
            f("alpha"),
        )
        .map(Into::into),
        "one_cycle" => OneCycle::new(
            init,
            f("transition_steps"),
            f("pct_start"),
            f("div_factor"),
            f("final_div_factor"),
        )
        .map(Into::into),
        _ => Join::new(
            o["schedules"]
                .as_array()
                .unwrap()
                .iter()
                .map(build)
                .collect(),
            o["boundaries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_f64().unwrap())
                .collect(),
        )
        .map(Into::into),
    };
    built.unwrap_or_else(|e| panic!("{e}: {doc}"))
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
