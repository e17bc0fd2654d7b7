//! Each kind's `OPTIONS` states the rule of every option (`Rule::Positive`, ...), which the
//! Elixir package checks through the NIF; each kind's `validate` is what a JSON document read
//! in Rust goes through. This ties the two: for every option with a rule on one number,
//! probed across the number line with every other option at its default (required ones at a
//! valid value), `validate` refuses the value with the rule's own message exactly when the
//! rule does. A refusal by a rule that relates two options (`greater than`, ...) is not the
//! option's own rule and is allowed either way.
//!
//! NaN and ±∞ are not probed: JSON (the path that goes through `validate` alone) cannot
//! write them, nor can the BEAM; `±2e300` stand in for huge values.

use anneal_core::kinds::options::{Default, Opt, Rule};
use anneal_core::kinds::SCHEMA;
use anneal_core::Spec;
use serde_json::{json, Map, Value};

const PROBES: [f64; 10] = [-2e300, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0, 10.0, 2e300];

/// The rules on one number, whose messages read "expected {name} to be {phrase}, got: {x}".
const NUMBER_RULES: [Rule; 4] = [
    Rule::Finite,
    Rule::Positive,
    Rule::NonNegative,
    Rule::Fraction,
];

/// A valid value for a required option: numbers increase with the option's position, so that
/// options that must exceed earlier ones (`decay_steps` > `warmup_steps`) do.
fn required_value(index: usize, opt: &Opt) -> Value {
    let constant = json!({"kind": "constant", "init_value": 1.0});
    match opt.rule {
        Rule::Schedule => constant,
        Rule::Schedules => json!([constant]),
        Rule::Boundaries | Rule::BoundariesAndScales => json!([]),
        _ => json!(10.0 * (index + 1) as f64),
    }
}

/// The kind with `init_value` 1 and its required options set; `probe` overrides one option.
fn spec(kind: &str, options: &[Opt], probe: Option<(&str, f64)>) -> Spec {
    let mut object = Map::new();
    object.insert("kind".into(), json!(kind));
    if !options.iter().any(Opt::holds_schedules) {
        object.insert("init_value".into(), json!(1.0));
    }
    for (index, opt) in options.iter().enumerate() {
        if opt.default == Default::Required {
            object.insert(opt.name.into(), required_value(index, opt));
        }
    }
    if let Some((name, x)) = probe {
        object.insert(name.into(), json!(x));
    }
    Spec::from_json_value(Value::Object(object))
        .unwrap_or_else(|e| panic!("{kind} with {probe:?} does not read: {e}"))
}

#[test]
fn the_baseline_of_every_kind_is_valid() {
    for (kind, options) in SCHEMA {
        let spec = spec(kind, options, None);
        assert_eq!(spec.validate(), Ok(()), "{kind}");
    }
}

#[test]
fn validate_applies_each_options_rule_as_options_states_it() {
    let (mut probed, mut broken) = (0, Vec::new());
    for (kind, options) in SCHEMA {
        for opt in options.iter() {
            let Some((phrase, _)) = opt.rule.number(0.0) else {
                continue;
            };
            for x in PROBES {
                let (_, follows) = opt.rule.number(x).unwrap();
                let message = spec(kind, options, Some((opt.name, x)))
                    .validate()
                    .err()
                    .map(|e| e.to_string());
                let own = |phrase: &str| format!("expected {} to be {phrase}, got: {x}", opt.name);
                let agrees = if follows {
                    // No rule on one number refuses it under this option's name.
                    !NUMBER_RULES
                        .iter()
                        .any(|rule| message == Some(own(rule.number(x).unwrap().0)))
                } else {
                    message == Some(own(phrase))
                };
                if !agrees {
                    let verdict = if follows { "accepts" } else { "refuses" };
                    broken.push(format!(
                        "{kind}.{} = {x:e}: the rule {verdict} it, validate says {message:?}",
                        opt.name
                    ));
                }
                probed += 1;
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // Every numeric option of every kind was probed (44 options at the time of writing).
    assert!(probed >= 40 * PROBES.len(), "{probed}");
}
