defmodule Anneal.TensorPlanTest do
  # The tensor path walks the core's plan tables (lib/anneal/tensor.ex): held to the
  # conformance corpus written by the core's exact path, in ulps; its traced expression's
  # size; float32 arithmetic against the float64 values.
  use ExUnit.Case, async: true
  @moduletag :nx

  @compile {:no_warn_undefined, [Nx, Nx.Defn, Nx.Defn.Expr]}

  alias Anneal.Test.Conformance

  # The same libm computes cos, sin, pow and log for the core and for BinaryBackend, and the
  # primitives keep the core's operation order: measured 0 ulps over the corpus. A few ulps
  # leave room for another libm.
  @max_ulps 4

  # float32 arithmetic, integer steps up to 2^24, schedules whose parameters and values are
  # float32 numbers: measured at most 2.8 float32 epsilons (2^-23) of the largest value of the
  # schedule (cosine_decay); the bound documented in Anneal.to_fun/2.
  @f32_eps :math.pow(2, -23)
  @f32_bound 4

  # Erlang's float arithmetic raises on overflow where IEEE arithmetic gives infinity, so on
  # BinaryBackend a schedule whose parameters are near the float64 limits (an init_value of
  # 1e300, a timescale of 1e-300) may raise ArithmeticError in an intermediate; compiled
  # backends compute infinity there, and the result is NaN. Only such schedules may raise.
  @extreme ~r/e[+]?(2[5-9][0-9]|30[0-9])|e-(2[5-9][0-9]|3[0-2][0-9])|1\.7976931348623157e\+308/

  # The corpus's schedules as Elixir holds them. A map of boundaries cannot hold both 0 and
  # 0.0 in the corpus's order, so the few documents that do not read back the same are left
  # out (counted below).
  defp corpus do
    Conformance.entries()
    |> Enum.filter(&(&1.schedule && Anneal.to_json(&1.schedule) == &1.document))
  end

  test "the conformance corpus in float64: within #{@max_ulps} ulps, NaN where not finite" do
    entries = corpus()
    assert length(entries) > 500

    checked =
      for entry <- entries, reduce: 0 do
        checked ->
          try do
            got = Anneal.Tensor.value(entry.schedule, Nx.tensor(entry.steps, type: {:f, 64}))
            checked + check_f64(entry, Nx.to_flat_list(got))
          rescue
            ArithmeticError ->
              assert entry.document =~ @extreme, "raised on #{entry.document}"
              checked
          end
      end

    assert checked > 11_000
  end

  defp check_f64(entry, got) do
    for {step, expected, value} <- Enum.zip([entry.steps, entry.values, got]), reduce: 0 do
      n ->
        if is_float(expected) do
          assert is_float(value) and Conformance.ulps(value, expected) <= @max_ulps,
                 "#{entry.document} at step #{step}: tensor #{inspect(value)}, core #{expected}"
        else
          # The number path raises on a value that is not finite; the tensor path gives NaN.
          assert value == :nan, "#{entry.document} at step #{step}: #{inspect(value)}"
        end

        n + 1
    end
  end

  test "integer steps in jit give the corpus's values rounded to float32" do
    for entry <- corpus(), not (entry.document =~ @extreme) do
      pairs =
        entry.steps
        |> Enum.zip(entry.values)
        |> Enum.filter(fn {s, x} -> is_integer(s) and is_float(x) and abs(x) < 3.0e38 end)

      if pairs != [] do
        {steps, values} = Enum.unzip(pairs)
        got = Nx.Defn.jit(Anneal.to_fun(entry.schedule)).(Nx.tensor(steps, type: {:s, 64}))
        assert Nx.type(got) == {:f, 32}

        for {step, x, g} <- Enum.zip([steps, values, Nx.to_flat_list(got)]) do
          assert g == f32(x), "#{entry.document} at step #{step}: #{inspect(g)}, core #{x}"
        end
      end
    end
  end

  test "float32 arithmetic stays within #{@f32_bound} float32 epsilons of the largest value" do
    for entry <- corpus(), float32?(entry) do
      scale = entry.values |> Enum.map(&abs/1) |> Enum.max()
      {steps, values} = entry.steps |> Enum.zip(entry.values) |> Enum.unzip()
      fun = Anneal.to_fun(entry.schedule, tensor_type: {:f, 32})
      got = Nx.Defn.jit(fun).(Nx.tensor(steps, type: {:s, 32}))
      assert Nx.type(got) == {:f, 32}

      for {step, x, g} <- Enum.zip([steps, values, Nx.to_flat_list(got)]) do
        assert abs(g - x) <= @f32_bound * @f32_eps * scale,
               "#{entry.document} at step #{step}: float32 #{inspect(g)}, core #{x}"
      end
    end
  end

  # A schedule whose parameters and values are float32 numbers (magnitudes in 1e-30..1e30),
  # at its integer steps up to 2^24.
  defp float32?(entry) do
    numbers =
      ~r/-?[0-9.]+e[-+]?[0-9]+/
      |> Regex.scan(entry.document)
      |> Enum.map(fn [x] -> x |> Float.parse() |> elem(0) end)

    in_range = fn x -> x == 0 or (abs(x) > 1.0e-30 and abs(x) < 1.0e30) end

    Enum.all?(entry.values, &(is_float(&1) and in_range.(&1))) and Enum.all?(numbers, in_range) and
      Enum.all?(entry.steps, &(is_integer(&1) and abs(&1) <= 16_777_216))
  end

  test "float32 arithmetic: integer steps beyond 2^24 keep their segment" do
    # Boundaries one step apart near 2^31 (float32 cannot tell 2^31 + 1 from 2^31): each
    # step holds its own scale, 0.5 from 2^31 + 1 on, 0.25 from 2^31 + 2 on.
    b = 2_147_483_648

    schedule =
      Anneal.new(:piecewise_constant, 1.0,
        boundaries_and_scales: %{(b + 1) => 0.5, (b + 2) => 0.5}
      )

    fun = Anneal.to_fun(schedule, tensor_type: {:f, 32})
    got = Nx.Defn.jit(fun).(Nx.tensor([b, b + 1, b + 2], type: {:s, 64}))
    assert Nx.to_flat_list(got) == [1.0, 0.5, 0.25]

    # The offset inside a segment too: a linear warmup of w = 2^25 + 8 steps (a float32)
    # begins at 2^30 + 1 (not a float32), so at step 2^30 + 1 + 2^25 + 4 (not a float32
    # either) the local step is 2^25 + 4 and the value (2^25 + 4)/(2^25 + 8).
    {begin, local, w} = {1_073_741_825, 33_554_436, 33_554_440}
    warmup = Anneal.new(:linear_decay, 1.0, warmup: w, steps: 2 * w)
    joined = Anneal.new(:join, [Anneal.new(:constant, 0.0), warmup], boundaries: [begin])
    fun = Anneal.to_fun(joined, tensor_type: {:f, 32})
    got = Nx.Defn.jit(fun).(Nx.tensor([begin + local], type: {:s, 64}))
    assert Nx.to_flat_list(got) == [f32(local / w)]
  end

  test "the traced expression has the same size for 10 and 1,000 segments" do
    sizes =
      for n <- [10, 1000], type <- [{:f, 64}, {:f, 32}] do
        scales = Map.new(1..n, &{&1 * 10, 0.9})

        fun =
          Anneal.to_fun(Anneal.new(:piecewise_constant, 0.1, boundaries_and_scales: scales),
            tensor_type: type
          )

        expr = Nx.Defn.debug_expr(fun).(Nx.tensor(5, type: {:s, 32}))
        {type, ops(expr)}
      end

    # 3,001 ops for 1,000 boundaries before the plan tables (a select chain): now a handful.
    assert [{_, a}, {_, b}, {_, a}, {_, b}] = sizes
    assert a < 15 and b < 15
  end

  # The operations of a traced expression, one per line "x = op ..." of its inspection.
  defp ops(expr) do
    expr
    |> inspect(limit: :infinity)
    |> String.split("\n")
    |> Enum.count(&(&1 =~ ~r/^\s+[a-z]+ = /))
  end

  test "float32 arithmetic returns float32 for every step type" do
    schedule = Anneal.new(:cosine_decay, 1.0, decay_steps: 10)
    fun = Anneal.to_fun(schedule, tensor_type: {:f, 32})

    for type <- [{:s, 64}, {:s, 32}, {:u, 8}, {:f, 32}, {:f, 64}] do
      got = fun.(Nx.tensor([0, 5, 10], type: type))
      assert Nx.type(got) == {:f, 32}
      # ½(1 + cos(π · 5/10)) = ½; the float32 of cos(π/4)² is within an ulp of it.
      [one, half, zero] = Nx.to_flat_list(got)
      assert one == 1.0 and zero == 0
      assert abs(half - 0.5) <= 6.0e-8
    end
  end

  defp f32(x) do
    <<y::float-32>> = <<x::float-32>>
    y
  end
end
