//! Encoding evaluation results: a list of floats or one packed binary.

use crate::atoms;
use anneal_core::{estimated_cost_ns, evaluate, evaluate_bytes, Sample, Schedule, Steps};
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

/// Estimated work between two pauses on a dirty scheduler: 1 ms.
const PIECE_NS: f64 = 1e6;
/// Steps evaluated between two pauses, at least and at most (about 0.1–0.3 ms of the
/// fastest kernels at most).
const MIN_PIECE: usize = 1 << 10;
const MAX_PIECE: usize = 1 << 18;

/// The error of a dirty evaluation whose caller exited before it ended.
pub const CALLER_EXITED: &str = "the calling process exited";

/// Evaluates `schedule` over `steps` and encodes the result as `format` says.
///
/// On a dirty scheduler (`dirty`), a long evaluation goes in pieces of about 1 ms:
/// between two, it yields its CPU (on a machine with few cores, the operating system can
/// then run the normal schedulers' threads, so other Erlang processes are not held up for
/// the whole evaluation) and stops if its caller has exited, so that no dirty scheduler
/// stays busy with a result nobody will read.
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
        (true, false) => list::<f64>(env, schedule, steps, dirty),
        (false, false) => list::<f32>(env, schedule, steps, dirty),
    }
}

/// Whether the process that called the NIF is still alive.
pub fn caller_alive(env: Env) -> bool {
    env.is_process_alive(env.pid())
}

/// Runs `work(start, len)` over `0..len`: at once on a normal scheduler, in pieces on a
/// dirty one (see [`encode`]).
fn in_pieces(
    env: Env,
    schedule: &Schedule,
    len: usize,
    dirty: bool,
    mut work: impl FnMut(usize, usize) -> Result<(), String>,
) -> Result<(), String> {
    if !dirty {
        return work(0, len);
    }
    // Pieces of a schedule whose steps are costly (many boundaries) are shorter.
    let step_ns = estimated_cost_ns(schedule, Steps::Values(&[0.0]));
    let piece = ((PIECE_NS / step_ns) as usize).clamp(MIN_PIECE, MAX_PIECE);
    let mut start = 0;
    while start < len {
        if start > 0 {
            std::thread::yield_now();
            if !caller_alive(env) {
                return Err(CALLER_EXITED.to_string());
            }
        }
        let n = piece.min(len - start);
        work(start, n)?;
        start += n;
    }
    Ok(())
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
    let out = bin.as_mut_slice();
    in_pieces(env, schedule, steps.len(), dirty, |start, n| {
        let bytes = out
            .get_mut(start * T::BYTES..(start + n) * T::BYTES)
            .ok_or("a piece outside the result")?;
        evaluate_bytes::<T>(schedule, steps.slice(start, n), bytes).map_err(|e| e.to_string())
    })?;
    Ok(bin.release(env).encode(env))
}

fn list<'a, T: Sample>(
    env: Env<'a>,
    schedule: &Schedule,
    steps: Steps,
    dirty: bool,
) -> Result<Term<'a>, String> {
    let mut values: Vec<T> = Vec::new();
    values
        .try_reserve_exact(steps.len())
        .map_err(|_| too_large(steps.len(), T::BYTES))?;
    values.resize(steps.len(), T::default());
    in_pieces(env, schedule, steps.len(), dirty, |start, n| {
        let out = values
            .get_mut(start..start + n)
            .ok_or("a piece outside the result")?;
        evaluate(schedule, steps.slice(start, n), out).map_err(|e| e.to_string())
    })?;
    // Built from its end, cell by cell: no array of terms next to the values. Encoding
    // allocates the terms infallibly; the list is bounded by the Elixir side's memory
    // ceiling (its bytes per step count these values too), checked before this NIF is called.
    let mut list = Term::list_new_empty(env);
    for value in values.iter().rev() {
        list = list.list_prepend(value.to_f64());
    }
    Ok(list)
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
