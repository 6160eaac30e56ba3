"""The few DOM operations the patcher needs, as a protocol so tests can hand it a fake."""

from __future__ import annotations

from typing import Any, Protocol


class DomApi(Protocol):
    """What the patcher may do to a page. Node arguments are opaque handles the API created."""

    def create_element(self, tag: str) -> Any: ...

    def create_text(self, text: str) -> Any: ...

    def set_attribute(self, el: Any, name: str, value: str) -> None: ...

    def remove_attribute(self, el: Any, name: str) -> None: ...

    def set_text(self, node: Any, text: str) -> None:
        """Replace the content of a text node."""
        ...

    def insert_before(self, parent: Any, child: Any, ref: Any | None) -> None:
        """Insert or move `child` before `ref`; a None `ref` appends."""
        ...

    def remove_child(self, parent: Any, child: Any) -> None: ...

    # Reading, for `hydrate`: adopting nodes that are already on the page.

    def child_nodes(self, parent: Any) -> list[Any]:
        """The children of `parent`, text nodes included, in order."""
        ...

    def node_name(self, node: Any) -> str:
        """A VNode's tag for the node: the lower-case tag of an element, "#text" for text, and
        "#comment" and the like for nodes no VNode makes."""
        ...

    def attributes(self, el: Any) -> dict[str, str]: ...

    def text_of(self, node: Any) -> str:
        """The content of a text node."""
        ...
