defmodule Anneal.ConformanceTest do
  # The NIF paths held to the conformance corpus (test/fixtures/conformance.jsonl: 540
  # schedules of every kind, extremes among them, with 12,055 steps and the float64 values of
  # the Rust core's exact path, written before schedules compiled to plans).
  #
  # Bounds: value/2, fun.(step) and evaluate/3 over a list of steps all take the exact path,
  # on the platform that wrote the corpus: 0 ulps in float64 (another libm may differ in the
  # last bits; the failure message gives the distance). An :f32 result is the corpus value
  # correctly rounded to float32, bit for bit. A value that is not finite (NaN, ±inf, or
  # beyond float32 for :f32) raises ArgumentError instead.
  use ExUnit.Case, async: true

  alias Anneal.Test.Conformance

  @max_ulps 0

  # Documents that an %Anneal.Schedule{} cannot hold: a piecewise_constant whose
  # boundaries_and_scales repeats a step. The core's JSON reader keeps every pair; Elixir
  # holds them in a map, and refuses them (0 and 0.0) or keeps one scale per step. Found as
  # the documents refused or losing a pair written back (a pair's brackets are all a
  # document's brackets).
  @not_representable 21

  setup_all do
    cases =
      for %{document: json, schedule: schedule, steps: steps, values: values} <-
            Conformance.entries() do
        {json, schedule, steps, values}
      end

    {held, lost} = Enum.split_with(cases, fn {json, schedule, _, _} -> holds?(json, schedule) end)
    %{cases: held, all: cases, lost: lost}
  end

  defp holds?(_json, nil), do: false
  defp holds?(json, schedule), do: brackets(Anneal.to_json(schedule)) == brackets(json)
  defp brackets(json), do: json |> String.graphemes() |> Enum.count(&(&1 == "["))

  test "the corpus is read whole", %{all: all, lost: lost} do
    refused = length(Conformance.refused())
    assert length(all) + refused == 540
    assert length(lost) + refused == @not_representable
  end

  test "value/2 and fun.(step) give the corpus values", %{cases: cases} do
    for {json, schedule, steps, values} <- cases do
      compiled = Anneal.compile(schedule)
      fun = Anneal.to_fun(schedule)

      for {step, expected} <- Enum.zip(steps, values) do
        if is_float(expected) do
          for {path, actual} <- [value: Anneal.value(schedule, step), fun: fun.(step)] do
            assert Conformance.ulps(actual, expected) <= @max_ulps,
                   "#{path} at #{step}: #{actual}, corpus #{expected}: #{json}"
          end

          assert Anneal.value(compiled, step) === fun.(step)
        else
          assert_raise ArgumentError, fn -> fun.(step) end
          assert_raise ArgumentError, fn -> Anneal.value(compiled, step) end
        end
      end
    end
  end

  test "evaluate/3 gives the corpus values as a float64 list", %{cases: cases} do
    for {json, schedule, steps, values} <- cases do
      {finite_steps, finite_values} = finite(steps, values)
      actual = Anneal.evaluate(Anneal.compile(schedule), finite_steps)

      for {step, a, e} <- Enum.zip([finite_steps, actual, finite_values]) do
        assert Conformance.ulps(a, e) <= @max_ulps, "at #{step}: #{a}, corpus #{e}: #{json}"
      end

      for {step, value} <- Enum.zip(steps, values), not is_float(value) do
        assert_raise ArgumentError, ~r/not finite/, fn -> Anneal.evaluate(schedule, [step]) end
      end
    end
  end

  test "evaluate/3 gives the corpus values correctly rounded as a float32 binary",
       %{cases: cases} do
    for {json, schedule, steps, values} <- cases do
      expected = Enum.map(values, &(is_float(&1) && Conformance.f32_bits(&1)))
      pairs = Enum.zip(steps, expected)
      finite = for {step, bits} when is_binary(bits) <- pairs, do: {step, bits}

      binary =
        Anneal.evaluate(schedule, Enum.map(finite, &elem(&1, 0)), type: :f32, into: :binary)

      for {{step, bits}, i} <- Enum.with_index(finite) do
        assert binary_part(binary, 4 * i, 4) == bits, "at #{step}: #{json}"
      end

      for {step, bits} <- pairs, not is_binary(bits) do
        assert_raise ArgumentError, fn ->
          Anneal.evaluate(schedule, [step], type: :f32, into: :binary)
        end
      end
    end
  end

  defp finite(steps, values) do
    steps |> Enum.zip(values) |> Enum.filter(&is_float(elem(&1, 1))) |> Enum.unzip()
  end
end
