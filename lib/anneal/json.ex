defmodule Anneal.JSON do
  @moduledoc false
  # Anneal.to_json/1 and Anneal.from_json/1. A schedule travels to and from the Rust core
  # (native/anneal_core/src/json.rs, serde_json) as a document term,
  # {kind, init_value, [{key, value}]} with strings for names, [step, scale] pairs for a map
  # and the same tuple for a nested schedule. A document read back goes through
  # Anneal.Schedule.new/3: JSON is validated by the very rules that check options in code.

  alias Anneal.{Native, Schedule}

  @spec encode(Schedule.t()) :: String.t()
  def encode(%Schedule{} = schedule) do
    # Validated first, as new/3 would: what is written must read back.
    case Native.to_json(schedule |> Schedule.validate!() |> document()) do
      {:ok, json} -> json
      {:error, message} -> raise ArgumentError, message
    end
  end

  defp document(%Schedule{kind: kind, init_value: init_value, opts: opts}) do
    {Atom.to_string(kind), init_value,
     Enum.map(opts, fn {k, v} -> {Atom.to_string(k), value(v)} end)}
  end

  defp value(%Schedule{} = schedule), do: document(schedule)
  defp value(map) when is_map(map), do: map |> Enum.sort() |> Enum.map(fn {b, s} -> [b, s] end)
  defp value(list) when is_list(list), do: Enum.map(list, &value/1)
  defp value(value) when is_boolean(value) or is_nil(value) or is_number(value), do: value
  defp value(atom) when is_atom(atom), do: Atom.to_string(atom)

  @spec decode(term()) :: {:ok, Schedule.t()} | {:error, String.t()}
  def decode(json) when is_binary(json) do
    with {:ok, document} <- Native.from_json(json) do
      {:ok, schedule(document)}
    end
  rescue
    error in ArgumentError -> {:error, Exception.message(error)}
  end

  def decode(other), do: {:error, "expected JSON to be a string, got: #{inspect(other)}"}

  defp schedule({kind, init_value, options}) do
    kind = name!(kind, Schedule.kinds(), "unknown schedule kind")
    keys = Keyword.keys(Schedule.defaults(kind))
    opts = for {key, value} <- options, do: option(kind, key, value, keys)
    Schedule.new(kind, init_value, opts)
  end

  defp option(kind, key, value, keys) do
    key = name!(key, keys, "unknown option", "for #{kind}")
    {key, option_value(key, value)}
  end

  # JSON has no atoms, maps with number keys or schedules: each option says what it holds.
  defp option_value(:schedules, parts) when is_list(parts) do
    Enum.map(parts, fn
      {_, _, _} = part -> schedule(part)
      other -> other
    end)
  end

  # Pairs with a step written twice are refused here: a map would keep only one of them.
  defp option_value(:boundaries_and_scales, pairs) when is_list(pairs) do
    if Enum.all?(pairs, &match?([b, _] when is_number(b), &1)) do
      pairs |> Enum.map(&hd/1) |> Schedule.distinct_boundaries!()
      Map.new(pairs, fn [b, s] -> {b, s} end)
    else
      pairs
    end
  end

  defp option_value(key, text) when is_binary(text) do
    Enum.find(Schedule.option_atoms(key), text, &(Atom.to_string(&1) == text))
  end

  defp option_value(_key, value), do: value

  defp name!(text, names, what, suffix \\ nil) do
    case Enum.find(names, &(Atom.to_string(&1) == text)) do
      nil ->
        raise ArgumentError,
              Enum.join(Enum.reject([what, inspect(text), suffix], &is_nil/1), " ") <>
                ", expected one of: #{inspect(names)}"

      name ->
        name
    end
  end
end
