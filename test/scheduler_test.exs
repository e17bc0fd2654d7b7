defmodule Anneal.SchedulerTest do
  # Long evaluations run on dirty CPU schedulers, so that the normal schedulers keep serving
  # every other process. A ticker asking to wake up every millisecond measures the longest
  # wait it sees while a 10^7-step evaluation runs.
  #
  # The limit is asserted in a VM started with `+sbwt none +sbwtdcpu none +sbwtdio none`.
  # With the default busy-waiting, on 2 cores shared with other work, the normal schedulers'
  # spinning made the ticker wait up to 200-250 ms in two runs out of three (and ≤ 12 ms with
  # the flags), the same evaluation running on a dirty scheduler either way; that figure is
  # reported, not asserted. See the README, "Errors and limits".
  #
  # A timing test: it runs by default and in CI; on a loaded machine skip it with
  # `mix test --exclude scheduler`. Not async, so that other tests do not load the VM.
  use ExUnit.Case, async: false

  @moduletag :scheduler
  @moduletag :slow

  @steps 10_000_000
  @max_gap_ms 20
  @flags "+sbwt none +sbwtdcpu none +sbwtdio none"

  # The evaluation under test, as code for a child VM: f32 then f64 binaries, 10^7 steps.
  @evaluation """
  schedule = Anneal.cosine_decay(0.1, decay_steps: #{@steps})
  {worst_us, elapsed_us, sizes} =
    Anneal.Test.Ticker.worst_gap(fn ->
      for type <- [:f32, :f64] do
        byte_size(Anneal.evaluate(schedule, 0..#{@steps - 1}, type: type, into: :binary))
      end
    end)
  IO.puts("result \#{worst_us} \#{elapsed_us} \#{inspect(sizes)}")
  """

  defp run_in_vm(erl_flags) do
    ebin = Path.join(:code.lib_dir(:anneal), "ebin")
    args = ["--erl", erl_flags, "-pa", ebin, "-e", @evaluation]
    {output, 0} = System.cmd(System.find_executable("elixir"), args, stderr_to_stdout: true)
    [_, worst, elapsed, sizes] = Regex.run(~r/result (\d+) (\d+) (.*)/, output)
    assert sizes == inspect([4 * @steps, 8 * @steps])
    {String.to_integer(worst), String.to_integer(elapsed)}
  end

  defp ms(us), do: Float.round(us / 1000, 1)

  test "a 1 ms ticker sees no gap above 20 ms while a 10^7-step evaluation runs" do
    {worst, elapsed} = run_in_vm(@flags)
    {default_worst, default_elapsed} = run_in_vm("")

    IO.puts(
      "\n[scheduler] 10^7 steps as f32 then f64: worst ticker gap #{ms(worst)} ms " <>
        "(#{ms(elapsed)} ms, #{@flags}); #{ms(default_worst)} ms " <>
        "(#{ms(default_elapsed)} ms, default busy-waiting)"
    )

    assert worst <= @max_gap_ms * 1000,
           "the ticker waited #{ms(worst)} ms (limit #{@max_gap_ms} ms)"
  end
end
