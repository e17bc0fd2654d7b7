defmodule Anneal.BadInputTest do
  # A table of bad calls across the whole public API. Each must raise ArgumentError with a
  # message that names the culprit: the argument or option, and the offending value. The
  # table is built from a few lists of bad values crossed with every place they can go.
  use ExUnit.Case, async: true

  alias Anneal.Schedule

  @s64_max 0x7FFFFFFFFFFFFFFF
  @s64_min -0x8000000000000000

  # Integers just outside the signed 64-bit range, and far outside it.
  @big_ints [@s64_max + 1, @s64_min - 1, 2 ** 100, -(2 ** 100)]

  # Values that are not numbers at all; the pid and the struct are added at run time.
  @not_numbers [
    :atom,
    :nan,
    :infinity,
    :neg_infinity,
    "0.1",
    ~c"abc",
    [1],
    [],
    %{a: 1},
    {1, 2},
    nil,
    true
  ]

  # The range rules, as documented in Anneal: lengths are positive; offsets, rates and
  # powers non-negative.
  @positive [:decay_steps, :transition_steps, :steps]
  @non_negative [:decay_rate, :transition_begin, :warmup, :power]

  defp not_numbers, do: @not_numbers ++ [self(), URI.parse("http://x"), 1..2]

  # {label, zero-arity call, fragments the message must contain}
  defp cases do
    schedule_cases() ++
      new_cases() ++
      value_cases() ++ to_fun_cases() ++ fun_cases() ++ evaluate_cases() ++ defaults_cases()
  end

  # Axon's five take (init_value, opts) with a default for every option; the new kinds' own
  # rules (required options, maps, nested schedules) are covered in schedules_beyond_axon_test.
  defp schedule_cases do
    for kind <- Anneal.Test.Golden.axon_kinds() do
      call = fn init_value, opts -> fn -> apply(Anneal, kind, [init_value, opts]) end end

      init_values =
        for value <- not_numbers() ++ @big_ints do
          {"#{kind}(#{inspect(value)})", call.(value, []), ["init_value", inspect(value)]}
        end

      options =
        for {key, default} <- Schedule.defaults(kind), value <- bad_option_values(key, default) do
          {"#{kind}(0.1, #{key}: #{inspect(value)})", call.(0.1, [{key, value}]),
           [inspect(key), inspect(value)]}
        end

      init_values ++ options ++ opts_shape_cases("#{kind}", &call.(0.1, &1), kind)
    end
    |> List.flatten()
  end

  # Each numeric option gets every non-number, the integers beyond 64 bits, and what its
  # rule forbids; a boolean option, what is not a boolean. (An option of another shape would
  # need its own list.)
  defp bad_option_values(_key, default) when is_boolean(default),
    do: [0, 1, 1.0, nil, "true", :yes]

  defp bad_option_values(key, default) when is_number(default) do
    range =
      cond do
        key in @positive -> [0, 0.0, -1, -1.5]
        key in @non_negative -> [-1, -1.0e-300]
        true -> []
      end

    [:atom, :nan, :infinity, "1", [1], %{}, {1}, nil, true, self()] ++ @big_ints ++ range
  end

  defp bad_option_values(_key, _default), do: []

  # Non-keyword opts, unknown keys and repeated keys, for any function taking opts.
  defp opts_shape_cases(label, call, owner) do
    known = owner |> known_options() |> Enum.take(1)

    non_keyword =
      for opts <- [%{decay_steps: 1}, [1, 2], [{"alpha", 1}], :alpha, "x", nil, {:a, 1}] do
        {"#{label} opts #{inspect(opts)}", call.(opts), ["opts", inspect(opts)]}
      end

    unknown =
      for key <- [:bogus, :decay_step, :Type] do
        {"#{label} unknown #{key}", call.([{key, 1}]), ["unknown option", inspect(key)]}
      end

    duplicated =
      for key <- known ++ [:bogus] do
        value = default_of(owner, key)

        {"#{label} duplicated #{key}", call.([{key, value}, {key, value}]),
         ["duplicate option", inspect(key)]}
      end

    non_keyword ++ unknown ++ duplicated
  end

  defp known_options(:evaluate), do: [:type, :into]
  defp known_options(kind), do: Keyword.keys(Schedule.defaults(kind))

  defp default_of(:evaluate, :type), do: :f64
  defp default_of(:evaluate, :into), do: :list
  defp default_of(:evaluate, _key), do: 1
  defp default_of(kind, key), do: Keyword.get(Schedule.defaults(kind), key, 1)

  defp new_cases do
    kinds =
      for kind <- [:bogus, :cosine, "cosine_decay", nil, 1, {:cosine_decay}, [:constant]] do
        {"new(#{inspect(kind)})", fn -> Anneal.new(kind, 0.1) end,
         ["schedule kind", inspect(kind)]}
      end

    kinds ++
      opts_shape_cases(
        "new(:cosine_decay)",
        &fn -> Anneal.new(:cosine_decay, 0.1, &1) end,
        :cosine_decay
      )
  end

  defp defaults_cases do
    for kind <- [:bogus, "constant", nil, 3, %{}] do
      {"defaults(#{inspect(kind)})", fn -> Schedule.defaults(kind) end,
       ["schedule kind", inspect(kind)]}
    end
  end

  # Steps that no scalar call accepts, with the message fragments naming them.
  defp bad_steps do
    for(step <- not_numbers(), do: {step, ["step", inspect(step)]}) ++
      for step <- @big_ints, do: {step, ["step", "64-bit", inspect(step)]}
  end

  # Structs that claim to be schedules but were not built by new/3.
  defp forged_schedules do
    [
      {%Schedule{kind: :bogus, init_value: 0.1, opts: []}, [":bogus"]},
      {%Schedule{kind: :cosine_decay, init_value: "0.1", opts: []}, ["init_value", ~s("0.1")]},
      {%Schedule{kind: :cosine_decay, init_value: 0.1, opts: [decay_steps: -3]},
       [":decay_steps", "-3"]},
      {%Schedule{kind: :linear_decay, init_value: 0.1, opts: %{steps: 3}}, ["opts"]},
      {%Schedule{kind: :constant, init_value: 0.1, opts: [alpha: 0.0]}, [":alpha"]}
    ]
  end

  defp not_schedules, do: [nil, :cosine_decay, %{kind: :constant}, {:constant, 0.1}, 0.1, self()]

  defp value_cases do
    schedule = Anneal.new(:cosine_decay, 0.1)

    steps =
      for {step, fragments} <- bad_steps() do
        {"value(schedule, #{inspect(step)})", fn -> Anneal.value(schedule, step) end, fragments}
      end

    schedules =
      for other <- not_schedules() do
        {"value(#{inspect(other)}, 1)", fn -> Anneal.value(other, 1) end,
         ["Anneal.Schedule", inspect(other)]}
      end

    forged =
      for {forged, fragments} <- forged_schedules() do
        {"value(#{inspect(forged)}, 1)", fn -> Anneal.value(forged, 1) end, fragments}
      end

    steps ++ schedules ++ forged
  end

  defp to_fun_cases do
    not_schedules =
      for other <- not_schedules() do
        {"to_fun(#{inspect(other)})", fn -> Anneal.to_fun(other) end,
         ["Anneal.Schedule", inspect(other)]}
      end

    forged =
      for {forged, fragments} <- forged_schedules() do
        {"to_fun(#{inspect(forged)})", fn -> Anneal.to_fun(forged) end, fragments}
      end

    not_schedules ++ forged
  end

  # The functions that the Axon-style API returns, called with bad steps.
  defp fun_cases do
    :rand.seed(:exsss, 6)

    for kind <- Schedule.kinds(), {step, fragments} <- bad_steps() do
      fun = Anneal.to_fun(Anneal.Test.RandomSchedules.new(kind))
      {"#{kind}(0.1).(#{inspect(step)})", fn -> fun.(step) end, fragments}
    end
  end

  defp evaluate_cases do
    native = Anneal.cosine_decay(0.1)
    plain = fn step -> step / 10 end
    paths = [native: native, plain: plain]
    huge = 0..(10 ** 12 - 1)

    schedules =
      for other <- not_schedules() ++ [fn -> 1 end, fn a, b -> a + b end, &Kernel.+/2] do
        {"evaluate(#{inspect(other)}, 0..3)", fn -> Anneal.evaluate(other, 0..3) end,
         ["schedule", inspect(other)]}
      end

    bad_in_list =
      for {path, fun} <- paths, bad <- not_numbers() ++ @big_ints do
        steps = [0, 1, bad, 3]

        {"evaluate(#{path}, #{inspect(steps)})", fn -> Anneal.evaluate(fun, steps) end,
         ["steps", inspect(bad), "index 2"]}
      end

    shapes =
      for {path, fun} <- paths,
          {steps, fragments} <- [
            {<<0::56>>, ["steps", "7 bytes"]},
            {<<0::72>>, ["steps", "9 bytes"]},
            {<<0::8*13>>, ["steps", "13 bytes"]},
            {<<0::3>>, ["steps", "<<0::size(3)>>"]},
            {[1, 2 | 3], ["proper list", "[1, 2 | 3]"]},
            {%{0 => 1}, ["steps", "%{0 => 1}"]},
            {MapSet.new([1]), ["steps", "MapSet"]},
            {:all, ["steps", ":all"]},
            {1, ["steps", "got: 1"]},
            {1.5, ["steps", "got: 1.5"]},
            {nil, ["steps", "nil"]},
            {%Range{first: 0.5, last: 3, step: 1}, ["steps", "first: 0.5"]},
            {%Range{first: 0, last: 3, step: 0}, ["steps", "step: 0"]},
            {%Range{first: :a, last: 3, step: 1}, ["steps", "first: :a"]},
            {0..(2 ** 64), ["steps", "last", "#{2 ** 64}"]},
            {-(2 ** 64)..0, ["steps", "first", "-#{2 ** 64}"]},
            {Range.new(0, 10, 2 ** 64), ["steps", "step", "#{2 ** 64}"]},
            {huge, ["steps", "#{10 ** 12} steps", "#{96 * 10 ** 12} bytes", "max_bytes"]}
          ] do
        {"evaluate(#{path}, #{inspect(steps)})", fn -> Anneal.evaluate(fun, steps) end, fragments}
      end

    too_big =
      for {path, fun} <- paths, type <- [:f32, :f64] do
        bytes = 10 ** 12 * if(type == :f32, do: 4, else: 8)

        {"evaluate(#{path}, 0..10^12, #{type} binary)",
         fn -> Anneal.evaluate(fun, huge, type: type, into: :binary) end,
         ["steps", "#{10 ** 12} steps", "#{bytes} bytes"]}
      end

    options =
      for {path, fun} <- paths,
          key <- [:type, :into],
          value <- [:f16, :s64, :float, :tensor, :binary_list, "f32", nil, 32, {:f, 32}] do
        {"evaluate(#{path}, 0..3, #{key}: #{inspect(value)})",
         fn -> Anneal.evaluate(fun, 0..3, [{key, value}]) end, [inspect(key), inspect(value)]}
      end

    growing = Anneal.exponential_decay(1.0, decay_rate: 2.0, transition_steps: 1)

    # Valid inputs whose values overflow: 2^t exceeds float32 from t = 128.
    overflows = [
      {"evaluate(2^t, 0..200, type: :f32)",
       fn -> Anneal.evaluate(growing, 0..200, type: :f32) end, ["step 128"]},
      {"2^t at 1.0e300", fn -> growing.(1.0e300) end, ["step", "1e300"]},
      {"plain fun returning :nan", fn -> Anneal.evaluate(fn _ -> :nan end, [4]) end,
       [":nan", "step 4"]},
      {"plain fun beyond f64", fn -> Anneal.evaluate(fn _ -> 10 ** 400 end, [6]) end,
       ["f64", "step 6"]},
      {"plain fun beyond f32", fn -> Anneal.evaluate(fn _ -> 1.0e300 end, [5], type: :f32) end,
       ["f32", "step 5"]}
    ]

    schedules ++
      overflows ++
      bad_in_list ++
      shapes ++
      too_big ++
      options ++
      opts_shape_cases("evaluate", &fn -> Anneal.evaluate(native, 0..3, &1) end, :evaluate)
  end

  test "the table holds at least 150 bad calls, each with its own label" do
    labels = Enum.map(cases(), &elem(&1, 0))
    assert length(labels) >= 150
    assert length(Enum.uniq(labels)) == length(labels)
  end

  test "every bad call raises ArgumentError naming the culprit" do
    for {label, call, fragments} <- cases() do
      outcome =
        try do
          {:returned, call.()}
        rescue
          error -> error
        end

      assert %ArgumentError{message: message} = outcome,
             "#{label}: expected ArgumentError, got #{inspect(outcome)}"

      for fragment <- fragments do
        assert message =~ fragment, "#{label}: #{inspect(message)} does not name #{fragment}"
      end
    end
  end

  test "floats are steps wherever a step is a number" do
    fun = Anneal.linear_decay(1.0, steps: 4)
    # (4 − 1.5) / 4 = 0.625
    assert fun.(1.5) == 0.625
    assert Anneal.value(Anneal.new(:linear_decay, 1.0, steps: 4), 1.5) == 0.625
    assert Anneal.evaluate(fun, [1.5, -0.0]) == [0.625, 1.0]
    assert Anneal.evaluate(fn step -> step end, [1.5]) == [1.5]
  end
end
