"""What the person did while Python was starting, replayed as ordinary view actions.

The page's start-up script (index.html) shows a sent text at once as a pending message and a
clicked chat as selected, and queues both; once the app has adopted the page, `replay` turns
the queue into the very actions a click and an Enter dispatch later on, in order, once each.
The queue comes from sessionStorage, so it is read like any outside input: entries of the
wrong shape are dropped, never trusted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chat.data import DataError, parse_json

MAX_ENTRIES = 1_000
"""More than a person types while a page starts; a longer queue is not a person's."""

MAX_QUEUE_CHARS = 8 * 1024 * 1024
"""The queue's JSON: more than sessionStorage holds (about 5 MB)."""


@dataclass(frozen=True, slots=True)
class Typed:
    """Text sent from the reply box."""

    text: str


@dataclass(frozen=True, slots=True)
class Clicked:
    """A chat chosen in the user list."""

    user_id: int


Queued = Typed | Clicked


def parse_queue(text: str | None) -> list[Queued]:
    """The queued input in `text` (the start-up script's JSON); what is not a well-formed
    entry is left out."""
    try:
        entries = parse_json(text, "the queue", MAX_QUEUE_CHARS) if text else []
    except DataError:
        return []
    if not isinstance(entries, list):
        return []
    queue: list[Queued] = []
    for entry in entries[:MAX_ENTRIES]:
        if not isinstance(entry, dict):
            continue
        kind = entry.get("kind")
        if kind == "send" and isinstance(entry.get("text"), str) and entry["text"].strip():
            queue.append(Typed(entry["text"]))
        elif kind == "open" and type(entry.get("user_id")) is int:
            queue.append(Clicked(entry["user_id"]))
    return queue


def replay(
    queue: list[Queued],
    open_chat: Callable[[int], object],
    send_message: Callable[[str], object],
    has_chat: Callable[[int], bool],
) -> None:
    """Dispatch `queue` in order: a click opens its chat (if there is such a chat), a text is
    sent to the chat open at that point."""
    for entry in queue:
        match entry:
            case Clicked(user_id) if has_chat(user_id):
                open_chat(user_id)
            case Typed(text):
                send_message(text)
