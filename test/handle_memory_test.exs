defmodule Anneal.HandleMemoryTest do
  # A compiled handle is a resource the VM frees with its last reference; its plan must go
  # with it (the destructor in native/anneal_nif/src/resource.rs). Not async: the measure is
  # of the whole OS process.
  use ExUnit.Case, async: false

  alias Anneal.Test.ProcessMemory

  @moduletag :slow

  # 2,000 boundaries make a plan of 2,001 segments, well over 100 kB each: 1,500 leaked
  # plans would add over 150 MB to the resident size.
  @boundaries 2_000
  @handles 1_500
  @allowed_kb 50_000

  defp compile_and_drop(schedule, count) do
    {_pid, ref} =
      spawn_monitor(fn ->
        for _ <- 1..count, do: Anneal.compile(schedule)
        :ok
      end)

    assert_receive {:DOWN, ^ref, :process, _, :normal}, 120_000
    for pid <- Process.list(), do: :erlang.garbage_collect(pid)
  end

  @tag skip: !ProcessMemory.available?() && "needs /proc/self/status (Linux)"
  test "handles that die free their plans" do
    boundaries = Map.new(1..@boundaries, &{10 * &1, 0.999})
    schedule = Anneal.new(:piecewise_constant, 0.1, boundaries_and_scales: boundaries)

    # Warm up, so that the allocators hold what one handle at a time needs.
    compile_and_drop(schedule, 20)
    before = ProcessMemory.rss_kb()
    compile_and_drop(schedule, @handles)
    grown = ProcessMemory.rss_kb() - before

    IO.puts("\n[handles] #{@handles} handles of #{@boundaries + 1} segments: RSS +#{grown} kB")
    assert grown < @allowed_kb
  end
end
