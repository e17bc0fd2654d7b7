defmodule Anneal.Compiled do
  @moduledoc """
  A schedule compiled once, for hot loops: `%Anneal.Compiled{schedule: schedule, ref: ref}`.

  `Anneal.compile/1` returns it. `schedule` is the `%Anneal.Schedule{}` it was compiled
  from, plain data as always; `ref` is a reference to its compiled plan, which the native
  library holds (a NIF resource, freed once no process refers to it). `Anneal.value/2`,
  `Anneal.evaluate/3` and `Anneal.to_fun/1` take the handle and use the plan as it is: they
  neither decode nor validate the schedule again. The function that `Anneal.to_fun/1`
  returns for a schedule holds such a handle too.

  A handle works in the VM that compiled it. After `:erlang.term_to_binary/1` into another
  VM (a restart, another node), or with a plan layout of another version of the library,
  `ref` no longer points to a plan: the handle is *stale*, and every function given it
  compiles `schedule` again, on every call. Compile the schedule again to get a fresh
  handle; compare schedules by their `schedule` field, since every compilation gives a
  new `ref`.

  ## Examples

      iex> compiled = Anneal.compile(Anneal.new(:linear_decay, 1.0, steps: 4))
      iex> %Anneal.Compiled{schedule: %Anneal.Schedule{kind: :linear_decay}} = compiled
      iex> is_reference(compiled.ref)
      true
      iex> Anneal.evaluate(compiled, 0..2)
      [1.0, 0.75, 0.5]
  """

  alias Anneal.{Native, Schedule}

  @enforce_keys [:schedule, :ref]
  defstruct [:schedule, :ref]

  @type t :: %__MODULE__{schedule: Schedule.t(), ref: reference()}

  import Anneal.Steps, only: [is_s64: 1]

  @doc false
  # Validates the schedule (a struct may have been built by hand) and compiles it.
  @spec new(Schedule.t()) :: t()
  def new(%Schedule{} = schedule), do: %__MODULE__{schedule: schedule, ref: ref!(schedule)}

  defp ref!(%Schedule{} = schedule) do
    case schedule |> Schedule.to_native() |> compile_spec() do
      {:ok, ref} -> ref
      {:error, message} -> raise ArgumentError, message
    end
  end

  defp ref!(other) do
    raise ArgumentError,
          "expected an %Anneal.Compiled{} to hold an %Anneal.Schedule{}, got: #{inspect(other)}"
  end

  @doc false
  # The NIF's answer for a spec map: {:ok, ref} or {:error, message}. A spec too large to
  # decode within a fraction of a timeslice goes to the dirty flavour.
  @spec compile_spec(map()) :: {:ok, reference()} | {:error, String.t()}
  def compile_spec(spec) do
    case Native.compile(spec) do
      :dirty -> Native.compile_dirty(spec)
      reply -> reply
    end
  end

  # Runs `call` on the handle's plan, compiling the schedule again if the handle is stale.
  defp with_plan(%__MODULE__{ref: ref, schedule: schedule}, call) do
    case call.(ref) do
      :stale -> call.(ref!(schedule))
      reply -> reply
    end
  end

  @doc false
  @spec value(t(), Anneal.step() | Nx.Tensor.t()) :: float() | Nx.Tensor.t()
  def value(%__MODULE__{ref: ref} = compiled, step) when is_number(step) do
    case Native.value(ref, step) do
      value when is_float(value) -> value
      reply -> not_a_float!(compiled, step, reply)
    end
  end

  def value(%__MODULE__{schedule: schedule}, %{__struct__: Nx.Tensor} = step),
    do: Anneal.Tensor.value(schedule, step)

  def value(%__MODULE__{}, step) do
    raise ArgumentError, "expected step to be a number or an Nx.Tensor, got: #{inspect(step)}"
  end

  # The NIF answers a bare float; anything else is a stale handle, a step too costly for a
  # normal scheduler (a product of very many factors), or an error. A tensor never reaches
  # the NIF.
  defp not_a_float!(%__MODULE__{schedule: schedule} = compiled, step, :stale) do
    fresh = %{compiled | ref: ref!(schedule)}

    case Native.value(fresh.ref, step) do
      value when is_float(value) -> value
      reply -> not_a_float!(fresh, step, reply)
    end
  end

  defp not_a_float!(%__MODULE__{ref: ref} = compiled, step, :dirty) do
    case Native.value_dirty(ref, step) do
      value when is_float(value) -> value
      reply -> not_a_float!(compiled, step, reply)
    end
  end

  defp not_a_float!(_compiled, step, {:error, _message})
       when is_integer(step) and not is_s64(step) do
    raise ArgumentError,
          "expected step to fit in a signed 64-bit integer, got: " <>
            Anneal.Options.integer_text(step)
  end

  defp not_a_float!(_compiled, _step, {:error, message}), do: raise(ArgumentError, message)

  @doc false
  # The closure behind Anneal.to_fun/1,2 and the Axon-style functions: one guard and one NIF
  # call per number (see bench/); a tensor goes to Anneal.Tensor with `tensor_opts`. of_fun/1
  # finds the handle in its environment.
  @spec to_fun(t(), keyword()) :: Anneal.schedule_fun()
  def to_fun(%__MODULE__{ref: ref, schedule: schedule} = compiled, tensor_opts \\ []) do
    fn
      step when is_number(step) ->
        case Native.value(ref, step) do
          value when is_float(value) -> value
          reply -> not_a_float!(compiled, step, reply)
        end

      %{__struct__: Nx.Tensor} = step ->
        Anneal.Tensor.value(schedule, step, tensor_opts)

      step ->
        value(compiled, step)
    end
  end

  @doc false
  # The handle held by a function from to_fun/1, or :error for any other function.
  @spec of_fun(function()) :: {:ok, t()} | :error
  def of_fun(fun) when is_function(fun, 1) do
    with {:module, __MODULE__} <- Function.info(fun, :module),
         {:env, env} <- Function.info(fun, :env),
         %__MODULE__{} = compiled <- Enum.find(env, &is_struct(&1, __MODULE__)) do
      {:ok, compiled}
    else
      _ -> :error
    end
  end

  def of_fun(_other), do: :error

  @doc false
  # Evaluates tagged steps ({:range, first, stride, len} | {:s64, binary} | {:list, list}),
  # on a dirty scheduler when the NIF estimates the work at more than about 0.2 ms.
  @spec evaluate(t(), tuple(), :f32 | :f64, :list | :binary) ::
          {:ok, [float()] | binary()} | {:error, String.t()}
  def evaluate(%__MODULE__{ref: ref, schedule: schedule} = compiled, steps, type, into) do
    # No closure (with_plan/2): this is the fixed cost of every small evaluation.
    case Native.evaluate(ref, steps, type, into) do
      :dirty -> Native.evaluate_dirty(ref, steps, type, into)
      :stale -> evaluate(%{compiled | ref: ref!(schedule)}, steps, type, into)
      reply -> reply
    end
  end

  @doc false
  # The phase boundaries ({label, step} with float steps) and the horizon (nil for a plan
  # of one constant segment) that the plan gives.
  @spec phases(t()) :: {[{String.t(), float()}], float() | nil}
  def phases(%__MODULE__{} = compiled) do
    {:ok, phases} =
      with_plan(compiled, fn ref ->
        case Native.phases(ref) do
          :dirty -> Native.phases_dirty(ref)
          reply -> reply
        end
      end)

    phases
  end
end
