"""Tabs in sync: this tab's changes go to the app's other tabs, theirs arrive as server actions.

The messages are plain JSON-able dicts (the browser carries them on a BroadcastChannel):
`{"kind": "message", "user_id", "message": {id, contents, from, timestamp}}` and
`{"kind": "access", "user_id", "recipient"?, "current_user"?}`. Each tab keeps its own open
chat; the message store's merge rules make both tabs order every chat the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from chat.actions import (
    OPEN_CHAT,
    RECEIVE_MESSAGE,
    SEND_MESSAGE,
    UPDATE_LAST_ACCESS,
    ServerActions,
)
from chat.data import Message
from chat.dispatcher import Dispatcher, Payload
from chat.stores import MessagesStore, UserStore

Post = Callable[[dict[str, Any]], None]


class TabSync:
    """Posts what happened in this tab; `receive` applies what another tab posted."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        messages_store: MessagesStore,
        user_store: UserStore,
        server: ServerActions,
        post: Post,
    ) -> None:
        self._messages = messages_store
        self._users = user_store
        self._server = server
        self._post = post
        dispatcher.add_observer(self._after_dispatch)

    def _after_dispatch(self, payload: Payload) -> None:
        action = payload["action"]
        if action.get("remote"):
            return  # it came from another tab: sending it back would echo forever
        kind, user_id = action["type"], action.get("user_id")
        if kind == SEND_MESSAGE:
            message = {
                "id": action["id"],
                "contents": action["message"],
                "from": self._users.get_current_user().id,
                "timestamp": action["timestamp"],
            }
            self._post({"kind": "message", "user_id": user_id, "message": message})
        elif kind == RECEIVE_MESSAGE:
            self._post({"kind": "message", "user_id": user_id, "message": action["message"]})
        elif kind == OPEN_CHAT:
            self._post({"kind": "access", "user_id": user_id, "current_user": action["timestamp"]})
        elif kind == UPDATE_LAST_ACCESS:
            times = {key: action[key] for key in ("recipient", "current_user") if key in action}
            self._post({"kind": "access", "user_id": user_id, **times})

    def receive(self, data: object) -> bool:
        """Apply a message from another tab; False if it is not one this tab can use (another
        app version, or a chat this tab does not have)."""
        if not isinstance(data, Mapping):
            return False
        user_id = data.get("user_id")
        if not isinstance(user_id, int) or user_id not in self._messages.get_all_chats():
            return False
        if data.get("kind") == "message":
            senders = (user_id, self._users.get_current_user().id)
            message = _message(data.get("message"), senders)
            if message is None:
                return False
            self._server.receive_message(user_id, message, remote=True)
            return True
        if data.get("kind") == "access":
            times = {k: v for k, v in data.items() if k in ("recipient", "current_user")}
            if not times or not all(type(v) is int for v in times.values()):
                return False
            self._server.update_last_access(user_id, **times, remote=True)
            return True
        return False


def _message(raw: object, senders: tuple[int, int]) -> Message | None:
    if not isinstance(raw, Mapping):
        return None
    ident, contents = raw.get("id"), raw.get("contents")
    sender, timestamp = raw.get("from"), raw.get("timestamp")
    if (
        isinstance(ident, str)
        and isinstance(contents, str)
        and sender in senders
        and type(timestamp) is int
    ):
        return Message(ident, contents, sender, timestamp)
    return None
