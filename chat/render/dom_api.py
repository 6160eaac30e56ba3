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
