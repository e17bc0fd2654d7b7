defmodule Anneal.BigTermsTest do
  # Second reader's findings: an integer of millions of bits is named by its size, not
  # printed (printing it held a normal scheduler for seconds); a hand-built handle without a
  # schedule is refused by name; a product of many factors counts them all in its size.
  use ExUnit.Case, async: true

  @huge 2 ** 3_000_000

  test "a huge integer step is described, not printed, on every path" do
    schedule = Anneal.new(:constant, 0.1)
    compiled = Anneal.compile(schedule)

    for call <- [
          fn -> Anneal.value(compiled, @huge) end,
          fn -> Anneal.evaluate(schedule, [@huge]) end,
          fn -> Anneal.new(:cosine_decay, 0.1, decay_steps: @huge) end
        ] do
      error = assert_raise ArgumentError, call
      assert error.message =~ "an integer of about 3000008 bits"
      assert byte_size(error.message) < 200
    end

    assert {:error, message} = Anneal.Native.evaluate(compiled.ref, {:list, [@huge]}, :f64, :list)

    assert byte_size(message) < 200
  end

  test "a hand-built handle without a schedule is refused by name" do
    bad = %Anneal.Compiled{schedule: :x, ref: make_ref()}

    assert_raise ArgumentError,
                 ~r/expected an %Anneal.Compiled{} to hold an %Anneal.Schedule{}/,
                 fn ->
                   Anneal.value(bad, 1)
                 end
  end
end
