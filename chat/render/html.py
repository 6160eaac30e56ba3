"""Virtual nodes as HTML text: the markup a page can paint before Python has started."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from chat.render.vnode import TEXT, VNode

VOID = frozenset(["area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"])
"""Elements that HTML gives no content and no end tag."""


def to_html(vnodes: Iterable[VNode]) -> str:
    """The markup of `vnodes`, which a browser parses back into the same tree: text and
    attribute values are escaped, void elements have no end tag."""
    parts: list[str] = []
    for vnode in vnodes:
        _write(vnode, parts)
    return "".join(parts)


def _write(vnode: VNode, parts: list[str]) -> None:
    if vnode.tag == TEXT:
        parts.append(escape(vnode.text or "", quote=False))
        return
    parts.append(f"<{vnode.tag}")
    for name, value in vnode.attrs.items():
        parts.append(f' {name}="{escape(value)}"')
    parts.append(">")
    if vnode.tag in VOID:
        if vnode.children:
            raise ValueError(f"<{vnode.tag}> is a void element and cannot have children")
        return
    for child in vnode.children:
        _write(child, parts)
    parts.append(f"</{vnode.tag}>")
