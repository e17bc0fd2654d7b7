defmodule Anneal.Test.AxonProbe do
  @moduledoc false
  # Trains a one-bias model with plain SGD through Axon.Loop.trainer/4 and Axon.Loop.run/4,
  # and reads back the learning rate that each step applied.
  #
  # The model is y = x + b on the input x = 0, so y = b. The loss is sum(s · y) with the
  # target s = +1 at even steps and -1 at odd ones, so its gradient with respect to b is s
  # and SGD sets b ← b − lr · s: the learning rate applied at step n is s · (b_n − b_{n+1}).
  # Alternating signs keep |b| at most the largest learning rate, so reading lr back from
  # the float32 bias costs at most one rounding of b (2^-24 · |b|).

  @compile {:no_warn_undefined, [Nx, Axon, Axon.Loop, Polaris.Optimizers]}

  @doc "The bias after each of `n` SGD steps driven by `schedule`, from b_0 = 0."
  @spec biases((term() -> term()), pos_integer()) :: [float()]
  def biases(schedule, n) do
    parent = self()
    ref = make_ref()
    data = for step <- 0..(n - 1), do: {Nx.tensor([[0.0]]), Nx.tensor([[sign(step)]])}
    loss = fn target, y -> Nx.sum(Nx.multiply(target, y)) end

    Axon.input("x", shape: {nil, 1})
    |> Axon.bias(bias_initializer: :zeros)
    |> Axon.Loop.trainer(loss, sgd(schedule), log: 0)
    |> handle_event(:iteration_completed, fn state ->
      send(parent, {ref, bias(state.step_state.model_state)})
      {:continue, state}
    end)
    |> Axon.Loop.run(data, initial_state(), epochs: 1)

    [0.0 | for(_ <- 1..n, do: receive(do: ({^ref, b} -> b)))]
  end

  @doc "The learning rate applied at each step, read back from the biases of `biases/2`."
  @spec applied_rates([float()]) :: [float()]
  def applied_rates(biases) do
    biases
    |> Enum.chunk_every(2, 1, :discard)
    |> Enum.with_index(fn [before, after_step], step -> sign(step) * (before - after_step) end)
  end

  @doc "The biases SGD computes in float32 from the learning rates `rates` (float32 values)."
  @spec simulate([float()]) :: [float()]
  def simulate(rates) do
    rates
    |> Enum.with_index()
    |> Enum.scan(0.0, fn {rate, step}, b -> f32(b - sign(step) * rate) end)
    |> then(&[0.0 | &1])
  end

  @doc "The float32 nearest to `x`."
  @spec f32(float()) :: float()
  def f32(x) do
    <<rounded::float-32>> = <<x::float-32>>
    rounded
  end

  defp sign(step), do: if(rem(step, 2) == 0, do: 1.0, else: -1.0)

  # Axon 0.8 moved the optimizers to Polaris, renamed Loop.handle/4 to handle_event/4 and
  # starts from an %Axon.ModelState{}; the probe takes whichever this Axon has, through
  # apply/3 so that neither version's deprecations warn.

  @doc "Plain SGD driven by `schedule`: Polaris' (Axon >= 0.6) or else Axon 0.4's own."
  @spec sgd((term() -> term())) :: term()
  def sgd(schedule) do
    if Code.ensure_loaded?(Polaris.Optimizers),
      do: Polaris.Optimizers.sgd(learning_rate: schedule),
      else: apply(Axon.Optimizers, :sgd, [schedule])
  end

  defp handle_event(loop, event, fun) do
    Code.ensure_loaded!(Axon.Loop)
    name = if function_exported?(Axon.Loop, :handle_event, 3), do: :handle_event, else: :handle
    apply(Axon.Loop, name, [loop, event, fun])
  end

  defp initial_state do
    if Code.ensure_loaded?(Axon.ModelState), do: apply(Axon.ModelState, :empty, []), else: %{}
  end

  @doc "The parameters as a map of layers, from Axon 0.4's map or Axon 0.8's `%Axon.ModelState{}`."
  @spec params(map()) :: map()
  def params(%{__struct__: Axon.ModelState, data: data}), do: data
  def params(%{} = params), do: params

  defp bias(model_state) do
    [bias] = for {_layer, %{"bias" => b}} <- params(model_state), do: b
    [value] = Nx.to_flat_list(bias)
    value
  end
end
