defmodule Anneal.Test.ProcessMemory do
  @moduledoc false
  # The OS process's resident size, for the tests that check memory comes back.

  @status "/proc/self/status"

  @doc "Whether the resident size can be read here (Linux)."
  def available?, do: File.exists?(@status)

  @doc "VmRSS of this OS process, in kB."
  def rss_kb do
    @status
    |> File.read!()
    |> then(&Regex.run(~r/VmRSS:\s+(\d+) kB/, &1, capture: :all_but_first))
    |> then(fn [kb] -> String.to_integer(kb) end)
  end
end
