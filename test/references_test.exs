defmodule Anneal.ReferencesTest do
  # Every row of test/fixtures/references.csv (optax, Hugging Face transformers and Keras) and
  # references_breadth.csv (issue 16: optax, transformers and torch), values computed by the
  # libraries themselves, through every evaluation path. Cases named *_quirk* pin a peer
  # answer Anneal refuses: building them must raise ArgumentError.
  use ExUnit.Case, async: true

  alias Anneal.Test.References

  @cases References.cases()
  @breadth References.cases("references_breadth.csv")

  test "the reference file covers the seven kinds beyond Axon, a few hundred steps each" do
    kinds = @cases |> Enum.map(& &1.kind) |> MapSet.new()

    for kind <- ~w(warmup_cosine_decay piecewise_constant inverse_sqrt warmup_stable_decay
                   cosine_decay_restarts one_cycle join)a do
      assert kind in kinds
    end

    assert @cases |> Enum.map(&length(&1.rows)) |> Enum.sum() > 4000
  end

  test "the breadth file covers every kind and option of issue 16" do
    kinds = @breadth |> Enum.map(& &1.kind) |> MapSet.new()

    for kind <- ~w(piecewise_interpolate linear_one_cycle warmup_constant warmup_exponential_decay
                   cosine_with_hard_restarts warmup_polynomial_decay cyclic multiply shift)a do
      assert kind in kinds
    end

    options = @breadth |> Enum.flat_map(&Keyword.keys(&1.opts)) |> MapSet.new()
    assert MapSet.subset?(MapSet.new(~w(end_value exponent warmup_type num_cycles)a), options)
    assert @breadth |> Enum.map(&length(&1.rows)) |> Enum.sum() > 10_000
  end

  for c <- @breadth, String.contains?(c.name, "_quirk") do
    @case c

    test "#{c.name} (#{c.kind}): the peer's answer is refused with ArgumentError" do
      error = assert_raise ArgumentError, fn -> References.schedule(@case) end
      assert error.message =~ ~r/^expected :?\w+ to be/
    end
  end

  for {file, cases} <- [{"references.csv", @cases}, {"references_breadth.csv", @breadth}],
      c <- cases,
      not String.contains?(c.name, "_quirk") do
    @case c

    test "#{file}: #{c.name} (#{c.kind}): fun.(step), value/2 and evaluate/3 match the library" do
      schedule = References.schedule(@case)
      fun = Anneal.to_fun(schedule)
      bound = @case.tolerance * References.scale(@case)
      {finite, other} = Enum.split_with(@case.rows, fn {_, v} -> is_float(v) end)

      for {step, expected} <- finite do
        got = fun.(step)

        assert abs(got - expected) <= bound,
               "step #{step}: got #{got}, the library #{expected} (bound #{bound})"

        assert Anneal.value(schedule, step) == got
      end

      steps = Enum.map(finite, &elem(&1, 0))
      assert Anneal.evaluate(schedule, steps) == Enum.map(steps, fun)

      f32 = Anneal.evaluate(schedule, steps, type: :f32, into: :binary)
      assert for(<<v::float-native-32 <- f32>>, do: v) == Enum.map(steps, &round_f32(fun.(&1)))

      # Where the library's value is NaN or overflows, Anneal raises naming the step.
      for {step, _} <- other do
        assert_raise ArgumentError, "the schedule's value at step #{step} is not finite", fn ->
          fun.(step)
        end
      end
    end
  end

  defp round_f32(value) do
    <<rounded::float-32>> = <<value::float-32>>
    rounded
  end
end
