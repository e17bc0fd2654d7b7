defmodule Anneal.Test.SVG do
  @moduledoc false
  # Reads SVG documents with :xmerl, the XML parser that ships with Erlang/OTP: a document
  # that parses is well-formed.

  require Record

  Record.defrecordp(
    :element,
    :xmlElement,
    Record.extract(:xmlElement, from_lib: "xmerl/include/xmerl.hrl")
  )

  Record.defrecordp(
    :attribute,
    :xmlAttribute,
    Record.extract(:xmlAttribute, from_lib: "xmerl/include/xmerl.hrl")
  )

  Record.defrecordp(
    :text,
    :xmlText,
    Record.extract(:xmlText, from_lib: "xmerl/include/xmerl.hrl")
  )

  @doc "Parses `svg`; raises unless it is well-formed XML with an `svg` root."
  def parse!(svg) do
    # Bytes, not characters: xmerl decodes the UTF-8 itself.
    {root, rest} = :xmerl_scan.string(:binary.bin_to_list(svg), quiet: true)

    unless element(root, :name) == :svg and String.trim(to_string(rest)) == "",
      do: raise("not an SVG document")

    root
  end

  @doc "The value of attribute `name` of the root element."
  def root_attribute(doc, name), do: attribute_value(doc, name)

  @doc "The lines of schedules (polylines `width` wide), each as a list of {x, y} points."
  def lines(doc, width) do
    for polyline <- :xmerl_xpath.string(~c"//polyline", doc),
        attribute_value(polyline, :"stroke-width") == Integer.to_string(width) do
      for point <- String.split(attribute_value(polyline, :points)) do
        [x, y] = String.split(point, ",")
        {String.to_integer(x), String.to_integer(y)}
      end
    end
  end

  @doc "The text of every <text> element, trimmed."
  def texts(doc) do
    for node <- :xmerl_xpath.string(~c"//text/text()", doc),
        do: node |> text(:value) |> to_string() |> String.trim()
  end

  defp attribute_value(element, name) do
    Enum.find_value(element(element, :attributes), fn attr ->
      if attribute(attr, :name) == name, do: to_string(attribute(attr, :value))
    end)
  end
end
