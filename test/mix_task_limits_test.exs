defmodule Mix.Tasks.AnnealLimitsTest do
  # Issue 12, classes 2 and 8: `mix anneal.eval` built the whole range as a list before any
  # limit (2 GB in seconds for 0..2^63−1), and a spec the Elixir parser raises on ended in a
  # CaseClauseError stack trace. Now text is written in pieces after a refusal up front that
  # names the steps and the limit, and every spec that cannot be parsed is a one-line
  # Mix.Error (which Mix turns into exit status 1).
  # Mix.shell/1 is global: not async.
  use ExUnit.Case, async: false

  import ExUnit.CaptureIO

  alias Mix.Tasks.Anneal.{Eval, Plot}

  setup do
    Mix.shell(Mix.Shell.Process)
    on_exit(fn -> Mix.shell(Mix.Shell.IO) end)
  end

  @limit 4 * 1024 * 1024 * 1024

  defp refused(args) do
    # The Elixir parser warns on stderr about quoted keys it accepts.
    error =
      assert_raise Mix.Error, fn ->
        capture_io(:stderr, fn -> capture_io(fn -> Eval.run(args) end) end)
      end

    refute error.message =~ "\n"
    error.message
  end

  test "text output of too many steps is refused up front, naming the steps and the limit" do
    for format <- ~w(csv json table) do
      # 2^63 steps, at most 64 bytes a row.
      assert refused(["constant(0.1)", "--steps", "0..9223372036854775807", "--format", format]) ==
               "writing 9223372036854775808 steps (0..9223372036854775807) as #{format} may take " <>
                 "#{2 ** 63 * 64} bytes, above the limit of #{@limit} bytes (set it with " <>
                 "`config :anneal, max_bytes: ...`, or write raw floats with --out FILE.f32)"
    end
  end

  @tag :tmp_dir
  test "raw output of too many steps is refused up front too", %{tmp_dir: dir} do
    out = Path.join(dir, "lr.f32")

    assert refused(["constant(0.1)", "--steps", "0..9223372036854775807", "--out", out]) ==
             "evaluating 9223372036854775808 steps into an f32 binary needs #{2 ** 63 * 4} bytes, " <>
               "above the limit of #{@limit} bytes (set it with `config :anneal, max_bytes: ...`)"

    refute File.exists?(out)
  end

  test "steps beyond the signed 64-bit range are refused at once" do
    for steps <- [
          "0..9223372036854775808",
          "-9223372036854775809..0",
          "0..10//9223372036854775808"
        ] do
      assert refused(["constant(0.1)", "--steps", steps]) ==
               "invalid --steps #{inspect(steps)}: every step and the stride must fit in a " <>
                 "signed 64-bit integer, from -9223372036854775808 to 9223372036854775807"
    end

    error =
      assert_raise Mix.Error, fn ->
        Plot.run(["constant(0.1)", "--steps", "0..99999999999999999999"])
      end

    assert error.message =~ "every step and the stride must fit in a signed 64-bit integer"
  end

  test "text is the same whether it is written in one piece or several" do
    # constant(0.5) is exactly 0.5 at every step; 25,001 steps are three pieces of 10,000.
    csv =
      capture_io(fn -> Eval.run(["constant(0.5)", "--steps", "0..25000", "--format", "csv"]) end)

    assert csv == "step,value\n" <> Enum.map_join(0..25_000, &"#{&1},0.5\n")

    json =
      capture_io(fn ->
        Eval.run(["constant(0.5)", "--steps", "-3..25000//7", "--format", "json"])
      end)

    assert json ==
             "[" <> Enum.map_join(-3..25_000//7, ",", &~s({"step":#{&1},"value":0.5})) <> "]\n"

    table = capture_io(fn -> Eval.run(["constant(0.5)", "--steps", "25000..-5//-5"]) end)
    # The widest step, 25000, and two spaces.
    assert table ==
             "step   value\n" <>
               Enum.map_join(25_000..-5//-5, &(String.pad_trailing("#{&1}", 7) <> "0.5\n"))
  end

  test "every spec that cannot be parsed is a one-line error" do
    specs = [
      ~s{cosine_decay(0.1, "decay_stepz": 1000)},
      ~S|cosine_decay(0.1, "a#{x}": 1)|,
      "cosine_decay(0.1, decay_steps: 1000",
      "cosine_decay(0.1, %{1})",
      "cosine_decay(0.1, [1 | 2])",
      "<<1, 2>>",
      "fn -> 1 end",
      ~S|"\u{110000}"|,
      String.duplicate("[", 5000),
      "\0"
    ]

    for spec <- specs do
      message = refused([spec])
      assert message =~ "invalid schedule "
    end
  end
end
