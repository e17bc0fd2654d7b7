defmodule Mix.Tasks.Compile.AnnealNative do
  @moduledoc false
  # Builds the Rust NIF with cargo and copies it to priv/native/, where Anneal.Native loads it.
  use Mix.Task.Compiler

  @crate "anneal_nif"

  @impl Mix.Task.Compiler
  def run(_args) do
    root = Path.dirname(Mix.Project.project_file())
    target_dir = System.get_env("CARGO_TARGET_DIR") || Path.join(root, "target")

    with {:ok, cargo} <- find_cargo(),
         :ok <- cargo_build(cargo, root),
         {:ok, status} <- install(Path.join([target_dir, "release", library_name()]), root) do
      # Mix links _build/<env>/lib/anneal/priv to ./priv only if priv/ existed before the
      # compilers ran; on a fresh clone it did not, so link it now.
      Mix.Project.build_structure()
      {status, []}
    else
      {:error, message} ->
        Mix.shell().error(message)
        {:error, [diagnostic(message)]}
    end
  end

  defp find_cargo do
    home_cargo = Path.expand("~/.cargo/bin/cargo")

    cond do
      path = System.find_executable("cargo") -> {:ok, path}
      File.exists?(home_cargo) -> {:ok, home_cargo}
      true -> {:error, "cargo was not found: install Rust (https://rustup.rs) to build Anneal"}
    end
  end

  defp cargo_build(cargo, root) do
    args = ["build", "--release", "--quiet", "-p", @crate]

    case System.cmd(cargo, args, cd: root, stderr_to_stdout: true) do
      {output, 0} ->
        IO.write(output)
        :ok

      {output, status} ->
        {:error, "cargo build of #{@crate} failed (exit #{status}):\n#{output}"}
    end
  end

  # Copies to a temporary name and renames: overwriting a loaded .so in place can crash the VM.
  defp install(built, root) do
    dest = Path.join([root, "priv", "native", "lib#{@crate}.so"])

    cond do
      not File.exists?(built) ->
        {:error, "cargo did not produce #{built}"}

      File.exists?(dest) and File.read!(built) == File.read!(dest) ->
        {:ok, :noop}

      true ->
        File.mkdir_p!(Path.dirname(dest))
        tmp = dest <> ".tmp"
        File.cp!(built, tmp)
        File.rename!(tmp, dest)
        {:ok, :ok}
    end
  end

  defp library_name do
    case :os.type() do
      {:unix, :darwin} -> "lib#{@crate}.dylib"
      {:win32, _} -> "#{@crate}.dll"
      _ -> "lib#{@crate}.so"
    end
  end

  defp diagnostic(message) do
    %Mix.Task.Compiler.Diagnostic{
      compiler_name: "anneal_native",
      file: "native/#{@crate}",
      message: message,
      position: nil,
      severity: :error
    }
  end
end

defmodule Anneal.MixProject do
  use Mix.Project

  @version "0.1.0"

  def project do
    [
      app: :anneal,
      version: @version,
      elixir: "~> 1.14",
      description: "Learning-rate schedules for Elixir and Axon, computed in a Rust NIF.",
      compilers: [:anneal_native] ++ Mix.compilers(),
      elixirc_paths: elixirc_paths(Mix.env()),
      start_permanent: Mix.env() == :prod,
      deps: deps(),
      aliases: aliases(),
      docs: [main: "Anneal"]
    ]
  end

  def application do
    [extra_applications: extra_applications(Mix.env())]
  end

  # The tests read SVG plots with :xmerl (test/support/svg.ex); the library does not need it.
  defp extra_applications(:test), do: [:xmerl]
  defp extra_applications(_env), do: []

  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]

  # No hex packages. Axon and Nx join only the test environment, as path dependencies, when
  # ANNEAL_VENDOR names a folder holding their sources (see README, "Using Anneal with Axon").
  defp deps do
    case System.get_env("ANNEAL_VENDOR") do
      dir when dir in [nil, ""] ->
        []

      dir ->
        dir = Path.expand(dir)

        [
          {:axon, path: Path.join(dir, "axon"), only: :test},
          {:nx, path: Path.join(dir, "nx"), only: :test, override: true},
          {:complex, path: Path.join(dir, "complex"), only: :test, override: true}
        ]
    end
  end

  defp aliases do
    [demo: "run examples/demo.exs"]
  end
end
