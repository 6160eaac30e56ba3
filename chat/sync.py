"""Tabs in sync: this tab's payloads go to the app's other tabs, theirs arrive as server actions.

A tab message is a payload in the tutorial's JSON shape, the inspector log's shape, encoded and
decoded by chat/codec.py: `{"source": "view", "action": {"type": "sendMessage", ...}}`, carried
as JSON text. What arrives is untrusted (any page of the site can speak on the channel) and is
read with the rules of every other boundary. The receiving tab turns it into the server action
that brings its stores to the same state, marked `remote` so that it is not posted back; each
tab keeps its own open chat, and the message store's merge rules order every chat the same way
in both.

Tabs of earlier builds posted `{"kind": "message", "user_id", "message"}` and
`{"kind": "access", "user_id", "recipient"?, "current_user"?}`; those read as the same payloads.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, assert_never

from chat.actions import (
    RECEIVE_MESSAGE,
    UPDATE_LAST_ACCESS,
    Action,
    OpenChat,
    Payload,
    ReceiveChats,
    ReceiveMessage,
    ReceiveMessages,
    SendMessage,
    UpdateLastAccess,
)
from chat.codec import payload_from_json, payload_to_json
from chat.data import MAX_TAB_MESSAGE_CHARS, DataError, parse_json
from chat.dispatcher import AppDispatcher
from chat.model import Message, in_chat
from chat.ports import Channel
from chat.stores import MessagesStore, UserStore


class TabSync:
    """Posts what happened in this tab; `receive` applies what another tab posted."""

    def __init__(
        self,
        dispatcher: AppDispatcher,
        messages_store: MessagesStore,
        user_store: UserStore,
        channel: Channel,
    ) -> None:
        self._dispatcher = dispatcher
        self._messages = messages_store
        self._users = user_store
        self._channel = channel
        dispatcher.add_observer(self._after_dispatch)
        channel.listen(self.receive)

    def _after_dispatch(self, payload: Payload) -> None:
        # What came from another tab is not sent back: that would echo forever. What this tab
        # loaded from the database the others can load themselves.
        if not _remote(payload.action) and not isinstance(
            payload.action, ReceiveMessages | ReceiveChats
        ):
            self._channel.post(json.dumps(payload_to_json(payload), ensure_ascii=False))

    def receive(self, text: object) -> bool:
        """Apply a message from another tab; False if it is not one this tab can use (not a
        payload, against the rules, or about a chat this tab does not have)."""
        if not isinstance(text, str):
            return False
        try:
            raw = parse_json(text, "the tab message", MAX_TAB_MESSAGE_CHARS)
            payload = payload_from_json(_from_earlier_builds(raw), "the tab message")
        except DataError:
            return False
        action = self._as_remote(payload.action)
        if action is None:
            return False
        self._dispatcher.handle_server_action(action)
        return True

    def _as_remote(self, action: Action) -> ReceiveMessage | UpdateLastAccess | None:
        """The server action that does here what `action` did in the other tab; None if this
        tab cannot use it."""
        current_user_id = self._users.get_current_user().id
        remote: ReceiveMessage | UpdateLastAccess
        match action:
            case SendMessage(user_id, text, timestamp, ident):
                message = Message(ident, text, current_user_id, timestamp)
                remote = ReceiveMessage(user_id, message, remote=True)
            case ReceiveMessage(user_id, message):
                if not in_chat(message.sender, user_id, current_user_id):
                    return None
                remote = replace(action, remote=True)
            case OpenChat(user_id, timestamp):
                remote = UpdateLastAccess(user_id, current_user=timestamp, remote=True)
            case UpdateLastAccess(_, recipient, current_user):
                if recipient is None and current_user is None:
                    return None
                remote = replace(action, remote=True)
            case ReceiveMessages() | ReceiveChats():
                return None  # what another tab loaded is not news
            case _:
                assert_never(action)
        return remote if remote.user_id in self._messages.get_all_chats() else None


def _remote(action: Action) -> bool:
    return isinstance(action, ReceiveMessage | UpdateLastAccess) and action.remote


def _from_earlier_builds(raw: Any) -> Any:
    """An earlier build's tab message as the payload it stands for; anything else as it is."""
    if not isinstance(raw, dict) or raw.get("kind") not in ("message", "access"):
        return raw
    fields = {name: value for name, value in raw.items() if name != "kind"}
    kind = RECEIVE_MESSAGE if raw["kind"] == "message" else UPDATE_LAST_ACCESS
    return {"source": "server", "action": {"type": kind, **fields}}
