defmodule Anneal.Test.Conformance do
  @moduledoc false
  # Reads test/fixtures/conformance.jsonl, the corpus written by the core's exact path: one
  # line per schedule, {"schedule": <JSON document>, "steps": [...], "values": [...]}, values
  # as float64 numbers or "inf"/"-inf"/"NaN". No JSON library: the line's shape is fixed, and
  # the schedule document is read by Anneal.from_json!/1.

  import Bitwise

  @path Path.expand("../fixtures/conformance.jsonl", __DIR__)
  @line ~r/^\{"schedule":(.*),"steps":\[(.*)\],"values":\[(.*)\]\}$/

  @type entry :: %{
          document: String.t(),
          schedule: Anneal.Schedule.t() | nil,
          steps: [number()],
          values: [float() | atom()]
        }

  @doc """
  Every entry of the corpus whose document Anneal reads. The corpus was written before
  issue 12 refused a boundary given twice (`0` and `0.0` in one `boundaries_and_scales`):
  those documents are left out here, and `refused/0` lists them.
  """
  @spec entries() :: [entry()]
  def entries, do: for({:ok, entry} <- read(), do: entry)

  @doc "The documents of the corpus that Anneal refuses, with the message."
  @spec refused() :: [{String.t(), String.t()}]
  def refused, do: for({:error, refusal} <- read(), do: refusal)

  defp read do
    @path |> File.read!() |> String.split("\n", trim: true) |> Enum.map(&entry/1)
  end

  defp entry(line) do
    [_, schedule, steps, values] = Regex.run(@line, line)

    case Anneal.from_json(schedule) do
      {:ok, parsed} ->
        {:ok,
         %{
           document: schedule,
           schedule: parsed,
           steps: steps |> String.split(",", trim: true) |> Enum.map(&number/1),
           values: values |> String.split(",", trim: true) |> Enum.map(&number/1)
         }}

      {:error, message} ->
        {:error, {schedule, message}}
    end
  end

  defp number(~s("inf")), do: :infinity
  defp number(~s("-inf")), do: :neg_infinity
  defp number(~s("NaN")), do: :nan

  defp number(text) do
    case Integer.parse(text) do
      {int, ""} ->
        int

      _ ->
        {float, ""} = Float.parse(text)
        float
    end
  end

  @doc """
  The distance in float64 units in the last place between two finite floats (0 for equal
  ones, +0.0 and -0.0 included).
  """
  @spec ulps(float(), float()) :: non_neg_integer()
  def ulps(a, b), do: abs(ordinal(a) - ordinal(b))

  # The float's rank among all float64s, monotone in its value.
  defp ordinal(x) do
    <<bits::signed-64>> = <<x::float-64>>
    if bits < 0, do: -(bits &&& 0x7FFFFFFFFFFFFFFF), else: bits
  end

  @doc """
  The float64 value correctly rounded to float32 (the C cast rounds to nearest, ties to
  even), as four native-endian bytes, or `:error` when it overflows float32.
  """
  @spec f32_bits(float()) :: binary() | :error
  def f32_bits(value) do
    case <<value::float-32>> do
      <<_sign::1, 0xFF::8, _fraction::23>> -> :error
      <<bits::32>> -> <<bits::native-32>>
    end
  end
end
