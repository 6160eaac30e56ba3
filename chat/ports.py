"""The ports: what the core needs from the world it runs in, as small interfaces.

The browser implements them in chat/browser/ (IndexedDB, a BroadcastChannel, setTimeout,
the DOM); the tests implement them with fakes; `chat.compose.compose` takes one of each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from chat.render import DomApi

Clock = Callable[[], int]
"""The current time in epoch milliseconds."""

Schedule = Callable[[float, Callable[[], None]], None]
"""Run a callback after a delay in milliseconds (the browser's setTimeout)."""


class Database(Protocol):
    """Where the chats live: records written and read as JSON text (chat/stored.py has their
    shapes). Both calls return at once and answer later, never during a dispatch."""

    def write(self, text: str, done: Callable[[bool], None]) -> None:
        """Apply one change in one transaction; `done(True)` once it is kept, `done(False)` if
        it was refused. Writes are applied in the order they are made."""
        ...

    def messages(
        self,
        user_id: int,
        before: tuple[int, str] | None,
        limit: int,
        receive: Callable[[str | None], None],
    ) -> None:
        """Read up to `limit` messages of the chat with `user_id` that come before the key
        `before` (timestamp, id; None: the newest), and call `receive` with the page's text
        (`{"messages": [...oldest first], "older": bool}`), or None if the read failed."""
        ...

    def chats(self, offset: int, limit: int, receive: Callable[[str | None], None]) -> None:
        """Read up to `limit` chat records after the first `offset` in the order of the start
        (newest last message first, as when the app started), as they are now, and call
        `receive` with `{"chats": [...], "more": bool}`, or None if the read failed."""
        ...


class Channel(Protocol):
    """The app's other tabs in this browser."""

    def post(self, text: str) -> None:
        """Send `text` (JSON) to every other tab."""
        ...

    def listen(self, receive: Callable[[object], object]) -> None:
        """Call `receive` with each message another tab posts, as it arrives: untrusted, and
        text only if the other side is this app."""
        ...


@dataclass(frozen=True, slots=True)
class Screen:
    """Where the views render: the DOM, the app's root element, the header's counter, the
    person's time zone and the height of the user list's viewport in pixels."""

    api: DomApi
    root: Any
    header: Any
    tz: tzinfo
    list_height: float = 1080.0


@dataclass(frozen=True, slots=True)
class Ports:
    """One of each port; `notify` tells the person something (a notice on the page)."""

    clock: Clock
    schedule: Schedule
    database: Database
    channel: Channel
    screen: Screen
    notify: Callable[[str], None]
