//! JSON documents as terms: `{kind, init_value, [{key, value}]}` with binaries for the kind,
//! the keys and string values, `nil` for an absent `init_value` or a JSON `null`, lists for
//! arrays and the same 3-tuple for a nested schedule. `Anneal.Schedule` builds and reads
//! these; the core writes and reads the JSON.

use crate::describe::describe;
use crate::proper::Proper;
use crate::spec::MAX_DEPTH;
use anneal_core::json::{Document, Number, Value};
use rustler::types::atom;
use rustler::types::tuple::get_tuple;
use rustler::{Encoder, Env, Term};

/// How deeply lists and documents may nest in a document term. Decoding recurses once
/// per level: a join nested [`MAX_DEPTH`] deep takes two levels per join (the document and
/// its list of schedules), and `[step, scale]` pairs in a list take two more.
pub const MAX_NESTING: usize = 2 * MAX_DEPTH + 4;

/// Decodes a document term; the error names what was wrong with it.
pub fn decode(term: Term) -> Result<Document, String> {
    decode_nested(term, 0)
}

fn deeper(depth: usize) -> Result<usize, String> {
    if depth >= MAX_NESTING {
        Err(format!(
            "expected a schedule document nested at most {MAX_NESTING} deep"
        ))
    } else {
        Ok(depth + 1)
    }
}

fn decode_nested(term: Term, depth: usize) -> Result<Document, String> {
    let bad = || format!("expected a schedule document term, got: {}", describe(term));
    let fields = get_tuple(term).map_err(|_| bad())?;
    let [kind, init_value, options] = fields.as_slice() else {
        return Err(bad());
    };
    let init_value = if init_value.is_atom() && *init_value == atom::nil().to_term(term.get_env()) {
        None
    } else {
        Some(number(*init_value).ok_or_else(bad)?)
    };
    let options = options
        .decode::<Proper<(String, Term)>>()
        .map_err(|_| bad())?
        .0
        .into_iter()
        .map(|(key, value)| Ok((key, decode_value(value, deeper(depth)?)?)))
        .collect::<Result<_, String>>()?;
    Ok(Document {
        kind: kind.decode().map_err(|_| bad())?,
        init_value,
        options,
    })
}

fn number(term: Term) -> Option<Number> {
    if let Ok(i) = term.decode::<i64>() {
        Some(Number::Int(i))
    } else {
        term.decode::<f64>().ok().map(Number::Float)
    }
}

fn decode_value(term: Term, depth: usize) -> Result<Value, String> {
    if let Some(n) = number(term) {
        Ok(Value::Number(n))
    } else if let Ok(b) = term.decode::<bool>() {
        Ok(Value::Bool(b))
    } else if term.is_atom() && term == atom::nil().to_term(term.get_env()) {
        Ok(Value::Null)
    } else if term.is_binary() {
        term.decode::<String>().map(Value::Text).map_err(|_| {
            format!(
                "expected an option to be UTF-8 text, got: {}",
                describe(term)
            )
        })
    } else if term.is_list() {
        let items = term
            .decode::<Proper<Term>>()
            .map_err(|_| format!("expected a proper list, got: {}", describe(term)))?
            .0;
        let depth = deeper(depth)?;
        items
            .into_iter()
            .map(|item| decode_value(item, depth))
            .collect::<Result<_, _>>()
            .map(Value::List)
    } else {
        decode_nested(term, deeper(depth)?).map(Value::Schedule)
    }
}

/// Encodes a document read from JSON as a term.
pub fn encode<'a>(env: Env<'a>, doc: &Document) -> Term<'a> {
    let options: Vec<(&str, Term<'a>)> = doc
        .options
        .iter()
        .map(|(key, value)| (key.as_str(), encode_value(env, value)))
        .collect();
    let init_value = doc
        .init_value
        .map_or_else(|| atom::nil().encode(env), |n| encode_number(env, n));
    (doc.kind.as_str(), init_value, options).encode(env)
}

fn encode_number(env: Env, n: Number) -> Term {
    match n {
        Number::Int(i) => i.encode(env),
        Number::Float(x) => x.encode(env),
    }
}

fn encode_value<'a>(env: Env<'a>, value: &Value) -> Term<'a> {
    match value {
        Value::Null => atom::nil().encode(env),
        Value::Bool(b) => b.encode(env),
        Value::Number(n) => encode_number(env, *n),
        Value::Text(t) => t.as_str().encode(env),
        Value::List(items) => items
            .iter()
            .map(|item| encode_value(env, item))
            .collect::<Vec<_>>()
            .encode(env),
        Value::Schedule(doc) => encode(env, doc),
    }
}
