defmodule Anneal.ThreadsTest do
  # Changes the process-wide pool size and application environment: not async.
  use ExUnit.Case, async: false
  doctest Anneal.Threads

  setup do
    before = Application.fetch_env(:anneal, :threads)
    Anneal.Native.apply_threads()

    on_exit(fn ->
      case before do
        {:ok, value} -> Application.put_env(:anneal, :threads, value)
        :error -> Application.delete_env(:anneal, :threads)
      end

      Anneal.Native.apply_threads()
    end)
  end

  test "the setting in effect is the configured one" do
    assert Anneal.Threads.current() == Anneal.Threads.configured()
  end

  test "the default is the number of dirty CPU schedulers online" do
    Application.delete_env(:anneal, :threads)
    Anneal.Native.apply_threads()
    assert Anneal.Threads.current() == :erlang.system_info(:dirty_cpu_schedulers_online)
  end

  test "config :anneal, threads: n sizes the pool" do
    for n <- [1, 3, 2] do
      Application.put_env(:anneal, :threads, n)
      Anneal.Native.apply_threads()
      assert Anneal.Threads.current() == n
    end
  end

  test "a bad setting names itself, and loading falls back to the default" do
    for bad <- [0, -2, 1.5, :many] do
      Application.put_env(:anneal, :threads, bad)

      assert_raise ArgumentError,
                   ~r/threads: expected a positive integer, got: #{inspect(bad)}/,
                   fn ->
                     Anneal.Threads.configured()
                   end

      warning = ExUnit.CaptureIO.capture_io(:stderr, fn -> Anneal.Native.apply_threads() end)
      assert warning =~ "using the default"
      assert Anneal.Threads.current() == :erlang.system_info(:dirty_cpu_schedulers_online)
    end
  end

  test "one thread and two give the same bytes" do
    schedule = Anneal.cosine_decay(0.1, decay_steps: 3_000_000)
    # Above the parallel threshold (about 0.5 ms of work).
    results =
      for n <- [1, 2] do
        Application.put_env(:anneal, :threads, n)
        Anneal.Native.apply_threads()
        Anneal.evaluate(schedule, 0..1_999_999, type: :f64, into: :binary)
      end

    assert [same, same] = results
  end
end
