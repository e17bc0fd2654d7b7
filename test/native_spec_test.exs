defmodule Anneal.NativeSpecTest do
  # A schedule crosses to the Rust core once, as a map of its options by name
  # (Anneal.Schedule.to_native/1), into the kind's typed options there, compiled to a handle.
  use ExUnit.Case, async: true

  alias Anneal.Native

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

  test "an option left out takes the core's default" do
    # linear_decay(1, steps: 4) at step 1 is 1 − 1/4; left out, :steps is 1000 (Axon 0.4.1's
    # linear_decay), so the value at step 1 is 1 − 1/1000.
    assert value(%{kind: :linear_decay, init_value: 1, steps: 4}, 1) == 0.75
    assert value(%{kind: :linear_decay, init_value: 1}, 1) == 1 - 1 / 1000
  end
end
