//! The options of each kind as the API shows them: their names in canonical order, their
//! defaults and the rule each value follows, written once per kind ([`Kind::OPTIONS`]).
//!
//! The Elixir package reads them through the NIF (`Anneal.Schedule.defaults/1`), and every
//! schedule read by name ([`with_defaults`]) takes its absent options' defaults from here:
//! the typed structs carry no defaults of their own. Rules that relate options are each
//! kind's [`Kind::validate`].
//!
//! [`Kind::OPTIONS`]: crate::kinds::Kind::OPTIONS
//! [`Kind::validate`]: crate::kinds::Kind::validate

use crate::error::NumberRule;
use crate::kinds::SCHEMA;
use serde::Serialize;
use serde_json::{Map, Value};

/// An option's default, as the API writes it (an integer stays an integer: `decay_steps: 10`
/// but `alpha: 0.0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// The option has no default: it must be given.
    Required,
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// `nil` (`null` in JSON): the option may be absent, and then the kind derives its value.
    Nil,
    /// A boolean.
    Bool(bool),
    /// One of the names its [`Rule::OneOf`] lists (an atom in Elixir, a string in JSON).
    Atom(&'static str),
}

/// What an option's value must be, one rule per option (a `nil` default also admits `nil`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// A finite number.
    Finite,
    /// A finite number above 0.
    Positive,
    /// A finite number from 0 on.
    NonNegative,
    /// A number from 0 to 1.
    Fraction,
    /// `true` or `false`.
    Boolean,
    /// One of these names.
    OneOf(&'static [&'static str]),
    /// A list of finite steps.
    Boundaries,
    /// Boundary steps with their scales: finite steps, non-negative scales.
    BoundariesAndScales,
    /// A schedule.
    Schedule,
    /// A non-empty list of schedules.
    Schedules,
}

impl Rule {
    /// For a rule on one number, what the number must be as messages say it ("a positive
    /// number") and whether `x` is one, by the core's own checks (`crate::error`); `None`
    /// for the other rules.
    ///
    /// ```
    /// use anneal_core::kinds::options::Rule;
    /// assert_eq!(Rule::Positive.number(0.0), Some(("a positive number", false)));
    /// assert_eq!(Rule::Fraction.number(1.0), Some(("a number from 0 to 1", true)));
    /// assert_eq!(Rule::Boolean.number(1.0), None);
    /// ```
    pub fn number(&self, x: f64) -> Option<(&'static str, bool)> {
        let rule = match self {
            Self::Finite => NumberRule::Finite,
            Self::Positive => NumberRule::Positive,
            Self::NonNegative => NumberRule::NonNegative,
            Self::Fraction => NumberRule::Fraction,
            _ => return None,
        };
        Some((rule.expected(), rule.check("", x).is_ok()))
    }
}

/// One option of a kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opt {
    /// Its name, as Elixir and JSON spell it.
    pub name: &'static str,
    /// Its default.
    pub default: Default,
    /// The rule its value follows.
    pub rule: Rule,
    /// Added after version 1 documents were first written: left out of JSON and of the call
    /// text where it holds its default, so that older documents read back and write out
    /// unchanged.
    pub later: bool,
}

impl Opt {
    /// An option present since version 1 documents.
    pub const fn new(name: &'static str, default: Default, rule: Rule) -> Self {
        Self {
            name,
            default,
            rule,
            later: false,
        }
    }

    /// The same option, marked as added later (see [`Opt::later`]).
    pub const fn added_later(self) -> Self {
        Self {
            later: true,
            ..self
        }
    }

    /// Whether the value is another schedule, or a list of them.
    pub fn holds_schedules(&self) -> bool {
        matches!(self.rule, Rule::Schedule | Rule::Schedules)
    }

    /// The default as JSON, `None` for a required option.
    fn default_json(&self) -> Option<Value> {
        Some(match self.default {
            Default::Required => return None,
            Default::Int(i) => Value::from(i),
            Default::Float(x) => Value::from(x),
            Default::Nil => Value::Null,
            Default::Bool(b) => Value::Bool(b),
            Default::Atom(name) => Value::from(name),
        })
    }
}

/// The options of the kind named `kind`, in canonical order, or `None` for an unknown kind.
///
/// ```
/// use anneal_core::kinds::options::{options, Default};
/// let cosine = options("cosine_decay").unwrap();
/// assert_eq!(cosine[0].name, "decay_steps");
/// assert_eq!(cosine[0].default, Default::Int(10));
/// assert!(options("nope").is_none());
/// ```
pub fn options(kind: &str) -> Option<&'static [Opt]> {
    SCHEMA
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, options)| *options)
}

