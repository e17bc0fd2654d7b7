defmodule Anneal.Steps do
  @moduledoc false
  # The rules for steps, written once: a step the native code reads is a signed 64-bit
  # integer, and a range of steps has integer bounds within that range and a non-zero step.
  # Each caller words its own error from what these return.

  @s64_min -0x8000000000000000
  @s64_max 0x7FFFFFFFFFFFFFFF

  @doc false
  # The smallest and largest signed 64-bit integers.
  @spec s64_bounds() :: {integer(), integer()}
  def s64_bounds, do: {@s64_min, @s64_max}

  @doc false
  # Whether `value` is an integer that fits in a signed 64-bit integer.
  defguard is_s64(value) when is_integer(value) and value >= @s64_min and value <= @s64_max

  @doc false
  # {:ok, {first, stride, length}} for a range of signed 64-bit integers with a non-zero
  # step; {:error, {bound, value}} naming the first of `first`, `last` and `step` that does
  # not fit (a range of integers built by Range.new/3 may hold any); :error for anything
  # else (a %Range{} written by hand may hold anything).
  @spec range(term()) ::
          {:ok, {integer(), integer(), non_neg_integer()}}
          | {:error, {:first | :last | :step, integer()}}
          | :error
  def range(%Range{first: first, last: last, step: step} = range)
      when is_s64(first) and is_s64(last) and is_s64(step) and step != 0,
      do: {:ok, {first, step, Range.size(range)}}

  def range(%Range{first: first, last: last, step: step})
      when is_integer(first) and is_integer(last) and is_integer(step) and step != 0 do
    {:error, Enum.find([first: first, last: last, step: step], &(not is_s64(elem(&1, 1))))}
  end

  def range(_other), do: :error
end
