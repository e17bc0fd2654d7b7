defmodule Anneal.Sweep do
  @moduledoc false
  # Anneal.evaluate_many/3: N schedules over the same steps, natively in parallel across
  # schedules when they are Anneal's own and the steps a range.

  alias Anneal.{Compiled, Evaluate, Native}

  @spec evaluate_many([Anneal.Schedule.t() | (number() -> number())], term(), keyword()) ::
          [[float()]] | binary()
  def evaluate_many(schedules, steps, opts) when is_list(schedules) do
    proper_list!(schedules)

    case Evaluate.sweep_plan(schedules, steps, opts) do
      {:native, compiled, {first, stride, len}, type, into} ->
        sweep =
          &Native.evaluate_many(Enum.map(&1, fn c -> c.ref end), first, stride, len, type, into)

        reply =
          case sweep.(compiled) do
            # A handle that outlived its NIF (read back from another VM): compile again.
            :stale -> sweep.(Enum.map(compiled, &Compiled.new(&1.schedule)))
            reply -> reply
          end

        case reply do
          {:ok, result} -> result
          {:error, message} -> raise ArgumentError, message
        end

      {:generic, type, into} ->
        rows = Enum.map(schedules, &Evaluate.evaluate(&1, steps, type: type, into: into))
        if into == :binary, do: IO.iodata_to_binary(rows), else: rows
    end
  end

  def evaluate_many(schedules, _steps, _opts), do: proper_list!(schedules)

  defp proper_list!(schedules) do
    length(schedules)
  rescue
    ArgumentError -> schedules_error!(schedules)
  else
    _ -> :ok
  end

  defp schedules_error!(schedules) do
    raise ArgumentError, "expected schedules to be a proper list, got: #{inspect(schedules)}"
  end
end
