defmodule Anneal.Native.LoadError do
  @moduledoc false
  # The message of the RuntimeError that Anneal.Native's stubs raise when the library did not
  # load. Kept out of Anneal.Native, whose exported functions are exactly the NIFs.

  @doc false
  # Why the library did not load (the reason Anneal.Native.load_nif/0 recorded), and how to
  # rebuild it.
  @spec message(term()) :: String.t()
  def message(reason) do
    """
    Anneal's native library (priv/native/libanneal_nif.so) is not loaded: #{describe(reason)}.
    It is missing, damaged, or left from another build of Anneal (stale). It is built from \
    native/anneal_nif by `mix compile`, which needs Rust's cargo on the PATH. Rebuild it with \
    `mix compile --force` (or `mix deps.compile anneal --force` when Anneal is a \
    dependency) and restart the VM.\
    """
  end

  # :erlang.load_nif/2 gives {:error, {kind, charlist}}: show the text as text.
  defp describe({kind, text}) when is_atom(kind) and is_list(text) do
    "#{kind}, #{List.to_string(text)}"
  rescue
    ArgumentError -> inspect({kind, text})
  end

  defp describe(reason), do: inspect(reason)
end
