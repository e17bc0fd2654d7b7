defmodule Anneal.SchedulesBeyondAxonTest do
  # Validation and composition of the seven schedules beyond Axon. Their values are checked
  # against optax, transformers and Keras in references_test.exs.
  use ExUnit.Case, async: true

  alias Anneal.Schedule

  describe "required options" do
    test "each missing one is named, in the canonical order" do
      assert_raise ArgumentError,
                   "missing required options :peak_value, :decay_steps for warmup_cosine_decay",
                   fn -> Anneal.warmup_cosine_decay(0.0, warmup_steps: 10) end

      assert_raise ArgumentError,
                   "missing required option :first_decay_steps for cosine_decay_restarts",
                   fn -> Anneal.cosine_decay_restarts(0.1, t_mul: 1.0) end

      assert_raise ArgumentError,
                   "missing required option :boundaries_and_scales for piecewise_constant",
                   fn -> Anneal.piecewise_constant(0.1, []) end

      assert_raise ArgumentError,
                   "missing required options :warmup_steps, :stable_steps, :decay_steps for warmup_stable_decay",
                   fn -> Anneal.warmup_stable_decay(0.1, []) end

      assert_raise ArgumentError, "missing required option :transition_steps for one_cycle", fn ->
        Anneal.new(:one_cycle, 0.1)
      end
    end
  end

  describe "option rules" do
    test "numbers, fractions, atoms and nil" do
      cases = [
        {:warmup_cosine_decay, [peak_value: 1, warmup_steps: 100, decay_steps: 50],
         "expected :decay_steps to be greater than :warmup_steps (100), got: 50"},
        {:warmup_cosine_decay, [peak_value: 1, warmup_steps: 0, decay_steps: 50, exponent: -1],
         "expected :exponent to be a non-negative number, got: -1"},
        {:warmup_stable_decay,
         [warmup_steps: 0, stable_steps: 0, decay_steps: 5, min_lr_ratio: 1.5],
         "expected :min_lr_ratio to be a number from 0 to 1, got: 1.5"},
        {:warmup_stable_decay,
         [warmup_steps: 0, stable_steps: 0, decay_steps: 5, decay_type: :exp],
         "expected :decay_type to be one of :cosine, :linear, :sqrt, got: :exp"},
        {:warmup_stable_decay, [warmup_steps: 0, stable_steps: -1, decay_steps: 5],
         "expected :stable_steps to be a non-negative number, got: -1"},
        {:inverse_sqrt, [timescale: 0], "expected :timescale to be a positive number, got: 0"},
        {:inverse_sqrt, [warmup_steps: -3],
         "expected :warmup_steps to be a non-negative number, got: -3"},
        {:cosine_decay_restarts, [first_decay_steps: 10, t_mul: 0],
         "expected :t_mul to be a positive number, got: 0"},
        {:cosine_decay_restarts, [first_decay_steps: 10, m_mul: "1"],
         ~s(expected :m_mul to be a finite number, got: "1")},
        {:one_cycle, [transition_steps: 100, pct_start: -0.1],
         "expected :pct_start to be a number from 0 to 1, got: -0.1"},
        {:one_cycle, [transition_steps: 100, final_div_factor: 0],
         "expected :final_div_factor to be a positive number, got: 0"}
      ]

      for {kind, opts, message} <- cases do
        assert_raise ArgumentError, message, fn -> Anneal.new(kind, 0.1, opts) end
      end
    end

    test "boundaries_and_scales is a map of finite steps to non-negative scales" do
      cases = [
        {[{100, 0.5}],
         "expected :boundaries_and_scales to be a map of boundary steps to scales, got: [{100, 0.5}]"},
        {%{100 => -0.5},
         "expected each scale of :boundaries_and_scales to be a non-negative number, got: -0.5"},
        {%{:ten => 0.5},
         "expected each boundary of :boundaries_and_scales to be a finite number, got: :ten"}
      ]

      for {map, message} <- cases do
        assert_raise ArgumentError, message, fn ->
          Anneal.piecewise_constant(1.0, boundaries_and_scales: map)
        end
      end

      assert Anneal.piecewise_constant(0.3, boundaries_and_scales: %{}).(10 ** 9) == 0.3
    end
  end

  describe "join" do
    test "takes structs and Anneal's functions, and is itself recognised as native" do
      a = Anneal.new(:constant, 1.0)
      b = Anneal.linear_decay(1.0, steps: 10)
      fun = Anneal.join([a, b], [5])

      assert {:ok, %Schedule{kind: :join, init_value: nil, opts: opts}} = Schedule.from_fun(fun)
      assert opts == [schedules: [a, Anneal.new(:linear_decay, 1.0, steps: 10)], boundaries: [5]]
      assert Anneal.evaluate(fun, 3..7) == [1.0, 1.0, 1.0, 0.9, 0.8]
    end

    test "nests, and resumes at any step with the same value" do
      inner = Anneal.join([Anneal.constant(2.0), Anneal.constant(3.0)], [10])
      outer = Anneal.new(:join, [Anneal.constant(1.0), inner], boundaries: [100])
      values = Anneal.evaluate(outer, [99, 100, 109, 110, 10 ** 12])
      assert values == [1.0, 2.0, 2.0, 3.0, 3.0]
      assert Enum.map([99, 100, 109, 110, 10 ** 12], &Anneal.value(outer, &1)) == values
    end

    test "refuses malformed schedules and boundaries" do
      one = Anneal.constant(1.0)

      cases = [
        {[], [], "expected :schedules to be a non-empty list of schedules, got: []"},
        {[one, one], [],
         "expected :boundaries to hold one step fewer than the 2 schedules, got: []"},
        {[one, one, one], [5, 4],
         "expected :boundaries to be in non-decreasing order, got: [5, 4]"},
        {[one, one], [nil], "expected each of :boundaries to be a finite number, got: nil"},
        {[one, one], 5, "expected :boundaries to be a list of steps, got: 5"}
      ]

      for {schedules, boundaries, message} <- cases do
        assert_raise ArgumentError, message, fn -> Anneal.join(schedules, boundaries) end
      end

      assert_raise ArgumentError,
                   ~r/^expected :schedules to hold %Anneal.Schedule\{\} structs or functions built by Anneal, got: #Function/,
                   fn -> Anneal.join([one, fn step -> step end], [1]) end
    end

    test "nests at most 32 deep" do
      deep = Enum.reduce(1..32, Anneal.constant(1.0), fn _, s -> Anneal.join([s], []) end)
      assert deep.(0) == 1.0

      assert_raise ArgumentError, "expected joins nested at most 32 deep", fn ->
        Anneal.join([deep], [])
      end
    end
  end
end
