//! `plan_tables(spec)`: the compiled plan as tables (`anneal_core::tables`), for the Nx tensor
//! path. Columns cross as native-endian binaries, the layout of an Nx tensor of their type.

use crate::output::{alloc_binary, reply};
use crate::spec;
use anneal_core::tables::{FactorTable, Tables, TABLES_VERSION};
use rustler::{Atom, Binary, Encoder, Env, Term};

/// `{:ok, %{version: v, factors: [factor]}}` or `{:error, message}`, each factor a map of the
/// columns of [`FactorTable`], by name. On a dirty scheduler: a schedule of many segments
/// takes milliseconds to decode, and this runs once per trace, never in a hot loop.
#[rustler::nif(schedule = "DirtyCpu")]
fn plan_tables<'a>(env: Env<'a>, spec: Term<'a>) -> Term<'a> {
    let result = spec::decode(spec).and_then(|schedule| {
        let tables = Tables::new(schedule.plan());
        let factors = tables
            .factors
            .iter()
            .map(|f| factor(env, f))
            .collect::<Result<Vec<_>, _>>()?;
        map(
            env,
            &[
                ("version", TABLES_VERSION.encode(env)),
                ("factors", factors.encode(env)),
            ],
        )
    });
    reply(env, result)
}

fn factor<'a>(env: Env<'a>, f: &FactorTable) -> Result<Term<'a>, String> {
    let f64s = |columns: &[Vec<f64>]| -> Result<Vec<Term<'a>>, String> {
        columns
            .iter()
            .map(|c| binary(env, c, f64::to_ne_bytes))
            .collect()
    };
    let primitives: Vec<Atom> = f
        .primitives
        .iter()
        .map(|name| Atom::from_str(env, name).map_err(|_| format!("bad primitive name {name}")))
        .collect::<Result<_, _>>()?;
    map(
        env,
        &[
            ("segments", f.threshold.len().encode(env)),
            ("depth", f.depth.encode(env)),
            ("primitives", primitives.encode(env)),
            ("first", f.first.encode(env)),
            ("threshold", binary(env, &f.threshold, f64::to_ne_bytes)?),
            ("begin_offsets", f64s(&f.begin_offsets)?.encode(env)),
            ("offsets", f64s(&f.offsets)?.encode(env)),
            ("primitive", binary(env, &f.primitive, u32::to_ne_bytes)?),
            ("params", f64s(&f.params)?.encode(env)),
            ("first_step", binary(env, &f.first_step, i64::to_ne_bytes)?),
            (
                "offset_whole",
                binary(env, &f.offset_whole, i64::to_ne_bytes)?,
            ),
            (
                "offset_frac",
                binary(env, &f.offset_frac, f64::to_ne_bytes)?,
            ),
        ],
    )
}

/// A map with atom keys.
fn map<'a>(env: Env<'a>, pairs: &[(&str, Term<'a>)]) -> Result<Term<'a>, String> {
    let mut map = Term::map_new(env);
    for (key, value) in pairs {
        let key = Atom::from_str(env, key).map_err(|_| format!("bad key {key}"))?;
        map = map
            .map_put(key.encode(env), *value)
            .map_err(|_| format!("cannot put {key:?}"))?;
    }
    Ok(map)
}

/// A column as a binary of native-endian values.
fn binary<'a, T: Copy, const N: usize>(
    env: Env<'a>,
    column: &[T],
    bytes: fn(T) -> [u8; N],
) -> Result<Term<'a>, String> {
    let size = column.len() * N;
    let mut bin = alloc_binary(size).ok_or_else(|| format!("cannot allocate {size} bytes"))?;
    for (chunk, &x) in bin.as_mut_slice().chunks_exact_mut(N).zip(column) {
        chunk.copy_from_slice(&bytes(x));
    }
    Ok(Binary::from_owned(bin, env).to_term(env))
}
