//! Anneal's JSON document for a schedule, written and read with serde_json.
//!
//! ```json
//! {"anneal":1,"kind":"cosine_decay","init_value":0.1,"options":{"decay_steps":1000,"alpha":0.0}}
//! ```
//!
//! A [`Document`] is the schedule as written: its kind, its `init_value` (absent for `join`)
//! and its options, in order, with integers and floats kept apart so that a schedule reads
//! back exactly as it was written. Option values are JSON values: numbers, booleans, `null`,
//! strings (atom options such as `decay_type`), arrays (boundaries, `[step, scale]` pairs)
//! and, for `join`, nested documents without the `"anneal"` version key. Which kinds and
//! options exist, their defaults and their rules are not checked here: the Elixir package
//! routes a read document through the same validation as options given in code.
//!
//! ```
//! use anneal_core::json::{Document, Number, Value};
//!
//! let doc = Document::from_json(r#"{"anneal": 1, "kind": "constant", "init_value": 0.5}"#)?;
//! assert_eq!(doc.kind, "constant");
//! assert_eq!(doc.init_value, Some(Number::Float(0.5)));
//! assert_eq!(
//!     doc.to_json(),
//!     r#"{"anneal":1,"kind":"constant","init_value":0.5,"options":{}}"#
//! );
//! # Ok::<(), anneal_core::json::JsonError>(())
//! ```

use crate::Spec;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::collections::HashSet;
use std::fmt;

/// The version of the document format, the value of its `"anneal"` key.
pub const VERSION: u64 = 1;

/// A schedule as a JSON document describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The schedule kind, such as `"cosine_decay"`.
    pub kind: String,
    /// The first positional argument; `None` for `join`.
    pub init_value: Option<Number>,
    /// The options, in the order they are written.
    pub options: Vec<(String, Value)>,
}

/// A JSON number, integer or float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer in the signed 64-bit range, written without a decimal point.
    Int(i64),
    /// A float, written with a decimal point or an exponent (`1.0`, `1e-5`).
    Float(f64),
}

/// The value of an option.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string, such as the name of a `decay_type`.
    Text(String),
    /// An array of values.
    List(Vec<Value>),
    /// A nested schedule (an object), as `join` holds them.
    Schedule(Document),
}

/// Why a JSON document could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonError {
    /// Not JSON at all; holds serde_json's description.
    Malformed(String),
    /// An `"anneal"` version other than [`VERSION`]; holds it as written.
    Version(String),
    /// A field is missing.
    Missing {
        /// Where: `"the document"` or the path of a nested schedule.
        path: String,
        /// The field's name.
        field: &'static str,
    },
    /// A field that a schedule document does not have.
    Unknown {
        /// Where.
        path: String,
        /// The field's name.
        field: String,
    },
    /// Options that do not make a schedule of the document's kind (an unknown kind or
    /// option, a missing required option, a value of the wrong type).
    Options {
        /// Where: `"the document"` or the path of a nested schedule.
        path: String,
        /// serde's description.
        why: String,
    },
    /// A value of the wrong type.
    Type {
        /// Its path, such as `options.schedules[1].kind`.
        path: String,
        /// What it should be.
        expected: &'static str,
        /// The value, as JSON.
        found: String,
    },
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(why) => write!(f, "malformed JSON: {why}"),
            Self::Version(found) => write!(
                f,
                "unsupported anneal JSON version {found}, expected {VERSION}"
            ),
            Self::Missing { path, field } => write!(f, "missing \"{field}\" in {path}"),
            Self::Unknown { path, field } => write!(f, "unknown field \"{field}\" in {path}"),
            Self::Options { path, why } => write!(f, "invalid schedule in {path}: {why}"),
            Self::Type {
                path,
                expected,
                found,
            } => write!(f, "expected {path} to be {expected}, got: {found}"),
        }
    }
}

impl std::error::Error for JsonError {}

impl Document {
    /// Reads a versioned document, options in the order written; the error names what is
    /// wrong and where.
    /// A key written twice in one object is refused (serde_json would keep the last one);
    /// so is nesting deeper than [`MAX_NESTING`].
    pub fn from_json(text: &str) -> Result<Self, JsonError> {
        let malformed = |e: serde_json::Error| JsonError::Malformed(e.to_string());
        // serde_json stops at 128 levels; the two passes below recurse once per level.
        serde_json::from_str::<Checked>(text).map_err(malformed)?;
        let json: Json = serde_json::from_str(text).map_err(malformed)?;
        let object = object(&json, "the document")?;
        match object.get("anneal") {
            None => {
                return Err(JsonError::Missing {
                    path: "the document".into(),
                    field: "anneal",
                })
            }
            Some(v) if v.as_u64() == Some(VERSION) => {}
            Some(v) => return Err(JsonError::Version(v.to_string())),
        }
        document(object, "", true)
    }

