//! [`Proper`]: a list decoded as a `Vec` only if it is a proper list.

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
