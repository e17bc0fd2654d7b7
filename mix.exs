defmodule Mix.Tasks.Compile.AnnealNative do
  @moduledoc false
  # Builds the Rust NIF with cargo and copies it to priv/native/, where Anneal.Native loads it.
  use Mix.Task.Compiler

  @crate "anneal_nif"

  @impl Mix.Task.Compiler
  def run(_args) do
    root = Path.dirname(Mix.Project.project_file())
    target_dir = System.get_env("CARGO_TARGET_DIR") || Path.join(root, "target")
    built = Path.join([target_dir, "release", library_name()])

    with {:ok, cargo} <- find_cargo(),
         :ok <- check_rust_version(cargo, root),
         :ok <- cargo_build(cargo, root, File.exists?(built)),
         {:ok, status} <- install(built, root) do
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

  # The minimum is Cargo.toml's rust-version (rustler 0.39 needs 1.91). An older cargo would
  # stop on some crate's manifest with a message that does not say to upgrade.
  defp check_rust_version(cargo, root) do
    [_, required] =
      Regex.run(~r/^rust-version = "([\d.]+)"/m, File.read!(Path.join(root, "Cargo.toml")))

    with {output, 0} <- System.cmd(cargo, ["--version"], stderr_to_stdout: true),
         [_, found] <- Regex.run(~r/^cargo ([\d.]+)/, output) do
      # [1, 90, 0] < [1, 91]: Erlang compares lists element by element.
      if version_numbers(found) < version_numbers(required) do
        {:error,
         "Anneal needs Rust #{required} or newer, found #{String.trim(output)}: " <>
           "run `rustup update` (or install Rust from https://rustup.rs)"}
      else
        :ok
      end
    else
      _ -> :ok
    end
  end

  defp version_numbers(version),
    do: version |> String.split(".", trim: true) |> Enum.map(&String.to_integer/1)

  # cargo's progress goes to the terminal as it comes, as Mix's own compilers report theirs;
  # only its "Finished" line is left out, so that a build with nothing to do stays silent.
  defp cargo_build(cargo, root, built_before?) do
    unless built_before? do
      Mix.shell().info(
        "Compiling the Rust NIF #{@crate} with cargo (the first build fetches crates " <>
          "from crates.io and takes a minute or two)"
      )
    end

    port =
      Port.open({:spawn_executable, cargo}, [
        :binary,
        :exit_status,
        :stderr_to_stdout,
        {:line, 4096},
        cd: root,
        args: ["build", "--release", "-p", @crate]
      ])

    case stream_cargo(port, "") do
      0 -> :ok
      status -> {:error, "cargo build of #{@crate} failed (exit #{status}); its output is above"}
    end
  end

  defp stream_cargo(port, partial) do
    receive do
      {^port, {:data, {:noeol, chunk}}} ->
        stream_cargo(port, partial <> chunk)

      {^port, {:data, {:eol, chunk}}} ->
        line = partial <> chunk
        unless line =~ ~r/^\s*Finished /, do: IO.puts(line)
        stream_cargo(port, "")

      {^port, {:exit_status, status}} ->
        status
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
      docs: docs()
    ]
  end

  def application do
    [extra_applications: extra_applications(Mix.env())]
  end

  # Nx is optional: Anneal calls it only for a step that is already an Nx.Tensor. Declaring it
  # lets a project that has Nx start it first and compile Anneal without "defined in
  # application :nx" warnings. The tests read SVG plots with :xmerl (test/support/svg.ex).
  defp extra_applications(:test), do: [:xmerl, nx: :optional]
  defp extra_applications(_env), do: [nx: :optional]

  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]

  # No hex packages. The interop tests run against local checkouts of Nx, Polaris and Axon,
  # which join the test environment as path dependencies, one environment variable per
  # library (as Axon's own AXON_NX_PATH); see README, "Interop tests". Each overrides the
  # requirement the others declare on it, so that ANNEAL_NX_PATH also chooses Axon's Nx.
  @interop_deps [
    nx: "ANNEAL_NX_PATH",
    polaris: "ANNEAL_POLARIS_PATH",
    axon: "ANNEAL_AXON_PATH"
  ]

  defp deps do
    for {app, var} <- @interop_deps, path <- [System.get_env(var)], path not in [nil, ""] do
      {app, path: Path.expand(path), only: :test, override: true}
    end
  end

  # For `mix docs` (ex_doc, added by whoever builds the HTML docs; no hex package here). The
  # functions carry `@doc group: ...`; formulas are plain Unicode text in code blocks, which
  # read the same in IEx `h` and in HTML, so no math renderer needs to be loaded.
  defp docs do
    [
      main: "readme",
      extras: ["README.md", "CHANGELOG.md"],
      groups_for_modules: [Schedules: [Anneal, Anneal.Schedule, Anneal.Schedule.Phases]],
      groups_for_docs:
        for group <- [
              "Axon and Polaris schedules",
              "Schedules beyond Axon",
              "Schedules as data",
              "JSON",
              "Seeing schedules"
            ] do
          {group, &(&1[:group] == group)}
        end
    ]
  end

  defp aliases do
    [demo: "run examples/demo.exs"]
  end
end
