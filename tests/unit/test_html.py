"""Virtual nodes as HTML: text and attributes escaped, void elements without an end tag."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from chat.render import h, text, to_html


def test_elements_attributes_and_text_in_order() -> None:
    tree = h("ul", {"class": "list", "id": "l"}, h("li", None, "a"), h("li", None, "b"))
    assert to_html([tree]) == '<ul class="list" id="l"><li>a</li><li>b</li></ul>'
    assert to_html([text("one"), h("br"), text("two")]) == "one<br>two"
    assert to_html([]) == ""


def test_text_and_attribute_values_are_escaped() -> None:
    node = h("a", {"title": "\"quoted\" & 'single' <b>"}, '<script>alert(1)</script> & "so"')
    assert to_html([node]) == (
        '<a title="&quot;quoted&quot; &amp; &#x27;single&#x27; &lt;b&gt;">'
        '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "so"</a>'
    )


def test_void_elements_have_no_end_tag_and_no_children() -> None:
    assert to_html([h("input", {"maxlength": "10"})]) == '<input maxlength="10">'
    assert to_html([h("img", {"src": "a.svg"}), h("span")]) == '<img src="a.svg"><span></span>'
    with pytest.raises(ValueError, match=r"<br> is a void element and cannot have children"):
        to_html([h("br", None, "x")])


class Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", (tag, attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data))


def test_a_parser_reads_back_the_same_text_and_attributes() -> None:
    tricky = "a < b && \"c\" > 'd' </p>"
    parser = Parsed()
    parser.feed(to_html([h("p", {"data-x": tricky}, tricky)]))
    parser.close()
    assert parser.events == [("start", ("p", [("data-x", tricky)])), ("text", tricky), ("end", "p")]
