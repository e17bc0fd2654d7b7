defmodule Anneal.SVGTextTest do
  # Issue 12, class 9: a plot title with control characters made an SVG document that is not
  # well-formed XML. They are refused (ArgumentError naming the title and the character);
  # every title accepted gives a document that :xmerl reads, with the title as written.
  use ExUnit.Case, async: true

  alias Anneal.Test.SVG

  defp plot(title),
    do: Anneal.plot(Anneal.cosine_decay(0.1, decay_steps: 100), 0..100, title: title)

  test "control characters other than tab and newline are refused by name" do
    for {title, code} <- [
          {"a\u0000b", "0000"},
          {"\e[31mred", "001B"},
          {"x\ry", "000D"},
          {"\uFFFE", "FFFE"}
        ] do
      assert_raise ArgumentError,
                   "expected the title to hold no control character other than tab and newline, " <>
                     "got: #{inspect_rust(title)} (with U+#{code})",
                   fn -> plot(title) end
    end
  end

  # Rust's Debug form of a string, as the message shows it.
  defp inspect_rust("a\u0000b"), do: ~s("a\\0b")
  defp inspect_rust("\e[31mred"), do: ~s("\\u{1b}[31mred")
  defp inspect_rust("x\ry"), do: ~s("x\\ry")
  defp inspect_rust("\uFFFE"), do: ~s("\\u{fffe}")

  test "any other title gives well-formed XML holding it" do
    for title <- ["tab\there", "two\nlines", ~s(<&>"' ]]> --), "ηλ 学習率 🙂", ""] do
      doc = SVG.parse!(plot(title))
      texts = Enum.join(SVG.texts(doc), "\n")
      # Whitespace may be laid out differently; every other character is there.
      for word <- String.split(title), do: assert(texts =~ word)
    end
  end

  test "random titles are refused or drawn as well-formed XML (seeded)" do
    :rand.seed(:exsss, {9, 9, 9})

    for _ <- 1..300 do
      title =
        for _ <- 1..:rand.uniform(12), into: "" do
          <<Enum.random(
              [0, 1, 9, 10, 13, 31, 32, 38, 60, 62, 127, 0x85, 0xFFFE, 0x1F600] ++
                Enum.to_list(?a..?e)
            )::utf8>>
        end

      try do
        SVG.parse!(plot(title))
      rescue
        e in ArgumentError ->
          assert e.message =~ "expected the title to hold no control character"
      end
    end
  end
end
