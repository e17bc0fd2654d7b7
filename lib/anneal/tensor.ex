defmodule Anneal.Tensor do
  @moduledoc false
  # The tensor path: a schedule's formula written with Nx operations, so that a schedule
  # called with an Nx.Tensor step (eagerly, or inside defn/jit where the step is an
  # Nx.Defn.Expr, as Axon's optimizers call it) returns a tensor traced into the caller's
  # graph.
  #
  # This is a second copy of the formulas in native/anneal_core; the core is the reference.
  # Each clause of formula/2 mirrors the Rust `value` function of its family operation for
  # operation, in float64, so that on the same libm the two agree to the last bit. The tests
  # check it against the core and the golden CSV, never the other way round.
  #
  # Types: the step is converted to f64 (integer steps are exact up to 2^53) and every
  # formula runs in f64. The result is f64 for an f64 step, and f32 for any other real
  # step — Axon's own schedules return f32 for its s64 step counter, so the optimizer's
  # update types are those it would have with Axon.Schedules.
  #
  # Nx is not a dependency of Anneal: this module is called only once a tensor has been
  # seen, so Nx is loaded by then.

  @compile {:no_warn_undefined, [Nx, Nx.Constants]}

  alias Anneal.Schedule

  @doc false
  @spec value(Schedule.t(), struct()) :: struct()
  def value(%Schedule{} = schedule, %{__struct__: Nx.Tensor} = step) do
    out_type = output_type!(step)

    step
    |> Nx.as_type({:f, 64})
    |> formula(params(schedule))
    |> Nx.as_type(out_type)
  end

  defp output_type!(step) do
    case Nx.type(step) do
      {:f, 64} ->
        {:f, 64}

      {kind, _} when kind in [:s, :u, :f, :bf] ->
        {:f, 32}

      type ->
        raise ArgumentError,
              "expected step to be a tensor of integers or floats, got a tensor of type " <>
                inspect(type)
    end
  end

  # The schedule as one map for the clauses below to match on: the kind, and every number
  # (init_value and the options) as an f64 scalar tensor. Nx 0.4 turns a float literal into
  # an f32 tensor before an operation, even next to an f64 tensor (Nx.multiply(t, 0.1)
  # multiplies by 0.10000000149011612), so no float literal may reach an Nx function; integer
  # literals are exact and fine.
  defp params(%Schedule{kind: kind, init_value: init_value, opts: opts}) do
    for {key, value} <- [init_value: init_value] ++ opts, into: %{kind: kind} do
      {key, if(is_number(value), do: f64(value), else: value)}
    end
  end

  defp f64(number), do: Nx.tensor(number, type: {:f, 64})

  # One clause per schedule kind: `t` is an f64 tensor of steps, `p` the params/1 map, the
  # result an f64 tensor of the shape of `t`. A new kind adds one clause matching its own
  # options. Numbers arrive as f64 scalar tensors; other option values (lists, schedules)
  # arrive as they are, for the clause to convert with f64/1 or to recurse into with
  # formula(t, params(schedule)).

  # constant.rs
  defp formula(t, %{kind: :constant} = p), do: Nx.broadcast(p.init_value, t)

  # cosine.rs. Clamped only from above, so negative steps mirror positive ones.
  defp formula(t, %{kind: :cosine_decay, decay_steps: k, alpha: alpha} = p) do
    t
    |> half_cosine(k)
    |> Nx.multiply(Nx.subtract(1, alpha))
    |> Nx.add(alpha)
    |> Nx.multiply(p.init_value)
  end

  # exponential.rs: init_value while t - transition_begin <= 0.
  defp formula(t, %{kind: :exponential_decay} = p) do
    t = Nx.subtract(t, p.transition_begin)
    exponent = Nx.divide(t, p.transition_steps)
    exponent = if p.staircase, do: Nx.floor(exponent), else: exponent
    # select/3 computes both branches: keep the discarded one's exponent >= 0 so that a
    # decay_rate of 0 never meets a negative power (an ArithmeticError on BinaryBackend).
    decayed = Nx.multiply(p.init_value, pow(p.decay_rate, Nx.max(exponent, 0)))
    Nx.select(Nx.less_equal(t, 0), p.init_value, decayed)
  end

  # linear.rs
  defp formula(t, %{kind: :linear_decay, warmup: w, steps: n} = p) do
    warming = Nx.divide(t, Nx.max(w, 1))
    decaying = Nx.subtract(n, t) |> Nx.divide(Nx.max(Nx.subtract(n, w), 1)) |> Nx.max(0)
    Nx.select(Nx.less(t, w), warming, decaying) |> Nx.multiply(p.init_value)
  end

  # polynomial.rs
  defp formula(t, %{kind: :polynomial_decay, transition_steps: k} = p) do
    c = t |> Nx.subtract(p.transition_begin) |> Nx.clip(0, k)

    Nx.subtract(1, Nx.divide(c, k))
    |> pow(p.power)
    |> Nx.multiply(Nx.subtract(p.init_value, p.end_value))
    |> Nx.add(p.end_value)
  end

  # warmup_cosine.rs. Divisors of discarded branches are kept non-zero: BinaryBackend
  # raises on x/0 (and on the logarithm or square root of a non-positive number).
  defp formula(t, %{kind: :warmup_cosine_decay, warmup_steps: w, decay_steps: d} = p) do
    %{init_value: init, peak_value: peak, end_value: end_value} = p
    no_warmup = Nx.equal(w, 0)
    safe_w = Nx.select(no_warmup, 1, w)
    c = Nx.clip(t, 0, w)

    warming =
      Nx.subtract(init, peak)
      |> Nx.multiply(Nx.subtract(1, Nx.divide(c, safe_w)))
      |> Nx.add(peak)

    warming = Nx.select(no_warmup, Nx.broadcast(init, t), warming)
    zero_peak = Nx.equal(peak, 0)
    alpha = Nx.select(zero_peak, 0, Nx.divide(end_value, Nx.select(zero_peak, 1, peak)))
    wave = t |> Nx.subtract(w) |> half_cosine(Nx.subtract(d, w)) |> pow(p.exponent)
    decaying = Nx.subtract(1, alpha) |> Nx.multiply(wave) |> Nx.add(alpha) |> Nx.multiply(peak)
    Nx.select(Nx.less(t, w), warming, decaying)
  end

  # piecewise.rs: the scales in increasing order of boundary, each from its boundary on.
  defp formula(t, %{kind: :piecewise_constant, boundaries_and_scales: scales} = p) do
    scales
    |> Enum.sort()
    |> Enum.reduce(Nx.broadcast(p.init_value, t), fn {boundary, scale}, value ->
      Nx.select(Nx.greater_equal(t, f64(boundary)), Nx.multiply(value, f64(scale)), value)
    end)
  end

  # inverse_sqrt.rs
  defp formula(t, %{kind: :inverse_sqrt, warmup_steps: w, timescale: tau} = p) do
    tau = if tau, do: tau, else: Nx.select(Nx.greater(w, 0), w, f64(10_000))
    warming = Nx.divide(t, Nx.max(w, 1))
    # (t + τ − w)/τ ≥ 1 wherever the decay is taken.
    x = t |> Nx.add(Nx.subtract(tau, w)) |> Nx.divide(tau) |> Nx.max(1)
    decaying = Nx.divide(1, Nx.sqrt(x))
    Nx.select(Nx.less(t, w), warming, decaying) |> Nx.multiply(p.init_value)
  end

  # wsd.rs
  defp formula(t, %{kind: :warmup_stable_decay} = p) do
    %{warmup_steps: w, stable_steps: s, decay_steps: d, min_lr_ratio: m} = p
    one_minus_m = Nx.subtract(1, m)
    warming = t |> Nx.divide(Nx.max(w, 1)) |> Nx.multiply(one_minus_m) |> Nx.add(m) |> Nx.max(0)
    td = t |> Nx.subtract(w) |> Nx.subtract(s)
    span = Nx.max(d, 1)
    progress = Nx.divide(td, span)

    shape =
      case p.decay_type do
        :cosine -> half_cosine(td, span)
        :linear -> Nx.subtract(1, progress)
        :sqrt -> Nx.subtract(1, Nx.sqrt(Nx.max(progress, 0)))
      end

    decaying = shape |> Nx.multiply(one_minus_m) |> Nx.add(m) |> Nx.max(0)
    stable_end = Nx.add(w, s)

    Nx.select(
      Nx.less(t, w),
      warming,
      Nx.select(
        Nx.less(t, stable_end),
        1,
        Nx.select(Nx.less(t, Nx.add(stable_end, d)), decaying, Nx.broadcast(m, t))
      )
    )
    |> Nx.multiply(p.init_value)
  end

  # restarts.rs: both the constant-period (t_mul = 1) and geometric branches, the restart
  # index corrected to the period that holds f. NaN where the formula has no value.
  defp formula(t, %{kind: :cosine_decay_restarts, t_mul: r} = p) do
    f = Nx.divide(t, p.first_decay_steps)
    constant = Nx.equal(r, 1)
    i_constant = Nx.floor(f)

    safe_r = Nx.select(constant, 2, r)
    arg = Nx.subtract(1, Nx.multiply(f, Nx.subtract(1, safe_r)))
    defined = Nx.logical_or(constant, Nx.greater(arg, 0))
    safe_arg = Nx.select(Nx.greater(arg, 0), arg, 1)
    start = fn i -> Nx.subtract(1, pow(safe_r, i)) |> Nx.divide(Nx.subtract(1, safe_r)) end
    i = Nx.floor(Nx.divide(Nx.log(safe_arg), Nx.log(safe_r)))
    next = Nx.add(i, 1)

    i =
      Nx.select(
        Nx.less(f, start.(i)),
        Nx.subtract(i, 1),
        Nx.select(Nx.greater_equal(f, start.(next)), next, i)
      )

    c_geometric = Nx.subtract(f, start.(i)) |> Nx.divide(pow(safe_r, i))
    i = Nx.select(constant, i_constant, i)
    c = Nx.select(constant, Nx.subtract(f, i_constant), c_geometric)

    value =
      p.m_mul
      |> restart_height(i)
      |> Nx.multiply(half_cosine(c, f64(1)))
      |> Nx.multiply(Nx.subtract(1, p.alpha))
      |> Nx.add(p.alpha)
      |> Nx.multiply(p.init_value)

    Nx.select(defined, value, Nx.Constants.nan({:f, 64}))
  end

  # one_cycle.rs: knots (0, start), (⌊p·T⌋, top), (⌊T⌋, end); the middle one repeats the
  # last when the two coincide. Before step 0 the value is 0.
  defp formula(t, %{kind: :one_cycle, transition_steps: total} = p) do
    %{init_value: peak, pct_start: pct, div_factor: div, final_div_factor: final_div} = p
    start = Nx.divide(peak, div)
    top = Nx.multiply(start, div)
    fall = Nx.divide(1, Nx.multiply(div, final_div))
    {b1, b2} = {Nx.floor(Nx.multiply(pct, total)), Nx.floor(total)}
    distinct = Nx.less(b1, b2)
    last = Nx.select(distinct, Nx.multiply(top, fall), Nx.multiply(start, fall))
    {k1, v1} = {Nx.select(distinct, b1, b2), Nx.select(distinct, top, last)}

    segment = fn {a, u}, {b, v} ->
      t
      |> Nx.subtract(a)
      |> half_cosine(Nx.max(Nx.subtract(b, a), 1))
      |> Nx.multiply(Nx.subtract(u, v))
      |> Nx.add(v)
    end

    within = fn a, b -> Nx.logical_and(Nx.greater_equal(t, a), Nx.less(t, b)) end
    zero = f64(0)

    Nx.select(
      Nx.greater_equal(t, b2),
      Nx.broadcast(last, t),
      Nx.select(
        within.(zero, k1),
        segment.({zero, start}, {k1, v1}),
        Nx.select(within.(k1, b2), segment.({k1, v1}, {b2, last}), 0)
      )
    )
  end

  # join.rs: each schedule from its boundary on, at the step minus that boundary.
  defp formula(t, %{kind: :join, schedules: [first | rest], boundaries: boundaries}) do
    rest
    |> Enum.zip(boundaries)
    |> Enum.reduce(formula(t, params(first)), fn {schedule, boundary}, value ->
      boundary = f64(boundary)

      Nx.select(
        Nx.greater_equal(t, boundary),
        formula(Nx.subtract(t, boundary), params(schedule)),
        value
      )
    end)
  end

  # cosine.rs's half_cosine: ½(1 + cos(π · min(t, k)/k)) as cos²(π · min(t, k)/2k), with the
  # sine of the distance to k on the second half of the wave.
  defp half_cosine(t, k) do
    # π/2: the same float64 as Rust's std::f64::consts::FRAC_PI_2.
    half_pi = f64(:math.pi() / 2)
    a = t |> Nx.min(k) |> Nx.abs()
    rising = half_pi |> Nx.multiply(Nx.divide(a, k)) |> Nx.cos()
    falling = half_pi |> Nx.multiply(Nx.divide(Nx.subtract(k, a), k)) |> Nx.sin()
    first_half = Nx.logical_or(Nx.less_equal(a, Nx.divide(k, 2)), Nx.greater(a, k))
    half = Nx.select(first_half, rising, falling)
    Nx.multiply(half, half)
  end

  # m^i for an integer i, infinite where m = 0 and i < 0 (BinaryBackend raises on 0^−n).
  defp restart_height(m, i) do
    pole = Nx.logical_and(Nx.equal(m, 0), Nx.less(i, 0))
    height = pow(Nx.select(pole, 1, m), Nx.select(pole, 0, i))
    Nx.select(pole, Nx.Constants.infinity({:f, 64}), height)
  end

  # Nx 0.5 renamed Nx.power/2 to Nx.pow/2 and deprecated the old name; calling whichever
  # this Nx has through apply/3 keeps both versions free of compile-time warnings.
  defp pow(base, exponent) do
    name = if function_exported?(Nx, :pow, 2), do: :pow, else: :power
    apply(Nx, name, [base, exponent])
  end
end