/// Whether a schedule of the kind takes an `init_value` (a composition's value is its
/// schedules').
pub fn takes_init_value(options: &[Opt]) -> bool {
    !options.iter().any(Opt::holds_schedules)
}

/// Fills in the defaults of the options a schedule object leaves out, in nested schedules
/// too, so that serde can read it into its kind's typed options. Anything that is not an
/// object of a known kind is left for serde to refuse. Recurses once per nested schedule:
/// the caller bounds the nesting (a tree from the NIF's depth-limited decoder, or a JSON
/// document of bounded nesting).
///
/// ```
/// use anneal_core::kinds::options::with_defaults;
/// let mut spec = serde_json::json!({"kind": "linear_decay", "init_value": 1});
/// with_defaults(&mut spec);
/// assert_eq!(spec, serde_json::json!({"kind": "linear_decay", "init_value": 1, "warmup": 0, "steps": 1000}));
/// ```
pub fn with_defaults(spec: &mut Value) {
    let Some(object) = spec.as_object_mut() else {
        return;
    };
    let Some(options) = object.get("kind").and_then(Value::as_str).and_then(options) else {
        return;
    };
    for opt in options {
        match object.get_mut(opt.name) {
            Some(Value::Array(parts)) if opt.rule == Rule::Schedules => {
                parts.iter_mut().for_each(with_defaults);
            }
            Some(part) if opt.rule == Rule::Schedule => with_defaults(part),
            Some(_) => {}
            None => insert_default(object, opt),
        }
    }
}

/// Whether `value` is the default of the option `name` among `options` (numbers compared as
/// numbers, `10.0` equal to `Int(10)`), for serde's `skip_serializing_if` on options
/// [added later](Opt::later), so that their defaults are written once, here. `false` for a
/// required option or an unknown name.
pub(crate) fn holds_default<T: Serialize>(options: &[Opt], name: &str, value: &T) -> bool {
    let Some(default) = options
        .iter()
        .find(|opt| opt.name == name)
        .and_then(Opt::default_json)
    else {
        return false;
    };
    match (serde_json::to_value(value), default) {
        (Ok(Value::Number(x)), Value::Number(d)) => x.as_f64() == d.as_f64(),
        (Ok(value), default) => value == default,
        (Err(_), _) => false,
    }
}

fn insert_default(object: &mut Map<String, Value>, opt: &Opt) {
    if let Some(value) = opt.default_json() {
        object.insert(opt.name.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::KINDS;

    #[test]
    fn every_kind_has_its_options_and_names_are_unique() {
        for kind in KINDS {
            let options = options(kind).unwrap();
            for (i, opt) in options.iter().enumerate() {
                assert!(
                    options[..i].iter().all(|o| o.name != opt.name),
                    "{kind}.{}",
                    opt.name
                );
                // An atom default is one of the names its rule lists.
                if let Default::Atom(name) = opt.default {
                    assert!(matches!(opt.rule, Rule::OneOf(names) if names.contains(&name)));
                }
            }
        }
    }

    #[test]
    fn holds_default_compares_with_the_declared_default() {
        let cosine = options("cosine_decay").unwrap();
        assert!(holds_default(cosine, "decay_steps", &10.0)); // Int(10)
        assert!(!holds_default(cosine, "decay_steps", &10.5));
        assert!(holds_default(cosine, "exponent", &1.0)); // Float(1.0)
        assert!(!holds_default(cosine, "exponent", &f64::NAN));
        assert!(!holds_default(cosine, "nope", &1.0));
        let wsd = options("warmup_stable_decay").unwrap();
        assert!(holds_default(wsd, "warmup_type", &"linear")); // Atom("linear")
        assert!(!holds_default(wsd, "warmup_type", &"cosine"));
        assert!(!holds_default(wsd, "warmup_steps", &0.0)); // Required
    }

    #[test]
    fn compositions_take_no_init_value() {
        let without: Vec<_> = KINDS
            .iter()
            .filter(|kind| !takes_init_value(options(kind).unwrap()))
            .collect();
        assert_eq!(without, [&"join", &"multiply", &"shift"]);
    }

    #[test]
    fn nested_schedules_take_their_defaults() {
        let mut spec = serde_json::json!({
            "kind": "shift", "by": 2,
            "schedule": {"kind": "multiply", "schedules": [{"kind": "cosine_decay", "init_value": 1}]}
        });
        with_defaults(&mut spec);
        // cosine_decay's options as the Axon 0.4.1 docs give them: decay_steps 10, alpha 0.0;
        // optax's exponent 1.0.
        assert_eq!(
            spec["schedule"]["schedules"][0],
            serde_json::json!({"kind": "cosine_decay", "init_value": 1, "decay_steps": 10, "alpha": 0.0, "exponent": 1.0})
        );
    }
}
