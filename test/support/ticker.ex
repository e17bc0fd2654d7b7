defmodule Anneal.Test.Ticker do
  @moduledoc false
  # Measures scheduler latency: a process asks to wake up every millisecond and records the
  # longest wait it sees while `fun` runs.

  @doc "Runs `fun` beside a 1 ms ticker; returns `{worst_gap_us, elapsed_us, result}`."
  def worst_gap(fun) do
    parent = self()
    ticker = spawn_link(fn -> tick(parent, System.monotonic_time(:microsecond), 0) end)
    {elapsed_us, result} = :timer.tc(fun)
    send(ticker, :stop)

    receive do
      {:worst_gap_us, worst_us} -> {worst_us, elapsed_us, result}
    end
  end

  defp tick(parent, last, worst) do
    receive do
      :stop -> send(parent, {:worst_gap_us, worst})
    after
      1 ->
        now = System.monotonic_time(:microsecond)
        tick(parent, now, max(worst, now - last))
    end
  end
end
