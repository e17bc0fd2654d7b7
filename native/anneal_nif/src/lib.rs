//! The NIF behind `Anneal.Native`: decodes terms, calls `anneal_core`, encodes the result.
//!
//! A schedule is compiled once into a resource (`compiled.rs`) that every evaluation uses.
//! No formula, default or validation rule lives here. Every function returns
//! `{:ok, value}` or `{:error, message}` with the core error's `Display` text; the Elixir
//! side turns errors into `ArgumentError`. Nothing here unwraps or indexes out of bounds.

mod atoms;
mod compiled;
mod describe;
mod document;
mod nifs;
mod options;
mod output;
mod plot;
mod proper;
mod resource;
mod scalar;
mod schema;
mod spec;
mod steps;
mod tables;

mod sweep;
mod threads;

rustler::init!("Elixir.Anneal.Native", load = load);

/// Opens the resource type of compiled schedules (`resource.rs`) when the library loads.
fn load(env: rustler::Env, _info: rustler::Term) -> bool {
    resource::open(env)
}
