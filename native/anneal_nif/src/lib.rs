//! The NIF behind `Anneal.Native`: decodes terms, calls `anneal_core`, encodes the result.
//!
//! No formula, default or validation rule lives here. Every function returns
//! `{:ok, value}` or `{:error, message}` with the core error's `Display` text; the Elixir
//! side turns errors into `ArgumentError`. Nothing here unwraps or indexes out of bounds.

mod atoms;
mod document;
mod nifs;
mod output;
mod plot;
mod spec;
mod sweep;
mod threads;

rustler::init!("Elixir.Anneal.Native");
