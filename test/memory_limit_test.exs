defmodule Anneal.MemoryLimitTest do
  # Changes the application environment, which every evaluation reads: not async.
  use ExUnit.Case, async: false

  test "the memory ceiling is configurable and is itself validated" do
    fun = Anneal.constant(1.0)
    Application.put_env(:anneal, :max_bytes, 80)

    try do
      assert Anneal.evaluate(fun, 1..10, into: :binary) ==
               :binary.copy(<<1.0::float-native-64>>, 10)

      assert_raise ArgumentError,
                   ~r/11 steps into an f64 binary needs 88 bytes, above the limit of 80 bytes/,
                   fn ->
                     Anneal.evaluate(fun, 0..10, into: :binary)
                   end

      Application.put_env(:anneal, :max_bytes, "80")

      assert_raise ArgumentError, ~r/max_bytes.*"80"/, fn -> Anneal.evaluate(fun, 1..2) end
    after
      Application.delete_env(:anneal, :max_bytes)
    end
  end
end
