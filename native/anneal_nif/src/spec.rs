//! Decoding a schedule spec tuple (built by `Anneal.Schedule.to_native/1`) into a core
//! [`Schedule`]. The tuple is `{kind, init_value, option...}` with the options as floats
//! (or a boolean) in the order of the core constructor's parameters.

use crate::atoms;
use anneal_core::{
    Constant, CosineDecay, ExponentialDecay, LinearDecay, PolynomialDecay, Schedule,
};
use rustler::types::tuple::get_tuple;
use rustler::{Atom, Decoder, Term};

/// Decodes a spec term; the error names what was wrong with it.
pub fn decode(term: Term) -> Result<Schedule, String> {
    let fields = get_tuple(term).map_err(|_| bad_spec(term))?;
    let (kind, params) = fields.split_first().ok_or_else(|| bad_spec(term))?;
    let kind: Atom = kind.decode().map_err(|_| bad_spec(term))?;
    let p = Params { term, params };
    let schedule: Schedule = if kind == atoms::constant() {
        p.arity(1)?;
        Constant::new(p.f64(0)?).map(Into::into)
    } else if kind == atoms::cosine_decay() {
        p.arity(3)?;
        CosineDecay::new(p.f64(0)?, p.f64(1)?, p.f64(2)?).map(Into::into)
    } else if kind == atoms::exponential_decay() {
        p.arity(5)?;
        ExponentialDecay::new(p.f64(0)?, p.f64(1)?, p.f64(2)?, p.f64(3)?, p.get(4)?).map(Into::into)
    } else if kind == atoms::linear_decay() {
        p.arity(3)?;
        LinearDecay::new(p.f64(0)?, p.f64(1)?, p.f64(2)?).map(Into::into)
    } else if kind == atoms::polynomial_decay() {
        p.arity(5)?;
        PolynomialDecay::new(p.f64(0)?, p.f64(1)?, p.f64(2)?, p.f64(3)?, p.f64(4)?).map(Into::into)
    } else {
        return Err(bad_spec(term));
    }
    .map_err(|e| e.to_string())?;
    Ok(schedule)
}

struct Params<'a, 'b> {
    term: Term<'a>,
    params: &'b [Term<'a>],
}

impl<'a> Params<'a, '_> {
    fn arity(&self, n: usize) -> Result<(), String> {
        if self.params.len() == n {
            Ok(())
        } else {
            Err(bad_spec(self.term))
        }
    }

    fn get<T: Decoder<'a>>(&self, i: usize) -> Result<T, String> {
        self.params
            .get(i)
            .and_then(|t| t.decode().ok())
            .ok_or_else(|| bad_spec(self.term))
    }

    fn f64(&self, i: usize) -> Result<f64, String> {
        self.get(i)
    }
}

fn bad_spec(term: Term) -> String {
    format!("expected a schedule spec tuple, got: {term:?}")
}
