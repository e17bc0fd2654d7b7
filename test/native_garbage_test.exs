defmodule Anneal.NativeGarbageTest do
  # Calls every NIF of Anneal.Native directly, bypassing the Elixir validation, with garbage.
  # Whatever it is sent, a NIF must answer {:ok, _} or {:error, message} (value/2 and
  # value_dirty/2 answer a bare float on success; a normal-scheduler compilation, evaluation
  # or value may answer :dirty, leaving the work to its dirty flavour; a NIF given something
  # that is not a live handle answers :stale), or raise ArgumentError (rustler's badarg) or
  # ErlangError, and never take the VM down. The list of
  # NIFs is read from the module, so that NIFs added later are covered too.
  use ExUnit.Case, async: true

  # set_threads/1 and set_isa/1 take garbage too: put the settings back afterwards.
  setup_all do
    on_exit(fn ->
      Anneal.Native.apply_threads()
      Anneal.Native.set_isa(:avx512)
    end)
  end

  alias Anneal.{Native, Schedule}

  @s64_max 0x7FFFFFFFFFFFFFFF
  @s64_min -0x8000000000000000

  @random_calls_per_nif 1_500

  # Everything but the loader and its Elixir helpers (the thread setting from the config).
  defp nifs,
    do: Native.__info__(:functions) -- [load_nif: 0, apply_threads: 0, configured_threads: 0]

  defp valid_specs do
    :rand.seed(:exsss, 7)
    for kind <- Schedule.kinds(), do: Schedule.to_native(Anneal.Test.RandomSchedules.new(kind))
  end

  defp handles do
    for spec <- Enum.take(valid_specs(), 4), do: elem(Native.compile(spec), 1)
  end

  defp tagged_steps do
    s64 = <<3::signed-native-64, -7::signed-native-64>>

    [{:range, 0, 1, 5}, {:range, @s64_max, 1, 2}, {:range, 0, 1, 10 ** 12}, {:range, 1, 2}] ++
      [{:s64, s64}, {:s64, <<1, 2, 3>>}, {:s64, :x}, {:list, [0, 1.5]}, {:list, [1 | 2]}] ++
      [{:list, [0, :a]}, {:list, [2 ** 64]}, {:bogus, 1}, {}, {:list}]
  end

  defp bad_specs do
    [
      {},
      {:bogus, 0.1},
      {:constant},
      {:constant, 0.1, 0.2},
      {:constant, 1},
      {:constant, :nan},
      {:cosine_decay, 0.1, -1.0, 0.0},
      {:cosine_decay, 0.1, 10, 0},
      {:cosine_decay, 0.1, 0.0, 0.0},
      {:exponential_decay, 0.1, 0.5, 10.0, 0.0, :maybe},
      {:exponential_decay, 0.1, -0.5, 10.0, 0.0, false},
      {:linear_decay, 0.1, 0.0},
      {:polynomial_decay, 0.1, 0.0, -2.0, 10.0, 0.0},
      List.to_tuple([:cosine_decay | List.duplicate(1.0, 40)]),
      [:constant, 0.1],
      %{kind: :constant},
      %{kind: :bogus, init_value: 0.1},
      %{kind: :cosine_decay, init_value: 0.1, decay_steps: -1},
      %{kind: :cosine_decay, init_value: 0.1, decay_steps: :ten},
      %{kind: :cosine_decay, init_value: 0.1, decay_stepz: 10},
      %{kind: :constant, init_value: 2 ** 70},
      %{kind: :piecewise_constant, init_value: 1, boundaries_and_scales: [{1, 2, 3}]},
      %{kind: :join, schedules: [%{kind: :constant, init_value: 1} | :tail], boundaries: []},
      %{{:not, :a, :name} => 1, kind: :constant, init_value: 1},
      Enum.reduce(1..100, %{kind: :constant, init_value: 1}, fn _, spec ->
        %{kind: :join, schedules: [spec], boundaries: []}
      end)
    ]
  end

  # Steps, lengths and strides, including the edges of the signed 64-bit range and
  # lengths whose result cannot be allocated (10^12 f64 values are 8 TB). No length here
  # is large yet allocatable: that would only test how much memory the machine has.
  defp numbers do
    [0, 1, -1, 7, 2.5, -0.0, 1.0e300, @s64_max, @s64_min, @s64_max + 1, @s64_min - 1] ++
      [2 ** 62, 10 ** 12, 2 ** 64 - 1, 2 ** 64, 2 ** 200]
  end

  defp step_lists do
    [[], [0, 1, 2], [1.5, -3], [0, :a, 2], [1 | 2], [2 ** 64], Enum.to_list(0..50)]
  end

  defp binaries do
    s64 = for step <- [0, 5, -5, @s64_max, @s64_min], into: <<>>, do: <<step::signed-native-64>>
    [<<>>, s64, <<1, 2, 3>>, :binary.copy(<<255>>, 24), <<1::3>>]
  end

  defp others do
    [:f32, :f64, :list, :binary, :bogus, nil, true, "f32", {}, {1}, %{}, self(), make_ref()] ++
      [fn -> :ok end, 1..5, Anneal.new(:constant, 0.1)]
  end

  defp pool do
    valid_specs() ++
      bad_specs() ++
      handles() ++ tagged_steps() ++ numbers() ++ step_lists() ++ binaries() ++ others()
  end

  # One call: any of the answers a NIF may give, or the exception it may raise.
  # One call: any of the answers a NIF may give, or the exception it may raise. A Rust panic
  # reaches Elixir as ErlangError :nif_panicked (rustler catches it); that is a failure too.
  defp call(fun, args) do
    apply(Native, fun, args)
  rescue
    error in ArgumentError -> {:raised, error}
    error in ErlangError -> if error.original == :nif_panicked, do: :panic, else: {:raised, error}
  end

  defp assert_answer(fun, args, result) do
    assert match?({:ok, _}, result) or match?({:error, message} when is_binary(message), result) or
             match?({:raised, _}, result) or success?(fun, result) or result in [:dirty, :stale],
           "#{fun}(#{inspect(args)}) answered #{inspect(result)}"
  end

  test "every NIF survives random garbage in every argument" do
    :rand.seed(:exsss, {6, 6, 6})
    pool = List.to_tuple(pool())

    for {fun, arity} <- nifs(), _ <- 1..@random_calls_per_nif do
      args = for _ <- 1..arity//1, do: elem(pool, :rand.uniform(tuple_size(pool)) - 1)
      assert_answer(fun, args, call(fun, args))
    end
  end

  test "every NIF survives each argument of a working call replaced by garbage" do
    :rand.seed(:exsss, {7, 7, 7})
    pool = pool()

    for {fun, arity} <- nifs() do
      working = known_working_call(fun) || find_working_call(fun, arity)
      assert working, "found no arguments that #{fun}/#{arity} accepts"

      for position <- 0..(arity - 1)//1, garbage <- pool do
        args = List.replace_at(working, position, garbage)
        assert_answer(fun, args, call(fun, args))
      end
    end
  end

  # set_isa/1 takes one of three atoms, which the search below does not try.
  defp known_working_call(:set_isa), do: [:avx512]

  # evaluate_many/6 needs a list of specs first.
  defp known_working_call(:evaluate_many), do: [valid_specs(), 0, 1, 10, :f32, :binary]

  # A call too unlikely for the random search below: plot/5 needs a series list, three
  # integers and an options tuple, in that order.
  defp known_working_call(:plot) do
    series = [{hd(valid_specs()), "lr", [{"end", 5.0}]}]
    [series, 0, 1, 10, {"title", 320, 240, false}]
  end

  defp known_working_call(fun) when fun in [:check_options, :check_options_dirty],
    do: [:cosine_decay, [init_value: 1.0, decay_steps: 10, alpha: 0.0, exponent: 1.0]]

  defp known_working_call(:evaluate), do: [hd(handles()), {:range, 0, 1, 5}, :f64, :list]
  defp known_working_call(:evaluate_dirty), do: [hd(handles()), {:list, [1, 2.5]}, :f32, :binary]
  defp known_working_call(_fun), do: nil

  # Random search, among plausible arguments, for a call the NIF accepts, so that the test
  # needs no knowledge of each NIF's signature.
  defp find_working_call(fun, arity) do
    s64 = <<3::signed-native-64>>
    json = Anneal.to_json(Anneal.new(:constant, 0.1))
    {:ok, document} = Native.from_json(json)

    pool =
      List.to_tuple(
        valid_specs() ++
          handles() ++
          [0, 1, 3, 2.5, [0, 1], s64, json, document, :f32, :f64, :list, :binary]
      )

    Enum.find_value(1..1_000_000, fn _ ->
      args = for _ <- 1..arity//1, do: elem(pool, :rand.uniform(tuple_size(pool)) - 1)
      success?(fun, call(fun, args)) && args
    end)
  end

  defp success?(fun, result) when fun in [:value, :value_dirty], do: is_float(result)
  defp success?(_fun, result), do: match?({:ok, _}, result)

  test "a result too large to allocate is an error, not an abort" do
    {:ok, handle} = Native.compile(Schedule.to_native(Anneal.new(:constant, 0.1)))

    for len <- [10 ** 12, 2 ** 60, 2 ** 62], type <- [:f32, :f64], into <- [:list, :binary] do
      # The normal flavour leaves work this long to the dirty one, which must refuse it.
      assert Native.evaluate(handle, {:range, 0, 1, len}, type, into) == :dirty
      assert {:error, message} = Native.evaluate_dirty(handle, {:range, 0, 1, len}, type, into)
      assert message =~ "bytes"
    end
  end

  test "a handle that is not a live resource is stale" do
    for handle <- [make_ref(), :erlang.binary_to_term(:erlang.term_to_binary(make_ref())), 1] do
      assert Native.value(handle, 1) == :stale
      assert Native.evaluate(handle, {:range, 0, 1, 5}, :f64, :list) == :stale
      assert Native.phases(handle) == :stale
    end
  end

  test "step arithmetic at the ends of the signed 64-bit range is checked, not wrapped" do
    {:ok, handle} = Native.compile(Schedule.to_native(Anneal.new(:linear_decay, 1.0, steps: 10)))

    range = fn first, stride, len ->
      Native.evaluate(handle, {:range, first, stride, len}, :f64, :list)
    end

    for {first, stride, len} <- [
          {@s64_max, 1, 2},
          {@s64_min, -1, 2},
          {0, @s64_max, 3},
          {-2, @s64_min, 2},
          {1, 2 ** 32, 2 ** 31 + 1}
        ] do
      assert {:error, message} = range.(first, stride, len)
      assert message =~ "64-bit"
    end

    # The last step is exactly the end of the range: allowed, and not wrapped to the other end.
    # linear_decay(1.0, steps: 10) is (10 − t)/10 for t ≥ 0 and t/1 for t < 0.
    assert range.(@s64_max - 1, 1, 2) == {:ok, [0.0, 0.0]}
    assert {:ok, [min, -1.0]} = range.(@s64_min, @s64_max, 2)
    assert min == @s64_min * 1.0

    fun = Anneal.to_fun(Anneal.new(:linear_decay, 1.0, steps: 10))
    assert Anneal.evaluate(fun, (@s64_max - 1)..@s64_max) == [0.0, 0.0]
    assert Anneal.evaluate(fun, @s64_min..@s64_max//@s64_max) == [@s64_min * 1.0, -1.0, 0.0]
  end
end
