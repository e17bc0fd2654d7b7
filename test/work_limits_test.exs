defmodule Anneal.WorkLimitsTest do
  # Issue 12, classes 3 and 4: work that grows with a schedule's size (decoding a
  # piecewise_constant is proportional to its boundaries) counts in the
  # normal/dirty decision like work that grows with the steps; a dirty evaluation stops
  # when its caller exits; a plot is bounded by its estimated work.
  use ExUnit.Case, async: false

  alias Anneal.{Native, Schedule}

  defp piecewise(n),
    do:
      Anneal.new(:piecewise_constant, 1.0, boundaries_and_scales: Map.new(1..n, &{&1, 0.999999}))

  test "a schedule with many boundaries compiles dirty, and its size counts in evaluations" do
    spec = Schedule.to_native(piecewise(100_000))

    # Decoding 10⁵ boundaries alone is past the normal budget.
    assert Native.compile(spec) == :dirty
    assert {:ok, handle} = Native.compile_dirty(spec)

    # A join of many schedules too.
    joined =
      Schedule.to_native(
        Anneal.new(:join, List.duplicate(Anneal.new(:constant, 1.0), 5000),
          boundaries: Enum.to_list(1..4999)
        )
      )

    assert Native.compile(joined) == :dirty

    # Compiled, one step is a binary search of 17 levels: on the normal scheduler. 4,000
    # listed steps (each 17 levels deep, read from a list and written to one) are not.
    assert Native.evaluate(handle, {:list, [1]}, :f64, :list) == {:ok, [0.999999]}
    assert Native.evaluate(handle, {:list, Enum.to_list(1..4000)}, :f64, :list) == :dirty

    # A small one compiles on the normal scheduler, and evaluate/3 gives the same values
    # either way: 0.999999^k after k boundaries.
    assert {:ok, small} = Native.compile(Schedule.to_native(piecewise(100)))
    assert {:ok, [1.0, 0.999999]} = Native.evaluate(small, {:range, 0, 1, 2}, :f64, :list)
    assert Anneal.evaluate(piecewise(100_000), [0, 1, 2]) == [1.0, 0.999999, 0.999999 * 0.999999]
  end

  test "the normal/dirty choice prices steps from what the handle keeps, search counted once" do
    {:ok, handle} = Native.compile_dirty(Schedule.to_native(piecewise(100_000)))

    # One step: a constant (0.5 ns) found by binary search among 100,001 segments
    # (4 ns × log₂ 100,001 ≈ 66.4 ns), 67 ns. 4,000 steps of a range are 0.27 ms at that
    # bound, past the 0.2 ms budget: dirty, without walking the plan's 100,001 segments to
    # price the range finer (only plans of a few segments are walked).
    assert Native.evaluate(handle, {:range, 200_000, 1, 4000}, :f64, :binary) == :dirty

    # 1,500 listed steps read from a list (15 ns) and written to one (30 ns): 1,500 × 112 ns
    # = 0.17 ms, under the budget. Counting the search a second time (≈ 34 ns a step more)
    # would have priced them at 0.22 ms.
    steps = Enum.to_list(200_001..201_500)
    assert {:ok, values} = Native.evaluate(handle, {:list, steps}, :f64, :list)
    assert length(values) == 1500

    # A small plan's range is still priced finely: 10⁵ steps of a constant on its kernel.
    {:ok, constant} = Native.compile(Schedule.to_native(Anneal.new(:constant, 0.5)))

    assert {:ok, <<_::binary-size(800_000)>>} =
             Native.evaluate(constant, {:range, 0, 1, 100_000}, :f64, :binary)
  end

  test "a value that costs more than a normal scheduler's budget is computed on a dirty one" do
    # 10,000 factors, priced at 30 ns each (generously: 6 to 21 ns measured), 0.3 ms a
    # step. 0.5 × 1.0^9999 = 0.5.
    product =
      Anneal.new(
        :multiply,
        [Anneal.new(:constant, 0.5) | List.duplicate(Anneal.new(:constant, 1.0), 9999)],
        []
      )

    {:ok, handle} = Native.compile_dirty(Schedule.to_native(product))
    assert Native.value(handle, 3) == :dirty
    assert Native.value_dirty(handle, 3) == 0.5
    compiled = Anneal.compile(product)
    assert Anneal.value(compiled, 3) == 0.5
    assert Anneal.to_fun(compiled).(3) == 0.5
  end

  test "a plot is bounded by its work, not only by its steps" do
    # 10⁹ steps (the most a series may have) of a schedule without a range kernel (a cosine
    # raised to a power with a floor α far outside [0, 1], where the kernels' bounds do not
    # hold), priced at about 70 ns a step: far above the 20 s a plot may take.
    powered =
      Anneal.new(:cosine_decay, 0.1, decay_steps: 1_000_000_000, exponent: 2.0, alpha: -3.0)

    assert_raise ArgumentError,
                 ~r/^expected a plot to need at most 20 s of evaluation, got: about \d+ s for 1000000000 steps of 1 schedule /,
                 fn -> Anneal.plot(powered, 0..999_999_999) end

    assert "<svg" <> _ = Anneal.plot(piecewise(20_000), 0..1_000_000//100)
  end

  # Starts `work` in one process per dirty CPU scheduler, kills them all after 0.5 s, and
  # asserts that a one-step dirty evaluation then runs within 2 s: each killed call must
  # have stopped, not held its dirty scheduler (or the pool) for seconds more. Not a timing
  # measurement: 2 s only bounds the wait for the test to fail.
  defp assert_stops_when_callers_die(work) do
    callers = for _ <- 1..:erlang.system_info(:dirty_cpu_schedulers), do: spawn(work)
    Process.sleep(500)
    Enum.each(callers, &Process.exit(&1, :kill))

    {:ok, small} = Native.compile(Schedule.to_native(Anneal.new(:constant, 0.5)))
    task = Task.async(fn -> Native.evaluate_dirty(small, {:range, 0, 1, 1}, :f64, :list) end)
    assert Task.yield(task, 2_000) == {:ok, {:ok, [0.5]}}
  end

  # Each killed evaluation would hold a dirty scheduler for seconds (1.2·10⁸ steps in
  # random order, each found by binary search among 10⁵ segments on the per-step path);
  # stopped at their next piece of about 1 ms, they free them at once.
  @tag timeout: 120_000
  test "dirty evaluations stop when their callers are killed" do
    {:ok, handle} = Native.compile_dirty(Schedule.to_native(piecewise(100_000)))
    steps = :crypto.strong_rand_bytes(8 * 120_000_000)

    assert_stops_when_callers_die(fn ->
      Native.evaluate_dirty(handle, {:s64, steps}, :f32, :binary)
    end)
  end

  # As above, for sweeps (evaluate_many): a product of 1,000 factors costs about 6 µs a
  # step (measured), so 2 × 10⁶ steps a caller hold the pool for many seconds.
  @tag timeout: 120_000
  test "dirty sweeps stop when their callers are killed" do
    product = Anneal.new(:multiply, List.duplicate(Anneal.new(:constant, 1.0), 1000), [])
    {:ok, handle} = Native.compile_dirty(Schedule.to_native(product))

    assert_stops_when_callers_die(fn ->
      Native.evaluate_many([handle, handle], 0, 1, 1_000_000, :f32, :list)
    end)
  end

  # The options check on a normal scheduler walks at most 4,001 cells of a list before it
  # answers :dirty (it used to take a list's full length first, and an improper list, whose
  # length enif_get_list_length refuses, stayed on the normal scheduler to be walked there).
  test "a long improper list of boundaries goes to the dirty options check" do
    improper = Enum.reduce(1..10_000, :tail, &[&1 | &2])
    assert Anneal.Native.check_options(:join, boundaries: improper) == :dirty

    assert {:error, {:improper, {":boundaries", _, _}}} =
             Anneal.Native.check_options_dirty(:join, boundaries: improper)
  end

  # A list of steps is walked on a normal scheduler only as far as the budget could read
  # (about 13,000 cells): a longer one goes to the dirty scheduler before it is measured,
  # improper or not (enif_get_list_length walked all of it there before).
  test "a long list of steps goes dirty before it is walked to its end" do
    {:ok, handle} = Native.compile(Schedule.to_native(Anneal.new(:constant, 1.0)))
    improper = Enum.reduce(1..100_000, :tail, &[&1 | &2])
    assert Native.evaluate(handle, {:list, improper}, :f64, :binary) == :dirty

    assert Native.evaluate_dirty(handle, {:list, improper}, :f64, :binary) ==
             {:error, "expected steps to be a proper list"}

    assert Native.evaluate(handle, {:list, [1 | 2]}, :f64, :binary) ==
             {:error, "expected steps to be a proper list"}
  end

  # Phase boundaries come from the plan on a normal scheduler when it has few segments (an
  # inspect/1 of a schedule must not wait for a dirty scheduler), from a dirty one otherwise.
  test "phases of a small plan on the normal scheduler, of a large one on a dirty one" do
    {:ok, small} = Native.compile(Schedule.to_native(piecewise(10)))
    assert {:ok, {[_ | _], _}} = Native.phases(small)

    {:ok, large} = Native.compile_dirty(Schedule.to_native(piecewise(100_000)))
    assert Native.phases(large) == :dirty
    assert {:ok, {boundaries, _}} = Native.phases_dirty(large)
    assert length(boundaries) >= 100_000
  end
end
