//! Lists without rustler's panics: [`Proper`], a list decoded as a `Vec` only if it is a
//! proper list, and [`cells`], a list's length counted up to a cap, proper or not.

use rustler::{Decoder, NifResult, Term};

/// A proper list decoded as a `Vec`. rustler's own `Vec<T>` decoder panics at an improper
/// list's tail (`[1 | 2]`); `enif_get_list_length` refuses an improper list, or any other
/// term, before anything is iterated. Every list the NIFs decode goes through this.
pub struct Proper<T>(pub Vec<T>);

impl<'a, T: Decoder<'a>> Decoder<'a> for Proper<T> {
    fn decode(term: Term<'a>) -> NifResult<Self> {
        term.list_length()?;
        term.decode::<Vec<T>>().map(Proper)
    }
}

/// The cells of the list `term`, proper or not, counted up to `cap + 1` (any more are not
/// walked, so the count is bounded work on a normal scheduler). Walked cell by cell: rustler's
/// list iterator panics at an improper tail.
pub fn cells(term: Term, cap: usize) -> usize {
    walk(term, cap, |_| 0)
}

/// Walks the cells of `list` while the count (each cell 1, plus what `each` adds for its
/// head) is at most `cap`; the count.
pub(crate) fn walk<'a>(
    list: Term<'a>,
    cap: usize,
    mut each: impl FnMut(Term<'a>) -> usize,
) -> usize {
    let mut n: usize = 0;
    let mut rest = list;
    while n <= cap {
        let Ok((head, tail)) = rest.list_get_cell() else {
            break;
        };
        n = n.saturating_add(1).saturating_add(each(head));
        rest = tail;
    }
    n
}
