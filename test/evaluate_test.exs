defmodule Anneal.EvaluateTest do
  use ExUnit.Case, async: true

  describe "schedules given as functions" do
    test "functions from the Axon-style API and to_fun/1 are recognised as Anneal schedules" do
      schedule = Anneal.new(:cosine_decay, 0.1, decay_steps: 50)

      for fun <- [Anneal.cosine_decay(0.1, decay_steps: 50), Anneal.to_fun(schedule)] do
        assert Anneal.Schedule.from_fun(fun) == {:ok, schedule}
        assert Anneal.evaluate(fun, 0..60) == Anneal.evaluate(schedule, 0..60)
      end
    end

    test "any other arity-1 function is called once per step" do
      parent = self()
      fun = fn step -> send(parent, {:called, step}) && step / 4 end

      assert Anneal.Schedule.from_fun(fun) == :error
      assert Anneal.evaluate(fun, 0..2) == [0.0, 0.25, 0.5]

      assert Anneal.evaluate(fun, [1, 3], into: :binary) ==
               <<0.25::float-native-64, 0.75::float-native-64>>

      for step <- [0, 1, 2, 1, 3], do: assert_received({:called, ^step})
    end

    test "a plain function's f32 values are rounded to float32" do
      # 0.1 is not a float32; the nearest float32 is 0.100000001490116...
      assert Anneal.evaluate(fn _ -> 0.1 end, [0], type: :f32) == [0.10000000149011612]

      assert Anneal.evaluate(fn _ -> 0.1 end, [0], type: :f32, into: :binary) ==
               <<0.1::float-native-32>>
    end
  end

  describe "steps" do
    test "ranges of any stride, empty and descending" do
      fun = Anneal.linear_decay(1.0, steps: 8)
      assert Anneal.evaluate(fun, 0..8//4) == [1.0, 0.5, 0.0]
      assert Anneal.evaluate(fun, 8..0//-4) == [0.0, 0.5, 1.0]
      assert Anneal.evaluate(fun, 1..0//1) == []
      assert Anneal.evaluate(fun, 1..0//1, into: :binary) == ""
    end

    test "lists may mix integers and floats" do
      fun = Anneal.linear_decay(1.0, steps: 8)
      assert Anneal.evaluate(fun, [2, 2.0, 6.0, 6]) == [0.75, 0.75, 0.25, 0.25]
    end

    test "binaries of native-endian signed 64-bit steps, as Nx's :s64 stores them" do
      fun = Anneal.linear_decay(1.0, steps: 8)
      steps = for step <- [-8, 0, 4], into: <<>>, do: <<step::signed-native-64>>
      # a negative step is below warmup 0, so Axon's warmup line gives −8 / max(1, 0) = −8
      assert Anneal.evaluate(fun, steps) == [-8.0, 1.0, 0.5]
    end

    test "large evaluations (dirty scheduler) agree with small ones" do
      fun = Anneal.exponential_decay(1.0, decay_rate: 0.5, transition_steps: 10_000)
      big = Anneal.evaluate(fun, 0..99_999, type: :f32, into: :binary)
      assert byte_size(big) == 400_000
      # 0.5^(90000/10000) = 2^-9, exact in float32
      assert binary_part(big, 90_000 * 4, 4) == <<2.0 ** -9::float-native-32>>

      assert Anneal.evaluate(fun, 90_000..90_001, type: :f32, into: :binary) ==
               binary_part(big, 360_000, 8)
    end
  end
end
