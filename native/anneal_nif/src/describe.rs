//! Terms named in error messages, at a bounded cost: a small term is printed as Erlang
//! writes it, a large or deep one only described (`a list of 3000 elements`), so that an
//! error message never grows with the term nor walks it deeply.

use rustler::types::tuple::get_tuple;
use rustler::{Binary, Term, TermType};

/// A term holding more parts than this is described rather than printed.
const MAX_PRINTED_PARTS: usize = 32;

/// The term as Erlang prints it when it is small, else what kind of term it is and its size.
pub fn describe(term: Term) -> String {
    if is_small(term) {
        format!("{term:?}")
    } else {
        summary(term)
    }
}

/// Whether the term has at most [`MAX_PRINTED_PARTS`] parts, found with an explicit stack
/// that stops as soon as the count is exceeded.
fn is_small(term: Term) -> bool {
    let mut stack = vec![term];
    let mut parts = 0;
    while let Some(term) = stack.pop() {
        parts += 1;
        if parts > MAX_PRINTED_PARTS {
            return false;
        }
        match term.get_type() {
            // A bignum prints as thousands of digits (2 ** 3_000_000: about 900,000).
            TermType::Integer if term.decode::<i64>().is_err() => return false,
            TermType::Tuple => match get_tuple(term) {
                Ok(items) => stack.extend(items),
                Err(_) => return false,
            },
            // enif_get_list_length refuses an improper list before anything is iterated.
            TermType::List => match (term.list_length(), term.into_list_iterator()) {
                (Ok(len), Ok(items)) if len <= MAX_PRINTED_PARTS => stack.extend(items),
                _ => return false,
            },
            TermType::Map if term.map_size().map_or(true, |n| n > 0) => return false,
            TermType::Binary if term.decode::<Binary>().map_or(true, |b| b.len() > 64) => {
                return false
            }
            _ => {}
        }
    }
    true
}

fn summary(term: Term) -> String {
    match term.get_type() {
        TermType::List => match term.list_length() {
            Ok(n) => format!("a list of {}", count(n, "element")),
            Err(_) => "an improper list".to_string(),
        },
        TermType::Tuple => match get_tuple(term) {
            Ok(items) => format!("a tuple of {}", count(items.len(), "element")),
            Err(_) => "a tuple".to_string(),
        },
        TermType::Map => match term.map_size() {
            Ok(n) => format!("a map of {}", count(n, "entry")),
            Err(_) => "a map".to_string(),
        },
        TermType::Integer => "an integer outside the signed 64-bit range".to_string(),
        TermType::Binary => match term.decode::<Binary>() {
            Ok(b) => format!("a binary of {}", count(b.len(), "byte")),
            Err(_) => "a bitstring".to_string(),
        },
        _ => "a term".to_string(),
    }
}

/// `n` and the noun, plural unless `n` is 1 ("entry" becomes "entries").
fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {noun}s"),
    }
}
