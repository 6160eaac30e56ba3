"""A recording fake of the patcher's DomApi: a tiny node tree plus a readable log of every call.

Log lines read like preact's key tests: an element is shown as `<tag>` followed by the text of its
direct text children (`<li>b`), a text node as `#text(b)`, a missing reference node as `null`.
"""

from __future__ import annotations

from typing import Any


class FakeNode:
    """An element (`tag` is its name) or a text node (`tag` is "#text", content in `text`)."""

    __slots__ = ("attrs", "children", "parent", "tag", "text")

    def __init__(self, tag: str, text: str = "") -> None:
        self.tag = tag
        self.text = text
        self.attrs: dict[str, str] = {}
        self.children: list[FakeNode] = []
        self.parent: FakeNode | None = None

    @property
    def is_text(self) -> bool:
        return self.tag == "#text"

    def label(self) -> str:
        if self.is_text:
            return f"#text({self.text})"
        return f"<{self.tag}>" + "".join(c.text for c in self.children if c.is_text)

    def __repr__(self) -> str:
        return f"FakeNode({self.label()})"


def _label(node: FakeNode | None) -> str:
    return "null" if node is None else node.label()


def to_html(node: FakeNode) -> str:
    """Serialise `node` and its subtree, attributes sorted by name: `<ul><li>a</li></ul>`."""
    if node.is_text:
        return node.text
    attrs = "".join(f' {name}="{value}"' for name, value in sorted(node.attrs.items()))
    inner = "".join(to_html(child) for child in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def inner_html(node: FakeNode) -> str:
    """Serialise the children of `node`, without `node` itself."""
    return "".join(to_html(child) for child in node.children)


class FakeDom:
    """Implements DomApi over FakeNodes, checking the DOM's preconditions and logging each call.

    `moves` counts insert_before calls on a node that already had a parent.
    """

    def __init__(self) -> None:
        self.log: list[str] = []
        self.moves = 0

    def take_log(self) -> list[str]:
        """Return the log so far and start a new one."""
        log, self.log = self.log, []
        return log

    def create_element(self, tag: str) -> FakeNode:
        self.log.append(f"createElement({tag})")
        return FakeNode(tag)

    def create_text(self, text: str) -> FakeNode:
        self.log.append(f"createTextNode({text})")
        return FakeNode("#text", text)

    def set_attribute(self, el: FakeNode, name: str, value: str) -> None:
        assert not el.is_text, f"setAttribute on {el!r}"
        self.log.append(f"{el.label()}.setAttribute({name}, {value})")
        el.attrs[name] = value

    def remove_attribute(self, el: FakeNode, name: str) -> None:
        assert not el.is_text, f"removeAttribute on {el!r}"
        self.log.append(f"{el.label()}.removeAttribute({name})")
        el.attrs.pop(name, None)

    def set_text(self, node: FakeNode, text: str) -> None:
        assert node.is_text, f"setText on {node!r}"
        self.log.append(f"{node.label()}.setText({text})")
        node.text = text

    def insert_before(self, parent: FakeNode, child: FakeNode, ref: Any | None) -> None:
        self.log.append(f"{parent.label()}.insertBefore({child.label()}, {_label(ref)})")
        assert not parent.is_text, f"insertBefore into {parent!r}"
        assert ref is None or ref.parent is parent, f"{ref!r} is not a child of {parent!r}"
        assert child is not ref, f"{child!r} inserted before itself"
        ancestor: FakeNode | None = parent
        while ancestor is not None:
            assert ancestor is not child, f"{child!r} inserted into its own subtree"
            ancestor = ancestor.parent
        if child.parent is not None:
            self.moves += 1
            child.parent.children.remove(child)
        index = len(parent.children) if ref is None else parent.children.index(ref)
        parent.children.insert(index, child)
        child.parent = parent

    def child_nodes(self, parent: FakeNode) -> list[FakeNode]:
        return list(parent.children)

    def node_name(self, node: FakeNode) -> str:
        return node.tag

    def attributes(self, el: FakeNode) -> dict[str, str]:
        return dict(el.attrs)

    def text_of(self, node: FakeNode) -> str:
        assert node.is_text, f"text_of {node!r}"
        return node.text

    def remove_child(self, parent: FakeNode, child: FakeNode) -> None:
        self.log.append(f"{parent.label()}.removeChild({child.label()})")
        assert child.parent is parent, f"{child!r} is not a child of {parent!r}"
        parent.children.remove(child)
        child.parent = None
