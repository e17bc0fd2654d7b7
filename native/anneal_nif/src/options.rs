//! `check_options(kind, options)`: each option's value against its rule, as the core
//! declares it (`Kind::OPTIONS`), before anything is compiled, so that `Anneal.Schedule`
//! holds no rule of its own.
//!
//! The failure names the option and hands back the value as it was given: the Elixir side
//! prints it with `inspect/1` (`got: 0.0`, `got: :ten`, `got: "1"`), which only Elixir can.
//! Options holding schedules are `Anneal.Schedule`'s to check (a function becomes a struct
//! there); they are skipped here.

use crate::atoms;
use crate::output::reply;
use crate::proper::Proper;
use crate::steps;
use anneal_core::kinds::options::{options, Default, Opt, Rule};
use anneal_core::kinds::Join;
use rustler::types::map::MapIterator;
use rustler::{Atom, Encoder, Env, Term, TermType};

/// Parts (list elements, map entries) checked on a normal scheduler at most: about 0.2 ms.
const NORMAL_PARTS: usize = 4_000;

/// What an option's value breaks, for Elixir to word:
/// `{:expected, label, requirement, value}` reads "expected {label} {requirement}, got:
/// {inspect}" (the requirement as "to be a positive number");
/// `{:improper, label, requirement, value}` the same with "got an improper list: {inspect}";
/// `{:s64, label, integer}` "expected {label} to fit in a signed 64-bit integer, got: …".
enum Failure<'a> {
    Expected(String, String, Term<'a>),
    Improper(String, String, Term<'a>),
    S64(String, Term<'a>),
}

impl<'a> Failure<'a> {
    fn encode(self, env: Env<'a>) -> Term<'a> {
        let (tag, fields) = match self {
            Self::Expected(label, what, value) => {
                (atoms::expected(), (label, what, value).encode(env))
            }
            Self::Improper(label, what, value) => {
                (atoms::improper(), (label, what, value).encode(env))
            }
            Self::S64(label, value) => (atoms::s64(), (label, value).encode(env)),
        };
        (atoms::error(), (tag, fields)).encode(env)
    }
}

/// `check_options(kind, [{option, value}])` on a normal scheduler: `{:ok, nil}`, `{:error, failure}`
/// for the first value that breaks its rule (see [`Failure`]), `{:error, message}` for a
/// request that is not one, or `:dirty` having done nothing when the values hold more than
/// [`NORMAL_PARTS`] parts. `:init_value` is checked as a finite number.
#[rustler::nif]
fn check_options<'a>(env: Env<'a>, kind: Term<'a>, opts: Term<'a>) -> Term<'a> {
    match request(kind, opts) {
        Ok((_, pairs)) if parts(&pairs) > NORMAL_PARTS => atoms::dirty().encode(env),
        Ok((options, pairs)) => answer(env, options, &pairs),
        Err(message) => reply(env, Err(message)),
    }
}

/// `check_options/2` on a dirty CPU scheduler, for values of any size.
#[rustler::nif(schedule = "DirtyCpu")]
fn check_options_dirty<'a>(env: Env<'a>, kind: Term<'a>, opts: Term<'a>) -> Term<'a> {
    match request(kind, opts) {
        Ok((options, pairs)) => answer(env, options, &pairs),
        Err(message) => reply(env, Err(message)),
    }
}

type Pairs<'a> = Vec<(String, Term<'a>)>;

fn request<'a>(kind: Term<'a>, opts: Term<'a>) -> Result<(&'static [Opt], Pairs<'a>), String> {
    let options = kind
        .atom_to_string()
        .ok()
        .and_then(|kind| options(&kind))
        .ok_or_else(|| "expected a schedule kind".to_string())?;
    let bad = || "expected options as a list of {atom, value} pairs".to_string();
    opts.list_length().map_err(|_| bad())?;
    let pairs = opts
        .into_list_iterator()
        .map_err(|_| bad())?
        .map(|pair| {
            let (key, value): (Atom, Term) = pair.decode().map_err(|_| bad())?;
            let key = key
                .to_term(opts.get_env())
                .atom_to_string()
                .map_err(|_| bad())?;
            Ok((key, value))
        })
        .collect::<Result<_, String>>()?;
    Ok((options, pairs))
}

fn parts(pairs: &Pairs) -> usize {
    pairs
        .iter()
        .map(|(_, value)| match value.get_type() {
            TermType::List => crate::proper::cells(*value, NORMAL_PARTS),
            TermType::Map => value.map_size().unwrap_or(0),
            _ => 1,
        })
        .fold(0, usize::saturating_add)
}

fn answer<'a>(env: Env<'a>, options: &[Opt], pairs: &Pairs<'a>) -> Term<'a> {
    for (key, value) in pairs {
        let result = if key == "init_value" {
            number("init_value".to_string(), *value, Rule::Finite)
        } else {
            match options.iter().find(|opt| opt.name == key) {
                Some(opt) if opt.holds_schedules() => Ok(()),
                Some(opt) => check(opt, *value),
                None => return reply(env, Err(format!("unknown option {key}"))),
            }
        };
        if let Err(failure) = result {
            return failure.encode(env);
        }
    }
    match boundaries_fit(options, pairs) {
        Ok(()) => (atoms::ok(), rustler::types::atom::nil()).encode(env),
        Err(failure) => failure.encode(env),
    }
}

