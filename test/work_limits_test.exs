defmodule Anneal.WorkLimitsTest do
  # Issue 12, classes 3 and 4: work that grows with a schedule's size (a piecewise_constant
  # scans its boundaries at every step; decoding it is proportional to them) counts in the
  # normal/dirty decision like work that grows with the steps; a dirty evaluation stops
  # when its caller exits; a plot is bounded by its estimated work.
  use ExUnit.Case, async: false

  alias Anneal.{Native, Schedule}

  defp piecewise(n),
    do:
      Anneal.new(:piecewise_constant, 1.0, boundaries_and_scales: Map.new(1..n, &{&1, 0.999999}))

  test "a schedule with many boundaries goes dirty, whatever the number of steps" do
    spec = Schedule.to_native(piecewise(100_000))
    s64 = <<1::signed-native-64>>

    # Even one step: decoding 10⁵ boundaries alone is past the normal budget.
    for len <- [1, 5000] do
      assert Native.evaluate_range(spec, 0, 1, len, :f64, :binary) == :dirty
    end

    assert Native.evaluate_list(spec, [1], :f64, :list) == :dirty
    assert Native.evaluate_s64(spec, s64, :f64, :list) == :dirty

    # A join of many schedules too.
    joined =
      Schedule.to_native(
        Anneal.new(:join, List.duplicate(Anneal.new(:constant, 1.0), 5000),
          boundaries: Enum.to_list(1..4999)
        )
      )

    assert Native.evaluate_range(joined, 0, 1, 1, :f64, :list) == :dirty

    # A small one still runs on the normal scheduler, and evaluate/3 gives the same values
    # either way: 0.999999^k after k boundaries.
    small = Schedule.to_native(piecewise(100))
    assert {:ok, [1.0, 0.999999]} = Native.evaluate_range(small, 0, 1, 2, :f64, :list)
    assert Anneal.evaluate(piecewise(100_000), [0, 1, 2]) == [1.0, 0.999999, 0.999999 * 0.999999]
  end

  test "a plot is bounded by its work, not only by its steps" do
    # 2·10⁴ boundaries scanned at each of 10⁶ steps: about 40 s estimated (40 ns + 2 ns per
    # boundary a step), above the 20 s a plot may take, though far below 10⁹ steps.
    assert_raise ArgumentError,
                 "expected a plot to need at most 20 s of evaluation, got: about 40 s for " <>
                   "1000001 steps of 1 schedules (plot fewer steps, e.g. every 10th)",
                 fn -> Anneal.plot(piecewise(20_000), 0..1_000_000) end

    assert "<svg" <> _ = Anneal.plot(piecewise(20_000), 0..1_000_000//100)
  end

  # Not a timing measurement: the killed evaluations would hold every dirty scheduler for
  # minutes (2·10⁶ steps, each scanning 10⁵ boundaries); stopped at their next piece, they
  # free them within a fraction of a second. 30 s only bounds the wait for the test to fail.
  @tag timeout: 120_000
  test "dirty evaluations stop when their callers are killed" do
    spec = Schedule.to_native(piecewise(100_000))

    callers =
      for _ <- 1..:erlang.system_info(:dirty_cpu_schedulers) do
        spawn(fn -> Native.evaluate_range_dirty(spec, 0, 1, 2_000_000, :f64, :binary) end)
      end

    Process.sleep(500)
    Enum.each(callers, &Process.exit(&1, :kill))

    small = Schedule.to_native(Anneal.new(:constant, 0.5))
    task = Task.async(fn -> Native.evaluate_range_dirty(small, 0, 1, 1, :f64, :list) end)
    assert Task.yield(task, 30_000) == {:ok, {:ok, [0.5]}}
  end
end
