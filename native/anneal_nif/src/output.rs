//! Encoding evaluation results: a list of floats or one packed binary.

use crate::atoms;
use anneal_core::{evaluate, evaluate_bytes, Sample, Schedule, Steps};
use rustler::{Atom, Encoder, Env, OwnedBinary, Term};

/// Element type and container of an evaluation's result.
#[derive(Clone, Copy)]
pub struct Format {
    wide: bool,
    binary: bool,
}

impl Format {
    /// Decodes the `type` (`:f32 | :f64`) and `into` (`:list | :binary`) atoms.
    pub fn decode(ty: Atom, into: Atom) -> Result<Self, String> {
        let wide = match ty {
            t if t == atoms::f64() => true,
            t if t == atoms::f32() => false,
            _ => return Err("expected type to be :f32 or :f64".to_string()),
        };
        let binary = match into {
            i if i == atoms::binary() => true,
            i if i == atoms::list() => false,
            _ => return Err("expected into to be :list or :binary".to_string()),
        };
        Ok(Self { wide, binary })
    }

    /// Whether the result is a list of floats.
    pub fn is_list(self) -> bool {
        !self.binary
    }
}

/// Steps evaluated between two `yield_now` calls on a dirty scheduler (about 0.1–0.3 ms).
const YIELD_EVERY: usize = 1 << 18;

/// Evaluates `schedule` over `steps` and encodes the result as `format` says.
///
/// On a dirty scheduler (`dirty`), a long binary evaluation yields its CPU every
/// [`YIELD_EVERY`] steps: on a machine with few cores, the operating system can then run the
/// normal schedulers' threads in between, so other Erlang processes are not held up for the
/// whole evaluation.
pub fn encode<'a>(
    env: Env<'a>,
    schedule: &Schedule,
    steps: Steps,
    format: Format,
    dirty: bool,
) -> Result<Term<'a>, String> {
    match (format.wide, format.binary) {
        (true, true) => binary::<f64>(env, schedule, steps, dirty),
        (false, true) => binary::<f32>(env, schedule, steps, dirty),
        (true, false) => list::<f64>(env, schedule, steps),
        (false, false) => list::<f32>(env, schedule, steps),
    }
}

fn binary<'a, T: Sample>(
    env: Env<'a>,
    schedule: &Schedule,
    steps: Steps,
    dirty: bool,
) -> Result<Term<'a>, String> {
    let size = steps
        .len()
        .checked_mul(T::BYTES)
        .ok_or_else(|| too_large(steps.len(), T::BYTES))?;
    // Values are written straight into the binary that is returned: no other copy.
    let mut bin = alloc_binary(size).ok_or_else(|| too_large(steps.len(), T::BYTES))?;
    let piece = if dirty { YIELD_EVERY } else { usize::MAX };
    for (i, bytes) in bin
        .as_mut_slice()
        .chunks_mut(piece.saturating_mul(T::BYTES))
        .enumerate()
    {
        if i > 0 {
            std::thread::yield_now();
        }
        let part = steps.slice(i * piece, bytes.len() / T::BYTES);
        evaluate_bytes::<T>(schedule, part, bytes).map_err(|e| e.to_string())?;
    }
    Ok(bin.release(env).encode(env))
}

fn list<'a, T: Sample>(
    env: Env<'a>,
    schedule: &Schedule,
    steps: Steps,
) -> Result<Term<'a>, String> {
    let mut values: Vec<T> = Vec::new();
    values
        .try_reserve_exact(steps.len())
        .map_err(|_| too_large(steps.len(), T::BYTES))?;
    values.resize(steps.len(), T::default());
    evaluate(schedule, steps, &mut values).map_err(|e| e.to_string())?;
    let mut floats: Vec<f64> = Vec::new();
    floats
        .try_reserve_exact(values.len())
        .map_err(|_| too_large(steps.len(), 8))?;
    floats.extend(values.into_iter().map(Sample::to_f64));
    // Encoding allocates the terms infallibly; the list is bounded by the Elixir side's
    // memory ceiling (40 bytes per step), checked before this NIF is called.
    Ok(floats.encode(env))
}

/// A binary of `size` bytes, or `None` when the allocator refuses. `OwnedBinary::new` would
/// abort the whole VM instead (rustler 0.39 calls `handle_alloc_error`); growing an empty
/// binary with `realloc` reports the failure.
pub(crate) fn alloc_binary(size: usize) -> Option<OwnedBinary> {
    if isize::try_from(size).is_err() {
        return None;
    }
    let mut bin = OwnedBinary::new(0);
    bin.realloc(size).then_some(bin)
}

/// The error for a result that cannot be allocated.
fn too_large(steps: usize, bytes_per_step: usize) -> String {
    let bytes = u128::from(steps as u64) * bytes_per_step as u128;
    format!("cannot allocate {bytes} bytes for the result of {steps} steps")
}

/// `{:ok, term}` or `{:error, message}`.
pub fn reply<'a>(env: Env<'a>, result: Result<Term<'a>, String>) -> Term<'a> {
    match result {
        Ok(term) => (atoms::ok(), term).encode(env),
        Err(message) => (atoms::error(), message).encode(env),
    }
}
