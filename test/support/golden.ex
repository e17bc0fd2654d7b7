defmodule Anneal.Test.Golden do
  @moduledoc false
  # Reads test/fixtures/axon_v0_4_1.csv: Axon 0.4.1's own float32 output (`axon_f32`) beside an
  # independent float64 reference (`f64`), one row per (schedule, init_value, options, step).

  @path Path.expand("../fixtures/axon_v0_4_1.csv", __DIR__)

  @type row :: %{
          kind: atom(),
          init_value: float(),
          opts: keyword(),
          step: number(),
          f64: float(),
          axon_f32: float()
        }

  @doc "The five kinds of Axon 0.4.1's `Axon.Schedules`, which the golden file covers."
  @spec axon_kinds() :: [atom()]
  def axon_kinds,
    do: [:constant, :cosine_decay, :exponential_decay, :linear_decay, :polynomial_decay]

  @spec rows() :: [row()]
  def rows do
    [_header | lines] = @path |> File.read!() |> String.split("\n", trim: true)
    Enum.map(lines, &parse_row/1)
  end

  @doc "The rows grouped by schedule case: `{{kind, init_value, opts}, rows}`."
  def cases do
    rows()
    |> Enum.group_by(&{&1.kind, &1.init_value, &1.opts})
    |> Enum.sort()
  end

  defp parse_row(line) do
    [kind, init_value, opts, step, f64, axon_f32] = String.split(line, ",")

    %{
      kind: String.to_existing_atom(kind),
      init_value: number(init_value),
      opts: parse_opts(opts),
      step: number(step),
      f64: number(f64),
      axon_f32: number(axon_f32)
    }
  end

  defp parse_opts(""), do: []

  defp parse_opts(opts) do
    for pair <- String.split(opts, ";") do
      [key, value] = String.split(pair, "=")
      {String.to_existing_atom(key), option_value(value)}
    end
  end

  defp option_value("true"), do: true
  defp option_value("false"), do: false
  defp option_value(value), do: number(value)

  @doc "Parses an integer or a float as written in the CSV (`1e-05`, `0.0`, `3`)."
  def number(text) do
    case Integer.parse(text) do
      {int, ""} -> int
      _ -> float(text)
    end
  end

  defp float(text) do
    case Float.parse(text) do
      {value, ""} -> value
      _ -> raise ArgumentError, "not a number in the golden CSV: #{inspect(text)}"
    end
  end

  @doc "Whether `got` is within `rel * (|init_value| + |expected|)` of `expected`."
  def close?(got, expected, init_value, rel) do
    abs(got - expected) <= rel * (abs(init_value) + abs(expected))
  end
end
