defmodule Anneal.DeepTermsTest do
  # No term of any shape or depth may crash the VM (issue 12, class 1): a NIF decoder that
  # recursed without a limit on a list nested 3,000 deep ended the OS process with SIGSEGV.
  # The probes (test/support/deep_terms.ex) run in a separate OS process, so that a crash
  # fails this test instead of killing the test VM.
  use ExUnit.Case, async: true

  @moduletag timeout: 300_000

  test "deep and large terms through every public function and NIF leave the VM alive" do
    {output, status} = run_probe("Anneal.Test.DeepTerms.run([3_000, 100_000])")
    assert status == 0, "the probe process exited with status #{status}:\n#{output}"
    assert output =~ ~r/ALIVE\n?$/
    assert [] == for(line <- String.split(output, "\n"), line =~ "UNEXPECTED", do: line)
  end

  test "the hand-built struct of the issue is refused with new/3's message" do
    nested = Enum.reduce(1..3_000, 1.0, fn _, acc -> [acc] end)
    schedule = %Anneal.Schedule{kind: :constant, init_value: 1.0, opts: [x: nested]}

    assert_raise ArgumentError, "unknown option :x for constant, expected one of: []", fn ->
      Anneal.to_json(schedule)
    end
  end

  test "joins nested deeper than 32 are refused before any NIF, built by hand or not" do
    constant = Anneal.new(:constant, 1.0)

    deep =
      Enum.reduce(1..40, constant, fn _, acc ->
        %Anneal.Schedule{kind: :join, init_value: nil, opts: [schedules: [acc], boundaries: []]}
      end)

    for call <- [&Anneal.to_json/1, &Anneal.to_fun/1, &Anneal.evaluate(&1, 0..3)] do
      assert_raise ArgumentError, "expected joins nested at most 32 deep", fn -> call.(deep) end
    end
  end

  test "NIF error messages describe a large term instead of printing it" do
    nested = Enum.reduce(1..3_000, 1.0, fn _, acc -> [acc] end)

    assert Anneal.Native.compile(nested) ==
             {:error, "expected a schedule spec, got: a list of 1 element"}

    assert Anneal.Native.to_json({"constant", 1.0, [{"x", nested}]}) ==
             {:error, "expected a schedule document nested at most 68 deep"}

    assert Anneal.Native.compile(List.to_tuple(Enum.to_list(1..100))) ==
             {:error, "expected a schedule spec, got: a tuple of 100 elements"}

    assert Anneal.Native.compile({:bogus, 0.1}) ==
             {:error, "expected a schedule spec, got: {bogus,1.000000e-01}"}
  end

  @doc false
  # Runs `code` in a fresh `elixir` OS process with this project's compiled code.
  def run_probe(code) do
    paths = Enum.flat_map(:code.get_path(), &["-pa", List.to_string(&1)])
    System.cmd("elixir", paths ++ ["-e", code], stderr_to_stdout: true)
  end
end
