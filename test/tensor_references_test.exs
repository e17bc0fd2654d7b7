defmodule Anneal.TensorReferencesTest do
  # The tensor path (lib/anneal/tensor.ex) of the seven kinds beyond Axon: against the
  # libraries' own values (references.csv) and against the Rust core.
  use ExUnit.Case, async: true
  @moduletag :nx

  @compile {:no_warn_undefined, [Nx, Nx.Defn]}

  alias Anneal.Test.{RandomSchedules, References}

  # f32 results: half an f32 ulp of the largest value, and then some.
  @f32_tol 2.0e-7

  # Rows where the library's value is NaN or infinite are left out: BinaryBackend raises on an
  # overflowing power (cosine_decay_restarts' m_mul^i far below step 0) where Rust and
  # compiled backends give infinity.
  test "every finite row of the reference files: f64 steps eagerly, s64 steps in jit" do
    for file <- References.files(),
        c <- References.cases(file),
        not String.contains?(c.name, "_quirk") do
      c = %{c | rows: Enum.filter(c.rows, &is_float(elem(&1, 1)))}
      schedule = References.schedule(c)
      fun = Anneal.to_fun(schedule)
      steps = Enum.map(c.rows, &elem(&1, 0))
      scale = References.scale(c)

      f64 = fun.(Nx.tensor(steps, type: {:f, 64}))
      assert Nx.type(f64) == {:f, 64}

      for {{step, expected}, got} <- Enum.zip(c.rows, Nx.to_flat_list(f64)) do
        assert same?(got, expected, c.tolerance * scale),
               "#{c.name} at step #{step}: tensor #{inspect(got)}, the library #{inspect(expected)}"
      end

      # The whole steps as s64 (references_breadth.csv has steps such as 0.5 too).
      whole = Enum.filter(c.rows, &is_integer(elem(&1, 0)))
      f32 = Nx.Defn.jit(fun).(Nx.tensor(Enum.map(whole, &elem(&1, 0)), type: {:s, 64}))
      assert Nx.type(f32) == {:f, 32}

      for {{step, expected}, got} <- Enum.zip(whole, Nx.to_flat_list(f32)) do
        assert same?(got, expected, (c.tolerance + @f32_tol) * scale),
               "#{c.name} at step #{step}: f32 tensor #{inspect(got)}, the library #{inspect(expected)}"
      end
    end
  end

  test "random schedules of the new kinds agree with the Rust core (seeded)" do
    :rand.seed(:exsss, {3, 1, 4})

    kinds = ~w(warmup_cosine_decay piecewise_constant inverse_sqrt warmup_stable_decay
               cosine_decay_restarts one_cycle join piecewise_interpolate linear_one_cycle
               warmup_constant warmup_exponential_decay cosine_with_hard_restarts
               warmup_polynomial_decay cyclic multiply shift)a

    for kind <- kinds, _ <- 1..25 do
      schedule = RandomSchedules.new(kind)
      # Non-negative steps: below 0 a restart schedule may have no value (see above).
      steps = for _ <- 1..40, do: :rand.uniform(3200) - 1
      # A shift may look below 0, where a restart schedule may have no value: steps whose
      # value is not finite are left out.
      fun = Anneal.to_fun(schedule)
      steps = Enum.filter(steps, &finite?(fun, &1))
      expected = Anneal.evaluate(schedule, steps)
      got = schedule |> Anneal.to_fun() |> then(& &1.(Nx.tensor(steps, type: {:f, 64})))
      scale = Enum.max([1.0e-300 | Enum.map(expected, &abs/1)])

      for {step, e, g} <- Enum.zip([steps, expected, Nx.to_flat_list(got)]) do
        # The message only on failure: inspect/1 draws the schedule, several NIF calls.
        unless same?(g, e, 1.0e-12 * scale),
          do: flunk("#{inspect(schedule)} at step #{step}: tensor #{inspect(g)}, core #{e}")
      end
    end
  end

  defp finite?(fun, step) do
    is_float(fun.(step))
  rescue
    ArgumentError -> false
  end

  defp same?(got, :nan, _tol), do: got == :nan
  defp same?(got, :inf, _tol), do: got == :infinity
  defp same?(got, :neg_inf, _tol), do: got == :neg_infinity
  defp same?(got, expected, tol) when is_float(got), do: abs(got - expected) <= tol
  defp same?(_got, _expected, _tol), do: false
end
