defmodule Anneal.GoldenTest do
  # Every row of Axon 0.4.1's golden CSV through every evaluation path.
  use ExUnit.Case, async: true

  alias Anneal.Test.Golden

  @f64_tol 1.0e-12
  @f32_tol 2.0e-6

  @cases Golden.cases()

  test "the golden file covers the five schedules" do
    kinds = @cases |> Enum.map(fn {{kind, _, _}, _} -> kind end) |> Enum.uniq() |> Enum.sort()
    assert kinds == Enum.sort(Golden.axon_kinds())
    assert length(Golden.rows()) > 400
  end

  for {{kind, init_value, opts}, rows} <- @cases do
    @kind kind
    @init_value init_value
    @opts opts
    @rows rows
    @label "#{kind}(#{init_value}, #{inspect(opts)})"

    test "#{@label}: fun.(step) and value/2 match the f64 reference" do
      schedule = Anneal.new(@kind, @init_value, @opts)
      fun = apply(Anneal, @kind, [@init_value, @opts])

      for row <- @rows do
        assert_f64(fun.(row.step), row)
        assert_f64(Anneal.value(schedule, row.step), row)
      end
    end

    test "#{@label}: evaluate/3 over a list matches both references" do
      schedule = Anneal.new(@kind, @init_value, @opts)
      steps = Enum.map(@rows, & &1.step)

      for into <- [:list, :binary] do
        f64 = schedule |> Anneal.evaluate(steps, type: :f64, into: into) |> floats(:f64, into)
        f32 = schedule |> Anneal.evaluate(steps, type: :f32, into: into) |> floats(:f32, into)

        for {row, w, n} <- Enum.zip([@rows, f64, f32]) do
          assert_f64(w, row)
          assert_f32(n, row)
          assert n == round_f32(w), "f32 is not the rounded f64 at step #{row.step}"
        end
      end
    end

    test "#{@label}: integer steps agree through ranges and s64 binaries" do
      fun = apply(Anneal, @kind, [@init_value, @opts])

      for row <- @rows, is_integer(row.step) do
        s64 = <<row.step::signed-native-64>>

        # Ranges take the vectorized path: float32 results are bit-identical to the exact
        # formula's, float64 results within 1e-14 · (|init_value| + |value|) of it.
        [range64] = Anneal.evaluate(fun, row.step..row.step, type: :f64)
        [s64_64] = Anneal.evaluate(fun, s64, type: :f64)
        assert abs(range64 - s64_64) <= 1.0e-14 * (abs(row.init_value) + abs(s64_64))
        assert_f64(range64, row)

        [range32] = Anneal.evaluate(fun, row.step..row.step, type: :f32)
        [s64_32] = Anneal.evaluate(fun, s64, type: :f32)
        assert range32 == s64_32
        assert_f32(range32, row)
      end
    end
  end

  defp floats(list, _type, :list), do: list
  defp floats(bin, :f64, :binary), do: for(<<v::float-native-64 <- bin>>, do: v)
  defp floats(bin, :f32, :binary), do: for(<<v::float-native-32 <- bin>>, do: v)

  defp round_f32(value) do
    <<rounded::float-32>> = <<value::float-32>>
    rounded
  end

  defp assert_f64(got, row) do
    assert Golden.close?(got, row.f64, row.init_value, @f64_tol),
           "step #{row.step}: got #{got}, f64 reference #{row.f64}"
  end

  defp assert_f32(got, row) do
    assert Golden.close?(got, row.axon_f32, row.init_value, @f32_tol),
           "step #{row.step}: got #{got}, Axon's f32 #{row.axon_f32}"
  end
end
