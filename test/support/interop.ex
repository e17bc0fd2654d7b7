defmodule Anneal.Test.Interop do
  @moduledoc false
  # The interop tests run against local checkouts of Nx, Axon and Polaris, which mix.exs adds
  # as path dependencies when ANNEAL_NX_PATH, ANNEAL_AXON_PATH and ANNEAL_POLARIS_PATH name
  # them. Each such test is tagged with the library it needs; the tags whose library is not
  # loaded are excluded, and this module, added as an ExUnit formatter, counts what was left
  # out, so that the run ends by saying which tests did not run and why.

  use GenServer

  # tag => {a module of the library, what to set to load it}
  @needs [
    nx: {Nx, "set ANNEAL_NX_PATH to a checkout of Nx (or ANNEAL_AXON_PATH, which brings it)"},
    axon: {Axon, "set ANNEAL_AXON_PATH to a checkout of Axon"},
    polaris:
      {Polaris.Optimizers,
       "set ANNEAL_POLARIS_PATH to a checkout of Polaris, with Axon >= 0.6 (the README's example)"}
  ]

  @table __MODULE__

  @doc "The tags whose library is not loaded, to pass to `ExUnit.start/1` as `:exclude`."
  @spec missing() :: [atom()]
  def missing, do: for({tag, {module, _}} <- @needs, not Code.ensure_loaded?(module), do: tag)

  @doc "Starts ExUnit, leaving out the tests whose libraries are missing and saying so."
  @spec start(keyword()) :: :ok
  def start(opts) do
    missing = missing()
    :ets.new(@table, [:named_table, :public])
    # Beside the formatters already configured (mix test --formatter ...).
    formatters =
      Keyword.get_lazy(opts, :formatters, fn -> ExUnit.configuration()[:formatters] end)

    ExUnit.after_suite(fn _stats -> report(missing) end)
    ExUnit.start(Keyword.merge(opts, exclude: missing, formatters: formatters ++ [__MODULE__]))
  end

  defp report([]), do: :ok

  defp report(missing) do
    counts = Map.new(:ets.tab2list(@table))
    total = counts |> Map.values() |> Enum.sum()

    lines =
      for tag <- missing, n = Map.get(counts, tag, 0), n > 0 do
        {_, how} = @needs[tag]
        "  #{n} tagged #{inspect(tag)}: #{how}\n"
      end

    if total > 0 do
      IO.write([
        "Left out #{total} interop #{plural(total, "test")} (README, \"Interop tests\"):\n"
        | lines
      ])
    end
  end

  defp plural(1, word), do: word
  defp plural(_, word), do: word <> "s"

  # The formatter: counts each excluded test under the first missing tag it carries.
  @impl GenServer
  def init(_opts), do: {:ok, missing()}

  @impl GenServer
  def handle_cast({:test_finished, %ExUnit.Test{state: {:excluded, _}, tags: tags}}, missing) do
    case Enum.find(missing, &Map.has_key?(tags, &1)) do
      nil -> :ok
      tag -> :ets.update_counter(@table, tag, 1, {tag, 0})
    end

    {:noreply, missing}
  end

  def handle_cast(_event, missing), do: {:noreply, missing}
end
