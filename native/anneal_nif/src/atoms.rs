//! Atoms shared by the decoders and encoders.

rustler::atoms! {
    ok,
    error,
    f32,
    f64,
    list,
    binary,
    range,
    s64,
    dirty,
    stale,
    expected,
    improper,
}
