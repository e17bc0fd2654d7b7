defmodule Anneal.SweepTest do
  use ExUnit.Case, async: true

  # Every kind (with its defaults), so each row's formula is checked against evaluate/3.
  defp schedules do
    [
      Anneal.constant(0.1),
      Anneal.cosine_decay(0.1, decay_steps: 50_000, alpha: 0.1),
      Anneal.exponential_decay(0.1, transition_steps: 1000, decay_rate: 0.9),
      Anneal.linear_decay(0.1, warmup: 1000, steps: 60_000),
      Anneal.polynomial_decay(0.1, transition_steps: 40_000, power: 2),
      fn step -> 0.1 / (1 + step) end
    ]
  end

  test "a sweep is each schedule evaluated alone, as lists and as a row-major binary" do
    for steps <- [0..99_999, -500..100_000//7, 10..0//-1], type <- [:f32, :f64] do
      alone = Enum.map(schedules(), &Anneal.evaluate(&1, steps, type: type))
      assert Anneal.evaluate_many(schedules(), steps, type: type) == alone

      binaries = Enum.map(schedules(), &Anneal.evaluate(&1, steps, type: type, into: :binary))

      assert Anneal.evaluate_many(schedules(), steps, type: type, into: :binary) ==
               IO.iodata_to_binary(binaries)
    end
  end

  test "steps that are not a range, and no schedules at all" do
    steps = [0, 1.5, 1000]
    alone = Enum.map(schedules(), &Anneal.evaluate(&1, steps))
    assert Anneal.evaluate_many(schedules(), steps) == alone
    assert Anneal.evaluate_many([], 0..10) == []
    assert Anneal.evaluate_many([], 0..10, into: :binary) == ""
  end

  test "bad input names the culprit" do
    assert_raise ArgumentError, ~r/expected schedules to be a proper list, got: :nope/, fn ->
      Anneal.evaluate_many(:nope, 0..1)
    end

    assert_raise ArgumentError, ~r/:type/, fn ->
      Anneal.evaluate_many([Anneal.constant(1.0)], 0..1, type: :f16)
    end

    assert_raise ArgumentError, ~r/got: :nope/, fn ->
      Anneal.evaluate_many([Anneal.constant(1.0), :nope], 0..1)
    end
  end
end
