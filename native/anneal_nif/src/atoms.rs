//! Atoms shared by the decoders and encoders.

rustler::atoms! {
    ok,
    error,
    f32,
    f64,
    list,
    binary,
    constant,
    cosine_decay,
    exponential_decay,
    linear_decay,
    polynomial_decay,
}
