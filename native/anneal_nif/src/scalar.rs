//! `value/2`, the NIF behind every `fun.(step)`, registered by hand.
//!
//! `#[rustler::nif]` gathers a call's arguments into a `Vec` before decoding them: a heap
//! allocation and a free on every call, measured here at about 14 ns of the ~30 ns a
//! two-argument NIF call costs (a `fun.(step)` on `cosine_decay` takes ~100 ns in all). This
//! entry reads its two arguments where the VM passes them and is otherwise what the macro
//! generates: the same body (`nifs::value`), and a panic caught and raised as
//! `:nif_panicked`, as rustler raises it, so that it never unwinds into the VM.
//!
//! It is submitted to the same registry `#[rustler::nif]` uses (rustler's `inventory`,
//! re-exported for its generated code), so `rustler::init!` lists it with the others.

use crate::nifs;
use rustler::sys::{enif_raise_exception, ErlNifEnv, ErlNifTerm};
use rustler::types::atom;
use rustler::{Env, Term};
use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The C entry of `value/2` (normal scheduler).
///
/// # Safety
/// Called by the VM only, with the `argc = 2` terms of a call at `argv`.
unsafe extern "C" fn value_entry(
    env: *mut ErlNifEnv,
    argc: c_int,
    argv: *const ErlNifTerm,
) -> ErlNifTerm {
    let lifetime = ();
    let env = Env::new(&lifetime, env);
    // The VM calls a NIF with the arity it was registered with; checked all the same.
    if argc != 2 || argv.is_null() {
        return enif_raise_exception(env.as_c_arg(), atom::badarg().as_c_arg());
    }
    let (handle, step) = (Term::new(env, *argv), Term::new(env, *argv.add(1)));
    match catch_unwind(AssertUnwindSafe(|| nifs::value(env, handle, step))) {
        Ok(term) => term.as_c_arg(),
        Err(_) => enif_raise_exception(env.as_c_arg(), atom::nif_panicked().as_c_arg()),
    }
}

rustler::codegen_runtime::inventory::submit!(rustler::Nif {
    name: c"value".as_ptr(),
    arity: 2,
    flags: 0,
    raw_func: value_entry,
});
