defmodule Anneal.NativeSpecTest do
  # A schedule crosses to the Rust core once, as a map of its options by name
  # (Anneal.Schedule.to_native/1), into the kind's typed options there, compiled to a handle.
  use ExUnit.Case, async: true

  alias Anneal.{Native, Schedule}

  # The value at `step` of the spec compiled, or the error compiling it.
  defp value(spec, step) do
    with {:ok, handle} <- Native.compile(spec), do: Native.value(handle, step)
  end

  test "integers read as floats, options named in any order" do
    # cosine_decay(1, decay_steps: 4) at step 2: ½(1 + cos(π/2)) = ½, as cos²(π/4) in float64.
    floats = %{kind: :cosine_decay, init_value: 1.0, decay_steps: 4.0, alpha: 0.0}
    integers = %{alpha: 0, decay_steps: 4, init_value: 1, kind: :cosine_decay}
    assert value(integers, 2) == value(floats, 2)
    assert value(integers, 2) == :math.cos(:math.pi() / 4) ** 2
  end

  test "the core validates, naming the option, and refuses unknown names" do
    spec = %{kind: :cosine_decay, init_value: 1, decay_steps: 4, alpha: 0}

    assert value(%{spec | decay_steps: 0}, 2) ==
             {:error, "expected decay_steps to be a positive number, got: 0"}

    assert {:error, message} = value(Map.put(spec, :decay_stepz, 4), 2)
    assert message =~ "unknown field `decay_stepz`"
  end

  test "an option left out takes the same default in the core as in Elixir" do
    # Only the required options: the core fills in its own defaults, which must give the
    # values of the schedule with Elixir's defaults filled in.
    :rand.seed(:exsss, 13)

    for kind <- Schedule.kinds(), kind not in [:join, :multiply, :shift] do
      random = Anneal.Test.RandomSchedules.new(kind)
      required = for {key, :required} <- Schedule.defaults(kind), do: key
      schedule = Anneal.new(kind, random.init_value, Keyword.take(random.opts, required))
      full = Schedule.to_native(schedule)
      bare = Map.take(full, [:kind, :init_value | required])

      for step <- [-3, 0, 1, 7, 10, 11, 999, 1000, 1001, 10 ** 6] do
        assert value(bare, step) == value(full, step),
               "#{kind} at #{step}: #{inspect(bare)}"
      end
    end
  end
end
