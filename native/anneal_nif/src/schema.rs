//! `schema()`: every kind's options as the core declares them (`Kind::OPTIONS`), for
//! `Anneal.Schedule` to read once and cache: the Elixir side holds no default, option order
//! or rule of its own.

use crate::atoms;
use crate::spec::MAX_DEPTH;
use anneal_core::kinds::options::{Default, Opt, Rule};
use anneal_core::kinds::SCHEMA;
use rustler::types::atom;
use rustler::{Atom, Encoder, Env, NifResult, Term};

/// `schema()`: `{:ok, {[{kind, [{option, default, rule, later?}]}], max_join_depth}}` with atoms for
/// names. A default is a number, a boolean, `nil`, an atom or `:required`; a rule is
/// `:finite`, `:positive`, `:non_negative`, `:fraction`, `:boolean`, `{:one_of, atoms}`,
/// `:boundaries`, `:boundaries_and_scales`, `:schedule` or `:schedules`, wrapped as
/// `{:or_nil, rule}` where the default is `nil`.
#[rustler::nif]
fn schema(env: Env) -> NifResult<Term> {
    let kinds = SCHEMA
        .iter()
        .map(|(kind, options)| {
            let options = options
                .iter()
                .map(|opt| option(env, opt))
                .collect::<NifResult<Vec<_>>>()?;
            Ok((Atom::from_str(env, kind)?, options))
        })
        .collect::<NifResult<Vec<_>>>()?;
    Ok((atoms::ok(), (kinds, MAX_DEPTH)).encode(env))
}

fn option<'a>(env: Env<'a>, opt: &Opt) -> NifResult<Term<'a>> {
    let name = Atom::from_str(env, opt.name)?;
    let default = match opt.default {
        Default::Required => Atom::from_str(env, "required")?.encode(env),
        Default::Int(i) => i.encode(env),
        Default::Float(x) => x.encode(env),
        Default::Nil => atom::nil().encode(env),
        Default::Bool(b) => b.encode(env),
        Default::Atom(name) => Atom::from_str(env, name)?.encode(env),
    };
    let rule = rule(env, opt.rule)?;
    let rule = if opt.default == Default::Nil {
        (Atom::from_str(env, "or_nil")?, rule).encode(env)
    } else {
        rule
    };
    Ok((name, default, rule, opt.later).encode(env))
}

fn rule(env: Env, rule: Rule) -> NifResult<Term> {
    let name = match rule {
        Rule::Finite => "finite",
        Rule::Positive => "positive",
        Rule::NonNegative => "non_negative",
        Rule::Fraction => "fraction",
        Rule::Boolean => "boolean",
        Rule::Boundaries => "boundaries",
        Rule::BoundariesAndScales => "boundaries_and_scales",
        Rule::Schedule => "schedule",
        Rule::Schedules => "schedules",
        Rule::OneOf(names) => {
            let atoms = names
                .iter()
                .map(|name| Atom::from_str(env, name))
                .collect::<NifResult<Vec<_>>>()?;
            return Ok((Atom::from_str(env, "one_of")?, atoms).encode(env));
        }
    };
    Ok(Atom::from_str(env, name)?.encode(env))
}
