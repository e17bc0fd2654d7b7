defmodule Anneal.Tensor.Primitives do
  @moduledoc false
  # The plan's primitives in Nx: one clause of value/4 per primitive type of the plan tables
  # (native/anneal_core/src/tables.rs, `row`: the type's name and the order of its
  # parameters). Each clause mirrors the primitive's Rust `value` (native/anneal_core/src/
  # primitive/) operation for operation, so that in float64 on the same libm the two agree to
  # the last bit. A new primitive is one arm of `row` in the core and one clause here.
  #
  # `params` is the list of parameter columns (tensors of the working type, one value per
  # step, or scalars), `t` the local step, `w` the working type. A clause must not raise on
  # any step: select/3 computes both branches, and BinaryBackend raises on x/0, on the
  # square root or logarithm of a negative number and on a negative power of 0, so divisors
  # and arguments of discarded branches are kept in their domain. Where the core's value is
  # NaN, so is the clause's.

  @compile {:no_warn_undefined, [Nx, Nx.Constants]}

  @doc false
  @spec value(atom(), [struct()], struct(), {:f, 32 | 64}) :: struct()
  def value(:const, [v | _], _t, _w), do: v

  # linear.rs, Rise: s · (t / d)
  def value(:linear_rise, [s, d | _], t, _w), do: t |> Nx.divide(d) |> Nx.multiply(s)

  # linear.rs, Fall: s · max(0, (n − t) / d)
  def value(:linear_fall, [s, n, d | _], t, _w) do
    n |> Nx.subtract(t) |> Nx.divide(d) |> Nx.max(0) |> Nx.multiply(s)
  end

  # linear.rs, Interp: (u − v) · (1 − clamp(t, 0, w)/w) + v
  def value(:linear_interp, [u, v, width | _], t, _w) do
    c = t |> Nx.max(0) |> Nx.min(width)
    Nx.subtract(u, v) |> Nx.multiply(Nx.subtract(1, Nx.divide(c, width))) |> Nx.add(v)
  end

  # cosine.rs: s · ((1 − α) · w^e + α); x^1 is taken as x, as the core does.
  def value(:cosine, [s, alpha, k, e | _], t, w) do
    wave = half_cosine(t, k, w)
    wave = Nx.select(Nx.equal(e, 1), wave, pow(wave, e))
    Nx.subtract(1, alpha) |> Nx.multiply(wave) |> Nx.add(alpha) |> Nx.multiply(s)
  end

  # cosine_interp.rs: v + (u − v) · ½(1 + cos(π · min(t, k)/k))
  def value(:cosine_interp, [u, v, k | _], t, w) do
    Nx.add(v, Nx.multiply(Nx.subtract(u, v), half_cosine(t, k, w)))
  end

  # exponential.rs: γ₀ for t ≤ 0 (and for γ₀ = 0), else γ₀ · r^(t/k), the exponent floored for
  # a staircase. Where r^p overflows (which BinaryBackend raises on) the core's value is
  # infinite: NaN here.
  def value(:exponential, [init, rate, k, staircase | _], t, w) do
    p = Nx.divide(t, k)
    p = Nx.select(Nx.equal(staircase, 0), p, Nx.floor(p))
    held = Nx.logical_or(Nx.less_equal(t, 0), Nx.equal(init, 0))
    # ln r^p > the largest float's logarithm: the power overflows.
    overflow = overflows?(rate, p, w)
    decayed = Nx.multiply(init, pow(rate, Nx.select(Nx.logical_or(held, overflow), 0, p)))
    decayed = Nx.select(overflow, Nx.Constants.nan(w), decayed)
    Nx.select(held, init, decayed)
  end

  # polynomial.rs: (γ₀ − γₙ) · ((k − c)/k)^p + γₙ, c = clamp(t, 0, k); γ₀ itself where the
  # power is 1; kept between γ₀ and γₙ.
  def value(:polynomial, [init, end_value, power, k | _], t, _w) do
    c = t |> Nx.max(0) |> Nx.min(k)
    m = k |> Nx.subtract(c) |> Nx.divide(k) |> pow(power)
    span = Nx.subtract(init, end_value)

    value =
      Nx.select(
        Nx.is_infinity(span),
        Nx.add(Nx.multiply(init, m), Nx.multiply(end_value, Nx.subtract(1, m))),
        Nx.add(Nx.multiply(span, m), end_value)
      )

    value = value |> Nx.max(Nx.min(init, end_value)) |> Nx.min(Nx.max(init, end_value))
    Nx.select(Nx.equal(m, 1), init, value)
  end

  # inverse_sqrt.rs: s · 1/√((t + shift)/τ); not finite (NaN here) where (t + shift)/τ ≤ 0.
  def value(:inverse_sqrt, [s, shift, tau | _], t, w) do
    x = t |> Nx.add(shift) |> Nx.divide(tau)
    defined = Nx.greater(x, 0)
    value = Nx.multiply(s, Nx.divide(1, Nx.sqrt(Nx.select(defined, x, 1))))
    Nx.select(defined, value, Nx.Constants.nan(w))
  end

  # blend.rs: s · max(0, f(t) · (1 − m) + m), for each shape f of p = t/d.
  def value(:blend_rise, [s, m, d | _], t, _w), do: blend(Nx.divide(t, d), s, m)
  def value(:blend_cosine, [s, m, d | _], t, w), do: blend(half_cosine(t, d, w), s, m)
  def value(:blend_linear, [s, m, d | _], t, _w), do: blend(Nx.subtract(1, Nx.divide(t, d)), s, m)

  # 1 − √p is NaN for p < 0, and Rust's max(NaN, 0) is 0.
  def value(:blend_sqrt, [s, m, d | _], t, w) do
    p = Nx.divide(t, d)
    value = blend(Nx.subtract(1, Nx.sqrt(Nx.max(p, 0))), s, m)
    Nx.select(Nx.less(p, 0), Nx.multiply(s, zero(w)), value)
  end

  # restarts.rs: the restart index i and the fraction c of period i, for f = t/k, corrected
  # to the period that holds f; NaN where the logarithm has no value (past the finite total
  # length of shrinking periods, or before the first of growing ones), where m_mul = 0 meets
  # a negative i, and where m_mul^i overflows (the core's value is not finite there).
  def value(:restarts, [s, first, r, m_mul, alpha | _], t, w) do
    f = Nx.divide(t, first)
    constant = Nx.equal(r, 1)
    safe_r = Nx.select(constant, 2, r)
    arg = Nx.subtract(1, Nx.multiply(f, Nx.subtract(1, safe_r)))
    positive = Nx.greater(arg, 0)
    defined = Nx.logical_or(constant, positive)
    log_i = Nx.floor(Nx.divide(Nx.log(Nx.select(positive, arg, 1)), Nx.log(safe_r)))
    start = fn i -> Nx.subtract(1, pow(safe_r, i)) |> Nx.divide(Nx.subtract(1, safe_r)) end
    next = Nx.add(log_i, 1)

    geometric_i =
      Nx.select(
        Nx.less(f, start.(log_i)),
        Nx.subtract(log_i, 1),
        Nx.select(Nx.greater_equal(f, start.(next)), next, log_i)
      )

    geometric_c = Nx.subtract(f, start.(geometric_i)) |> Nx.divide(pow(safe_r, geometric_i))
    i = Nx.select(constant, Nx.floor(f), geometric_i)
    c = Nx.select(constant, Nx.subtract(f, i), geometric_c)

    pole = Nx.logical_and(Nx.equal(m_mul, 0), Nx.less(i, 0))
    safe_m = Nx.select(pole, 1, m_mul)
    no_height = Nx.logical_or(pole, overflows?(Nx.abs(safe_m), i, w))
    height = pow(safe_m, Nx.select(no_height, 0, i))

    value =
      height
      |> Nx.multiply(half_cosine(c, Nx.tensor(1, type: w), w))
      |> Nx.multiply(Nx.subtract(1, alpha))
      |> Nx.add(alpha)
      |> Nx.multiply(s)

    Nx.select(Nx.logical_and(defined, Nx.logical_not(no_height)), value, Nx.Constants.nan(w))
  end

  defp blend(f, s, m) do
    f |> Nx.multiply(Nx.subtract(1, m)) |> Nx.add(m) |> Nx.max(0) |> Nx.multiply(s)
  end

  # cosine.rs's half_cosine: ½(1 + cos(π · min(t, k)/k)) as cos²(π/2 · a/k), a = |min(t, k)|
  # reduced modulo 2k past k, with the sine of the distance to k in the second half.
  defp half_cosine(t, k, w) do
    # π/2: the float64 of Rust's std::f64::consts::FRAC_PI_2 (rounded to f32 for f32).
    half_pi = Nx.tensor(:math.pi() / 2, type: w)
    a = t |> Nx.min(k) |> Nx.abs()
    a = Nx.select(Nx.greater(a, k), Nx.remainder(a, Nx.multiply(k, 2)), a)
    past = Nx.greater(a, k)
    rising = half_pi |> Nx.multiply(Nx.divide(a, k)) |> Nx.cos()
    falling = half_pi |> Nx.multiply(Nx.divide(Nx.subtract(k, a), k)) |> Nx.sin()
    first_half = Nx.logical_or(Nx.less_equal(a, Nx.multiply(k, Nx.tensor(0.5, type: w))), past)
    half = Nx.select(first_half, rising, falling)
    Nx.multiply(half, half)
  end

  # Whether |b|^p overflows the working type: p · ln|b| beyond the largest float's logarithm
  # (b = 0 never does).
  defp overflows?(b, p, w) do
    log_b = Nx.log(Nx.select(Nx.equal(b, 0), 1, Nx.abs(b)))
    Nx.greater(Nx.multiply(p, log_b), max_log(w))
  end

  # The natural logarithm of the largest finite float of the working type.
  defp max_log({:f, 64}), do: Nx.tensor(709.782712893384, type: {:f, 64})
  defp max_log({:f, 32}), do: Nx.tensor(88.72283, type: {:f, 32})

  defp zero(w), do: Nx.tensor(0, type: w)

  # Nx 0.5 renamed Nx.power/2 to Nx.pow/2 and deprecated the old name; calling whichever
  # this Nx has through apply/3 keeps both versions free of compile-time warnings.
  defp pow(base, exponent) do
    name = if function_exported?(Nx, :pow, 2), do: :pow, else: :power
    apply(Nx, name, [base, exponent])
  end
end
