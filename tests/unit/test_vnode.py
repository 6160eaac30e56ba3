"""Virtual nodes: h builds elements with attributes, a key and children; strings become text."""

from __future__ import annotations

from chat.render import TEXT, VNode, h, text


def test_h_builds_an_element_with_its_attributes_key_and_children() -> None:
    child = h("span", None, "hi")
    node = h("li", {"class": "item"}, child, key=3)
    assert (node.tag, dict(node.attrs), node.key, node.text) == ("li", {"class": "item"}, 3, None)
    assert node.children == (child,) and node.children[0] is child
    assert node.el is None, "views leave el to the patcher"


def test_string_children_become_text_nodes_and_none_is_dropped() -> None:
    node = h("p", None, "a", None, h("b"), None, "c")
    assert [(child.tag, child.text) for child in node.children] == [
        (TEXT, "a"),
        ("b", None),
        (TEXT, "c"),
    ]


def test_no_attributes_and_no_children_are_empty() -> None:
    node = h("div")
    assert dict(node.attrs) == {} and node.children == () and node.key is None
    assert dict(h("div", {}).attrs) == {}


def test_text_builds_a_text_node() -> None:
    node = text("hello")
    assert (node.tag, node.text, node.children, node.key) == (TEXT, "hello", (), None)
    assert text("").text == ""


def test_the_repr_names_the_tag_the_key_and_how_many_children() -> None:
    assert repr(text("hi")) == "VNode('hi')"
    assert repr(h("ul", None, h("li"), h("li"), key="k")) == "VNode(<ul key='k'> 2 children)"
    assert repr(VNode("br")) == "VNode(<br> 0 children)"
