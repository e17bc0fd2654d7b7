//! The NIF behind `Anneal.Native`: decodes terms, calls `anneal_core`, encodes the result.
//!
//! No formula, default or validation rule lives here. Every function returns
//! `{:ok, value}` or `{:error, message}` with the core error's `Display` text; the Elixir
//! side turns errors into `ArgumentError`. Nothing here unwraps or indexes out of bounds.

mod atoms;
mod describe;
mod document;
mod nifs;
mod output;
mod plot;
mod proper;
mod spec;
mod tables;

rustler::init!("Elixir.Anneal.Native");
