"""The ports: what the core needs from the world it runs in, as small interfaces.

The browser implements them in chat/browser/ (localStorage, a BroadcastChannel, setTimeout,
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


class Storage(Protocol):
    """Where the app's state is saved."""

    def write(self, text: str) -> bool:
        """Keep `text` in place of what was saved; False when refused (full, turned off)."""
        ...


class Database(Protocol):
    """Where the chats and their messages are kept (IndexedDB in the browser): written a
    change at a time, read a window of messages at a time. Text in and out is JSON."""

    def write(self, text: str, done: Callable[[bool], None]) -> None:
        """Write `text` ({"meta"?: {...}, "chats"?: [...], "messages"?: [...]}) in one
        transaction, started now: a message is kept once whatever repeats it, a chat's summary
        keeps the newer last message and the later last accesses, meta is merged into the
        stored one. Call `done(True)` once committed, `done(False)` if it failed; writes
        commit in the order they were made."""
        ...

    def messages(
        self,
        user_id: int,
        before: tuple[int, str] | None,
        limit: int,
        receive: Callable[[str | None], None],
    ) -> None:
        """Read up to `limit` messages of the chat with `user_id` strictly before the key
        `before` (timestamp, id), or its newest when None; call `receive` later with
        {"messages": [oldest first], "older": true when more lie before them}, or with None
        when the read failed."""
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
    storage: Storage
    channel: Channel
    screen: Screen
    notify: Callable[[str], None]
