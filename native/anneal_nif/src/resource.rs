//! The resource type that holds compiled schedules, opened by hand when the library loads.
//!
//! rustler's resources find their type in a hash map keyed by `TypeId` on every lookup,
//! measured here at about 6 ns of a ~75 ns `fun.(step)`. This type is opened once, in
//! `load`, and its pointer kept, so a lookup is one `enif_get_resource`. Otherwise it is
//! what rustler does: each resource holds one `Compiled`, written in place when it is made
//! and dropped by the destructor when the VM frees the resource.

use crate::compiled::Compiled;
use rustler::sys::{
    c_void, enif_alloc_resource, enif_get_resource, enif_init_resource_type, enif_make_resource,
    enif_release_resource, ErlNifEnv, ErlNifResourceDtor, ErlNifResourceFlags, ErlNifResourceType,
    ErlNifResourceTypeInit,
};
use rustler::{Env, Term};
use std::mem::{align_of, size_of, MaybeUninit};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

/// The type, null until [`open`] succeeds.
static TYPE: AtomicPtr<ErlNifResourceType> = AtomicPtr::new(ptr::null_mut());

/// Bytes asked of the VM per resource: room to align a `Compiled` wherever the block starts.
const SIZE: usize = size_of::<Compiled>() + align_of::<Compiled>();

/// Opens the resource type (in the library's `load`); false if the VM refuses it.
pub fn open(env: Env) -> bool {
    let init = ErlNifResourceTypeInit {
        dtor: destructor as *const ErlNifResourceDtor,
        stop: ptr::null(),
        down: ptr::null(),
        members: 1,
        dyncall: ptr::null(),
    };
    let mut tried = MaybeUninit::uninit();
    // SAFETY: called from `load` with its environment; the name is NUL-terminated and
    // `init` outlives the call (the VM copies it).
    let opened = unsafe {
        enif_init_resource_type(
            env.as_c_arg(),
            c"Elixir.Anneal.Compiled".as_ptr(),
            &init,
            ErlNifResourceFlags::ERL_NIF_RT_CREATE,
            tried.as_mut_ptr(),
        )
    };
    if opened.is_null() {
        return false;
    }
    TYPE.store(opened.cast_mut(), Ordering::Release);
    true
}

/// Where the `Compiled` of the resource block at `block` lies (the same place every time).
fn place(block: *const c_void) -> *mut Compiled {
    let align = align_of::<Compiled>();
    let skip = (align - block as usize % align) % align;
    block.cast::<u8>().cast_mut().wrapping_add(skip).cast()
}

/// A resource is shared by every scheduler and the core's pool, and lives as long as the VM
/// keeps it: what rustler's `Resource` bound asked of it.
const _: () = {
    const fn shared<T: Send + Sync + 'static>() {}
    shared::<Compiled>()
};

/// A new resource holding `compiled`, as a term of `env`; the term is its only reference.
pub fn make(env: Env, compiled: Compiled) -> Term {
    let kind = TYPE.load(Ordering::Acquire);
    // SAFETY: `kind` was opened in `load`, before any NIF could run. The block has room for
    // a `Compiled` at `place` (SIZE), which is written once here and dropped only by
    // `destructor`. enif_make_resource takes a reference for the term before ours is released.
    unsafe {
        let block = enif_alloc_resource(kind, SIZE);
        ptr::write(place(block), compiled);
        let term = enif_make_resource(env.as_c_arg(), block);
        enif_release_resource(block);
        Term::new(env, term)
    }
}

/// The `Compiled` behind `term`, or `None` if it is no resource of this type. Borrowed for
/// the NIF call, which the term keeps alive: no reference count is taken and dropped.
pub fn get<'a>(term: Term<'a>) -> Option<&'a Compiled> {
    let kind = TYPE.load(Ordering::Acquire);
    let mut block = ptr::null();
    // SAFETY: a resource of `kind` holds a `Compiled` at `place`, written when it was made,
    // and lives at least as long as `term`'s environment.
    unsafe {
        let found = enif_get_resource(term.get_env().as_c_arg(), term.as_c_arg(), kind, &mut block);
        (found != 0).then(|| &*place(block))
    }
}

/// Drops the `Compiled` of a resource the VM frees.
///
/// # Safety
/// Called by the VM only, once, with a block of this type made by [`make`].
unsafe extern "C" fn destructor(_env: *mut ErlNifEnv, block: *mut c_void) {
    // A `Compiled` holds plain data (vectors of numbers and strings), whose drop does not
    // panic; were one to, it must not unwind into the VM.
    let dropped = std::panic::catch_unwind(|| ptr::drop_in_place(place(block)));
    drop(dropped);
}
