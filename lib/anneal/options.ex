defmodule Anneal.Options do
  @moduledoc false
  # Checks shared by every function that takes a keyword list of options: it must be a
  # keyword list, with no unknown and no repeated key. Each value is checked by the caller.

  @doc false
  # The options merged with their defaults, or an ArgumentError naming what is wrong; `owner`
  # names the function the options belong to in the message.
  @spec validate!(term(), keyword(), atom()) :: keyword()
  def validate!(opts, defaults, owner) do
    keyword!(opts)

    # Before Keyword.validate/2, which reports a repeated key as an unknown one.
    check_duplicates!(opts)

    case Keyword.validate(opts, defaults) do
      {:ok, validated} ->
        validated

      {:error, unknown} ->
        raise ArgumentError, unknown_message(unknown, defaults, owner)
    end
  end

  @doc false
  # The message for the options `unknown`, not among `defaults`: atoms, or strings for names
  # read from text that may not create atoms (Anneal.Schedule.Text).
  @spec unknown_message([atom() | String.t()], keyword(), atom()) :: String.t()
  def unknown_message(unknown, defaults, owner) do
    "unknown option#{plural(unknown)} #{names(unknown)} for #{owner}, " <>
      "expected one of: #{inspect(Keyword.keys(defaults))}"
  end

  @doc false
  # Raises unless `opts` is a (proper) keyword list.
  @spec keyword!(term()) :: :ok
  def keyword!(opts) do
    unless is_list(opts) and Keyword.keyword?(opts) do
      raise ArgumentError, "expected opts to be a keyword list, got: #{inspect(opts)}"
    end

    :ok
  end

  defp check_duplicates!(opts) do
    keys = Keyword.keys(opts)

    case Enum.uniq(keys -- Enum.uniq(keys)) do
      [] -> :ok
      dups -> raise ArgumentError, "duplicate option#{plural(dups)} #{names(dups)}"
    end
  end

  defp names(keys), do: Enum.map_join(keys, ", ", &name/1)

  # A name that is no atom, written as inspect/1 would write the atom.
  defp name(key) when is_binary(key) do
    if key =~ ~r/^[a-z_][a-zA-Z0-9_]*[?!]?$/, do: ":" <> key, else: ":" <> inspect(key)
  end

  defp name(key), do: inspect(key)

  @doc false
  # An integer as error messages name it: its digits, or for one of thousands of digits
  # (2 ** 3_000_000 has about 900,000), whose printing alone takes seconds, its size.
  @spec integer_text(integer()) :: String.t()
  def integer_text(n) when abs(n) < 0x10000000000000000000000000000000000000000,
    do: Integer.to_string(n)

  def integer_text(n),
    do: "an integer of about #{8 * byte_size(:binary.encode_unsigned(abs(n)))} bits"

  defp plural([_]), do: ""
  defp plural(_), do: "s"
end
