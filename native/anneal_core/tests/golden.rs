//! Every row of `test/fixtures/axon_v0_4_1.csv` (Axon 0.4.1's float32 output beside an
//! independent float64 reference) against the core, scalar and vector.

mod common;

use anneal_core::{evaluate, Schedule, Steps};
use std::collections::HashMap;

struct Row {
    kind: String,
    init_value: f64,
    opts: HashMap<String, String>,
    step: f64,
    f64: f64,
    axon_f32: f64,
}

fn rows() -> Vec<Row> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../test/fixtures/axon_v0_4_1.csv"
    );
    let text = std::fs::read_to_string(path).expect("golden CSV is readable");
    text.lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 6, "malformed row: {line}");
            let opts = f[2]
                .split(';')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').expect("key=value");
                    (k.to_string(), v.to_string())
                })
                .collect();
            Row {
                kind: f[0].to_string(),
                init_value: f[1].parse().unwrap(),
                opts,
                step: f[3].parse().unwrap(),
                f64: f[4].parse().unwrap(),
                axon_f32: f[5].parse().unwrap(),
            }
        })
        .collect()
}

/// Builds the schedule of a row, with Axon 0.4.1's defaults for the options it leaves out.
fn schedule(row: &Row) -> Schedule {
    common::axon_schedule(&row.kind, row.init_value, &row.opts)
        .unwrap_or_else(|| panic!("unknown schedule {}", row.kind))
        .unwrap()
}

fn within(got: f64, expected: f64, init: f64, rel: f64) -> bool {
    (got - expected).abs() <= rel * (init.abs() + expected.abs())
}

#[test]
fn every_row_matches_both_references_on_every_path() {
    let rows = rows();
    assert!(rows.len() > 400, "only {} golden rows", rows.len());
    for row in &rows {
        let s = schedule(row);
        let scalar = s.value(row.step);
        assert!(
            within(scalar, row.f64, row.init_value, 1e-12),
            "{} {:?} step {}: {scalar} vs f64 {}",
            row.kind,
            row.opts,
            row.step,
            row.f64
        );

        let steps = [row.step];
        let mut wide = [0.0f64];
        let mut narrow = [0.0f32];
        evaluate(&s, Steps::Values(&steps), &mut wide).unwrap();
        evaluate(&s, Steps::Values(&steps), &mut narrow).unwrap();
        assert_eq!(wide[0], scalar);
        assert_eq!(narrow[0], scalar as f32);
        assert!(
            within(f64::from(narrow[0]), row.axon_f32, row.init_value, 2e-6),
            "{} {:?} step {}: f32 {} vs Axon {}",
            row.kind,
            row.opts,
            row.step,
            narrow[0],
            row.axon_f32
        );

        if row.step.fract() == 0.0 {
            // Ranges take the fast path: f32 bit-identical, f64 within 1e-14 · (|γ₀| + |v|).
            let range = Steps::range(row.step as i64, 1, 1).unwrap();
            let mut ranged = [0.0f64];
            evaluate(&s, range, &mut ranged).unwrap();
            assert!((ranged[0] - scalar).abs() <= 1e-14 * (row.init_value.abs() + scalar.abs()));
            evaluate(&s, range, &mut narrow).unwrap();
            assert_eq!(narrow[0], scalar as f32);
        }
    }
}
