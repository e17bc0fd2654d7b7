defmodule Anneal.Test.Conformance do
  @moduledoc false
  # Reads the conformance corpus, test/fixtures/conformance.jsonl (written by the Rust core's
  # exact path; see native/anneal_core/tests/conformance.rs): one JSON object a line,
  # {"schedule": document, "steps": [...], "values": [...]}. Values that JSON numbers cannot
  # hold are written "NaN", "inf" and "-inf"; they read as :nan, :inf and :neg_inf.
  #
  # There is no JSON library here: the document is handed to Anneal.from_json!/1 as it is
  # written, and the two arrays hold only numbers and those three strings.

  @path Path.expand("../fixtures/conformance.jsonl", __DIR__)
  @external_resource @path

  @type value :: float() | :nan | :inf | :neg_inf

  @doc "Every case of the corpus: `{schedule_json, steps, values}`."
  @spec cases() :: [{String.t(), [number()], [value()]}]
  def cases do
    @path
    |> File.stream!()
    |> Enum.map(&parse_line/1)
  end

  # The schedule is everything before the last `,"steps":[` (greedy match): a document never
  # holds an array under a key named "steps".
  defp parse_line(line) do
    [_, json, steps, values] =
      Regex.run(~r/^\{"schedule":(.*),"steps":\[(.*)\],"values":\[(.*)\]\}$/, String.trim(line))

    {json, Enum.map(split(steps), &number/1), Enum.map(split(values), &value/1)}
  end

  defp split(""), do: []
  defp split(items), do: String.split(items, ",")

  defp value(~s("NaN")), do: :nan
  defp value(~s("inf")), do: :inf
  defp value(~s("-inf")), do: :neg_inf
  defp value(text), do: text |> number() |> Kernel.*(1.0)

  # JSON numbers: integers stay integers (steps), anything with a fraction or an exponent
  # is a float. "1e+300" has no fraction, which Float.parse/1 accepts.
  defp number(text) do
    case Integer.parse(text) do
      {integer, ""} ->
        integer

      _ ->
        {float, ""} = Float.parse(text)
        float
    end
  end

  @doc "The distance in units in the last place between two float64 values (0 for 0.0 and -0.0)."
  @spec ulps(float(), float()) :: non_neg_integer()
  def ulps(a, b), do: abs(ordered(a) - ordered(b))

  # The bits of a float64 as an integer that orders like the float.
  defp ordered(x) do
    <<bits::signed-64>> = <<x::float-64>>
    if bits < 0, do: -0x8000000000000000 - bits, else: bits
  end

  @doc "The float64 value correctly rounded to float32 (as the C cast rounds), or :error when it overflows."
  @spec f32_bits(float()) :: binary() | :error
  def f32_bits(value) do
    case <<value::float-32>> do
      <<_sign::1, 0xFF::8, _fraction::23>> -> :error
      <<bits::32>> -> <<bits::native-32>>
    end
  end
end
