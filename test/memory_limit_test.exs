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

  # Issue 12, class 12: a list evaluation peaked at about 1.56× max_bytes. Measured in a
  # fresh OS process, from the kernel's high-water mark of its resident memory, reset
  # (`/proc/self/clear_refs`) to the resident size just before each evaluation, so that
  # neither the start-up nor the first evaluation hides the second one's peak: an
  # evaluation just within the limit may not take more than the limit.
  @tag timeout: 120_000
  test "max_bytes bounds the real peak of a list evaluation" do
    code = """
    status = fn key ->
      "/proc/self/status" |> File.read!() |> String.split("\\n")
      |> Enum.find(&String.starts_with?(&1, key)) |> String.split() |> Enum.at(1)
      |> String.to_integer() |> Kernel.*(1024)
    end
    n = 2_000_000
    schedule = Anneal.new(:warmup_cosine_decay, 0.0, peak_value: 1.0, warmup_steps: 10, decay_steps: 10_000_000)
    for steps <- [0..(n - 1), Enum.to_list(0..(n - 1))] do
      Application.put_env(:anneal, :max_bytes, 0)
      limit = try do Anneal.evaluate(schedule, 0..(n - 1)) rescue e -> e.message end
      [_, bytes] = Regex.run(~r/needs (\\d+) bytes/, limit)
      max = String.to_integer(bytes)
      Application.put_env(:anneal, :max_bytes, max)
      :erlang.garbage_collect()
      File.write!("/proc/self/clear_refs", "5")
      before = status.("VmRSS")
      values = Anneal.evaluate(schedule, steps)
      IO.puts("peak \#{status.("VmHWM") - before} max \#{max} length \#{length(values)}")
    end
    """

    paths = Enum.flat_map(:code.get_path(), &["-pa", List.to_string(&1)])
    {output, 0} = System.cmd("elixir", paths ++ ["-e", code], stderr_to_stdout: true)
    runs = Regex.scan(~r/peak (\d+) max (\d+) length 2000000/, output)
    assert length(runs) == 2, output

    for [_, peak, max] <- runs do
      assert String.to_integer(peak) <= String.to_integer(max), output
    end
  end
end
