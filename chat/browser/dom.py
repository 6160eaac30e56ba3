"""The patcher's DomApi over the real DOM."""

from __future__ import annotations

from typing import Any


class JsDomApi:
    """Each method is one DOM call; the patcher decides which calls are needed."""

    __slots__ = ("_document",)

    def __init__(self, document: Any) -> None:
        self._document = document

    def create_element(self, tag: str) -> Any:
        return self._document.createElement(tag)

    def create_text(self, text: str) -> Any:
        return self._document.createTextNode(text)

    def set_attribute(self, el: Any, name: str, value: str) -> None:
        el.setAttribute(name, value)

    def remove_attribute(self, el: Any, name: str) -> None:
        el.removeAttribute(name)

    def set_text(self, node: Any, text: str) -> None:
        node.nodeValue = text

    def insert_before(self, parent: Any, child: Any, ref: Any | None) -> None:
        parent.insertBefore(child, ref)

    def remove_child(self, parent: Any, child: Any) -> None:
        parent.removeChild(child)

    def child_nodes(self, parent: Any) -> list[Any]:
        return list(parent.childNodes)

    def node_name(self, node: Any) -> str:
        # Elements have a lower-case localName (for HTML); other nodes are "#text",
        # "#comment"... and have no localName at all.
        return str(node.localName if node.nodeType == 1 else node.nodeName)

    def attributes(self, el: Any) -> dict[str, str]:
        return {str(attr.name): str(attr.value) for attr in el.attributes}

    def text_of(self, node: Any) -> str:
        return str(node.nodeValue)
