defmodule Anneal.ReadmeAxonTest do
  # Runs README.md's Axon code as written, block after block in one binding as a user would
  # paste it into iex: the training example the README opens with, then the blocks of its
  # "Using Anneal with Axon" section; then checks what they built. Written for today's stack
  # (Axon 0.8, Polaris 0.1, Nx 0.11).
  use ExUnit.Case, async: true

  @compile {:no_warn_undefined, [Nx, Nx.Defn]}

  alias Anneal.Test.AxonProbe

  @moduletag :axon
  @moduletag :polaris

  @readme Path.expand("../README.md", __DIR__)
  @external_resource @readme

  setup_all do
    readme = File.read!(@readme)
    [intro | _] = String.split(readme, "\n## ")
    [_, section] = String.split(readme, "\n## Using Anneal with Axon\n")
    [section | _] = String.split(section, "\n## ")
    blocks = elixir_blocks(intro) ++ elixir_blocks(section)
    # training example; cosine table, Kernel.min trap
    assert length(blocks) == 3

    # Axon's initializers draw from the process's :rand state.
    :rand.seed(:exsss, {1, 2, 3})

    binding =
      Enum.reduce(blocks, [], fn code, binding ->
        {_, binding} = Code.eval_string(code, binding, file: @readme)
        binding
      end)

    %{binding: Map.new(binding)}
  end

  defp elixir_blocks(markdown) do
    for [_, code] <- Regex.scan(~r/```elixir\n(.*?)```/s, markdown), do: code
  end

  test "the training example fits y = 2x + 1", %{binding: binding} do
    %{"dense_0" => %{"kernel" => kernel, "bias" => bias}} = AxonProbe.params(binding.model_state)

    assert_in_delta Nx.to_number(Nx.squeeze(kernel)), 2.0, 1.0e-3
    assert_in_delta Nx.to_number(Nx.squeeze(bias)), 1.0, 1.0e-3
  end

  test "the table holds the float32 value of step i at bytes 4i..4i+3", %{binding: binding} do
    bytes = Nx.to_binary(binding.table)
    assert Nx.type(binding.table) == {:f, 32}
    assert byte_size(bytes) == 4 * 1001

    # cosine_decay(1.0e-3, decay_steps: 1000): cos(0) = 1 at step 0, cos(π/2) = 0 (half of
    # init) at step 500, cos(π) = −1 (0) at step 1000
    <<first::float-native-32, _::binary-size(4 * 499), middle::float-native-32,
      _::binary-size(4 * 499), last::float-native-32>> = bytes

    assert first == AxonProbe.f32(1.0e-3)
    assert middle == AxonProbe.f32(5.0e-4)
    assert last == 0.0

    schedule = Anneal.new(:cosine_decay, 1.0e-3, decay_steps: 1000)
    values = for <<v::float-native-32 <- bytes>>, do: v
    assert values == Enum.map(0..1000, &AxonProbe.f32(Anneal.value(schedule, &1)))
  end

  test "the lookup clamps the step and works inside defn and Axon", %{binding: binding} do
    got = Nx.Defn.jit(binding.lookup).(Nx.tensor([-5, 0, 500, 1000, 5000]))
    half = AxonProbe.f32(5.0e-4)
    assert Nx.to_flat_list(got) == [AxonProbe.f32(1.0e-3), AxonProbe.f32(1.0e-3), half, 0.0, 0.0]

    biases = AxonProbe.biases(binding.lookup, 10)
    expected = for <<v::float-native-32 <- Nx.to_binary(binding.table[0..9])>>, do: v
    assert biases == AxonProbe.simulate(expected)
  end

  test "the Kernel.min trap is as the warning says", %{binding: binding} do
    assert binding.decay.(500) == 0.0005
    assert Nx.to_number(Nx.Defn.jit(binding.decay).(500)) == 0.0
  end
end
