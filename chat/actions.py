"""What can happen: each action builds a plain payload and hands it to the dispatcher.

View actions are what the person did in this tab; server actions are what arrived from
elsewhere (a contact, or another tab of the app).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from chat.data import Message, message_to_json
from chat.dispatcher import AppDispatcher

OPEN_CHAT = "updateOpenChatID"
SEND_MESSAGE = "sendMessage"
RECEIVE_MESSAGE = "receiveMessage"
UPDATE_LAST_ACCESS = "updateLastAccess"

Clock = Callable[[], int]


def now_ms() -> int:
    """The current time in epoch milliseconds, the unit of every timestamp in the data."""
    return time.time_ns() // 1_000_000


class ChatActions:
    """The tutorial's `MessagesActions`: open a chat, send a message. Times come from `clock`,
    so a payload carries everything a store needs and replaying it gives the same state.

    A sent message's id starts with `tab_id`, so messages sent at the same moment in two tabs
    never share an id.
    """

    def __init__(self, dispatcher: AppDispatcher, clock: Clock = now_ms, tab_id: str = "t") -> None:
        self._dispatcher = dispatcher
        self._clock = clock
        self._tab_id = tab_id
        self._sequence = itertools.count(1)

    def open_chat(self, user_id: int) -> None:
        """Open the chat with `user_id` and mark it read."""
        self._dispatcher.handle_view_action(
            {"type": OPEN_CHAT, "user_id": user_id, "timestamp": self._clock()}
        )

    def send_message(self, user_id: int, text: str) -> bool:
        """Send `text` to `user_id`; blank text is not sent. Returns whether it was sent."""
        if not text.strip():
            return False
        timestamp = self._clock()
        self._dispatcher.handle_view_action(
            {
                "type": SEND_MESSAGE,
                "user_id": user_id,
                "message": text,
                "timestamp": timestamp,
                "id": f"{self._tab_id}-{timestamp}-{next(self._sequence)}",
            }
        )
        return True


class ServerActions:
    """What arrives from elsewhere: a contact's message or read receipt, or another tab's change.

    `remote` marks what came from another tab, so it is not sent back there.
    """

    def __init__(self, dispatcher: AppDispatcher) -> None:
        self._dispatcher = dispatcher

    def receive_message(self, user_id: int, message: Message, *, remote: bool = False) -> None:
        """Add `message` to the chat with `user_id`, in time order; a known id is ignored."""
        self._dispatcher.handle_server_action(
            {
                "type": RECEIVE_MESSAGE,
                "user_id": user_id,
                "message": message_to_json(message),
                "remote": remote,
            }
        )

    def update_last_access(
        self,
        user_id: int,
        *,
        recipient: int | None = None,
        current_user: int | None = None,
        remote: bool = False,
    ) -> None:
        """Move the chat's last access times forward (never back)."""
        action: dict[str, Any] = {"type": UPDATE_LAST_ACCESS, "user_id": user_id, "remote": remote}
        if recipient is not None:
            action["recipient"] = recipient
        if current_user is not None:
            action["current_user"] = current_user
        self._dispatcher.handle_server_action(action)
