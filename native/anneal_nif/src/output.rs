//! Encoding evaluation results: a list of floats or one packed binary.

use crate::atoms;
use anneal_core::{
    evaluate, evaluate_bytes, evaluate_bytes_while, evaluate_while, Halt, Sample, Schedule, Steps,
};
use rustler::{Atom, Binary, Encoder, Env, OwnedBinary, Term};

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

    /// Whether the values are float64 (`:f64`).
    pub fn is_wide(self) -> bool {
        self.wide
    }

    /// Whether the result is a list of floats.
    pub fn is_list(self) -> bool {
        !self.binary
    }
}

/// The error of a dirty evaluation whose caller exited before it ended.
pub const CALLER_EXITED: &str = "the calling process exited";

/// Evaluates `schedule` over `steps` and encodes the result as `format` says.
///
/// On a dirty scheduler (`dirty`), a long evaluation goes in pieces of about 1 ms of work
/// (see `anneal_core::evaluate_bytes_while`): in parallel on the core's pool while this
/// thread checks every millisecond that its caller is alive, or on this thread, checking
/// between two pieces. Either way it stops once its caller has exited, so that
/// no dirty scheduler stays busy with a result nobody will read.
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

/// The message of an evaluation that ended early.
pub fn halted(halt: Halt) -> String {
    match halt {
        Halt::Failed(error) => error.to_string(),
        Halt::Stopped => CALLER_EXITED.to_string(),
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
    let mut bin = Aligned::new(size).ok_or_else(|| too_large(steps.len(), T::BYTES))?;
    let out = bin.bytes();
    if dirty {
        evaluate_bytes_while::<T>(schedule, steps, out, &mut || caller_alive(env))
            .map_err(halted)?;
    } else {
        evaluate_bytes::<T>(schedule, steps, out).map_err(|e| e.to_string())?;
    }
    Ok(bin.release(env)?.encode(env))
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
    if dirty {
        evaluate_while(schedule, steps, &mut values, &mut || caller_alive(env)).map_err(halted)?;
    } else {
        evaluate(schedule, steps, &mut values).map_err(|e| e.to_string())?;
    }
    Ok(float_list(env, values.iter().map(|v| v.to_f64())))
}

/// A list of floats, built from its end, cell by cell: no array of terms next to the values.
/// Encoding allocates the terms infallibly; a list is bounded by the Elixir side's memory
/// ceiling (its bytes per step count these values too), checked before a NIF is called.
pub fn float_list(env: Env, values: impl DoubleEndedIterator<Item = f64>) -> Term {
    values.rev().fold(Term::list_new_empty(env), |list, value| {
        list.list_prepend(value)
    })
}

/// The float32 (4 bytes) or float64 (8 bytes) values of native-endian `bytes`, widened.
pub fn floats<T: Sample>(bytes: &[u8]) -> impl DoubleEndedIterator<Item = f64> + '_ {
    bytes.chunks_exact(T::BYTES).map(|value| {
        if let Ok(b) = <[u8; 4]>::try_from(value) {
            f64::from(f32::from_ne_bytes(b))
        } else if let Ok(b) = <[u8; 8]>::try_from(value) {
            f64::from_ne_bytes(b)
        } else {
            f64::NAN
        }
    })
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

/// Where binary results start their values: the kernels' widest stores (AVX-512, 64 bytes)
/// then never straddle a cache line (unaligned, f64 kernels measured up to 30% slower).
const ALIGN: usize = 64;

/// A binary for `size` bytes of values that start at a multiple of [`ALIGN`] in memory: a
/// sub-binary of one [`ALIGN`] − 1 bytes longer, which Elixir sees as any binary.
pub(crate) struct Aligned {
    bin: OwnedBinary,
    skew: usize,
    size: usize,
}

impl Aligned {
    /// `None` when the allocator refuses (see [`alloc_binary`]).
    pub(crate) fn new(size: usize) -> Option<Self> {
        let mut bin = alloc_binary(size.checked_add(ALIGN - 1)?)?;
        let skew = bin.as_mut_slice().as_ptr().align_offset(ALIGN);
        (skew < ALIGN).then_some(Self { bin, skew, size })
    }

    /// The `size` bytes of values.
    pub(crate) fn bytes(&mut self) -> &mut [u8] {
        let range = self.skew..self.skew + self.size;
        // Always in range (`new` allocated skew + size bytes or more); an empty slice would
        // make the evaluation report a length mismatch, not panic.
        self.bin.as_mut_slice().get_mut(range).unwrap_or_default()
    }

    /// The values as a binary of the calling process.
    pub(crate) fn release(self, env: Env<'_>) -> Result<Binary<'_>, String> {
        let whole = self.bin.release(env);
        whole
            .make_subbinary(self.skew, self.size)
            .map_err(|_| format!("cannot cut {} bytes from the result", self.size))
    }
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
