//! Decoding a schedule spec (built by `Anneal.Schedule.to_native/1`) into a core [`Schedule`].
//!
//! A spec is a map of options by name: `%{kind: :cosine_decay, init_value: 0.1,
//! decay_steps: 100, alpha: 0.0}`, with numbers (integers where floats are expected too),
//! booleans, `nil`, atoms (`decay_type`), lists, `{boundary, scale}` tuples and, for `join`,
//! nested specs under `schedules`. The term is read into a JSON-like tree with a depth limit,
//! then into the core's typed options by serde (the same structs that read JSON documents),
//! with the core's defaults for options left out, and validated and compiled by the core.
//! No option name, order or default lives here.

use crate::describe::describe;
use crate::proper::walk;
use anneal_core::{Schedule, Spec};
use rustler::types::atom;
use rustler::types::map::MapIterator;
use rustler::types::tuple::get_tuple;
use rustler::{Term, TermType};
use serde_json::{Map, Number, Value};

/// How deeply joins may nest: decoding and compiling recurse once per level.
pub const MAX_DEPTH: usize = 32;

/// Containers per join level: the spec map, `schedules` and one more for lists of pairs.
const LEVELS_PER_JOIN: usize = 3;

/// Decodes a spec term, validates and compiles it; the error names what was wrong with it.
pub fn decode(term: Term) -> Result<Schedule, String> {
    if term.get_type() != TermType::Map {
        return Err(format!("expected a schedule spec, got: {}", describe(term)));
    }
    let tree = tree(term, 0)?;
    let spec = Spec::from_json_value(tree)
        .map_err(|e| format!("expected a schedule spec, got: {} ({e})", describe(term)))?;
    Schedule::new(spec).map_err(|e| e.to_string())
}

/// The term as a JSON-like tree, refusing more nesting than `MAX_DEPTH` joins need.
fn tree(term: Term, depth: usize) -> Result<Value, String> {
    if depth > LEVELS_PER_JOIN * (MAX_DEPTH + 1) {
        return Err(format!("expected joins nested at most {MAX_DEPTH} deep"));
    }
    let bad = || format!("expected a schedule spec, got: {}", describe(term));
    Ok(match term.get_type() {
        TermType::Atom => {
            if term == atom::nil().to_term(term.get_env()) {
                Value::Null
            } else if let Ok(b) = term.decode::<bool>() {
                Value::Bool(b)
            } else {
                Value::String(term.atom_to_string().map_err(|_| bad())?)
            }
        }
        TermType::Integer => Value::Number(Number::from(term.decode::<i64>().map_err(|_| bad())?)),
        TermType::Float => {
            let x = term.decode::<f64>().map_err(|_| bad())?;
            Value::Number(Number::from_f64(x).ok_or_else(bad)?)
        }
        TermType::Binary => Value::String(term.decode::<String>().map_err(|_| bad())?),
        TermType::List => {
            // rustler's list iterator panics at an improper list's tail; list_length
            // refuses an improper list before anything is iterated.
            term.list_length().map_err(|_| bad())?;
            let items = term.into_list_iterator().map_err(|_| bad())?;
            Value::Array(
                items
                    .map(|item| tree(item, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        TermType::Tuple => Value::Array(
            get_tuple(term)
                .map_err(|_| bad())?
                .into_iter()
                .map(|item| tree(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        TermType::Map => {
            let mut object = Map::new();
            for (key, value) in MapIterator::new(term).ok_or_else(bad)? {
                let key = match tree(key, depth + 1)? {
                    Value::String(key) => key,
                    _ => return Err(bad()),
                };
                object.insert(key, tree(value, depth + 1)?);
            }
            Value::Object(object)
        }
        _ => return Err(bad()),
    })
}

/// The number of parts a spec term holds (see `Schedule::size`), counted without decoding
/// it, up to `cap`: enough to decide, before any work, whether decoding alone would take
/// too long for a normal scheduler. Each list option counts its length; a nested spec (a
/// join's schedules) counts its own parts.
pub fn parts(term: Term, cap: usize) -> usize {
    parts_nested(term, cap, 0)
}

fn parts_nested(term: Term, cap: usize, depth: usize) -> usize {
    let Some(options) = MapIterator::new(term) else {
        return 1;
    };
    let mut n: usize = 1;
    for (_key, value) in options {
        if value.get_type() != TermType::List {
            continue;
        }
        let nested = |item: Term| match item.get_type() {
            TermType::Map if depth < MAX_DEPTH => parts_nested(item, cap, depth + 1),
            _ => 0,
        };
        n = n.saturating_add(walk(value, cap.saturating_sub(n), nested));
        if n > cap {
            break;
        }
    }
    n
}
