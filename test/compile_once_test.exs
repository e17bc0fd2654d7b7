defmodule Anneal.CompileOnceTest do
  # A schedule built from options is validated and compiled once: the handle made while the
  # core checks the options is the one the returned function holds. Counted with call_count
  # tracing on the one function that sends a spec to the NIF (global: not async).
  use ExUnit.Case, async: false

  defp compilations(fun) do
    mfa = {Anneal.Compiled, :compile_spec, 1}
    Code.ensure_loaded!(Anneal.Compiled)
    :erlang.trace_pattern(mfa, true, [:call_count])

    try do
      result = fun.()
      {:call_count, count} = :erlang.trace_info(mfa, :call_count)
      {count, result}
    after
      :erlang.trace_pattern(mfa, false, [:call_count])
    end
  end

  test "a schedule function is compiled once, and its calls compile nothing" do
    {1, schedule} = compilations(fn -> Anneal.cosine_decay(1.0, decay_steps: 4) end)
    # cos²(π/4) = ½ at step 2 (to float64 rounding), with no compilation.
    assert {0, value} = compilations(fn -> schedule.(2) end)
    assert_in_delta value, 0.5, 1.0e-15
  end

  test "a join of functions compiles the join once and reuses its parts' structs" do
    parts = [Anneal.linear_decay(1.0, steps: 10), Anneal.constant(0.5)]
    {1, joined} = compilations(fn -> Anneal.join(parts, [5]) end)
    # linear_decay at step 4: 1 − 4/10.
    assert joined.(4) == 0.6
  end

  test "new/3 compiles once" do
    assert {1, %Anneal.Schedule{}} = compilations(fn -> Anneal.new(:constant, 0.5) end)
  end
end