/// A join's boundaries against its schedules, once each is known to be a number
/// (`Join::check_boundaries`): the list is named as it was given.
fn boundaries_fit<'a>(options: &[Opt], pairs: &Pairs<'a>) -> Result<(), Failure<'a>> {
    let given = |rule: Rule| {
        let opt = options.iter().find(|opt| opt.rule == rule)?;
        pairs
            .iter()
            .find(|(key, _)| key == opt.name)
            .map(|(_, v)| (opt.name, *v))
    };
    let (Some((_, schedules)), Some((name, boundaries))) =
        (given(Rule::Schedules), given(Rule::Boundaries))
    else {
        return Ok(());
    };
    let (Ok(count), Ok(steps)) = (schedules.list_length(), boundaries.decode::<Proper<Term>>())
    else {
        return Ok(());
    };
    let steps: Vec<f64> = steps.0.into_iter().filter_map(steps::number).collect();
    match Join::check_boundaries(count, &steps) {
        Err(e) => match e.requirement() {
            Some(requirement) => Err(Failure::Expected(
                format!(":{name}"),
                requirement,
                boundaries,
            )),
            None => Ok(()),
        },
        Ok(()) => Ok(()),
    }
}

fn check<'a>(opt: &Opt, value: Term<'a>) -> Result<(), Failure<'a>> {
    let label = format!(":{}", opt.name);
    if opt.default == Default::Nil && is_nil(value) {
        return Ok(());
    }
    match opt.rule {
        Rule::Boolean => match value.decode::<bool>() {
            Ok(_) => Ok(()),
            Err(_) => Err(Failure::Expected(label, "to be a boolean".into(), value)),
        },
        Rule::OneOf(names) => {
            let name = value.atom_to_string().ok();
            if name.is_some_and(|name| names.contains(&name.as_str())) {
                Ok(())
            } else {
                let names: Vec<String> = names.iter().map(|name| format!(":{name}")).collect();
                let what = format!("to be one of {}", names.join(", "));
                Err(Failure::Expected(label, what, value))
            }
        }
        Rule::Boundaries => boundaries(label, value),
        Rule::BoundariesAndScales => boundaries_and_scales(label, value),
        rule => number(label, value, rule),
    }
}

fn is_nil(term: Term) -> bool {
    term.is_atom() && term.atom_to_string().is_ok_and(|name| name == "nil")
}

/// A number by a rule on numbers: an integer must fit in 64 bits first.
fn number<'a>(label: String, value: Term<'a>, rule: Rule) -> Result<(), Failure<'a>> {
    let x = match value.get_type() {
        TermType::Integer => match value.decode::<i64>() {
            Ok(i) => Some(i as f64),
            Err(_) => return Err(Failure::S64(label, value)),
        },
        TermType::Float => value.decode::<f64>().ok(),
        _ => None,
    };
    // Every rule on numbers has a wording for a value that is no number at all.
    let (what, admitted) = rule
        .number(x.unwrap_or(f64::NAN))
        .unwrap_or(("a number", false));
    if x.is_some() && admitted {
        Ok(())
    } else {
        Err(Failure::Expected(label, format!("to be {what}"), value))
    }
}

fn boundaries<'a>(label: String, value: Term<'a>) -> Result<(), Failure<'a>> {
    let what = "to be a list of steps".to_string();
    if value.get_type() != TermType::List {
        return Err(Failure::Expected(label, what, value));
    }
    // enif_get_list_length refuses an improper list before anything is iterated.
    let (Ok(_), Ok(mut items)) = (value.list_length(), value.into_list_iterator()) else {
        return Err(Failure::Improper(label, what, value));
    };
    let each = format!("each of {label}");
    items.try_for_each(|step| number(each.clone(), step, Rule::Finite))
}

/// A map of boundaries to scales, entries in the map's own order (as Elixir iterates it).
fn boundaries_and_scales<'a>(label: String, value: Term<'a>) -> Result<(), Failure<'a>> {
    let what = "to be a map of boundary steps to scales";
    // A struct is a map, but not a map of boundaries.
    let is_struct = Atom::from_str(value.get_env(), "__struct__")
        .is_ok_and(|key| value.map_get(key.to_term(value.get_env())).is_ok());
    let entries = (value.get_type() == TermType::Map && !is_struct)
        .then(|| MapIterator::new(value))
        .flatten();
    let Some(entries) = entries else {
        return Err(Failure::Expected(label, what.into(), value));
    };
    let (boundary, scale) = (
        format!("each boundary of {label}"),
        format!("each scale of {label}"),
    );
    for (step, factor) in entries {
        number(boundary.clone(), step, Rule::Finite)?;
        number(scale.clone(), factor, Rule::NonNegative)?;
    }
    Ok(())
}