    /// Writes the document, `"anneal"` version first, options in their order. Floats are
    /// written in their shortest form that reads back exactly; non-finite floats, which
    /// JSON cannot hold, are written as `null`.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        // Writing to a Vec cannot fail, and every key is a string.
        if (Versioned(self)).serialize(&mut serializer).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Document {
    /// The typed options of the schedule this document describes (not yet validated: see
    /// [`Schedule::new`](crate::Schedule::new)). Integers are read where floats are expected;
    /// options left out take their defaults.
    ///
    /// ```
    /// use anneal_core::json::Document;
    /// use anneal_core::{Schedule, Spec};
    ///
    /// let doc = Document::from_json(
    ///     r#"{"anneal":1,"kind":"cosine_decay","init_value":1,"options":{"decay_steps":4}}"#,
    /// )?;
    /// let schedule = Schedule::new(doc.to_spec()?).unwrap();
    /// assert_eq!(schedule.value(4.0), 0.0);
    /// # Ok::<(), anneal_core::json::JsonError>(())
    /// ```
    pub fn to_spec(&self) -> Result<Spec, JsonError> {
        Spec::from_json_value(self.flat()).map_err(|e| JsonError::Options {
            path: "the document".into(),
            why: e.to_string(),
        })
    }

    /// The document as the flat object [`Spec`] reads: `kind`, `init_value` and the options
    /// side by side, nested schedules flat too.
    fn flat(&self) -> Json {
        let mut object = Map::new();
        object.insert("kind".into(), Json::String(self.kind.clone()));
        if let Some(n) = self.init_value {
            object.insert("init_value".into(), number_json(n));
        }
        for (key, value) in &self.options {
            object.insert(key.clone(), value.flat());
        }
        Json::Object(object)
    }
}

impl Value {
    fn flat(&self) -> Json {
        match self {
            Self::Null => Json::Null,
            Self::Bool(b) => Json::Bool(*b),
            Self::Number(n) => number_json(*n),
            Self::Text(t) => Json::String(t.clone()),
            Self::List(items) => Json::Array(items.iter().map(Value::flat).collect()),
            Self::Schedule(doc) => doc.flat(),
        }
    }
}

/// How deeply arrays and objects may nest in a document (serde_json's own limit is 128).
pub const MAX_NESTING: usize = 100;

/// Any JSON value, checked as it is read: no key twice in an object, no nesting deeper than
/// [`MAX_NESTING`]. Keeps nothing.
struct Checked;

struct CheckedVisitor(usize);

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckedVisitor(0))
    }
}

/// A nested value, one level deeper than its parent.
struct Nested(usize);

impl<'de> DeserializeSeed<'de> for Nested {
    type Value = Checked;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Checked, D::Error> {
        d.deserialize_any(CheckedVisitor(self.0))
    }
}

impl CheckedVisitor {
    fn deeper<E: de::Error>(&self) -> Result<Nested, E> {
        if self.0 >= MAX_NESTING {
            Err(E::custom(format!(
                "arrays and objects nested more than {MAX_NESTING} deep"
            )))
        } else {
            Ok(Nested(self.0 + 1))
        }
    }
}

fn number_json(n: Number) -> Json {
    match n {
        Number::Int(i) => Json::from(i),
        Number::Float(x) => serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number),
    }
}

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element_seed(self.deeper()?)?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(self.deeper()?)?;
            if let Some(key) = keys.replace(key) {
                return Err(de::Error::custom(format!("duplicate key \"{key}\"")));
            }
        }
        Ok(Checked)
    }
}

fn object<'a>(json: &'a Json, path: &str) -> Result<&'a Map<String, Json>, JsonError> {
    json.as_object().ok_or_else(|| JsonError::Type {
        path: path.to_string(),
        expected: "a JSON object",
        found: json.to_string(),
    })
}

