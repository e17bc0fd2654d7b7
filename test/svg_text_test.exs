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

  # The first character XML 1.0 cannot hold (its `Char` production: tab, newline, carriage
  # return, U+0020–U+D7FF, U+E000–U+FFFD, U+10000 and above), carriage return included
  # (readers turn it into a newline), or nil.
  defp refused(title) do
    title
    |> String.to_charlist()
    |> Enum.find(fn c ->
      not (c in [9, 10] or c in 0x20..0xD7FF or c in 0xE000..0xFFFD or c >= 0x10000)
    end)
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

      case refused(title) do
        nil ->
          doc = SVG.parse!(plot(title))
          texts = Enum.join(SVG.texts(doc), "\n")
          for word <- String.split(title), do: assert(texts =~ word)

        char ->
          code = char |> Integer.to_string(16) |> String.pad_leading(4, "0")

          assert_raise ArgumentError,
                       ~r/^expected the title to hold no control character.*\(with U\+#{code}\)$/,
                       fn ->
                         plot(title)
                       end
      end
    end
  end
end
