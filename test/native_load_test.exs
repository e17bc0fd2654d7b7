defmodule Anneal.NativeLoadTest do
  # A missing, damaged or foreign native library must not surface as :nif_not_loaded with
  # no context: Anneal still loads, and the first call that needs the NIF says why the
  # library did not load and how to rebuild it. Each case runs in a fresh VM, on a copy of
  # Anneal's compiled modules beside a priv/ directory prepared for the case.
  use ExUnit.Case, async: true

  @moduletag :slow
  @moduletag :tmp_dir

  @call """
  try do
    Anneal.cosine_decay(0.1).(1)
  rescue
    error -> IO.puts(inspect(error.__struct__) <> ": " <> Exception.message(error))
  end
  """

  defp run_with_library(tmp_dir, library) do
    lib = Path.join(tmp_dir, "anneal")
    File.mkdir_p!(lib)
    File.cp_r!(Path.join(:code.lib_dir(:anneal), "ebin"), Path.join(lib, "ebin"))

    if library do
      so = Path.join([lib, "priv", "native", "libanneal_nif.so"])
      File.mkdir_p!(Path.dirname(so))
      library.(so)
    end

    args = ["-pa", Path.join(lib, "ebin"), "-e", @call]
    {output, 0} = System.cmd(System.find_executable("elixir"), args, stderr_to_stdout: true)
    output
  end

  defp assert_explains(output, reason) do
    assert output =~ "RuntimeError: Anneal's native library"
    assert output =~ reason
    assert output =~ "mix compile --force"
    assert output =~ "mix deps.compile anneal --force"
    refute output =~ "nif_not_loaded"
  end

  test "a missing library", %{tmp_dir: tmp_dir} do
    output = run_with_library(tmp_dir, nil)
    assert_explains(output, "No such file or directory")
  end

  test "a damaged library", %{tmp_dir: tmp_dir} do
    output = run_with_library(tmp_dir, &File.write!(&1, "not an ELF file"))
    assert_explains(output, "libanneal_nif.so")
  end

  @crypto_nif (case :code.priv_dir(:crypto) do
                 {:error, _} -> nil
                 priv -> Path.join([priv, "lib", "crypto.so"])
               end)

  @tag skip: !(@crypto_nif && File.exists?(@crypto_nif)) && "OTP's crypto NIF is not installed"
  test "a library built for something else (here OTP's crypto NIF)", %{tmp_dir: tmp_dir} do
    crypto = @crypto_nif
    output = run_with_library(tmp_dir, &File.cp!(crypto, &1))
    assert_explains(output, "does not match calling module")
  end

  test "the message for any load error names the reason and the rebuild command" do
    message = Anneal.Native.LoadError.message({:load_failed, ~c"Failed to load NIF library"})
    assert message =~ "not loaded: load_failed, Failed to load NIF library."
    assert message =~ "stale"
    assert message =~ "`mix compile --force`"
    assert Anneal.Native.LoadError.message(:unknown) =~ "not loaded: :unknown."
  end
end