/// `prefix` is the path of the document (empty at the top), `top` whether it carries the
/// version key.
fn document(object: &Map<String, Json>, prefix: &str, top: bool) -> Result<Document, JsonError> {
    let place = if prefix.is_empty() {
        "the document".to_string()
    } else {
        prefix.to_string()
    };
    let path = |field: &str| {
        if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        }
    };
    for key in object.keys() {
        let known =
            matches!(key.as_str(), "kind" | "init_value" | "options") || (top && key == "anneal");
        if !known {
            return Err(JsonError::Unknown {
                path: place,
                field: key.clone(),
            });
        }
    }
    let kind = match object.get("kind") {
        None => {
            return Err(JsonError::Missing {
                path: place,
                field: "kind",
            })
        }
        Some(Json::String(kind)) => kind.clone(),
        Some(other) => return Err(type_error(path("kind"), "a string", other)),
    };
    let init_value = match object.get("init_value") {
        None | Some(Json::Null) => None,
        Some(Json::Number(n)) => Some(number(n, &path("init_value"))?),
        Some(other) => return Err(type_error(path("init_value"), "a number", other)),
    };
    let options = match object.get("options") {
        None => Vec::new(),
        Some(json) => object_entries(json, &path("options"))?,
    };
    Ok(Document {
        kind,
        init_value,
        options,
    })
}

fn object_entries(json: &Json, path: &str) -> Result<Vec<(String, Value)>, JsonError> {
    object(json, path)?
        .iter()
        .map(|(key, v)| Ok((key.clone(), value(v, &format!("{path}.{key}"))?)))
        .collect()
}

fn value(json: &Json, path: &str) -> Result<Value, JsonError> {
    Ok(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(number(n, path)?),
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| value(item, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(object) => Value::Schedule(document(object, path, false)?),
    })
}

fn number(n: &serde_json::Number, path: &str) -> Result<Number, JsonError> {
    if let Some(i) = n.as_i64() {
        Ok(Number::Int(i))
    } else if n.is_u64() {
        Err(JsonError::Type {
            path: path.to_string(),
            expected: "a number in the signed 64-bit range",
            found: n.to_string(),
        })
    } else {
        // serde_json refuses numbers beyond f64 while parsing, so this is finite.
        Ok(Number::Float(n.as_f64().unwrap_or(f64::NAN)))
    }
}

fn type_error(path: String, expected: &'static str, found: &Json) -> JsonError {
    JsonError::Type {
        path,
        expected,
        found: found.to_string(),
    }
}

/// A top-level document: the version key, then the document's fields.
struct Versioned<'a>(&'a Document);

impl Serialize for Versioned<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("anneal", &VERSION)?;
        fields(&mut map, self.0)?;
        map.end()
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        fields(&mut map, self)?;
        map.end()
    }
}

fn fields<M: SerializeMap>(map: &mut M, doc: &Document) -> Result<(), M::Error> {
    map.serialize_entry("kind", &doc.kind)?;
    if let Some(init_value) = &doc.init_value {
        map.serialize_entry("init_value", init_value)?;
    }
    map.serialize_entry("options", &Options(&doc.options))
}

struct Options<'a>(&'a [(String, Value)]);

