"""Tabs in sync: this tab's changes go to the app's other tabs, theirs arrive as server actions.

The messages are plain JSON-able dicts (the browser carries them on a BroadcastChannel):
`{"kind": "message", "user_id", "message": {id, contents, from, timestamp}}` and
`{"kind": "access", "user_id", "recipient"?, "current_user"?}`. Each tab keeps its own open
chat; the message store's merge rules make both tabs order every chat the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, assert_never

from chat.actions import (
    OpenChat,
    Payload,
    ReceiveMessage,
    SendMessage,
    ServerActions,
    UpdateLastAccess,
)
from chat.codec import message_from_json
from chat.data import DataError, message_to_json, read_time
from chat.dispatcher import Dispatcher
from chat.model import Message
from chat.stores import MessagesStore, UserStore

Post = Callable[[dict[str, Any]], None]


class TabSync:
    """Posts what happened in this tab; `receive` applies what another tab posted."""

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
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
        action = payload.action
        match action:
            case SendMessage(user_id, text, timestamp, ident):
                sender = self._users.get_current_user().id
                message = message_to_json(Message(ident, text, sender, timestamp))
                self._post({"kind": "message", "user_id": user_id, "message": message})
            case ReceiveMessage(user_id, message, remote) if not remote:
                # (what came from another tab is not sent back: that would echo forever)
                self._post(
                    {"kind": "message", "user_id": user_id, "message": message_to_json(message)}
                )
            case OpenChat(user_id, timestamp):
                self._post({"kind": "access", "user_id": user_id, "current_user": timestamp})
            case UpdateLastAccess(user_id, recipient, current_user, remote) if not remote:
                times = {"recipient": recipient, "current_user": current_user}
                known = {key: value for key, value in times.items() if value is not None}
                self._post({"kind": "access", "user_id": user_id, **known})
            case ReceiveMessage() | UpdateLastAccess():
                pass
            case _:
                assert_never(action)

    def receive(self, data: object) -> bool:
        """Apply a message from another tab; False if it is not one this tab can use (another
        app version, or a chat this tab does not have)."""
        if not isinstance(data, Mapping):
            return False
        user_id = data.get("user_id")
        if not isinstance(user_id, int) or user_id not in self._messages.get_all_chats():
            return False
        if data.get("kind") == "message":
            try:
                message = message_from_json(data.get("message"))
            except DataError:
                return False
            if message.sender not in (user_id, self._users.get_current_user().id):
                return False
            self._server.receive_message(user_id, message, remote=True)
            return True
        if data.get("kind") == "access":
            try:
                times = {
                    name: read_time(data, name, "access")
                    for name in ("recipient", "current_user")
                    if name in data
                }
            except DataError:
                return False
            if not times:
                return False
            self._server.update_last_access(user_id, **times, remote=True)
            return True
        return False
