defmodule Anneal.HandBuiltTest do
  # Issue 12, classes 5, 6 and 12: hand-built structs and ranges, improper lists and huge
  # parameters reach every public function as ArgumentError naming the culprit (or a
  # value), never as ArithmeticError, KeyError, FunctionClauseError or
  # Protocol.UndefinedError; to_json/1 writes nothing that new/3 would refuse.
  use ExUnit.Case, async: true

  alias Anneal.Schedule
  alias Anneal.Schedule.Phases

  @kinds "[:constant, :cosine_decay, :exponential_decay, :linear_decay, :polynomial_decay, " <>
           ":warmup_cosine_decay, :piecewise_constant, :inverse_sqrt, :warmup_stable_decay, " <>
           ":cosine_decay_restarts, :one_cycle, :join]"

  # Each struct with the message new/3 gives for its fields.
  @refused [
    {%Schedule{kind: :bogus, init_value: 1.0, opts: []},
     "unknown schedule kind :bogus, expected one of: " <> @kinds},
    {%Schedule{kind: :linear_decay, init_value: 1.0, opts: [warmup: 0, steps: -5]},
     "expected :steps to be a positive number, got: -5"},
    {%{__struct__: Schedule}, "unknown schedule kind nil, expected one of: " <> @kinds},
    {%Schedule{kind: :join, init_value: nil, opts: [boundaries: []]},
     "missing required option :schedules for join"},
    {%Schedule{kind: :constant, init_value: 1.0, opts: :x},
     "expected opts to be a keyword list, got: :x"},
    {%Schedule{kind: :constant, init_value: 1.0, opts: [{:x, 1} | :tail]},
     "expected opts to be a keyword list, got: [{:x, 1} | :tail]"},
    {%Schedule{kind: :constant, init_value: :one, opts: []},
     "expected init_value to be a finite number, got: :one"},
    {%Schedule{
       kind: :join,
       init_value: nil,
       opts: [
         schedules: [%Schedule{kind: :cosine_decay, init_value: 1.0, opts: [decay_steps: 0]}],
         boundaries: []
       ]
     }, "expected :decay_steps to be a positive number, got: 0"},
    {%Schedule{kind: :piecewise_constant, init_value: 1.0, opts: [boundaries_and_scales: 1..2]},
     "expected :boundaries_and_scales to be a map of boundary steps to scales, got: 1..2"}
  ]

  test "to_json/1 and every other public function refuse what new/3 refuses, alike" do
    calls = [
      &Anneal.to_json/1,
      &Anneal.to_fun/1,
      &Anneal.value(&1, 1),
      &Anneal.evaluate(&1, 0..2),
      &Anneal.plot(&1, 0..10),
      &Phases.boundaries/1,
      &Phases.horizon/1,
      &Anneal.join([&1], [])
    ]

    for {schedule, message} <- @refused, call <- calls do
      assert_raise ArgumentError, message, fn -> call.(schedule) end
    end

    # The messages are new/3's own.
    for {schedule, message} <- @refused, Map.has_key?(schedule, :kind) do
      assert_raise ArgumentError, message, fn ->
        Schedule.new(schedule.kind, schedule.init_value, schedule.opts)
      end
    end
  end

  test "improper lists and non-list options are named" do
    c = Anneal.new(:constant, 0.1)

    assert_raise ArgumentError,
                 ~r/^expected :schedules to be a non-empty list of schedules, got an improper list: \[#Anneal.Schedule<constant\(0.1\)/,
                 fn -> Anneal.join([c | c], [1]) end

    assert_raise ArgumentError,
                 "expected :boundaries to be a list of steps, got an improper list: [1 | 2]",
                 fn -> Anneal.join([c, c], [1 | 2]) end

    # It used to say "expected no init_value for join".
    assert_raise ArgumentError, "expected opts to be a keyword list, got: :x", fn ->
      Anneal.new(:join, [c], :x)
    end

    assert_raise ArgumentError,
                 "expected :boundaries_and_scales to be a map of boundary steps to scales, got: 0..3",
                 fn -> Anneal.new(:piecewise_constant, 1.0, boundaries_and_scales: 0..3) end
  end

  test "hand-built ranges with a zero, float or huge step are refused by name" do
    c = Anneal.new(:constant, 0.1)

    for step <- [0, 1.5, nil] do
      range = %{__struct__: Range, first: 0, last: 10, step: step}
      shown = "%{__struct__: Range, first: 0, last: 10, step: #{inspect(step)}}"

      assert_raise ArgumentError,
                   "expected steps to be a range of signed 64-bit integers with a non-zero step, got: " <>
                     shown,
                   fn -> Anneal.plot(c, range) end

      assert_raise ArgumentError,
                   "expected steps to be a range of integers with a non-zero step, got: " <>
                     shown,
                   fn -> Anneal.evaluate(c, range) end
    end

    # A step of 2^64 used to reach the NIF and come back as a bare "argument error".
    assert_raise ArgumentError, ~r/non-zero step, got: .*step: 18446744073709551616}$/, fn ->
      Anneal.plot(c, 0..10//2 ** 64)
    end
  end

  test "a plot width or height of 2^32 or more is named" do
    c = Anneal.new(:constant, 0.1)

    assert_raise ArgumentError, "expected :width to be below 2^32 pixels, got: 4294967296", fn ->
      Anneal.plot(c, 0..10, width: 2 ** 32)
    end

    assert_raise ArgumentError,
                 "expected :height to be below 2^32 pixels, got: 18446744073709551616",
                 fn ->
                   Anneal.plot(c, 0..10, height: 2 ** 64)
                 end
  end

  @max_float 1.7976931348623157e308

  test "huge parameters give phases and plots, not ArithmeticError" do
    restarts = Anneal.new(:cosine_decay_restarts, 1.0, first_decay_steps: 10, t_mul: 1.0e300)

    polynomial =
      Anneal.new(:polynomial_decay, 1.0, transition_begin: 1.0e308, transition_steps: 1.0e308)

    # The second cycle ends at 10 + 10·10³⁰⁰ = 1.0e301 (10 is lost in the rounding); the
    # third would end beyond the largest float, and is not listed.
    assert Phases.boundaries(restarts) == [{"restart", 10}, {"restart", 1.0e301}]
    # 10 · (1 + t_mul + t_mul²) overflows: the largest float stands for it.
    assert Phases.horizon(restarts) == @max_float
    # 1e308 + 1e308 overflows.
    assert Phases.boundaries(polynomial) == [{"decay begins", 1.0e308}, {"decay end", @max_float}]
    assert Phases.horizon(polynomial) == @max_float

    for schedule <- [
          restarts,
          polynomial,
          Anneal.new(:exponential_decay, 1.0, transition_steps: 1.0e308, transition_begin: 1.0e308),
          Anneal.new(:inverse_sqrt, 1.0, warmup_steps: 1.0e308, timescale: 1.0e308),
          Anneal.new(:warmup_stable_decay, 1.0,
            warmup_steps: 1.0e308,
            stable_steps: 1.0e308,
            decay_steps: 1.0e308
          ),
          Anneal.new(:join, [restarts, polynomial], boundaries: [1.0e308])
        ] do
      assert is_number(Phases.horizon(schedule))
      assert is_list(Phases.boundaries(schedule))
      assert "<svg" <> _ = Anneal.plot(schedule, 0..100)
      assert "#Anneal.Schedule<" <> _ = inspect(schedule)
    end
  end

  test "a struct given where a map of boundaries is expected is refused" do
    assert_raise ArgumentError,
                 ~r/^expected :boundaries_and_scales to be a map of boundary steps to scales, got: #Anneal.Schedule</,
                 fn ->
                   Anneal.new(:piecewise_constant, 1.0,
                     boundaries_and_scales: Anneal.new(:constant, 1.0)
                   )
                 end
  end
end
