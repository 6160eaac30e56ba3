"""The virtual node: plain data that a view returns and the patcher turns into DOM nodes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Key = str | int

TEXT = "#text"
"""The tag of a text node; its content is in `VNode.text`."""

_NO_ATTRS: Mapping[str, str] = {}


class VNode:
    """One element or text node of a view's output.

    Two nodes are the same node across renders when their tag and key match. `el` is the DOM
    node the patcher created or reused for it; views leave it as None. A view may return the
    very same VNode object as last time to say "unchanged": the patcher skips it by identity.
    A VNode object appears at most once in a mounted tree, and only ever under one parent:
    it has one `el`.
    """

    __slots__ = ("attrs", "children", "el", "key", "tag", "text")

    def __init__(
        self,
        tag: str,
        attrs: Mapping[str, str] = _NO_ATTRS,
        children: tuple[VNode, ...] = (),
        *,
        key: Key | None = None,
        text: str | None = None,
    ) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children = children
        self.key = key
        self.text = text
        self.el: Any = None

    def __repr__(self) -> str:
        if self.tag == TEXT:
            return f"VNode({self.text!r})"
        key = f" key={self.key!r}" if self.key is not None else ""
        return f"VNode(<{self.tag}{key}> {len(self.children)} children)"


Child = VNode | str | None


def h(
    tag: str, attrs: Mapping[str, str] | None = None, *children: Child, key: Key | None = None
) -> VNode:
    """Build an element node; string children become text nodes and None children are dropped."""
    kids = tuple(
        child if isinstance(child, VNode) else VNode(TEXT, text=child)
        for child in children
        if child is not None
    )
    return VNode(tag, attrs or _NO_ATTRS, kids, key=key)


def text(content: str) -> VNode:
    """Build a text node."""
    return VNode(TEXT, text=content)
