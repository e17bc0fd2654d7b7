defmodule Anneal.PropertiesTest do
  # Properties over hundreds of random schedules each, from a seeded :rand (the seed is in
  # each test, so a failure replays exactly). The parameters are drawn by
  # Anneal.Test.RandomSchedule.
  use ExUnit.Case, async: true

  alias Anneal.Test.RandomSchedule, as: Random

  @cases 300

  # Values are computed in float64; a bound such as γ₀ · ((1 − α) + α) may come out one
  # rounding above γ₀. Allow a few ulps of the larger bound.
  @slack 4 * 2.220446049250313e-16

  defp for_random_schedules(seed, fun) do
    :rand.seed(:exsss, seed)
    for _ <- 1..@cases, do: fun.(Random.schedule())
  end

  # Sorted steps from 0 to twice the schedule's length, integers and floats mixed.
  defp increasing_steps(%Anneal.Schedule{opts: opts}) do
    horizon = Enum.max([10 | Enum.filter(Keyword.values(opts), &is_number/1)]) * 2

    Enum.map(1..200, fn _ ->
      t = :rand.uniform() * horizon
      if :rand.uniform() < 0.5, do: round(t), else: t
    end)
    |> Enum.sort()
  end

  # The steps from which the schedule only moves towards its end value, and the direction.
  defp monotone_from(%Anneal.Schedule{kind: :polynomial_decay} = s) do
    direction = if s.init_value >= s.opts[:end_value], do: :down, else: :up
    {0, direction}
  end

  defp monotone_from(%Anneal.Schedule{kind: :linear_decay, opts: opts}),
    do: {opts[:warmup], :down}

  defp monotone_from(%Anneal.Schedule{}), do: {0, :down}

  test "decays never go back up (from warmup on, towards end_value for polynomial_decay)" do
    for_random_schedules({1, 2, 3}, fn schedule ->
      {from, direction} = monotone_from(schedule)
      steps = schedule |> increasing_steps() |> Enum.filter(&(&1 >= from))
      values = Anneal.evaluate(schedule, steps)

      for {{a, va}, {b, vb}} <- Enum.zip(steps, values) |> Enum.zip(tl(Enum.zip(steps, values))) do
        ok = if direction == :down, do: vb <= va, else: vb >= va

        # The message only on failure: inspect/1 draws the schedule, several NIF calls.
        unless ok,
          do:
            flunk(
              "#{inspect(schedule)} goes #{if direction == :down, do: "up", else: "down"} " <>
                "from #{va} at #{a} to #{vb} at #{b}"
            )
      end
    end)
  end

  # The documented bounds of each kind, at any step (linear_decay: from step 0 on, since
  # its warmup line extends below 0 for negative steps, as in Axon).
  defp bounds(%Anneal.Schedule{kind: :constant, init_value: g}), do: {g, g}

  defp bounds(%Anneal.Schedule{kind: :cosine_decay, init_value: g, opts: o}),
    do: {g * o[:alpha], g}

  defp bounds(%Anneal.Schedule{kind: :exponential_decay, init_value: g}), do: {0.0, g}
  defp bounds(%Anneal.Schedule{kind: :linear_decay, init_value: g}), do: {0.0, g}

  defp bounds(%Anneal.Schedule{kind: :polynomial_decay, init_value: g, opts: o}),
    do: {min(g, o[:end_value]), max(g, o[:end_value])}

  test "values stay within each kind's documented bounds" do
    for_random_schedules({4, 5, 6}, fn schedule ->
      {lo, hi} = bounds(schedule)
      slack = @slack * max(abs(lo), abs(hi))
      negative = if schedule.kind == :linear_decay, do: [], else: [-1, -10.5, -1.0e6]
      steps = negative ++ increasing_steps(schedule)

      for {step, value} <- Enum.zip(steps, Anneal.evaluate(schedule, steps)) do
        unless value >= lo - slack and value <= hi + slack,
          do: flunk("#{inspect(schedule)} at #{step}: #{value} is outside [#{lo}, #{hi}]")
      end
    end)
  end

  test "type: :f32 is the float64 value rounded to float32, in lists and binaries" do
    for_random_schedules({7, 8, 9}, fn schedule ->
      steps = Random.range(500)
      expected = schedule |> Anneal.evaluate(steps) |> Enum.map(&Random.to_f32/1)

      assert Anneal.evaluate(schedule, steps, type: :f32) == expected

      assert schedule |> Anneal.evaluate(steps, type: :f32, into: :binary) |> Random.floats(:f32) ==
               expected
    end)
  end

  # Ranges (and long arithmetic stretches of s64 binaries) may take the vectorized path:
  # float32 results are bit-identical to the formula's, float64 ones within
  # 1e-14 · (|init_value| + |value|) of it.
  defp assert_close(schedule, type, got, expected) do
    if type == :f32 do
      assert got == expected
    else
      scale = if is_number(schedule.init_value), do: abs(schedule.init_value), else: 0.0

      for {g, e} <- Enum.zip(got, expected), abs(g - e) > 1.0e-14 * (scale + abs(e)) do
        flunk("#{inspect(schedule)}: #{g} vs #{e}")
      end

      assert length(got) == length(expected)
    end
  end

  test "evaluate over a range equals mapping the schedule's function over it" do
    for_random_schedules({10, 11, 12}, fn schedule ->
      fun = Anneal.to_fun(schedule)
      steps = Random.range(300)
      assert_close(schedule, :f64, Anneal.evaluate(schedule, steps), Enum.map(steps, fun))

      assert_close(
        schedule,
        :f64,
        Anneal.evaluate(fun, steps),
        Enum.map(steps, &Anneal.value(schedule, &1))
      )

      f32 = Enum.map(steps, &Random.to_f32(fun.(&1)))
      assert Anneal.evaluate(schedule, steps, type: :f32) == f32
    end)
  end

  test "range, list, s64 binary and plain-function paths agree, as lists and binaries" do
    for_random_schedules({13, 14, 15}, fn schedule ->
      # Now and then long enough for the dirty-scheduler NIFs.
      range = Random.range(Enum.random([50, 50, 50, 30_000]))
      list = Enum.to_list(range)
      fun = Anneal.to_fun(schedule)
      plain = fn step -> fun.(step) end
      type = Enum.random([:f32, :f64])

      # Lists of steps and plain functions take the formula step by step.
      expected = Anneal.evaluate(schedule, list, type: type)
      assert Anneal.evaluate(plain, list, type: type) == expected

      for steps <- [range, list, Random.s64(list)], fun <- [schedule, plain] do
        assert_close(schedule, type, Anneal.evaluate(fun, steps, type: type), expected)
        binary = Anneal.evaluate(fun, steps, type: type, into: :binary)
        assert_close(schedule, type, Random.floats(binary, type), expected)
      end
    end)
  end
end
