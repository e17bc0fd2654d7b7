defmodule Anneal.CompiledTest do
  # Anneal.compile/1: a handle on the compiled plan, used without decoding or validating the
  # schedule again, and compiled again from its struct when the handle is stale.
  use ExUnit.Case, async: true

  alias Anneal.{Compiled, Schedule}

  doctest Anneal.Compiled

  # linear_decay(1.0, steps: 4) is (4 − t)/4 for 0 ≤ t ≤ 4: 1.0, 0.75, 0.5, 0.25, 0.0.
  @schedule Anneal.new(:linear_decay, 1.0, steps: 4)

  test "a handle holds its schedule, unchanged, and gives the schedule's values" do
    compiled = Anneal.compile(@schedule)
    assert %Compiled{schedule: @schedule} = compiled
    assert Anneal.value(compiled, 1) == 0.75
    assert Anneal.evaluate(compiled, 0..4) == [1.0, 0.75, 0.5, 0.25, 0.0]
    assert Anneal.evaluate(compiled, [3, 0.5], type: :f32) == [0.25, 0.875]

    assert Anneal.evaluate(compiled, <<2::signed-native-64>>, into: :binary) ==
             <<0.5::float-native-64>>

    assert Anneal.to_fun(compiled).(2) == 0.5
  end

  test "a function from to_fun/1 compiles to the handle it holds" do
    compiled = Anneal.compile(@schedule)
    fun = Anneal.to_fun(compiled)
    assert Anneal.compile(fun) == compiled
    assert Schedule.from_fun(fun) == {:ok, @schedule}
    assert %Compiled{schedule: @schedule} = Anneal.compile(Anneal.linear_decay(1.0, steps: 4))
  end

  test "a stale handle compiles its schedule again" do
    # A reference that is not a resource of the library stands for a handle read in
    # another VM: every call compiles the schedule again and gives its values.
    stale = %Compiled{schedule: @schedule, ref: make_ref()}
    assert Anneal.value(stale, 1) == 0.75
    assert Anneal.evaluate(stale, 0..4//2) == [1.0, 0.5, 0.0]
    assert Anneal.to_fun(stale).(3) == 0.25
    assert Compiled.phases(stale) == {[{"decay end", 4.0}], 4.0}
  end

  test "a stale handle with a hand-built schedule is validated when compiled again" do
    bad = %Compiled{
      schedule: %Schedule{kind: :cosine_decay, init_value: 1, opts: [decay_steps: 0]},
      ref: make_ref()
    }

    assert_raise ArgumentError, "expected :decay_steps to be a positive number, got: 0", fn ->
      Anneal.value(bad, 1)
    end
  end

  test "bad arguments name the culprit" do
    assert_raise ArgumentError,
                 ~r/expected an %Anneal.Schedule\{\} or a function built by Anneal/,
                 fn ->
                   Anneal.compile(fn x -> x end)
                 end

    assert_raise ArgumentError,
                 ~r/expected an %Anneal.Schedule\{\} or an %Anneal.Compiled\{\}/,
                 fn ->
                   Anneal.value(:nope, 1)
                 end

    compiled = Anneal.compile(@schedule)

    assert_raise ArgumentError, "expected step to be a number or an Nx.Tensor, got: :a", fn ->
      Anneal.value(compiled, :a)
    end

    assert_raise ArgumentError,
                 "expected step to fit in a signed 64-bit integer, got: #{2 ** 64}",
                 fn ->
                   Anneal.to_fun(compiled).(2 ** 64)
                 end
  end

  test "a large schedule compiles on a dirty scheduler and evaluates without decoding again" do
    # 10,000 boundaries each scaling by 0.5: from step 10·k on, the value is 0.5^k.
    scales = Map.new(1..10_000, &{&1 * 10, 0.5})
    compiled = Anneal.compile(Anneal.new(:piecewise_constant, 1.0, boundaries_and_scales: scales))
    assert Anneal.evaluate(compiled, [9, 10, 25, 100_000]) == [1.0, 0.5, 0.25, 0.0]
  end
end
