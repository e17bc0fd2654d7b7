defmodule Anneal.ConcurrencyTest do
  # Many processes evaluating at once, on normal and dirty schedulers, must get exactly what
  # the same evaluations give one after another: the NIFs share no state.
  use ExUnit.Case, async: true

  alias Anneal.Test.RandomSchedule, as: Random

  @moduletag :slow
  @evaluations_per_process 1_000

  # A mix of sizes on both sides of the dirty-scheduler threshold, every path and format.
  defp random_job do
    schedule = Random.schedule()
    range = Random.range(Enum.random([1, 10, 100, 1_000, 5_000, 21_000]))

    steps =
      case Enum.random([:range, :list, :s64]) do
        :range -> range
        :list -> Enum.to_list(range)
        :s64 -> range |> Enum.to_list() |> Random.s64()
      end

    into = Enum.random([:binary, :binary, :list])
    {schedule, steps, [type: Enum.random([:f32, :f64]), into: into]}
  end

  defp run({schedule, steps, opts}), do: Anneal.evaluate(schedule, steps, opts)

  test "2 x schedulers processes x 1,000 evaluations at once equal the same run serially" do
    :rand.seed(:exsss, {16, 17, 18})
    processes = 2 * System.schedulers_online()
    batches = for _ <- 1..processes, do: for(_ <- 1..@evaluations_per_process, do: random_job())

    serial = Enum.map(batches, fn jobs -> Enum.map(jobs, &run/1) end)

    # All processes wait for one signal, so that their evaluations overlap.
    parent = self()

    pids =
      for jobs <- batches do
        spawn_link(fn ->
          receive do
            :go -> send(parent, {self(), Enum.map(jobs, &run/1)})
          end
        end)
      end

    Enum.each(pids, &send(&1, :go))
    concurrent = for pid <- pids, do: receive(do: ({^pid, results} -> results))

    assert concurrent |> Enum.map(&length/1) |> Enum.sum() == processes * @evaluations_per_process
    assert concurrent == serial
  end
end
