//! Decoding the tagged steps of `evaluate/4`: `{:range, first, stride, len}`,
//! `{:s64, binary}` (native-endian signed 64-bit integers) or `{:list, list}` (numbers).

use crate::atoms;
use crate::describe::describe;
use crate::proper::cells;
use anneal_core::Steps;
use rustler::types::tuple::get_tuple;
use rustler::{Atom, Binary, Term};

/// The steps of one evaluation, decoded as far as costs nothing: a list's elements are
/// read later ([`decode_list`]), as part of the work.
pub enum Tagged<'a> {
    /// A range or an s64 binary, ready to evaluate.
    Ready(Steps<'a>),
    /// A proper list of `len` terms, still to be read.
    List(Term<'a>, usize),
}

impl<'a> Tagged<'a> {
    /// Decodes the tagged tuple; the error names what was expected. With a `cap` (on a
    /// normal scheduler), a list is walked for at most `cap + 1` cells: a longer one gives
    /// `None`, left for a dirty scheduler.
    pub fn decode(term: Term<'a>, cap: Option<usize>) -> Result<Option<Self>, String> {
        let bad = || {
            "expected steps to be {:range, first, stride, len}, {:s64, binary} or {:list, list}"
                .to_string()
        };
        let items = get_tuple(term).map_err(|_| bad())?;
        let tag: Atom = items.first().ok_or_else(bad)?.decode().map_err(|_| bad())?;
        match items.as_slice() {
            [_, first, stride, len] if tag == atoms::range() => {
                let (first, stride, len): (i64, i64, u64) = (
                    first.decode().map_err(|_| bad())?,
                    stride.decode().map_err(|_| bad())?,
                    len.decode().map_err(|_| bad())?,
                );
                let len = usize::try_from(len).map_err(|e| e.to_string())?;
                Ok(Some(Self::Ready(
                    Steps::range(first, stride, len).map_err(|e| e.to_string())?,
                )))
            }
            [_, bytes] if tag == atoms::s64() => {
                let bytes: Binary = bytes
                    .decode()
                    .map_err(|_| "expected steps to be a binary".to_string())?;
                Ok(Some(Self::Ready(
                    Steps::s64(bytes.as_slice()).map_err(|e| e.to_string())?,
                )))
            }
            [_, list] if tag == atoms::list() => {
                if cap.is_some_and(|cap| cells(*list, cap) > cap) {
                    return Ok(None);
                }
                // rustler's list iterator panics at an improper list's tail;
                // enif_get_list_length refuses an improper list before anything is iterated.
                let len = list
                    .list_length()
                    .map_err(|_| "expected steps to be a proper list".to_string())?;
                Ok(Some(Self::List(*list, len)))
            }
            _ => Err(bad()),
        }
    }

    /// How many steps there are.
    pub fn len(&self) -> usize {
        match self {
            Self::Ready(steps) => steps.len(),
            Self::List(_, len) => *len,
        }
    }
}

/// A step is an integer in the signed 64-bit range or a float.
pub fn number(term: Term) -> Option<f64> {
    match term.decode::<i64>() {
        Ok(i) => Some(i as f64),
        Err(_) => term.decode::<f64>().ok(),
    }
}

/// The numbers of a proper list of `len` terms.
pub fn decode_list(term: Term, len: usize) -> Result<Vec<f64>, String> {
    let items = term
        .into_list_iterator()
        .map_err(|_| "expected steps to be a proper list".to_string())?;
    let mut values = Vec::new();
    values
        .try_reserve_exact(len)
        .map_err(|_| format!("cannot allocate memory for {len} steps"))?;
    for item in items {
        values.push(number(item).ok_or_else(|| {
            format!(
                "expected a step to be a number in the signed 64-bit range, got: {}",
                describe(item)
            )
        })?);
    }
    Ok(values)
}
