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

  @compile {:no_warn_undefined, Nx}

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

  # cosine.rs: the half-angle form, with the sine of the distance to the end on the second
  # half of the decay. Clamped only from above, so negative steps mirror positive ones.
  defp formula(t, %{kind: :cosine_decay, decay_steps: k, alpha: alpha} = p) do
    # π/2: the same float64 as Rust's std::f64::consts::FRAC_PI_2.
    half_pi = f64(:math.pi() / 2)
    a = t |> Nx.min(k) |> Nx.abs()
    rising = half_pi |> Nx.multiply(Nx.divide(a, k)) |> Nx.cos()
    falling = half_pi |> Nx.multiply(Nx.divide(Nx.subtract(k, a), k)) |> Nx.sin()
    first_half = Nx.logical_or(Nx.less_equal(a, Nx.divide(k, 2)), Nx.greater(a, k))
    half = Nx.select(first_half, rising, falling)

    half
    |> Nx.multiply(half)
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

  # Nx 0.5 renamed Nx.power/2 to Nx.pow/2 and deprecated the old name; calling whichever
  # this Nx has through apply/3 keeps both versions free of compile-time warnings.
  defp pow(base, exponent) do
    name = if function_exported?(Nx, :pow, 2), do: :pow, else: :power
    apply(Nx, name, [base, exponent])
  end
end
