//! Decoding a schedule spec tuple (built by `Anneal.Schedule.to_native/1`) into a core
//! [`Schedule`]. The tuple is `{kind, init_value, option...}` with the options in the order
//! of the core constructor's parameters: floats, a boolean, `nil` for an absent optional
//! number, an atom (`decay_type`), a list of `{boundary, scale}` float pairs
//! (`piecewise_constant`), or, for `join` (whose `init_value` is `nil`), a list of specs and a
//! list of float boundaries.

use crate::atoms;
use crate::describe::describe;
use crate::proper::Proper;
use anneal_core::{
    Constant, CosineDecay, CosineDecayRestarts, DecayShape, ExponentialDecay, InverseSqrt, Join,
    LinearDecay, OneCycle, PiecewiseConstant, PolynomialDecay, Schedule, WarmupCosineDecay,
    WarmupStableDecay,
};
use rustler::types::tuple::get_tuple;
use rustler::{Atom, Decoder, Term};

/// How deeply joins may nest: decoding and evaluation recurse once per level.
pub const MAX_DEPTH: usize = 32;

/// Decodes a spec term; the error names what was wrong with it.
pub fn decode(term: Term) -> Result<Schedule, String> {
    decode_nested(term, 0)
}

fn decode_nested(term: Term, depth: usize) -> Result<Schedule, String> {
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
    } else if kind == atoms::warmup_cosine_decay() {
        p.arity(6)?;
        let [init, peak, warmup, decay, end, exponent] = p.f64s()?;
        WarmupCosineDecay::new(init, peak, warmup, decay, end, exponent).map(Into::into)
    } else if kind == atoms::piecewise_constant() {
        p.arity(2)?;
        PiecewiseConstant::new(p.f64(0)?, p.get::<Proper<(f64, f64)>>(1)?.0).map(Into::into)
    } else if kind == atoms::inverse_sqrt() {
        p.arity(3)?;
        InverseSqrt::new(p.f64(0)?, p.f64(1)?, p.get(2)?).map(Into::into)
    } else if kind == atoms::warmup_stable_decay() {
        p.arity(6)?;
        let shape = match p.get::<Atom>(5)? {
            a if a == atoms::cosine() => DecayShape::Cosine,
            a if a == atoms::linear() => DecayShape::Linear,
            a if a == atoms::sqrt() => DecayShape::Sqrt,
            _ => return Err(bad_spec(term)),
        };
        let (init, w, s, d, m) = (p.f64(0)?, p.f64(1)?, p.f64(2)?, p.f64(3)?, p.f64(4)?);
        WarmupStableDecay::new(init, w, s, d, m, shape).map(Into::into)
    } else if kind == atoms::cosine_decay_restarts() {
        p.arity(5)?;
        let [init, first, t_mul, m_mul, alpha] = p.f64s()?;
        CosineDecayRestarts::new(init, first, t_mul, m_mul, alpha).map(Into::into)
    } else if kind == atoms::one_cycle() {
        p.arity(5)?;
        let [peak, steps, pct, div, final_div] = p.f64s()?;
        OneCycle::new(peak, steps, pct, div, final_div).map(Into::into)
    } else if kind == atoms::join() {
        p.arity(3)?;
        if depth >= MAX_DEPTH {
            return Err(format!("expected joins nested at most {MAX_DEPTH} deep"));
        }
        let schedules = p
            .get::<Proper<Term>>(1)?
            .0
            .into_iter()
            .map(|spec| decode_nested(spec, depth + 1))
            .collect::<Result<Vec<_>, String>>()?;
        Join::new(schedules, p.get::<Proper<f64>>(2)?.0).map(Into::into)
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

    /// The first `N` parameters, all floats.
    fn f64s<const N: usize>(&self) -> Result<[f64; N], String> {
        let mut out = [0.0; N];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = self.f64(i)?;
        }
        Ok(out)
    }
}

fn bad_spec(term: Term) -> String {
    format!("expected a schedule spec tuple, got: {}", describe(term))
}

/// The number of parts a spec term holds (see `Schedule::size`), counted without decoding
/// it, up to `cap`: enough to decide, before any work, whether decoding alone would take
/// too long for a normal scheduler. Each list field counts its length; a join counts the
/// parts of its schedules.
pub fn parts(term: Term, cap: usize) -> usize {
    parts_nested(term, cap, 0)
}

fn parts_nested(term: Term, cap: usize, depth: usize) -> usize {
    let Ok(fields) = get_tuple(term) else {
        return 1;
    };
    let join = fields
        .first()
        .and_then(|kind| kind.decode::<Atom>().ok())
        .is_some_and(|kind| kind == atoms::join());
    let mut n: usize = 1;
    for field in fields.iter().skip(1) {
        let Ok(len) = field.list_length() else {
            continue;
        };
        n = n.saturating_add(len);
        if join && depth < MAX_DEPTH {
            if let Ok(items) = field.into_list_iterator() {
                for item in items {
                    if n > cap {
                        break;
                    }
                    n = n.saturating_add(parts_nested(item, cap, depth + 1));
                }
            }
        }
        if n > cap {
            break;
        }
    }
    n
}
