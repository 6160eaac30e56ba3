"""What the person can do: each action builds a plain payload and hands it to the dispatcher."""

from __future__ import annotations

import time
from collections.abc import Callable

from chat.dispatcher import AppDispatcher

OPEN_CHAT = "updateOpenChatID"
SEND_MESSAGE = "sendMessage"

Clock = Callable[[], int]


def now_ms() -> int:
    """The current time in epoch milliseconds, the unit of every timestamp in the data."""
    return time.time_ns() // 1_000_000


class ChatActions:
    """The tutorial's `MessagesActions`: open a chat, send a message. Times come from `clock`,
    so a payload carries everything a store needs and replaying it gives the same state."""

    def __init__(self, dispatcher: AppDispatcher, clock: Clock = now_ms) -> None:
        self._dispatcher = dispatcher
        self._clock = clock

    def open_chat(self, user_id: int) -> None:
        """Open the chat with `user_id` and mark it read."""
        self._dispatcher.handle_view_action(
            {"type": OPEN_CHAT, "user_id": user_id, "timestamp": self._clock()}
        )

    def send_message(self, user_id: int, text: str) -> bool:
        """Send `text` to `user_id`; blank text is not sent. Returns whether it was sent."""
        if not text.strip():
            return False
        self._dispatcher.handle_view_action(
            {"type": SEND_MESSAGE, "user_id": user_id, "message": text, "timestamp": self._clock()}
        )
        return True