impl Serialize for Options<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Self::Int(i) => s.serialize_i64(i),
            Self::Float(x) => s.serialize_f64(x),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => s.serialize_unit(),
            Self::Bool(b) => s.serialize_bool(*b),
            Self::Number(n) => n.serialize(s),
            Self::Text(t) => s.serialize_str(t),
            Self::List(items) => s.collect_seq(items),
            Self::Schedule(doc) => doc.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join() -> Document {
        let part = |kind: &str, v: f64| Document {
            kind: kind.into(),
            init_value: Some(Number::Float(v)),
            options: vec![],
        };
        Document {
            kind: "join".into(),
            init_value: None,
            options: vec![
                (
                    "schedules".into(),
                    Value::List(vec![
                        Value::Schedule(part("constant", 1.0)),
                        Value::Schedule(part("constant", 0.5)),
                    ]),
                ),
                (
                    "boundaries".into(),
                    Value::List(vec![Value::Number(Number::Int(100))]),
                ),
            ],
        }
    }

    #[test]
    fn writes_the_version_first_and_nested_documents_without_it() {
        assert_eq!(
            join().to_json(),
            concat!(
                r#"{"anneal":1,"kind":"join","options":{"schedules":["#,
                r#"{"kind":"constant","init_value":1.0,"options":{}},"#,
                r#"{"kind":"constant","init_value":0.5,"options":{}}],"#,
                r#""boundaries":[100]}}"#
            )
        );
    }

    #[test]
    fn round_trips_integers_floats_and_every_value() {
        let doc = Document {
            kind: "anything".into(),
            init_value: Some(Number::Int(-3)),
            options: vec![
                ("a".into(), Value::Number(Number::Float(1e-5))),
                ("b".into(), Value::Number(Number::Float(1e300))),
                ("c".into(), Value::Number(Number::Float(0.1 + 0.2))),
                ("d".into(), Value::Number(Number::Int(i64::MIN))),
                ("e".into(), Value::Null),
                ("f".into(), Value::Bool(false)),
                ("g".into(), Value::Text("sqrt".into())),
                ("h".into(), Value::List(vec![])),
                ("i".into(), Value::Schedule(join())),
            ],
        };
        assert_eq!(Document::from_json(&doc.to_json()).unwrap(), doc);
    }

    #[test]
    fn init_value_and_options_may_be_left_out() {
        let doc = Document::from_json(r#"{"kind": "join", "anneal": 1}"#).unwrap();
        assert_eq!(doc.init_value, None);
        assert!(doc.options.is_empty());
    }

    #[test]
    fn errors_name_what_is_wrong_and_where() {
        let cases = [
            ("{", "malformed JSON: EOF while parsing an object at line 1 column 1"),
            ("[1]", "expected the document to be a JSON object, got: [1]"),
            (r#"{"kind": "constant"}"#, "missing \"anneal\" in the document"),
            (
                r#"{"anneal": 2, "kind": "constant"}"#,
                "unsupported anneal JSON version 2, expected 1",
            ),
            (
                r#"{"anneal": "1", "kind": "constant"}"#,
                "unsupported anneal JSON version \"1\", expected 1",
            ),
            (r#"{"anneal": 1}"#, "missing \"kind\" in the document"),
            (
                r#"{"anneal": 1, "kind": "constant", "init": 1}"#,
                "unknown field \"init\" in the document",
            ),
            (
                r#"{"anneal": 1, "kind": 7}"#,
                "expected kind to be a string, got: 7",
            ),
            (
                r#"{"anneal": 1, "kind": "constant", "init_value": "0.1"}"#,
                "expected init_value to be a number, got: \"0.1\"",
            ),
            (
                r#"{"anneal": 1, "kind": "constant", "options": []}"#,
                "expected options to be a JSON object, got: []",
            ),
            (
                r#"{"anneal": 1, "kind": "c", "options": {"n": 18446744073709551615}}"#,
                "expected options.n to be a number in the signed 64-bit range, got: 18446744073709551615",
            ),
            (
                r#"{"anneal": 1, "kind": "join", "options": {"schedules": [{"kind": "c"}, {"anneal": 1, "kind": "c"}]}}"#,
                "unknown field \"anneal\" in options.schedules[1]",
            ),
            (
                r#"{"anneal": 1, "kind": "join", "options": {"schedules": [{"init_value": 1}]}}"#,
                "missing \"kind\" in options.schedules[0]",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(
                Document::from_json(text).unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
    }

    #[test]
    fn a_key_written_twice_is_refused_at_any_level() {
        let refused = |text: &str| Document::from_json(text).unwrap_err().to_string();
        assert_eq!(
            refused(r#"{"anneal":2,"anneal":1,"kind":"constant","init_value":1}"#),
            "malformed JSON: duplicate key \"anneal\" at line 1 column 22"
        );
        assert_eq!(
            refused(
                r#"{"anneal":1,"kind":"cosine_decay","init_value":1,"options":{"alpha":0,"alpha":1}}"#
            ),
            "malformed JSON: duplicate key \"alpha\" at line 1 column 80"
        );
        // Inside a nested schedule; an escaped key is the same key.
        let nested = r#"{"anneal":1,"kind":"join","options":{"schedules":[{"kind":"constant","kind":"constant"}]}}"#;
        assert!(refused(nested).starts_with("malformed JSON: duplicate key \"kind\""));
        assert!(refused(r#"{"anneal":1,"anneal":1}"#).contains("duplicate key"));
        assert!(
            refused(r#"{"anneal":1,"kind":"constant","\u006bind":"constant"}"#)
                .starts_with("malformed JSON: duplicate key \"kind\"")
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |n: usize| {
            format!(
                r#"{{"anneal":1,"kind":"constant","init_value":1,"options":{{"x":{}{}}}}}"#,
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        // The document and its options are two levels; MAX_NESTING in all is fine.
        assert!(Document::from_json(&nested(MAX_NESTING - 2)).is_ok());
        assert!(Document::from_json(&nested(MAX_NESTING - 1))
            .unwrap_err()
            .to_string()
            .starts_with("malformed JSON: arrays and objects nested more than 100 deep"));
        assert!(Document::from_json(&nested(100_000))
            .unwrap_err()
            .to_string()
            .starts_with("malformed JSON: "));
    }
}
