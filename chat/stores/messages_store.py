"""The chats, their messages and which one is open (the tutorial's `MessagesStore`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import assert_never

from chat.actions import OpenChat, Payload, ReceiveMessage, SendMessage, UpdateLastAccess
from chat.data import Chat, Message
from chat.dispatcher import Dispatcher
from chat.stores.store import Store
from chat.stores.user_store import UserStore


class UnknownChatError(KeyError):
    """An action named a chat the store does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


class MessagesStore(Store):
    """Every chat by the other user's id, and the open chat (the first one unless told otherwise).

    State is replaced, never mutated: a chat that did not change is the same object after a
    dispatch, so views can skip it by identity.
    """

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
        user_store: UserStore,
        chats: Mapping[int, Chat],
        open_chat_user_id: int | None = None,
    ) -> None:
        super().__init__(dispatcher)
        if not chats:
            raise ValueError("MessagesStore(...): there must be at least one chat")
        self._user_store = user_store
        self._chats: Mapping[int, Chat] = MappingProxyType(dict(chats))
        self._open_chat_user_id = (
            next(iter(chats)) if open_chat_user_id is None else open_chat_user_id
        )
        self._check_chat("MessagesStore(...)", self._open_chat_user_id)

    def get_open_chat_user_id(self) -> int:
        return self._open_chat_user_id

    def get_chat_by_user_id(self, user_id: int) -> Chat:
        self._check_chat("MessagesStore.get_chat_by_user_id(...)", user_id)
        return self._chats[user_id]

    def get_all_chats(self) -> Mapping[int, Chat]:
        """Every chat, keyed by the other user's id, in the order the data listed them."""
        return self._chats

    def _on_dispatch(self, payload: Payload) -> bool:
        action = payload.action
        match action:
            case OpenChat():
                return self._open_chat(action.user_id, action.timestamp)
            case SendMessage():
                self._dispatcher.wait_for([self._user_store.dispatch_token])
                return self._send_message(action)
            case ReceiveMessage():
                self._dispatcher.wait_for([self._user_store.dispatch_token])
                return self._receive_message(action.user_id, action.message)
            case UpdateLastAccess():
                return self._update_last_access(action)
            case _:
                assert_never(action)

    def _open_chat(self, user_id: int, timestamp: int) -> bool:
        self._check_chat("MessagesStore: updateOpenChatID", user_id)
        chat = self._chats[user_id]
        changed = user_id != self._open_chat_user_id
        self._open_chat_user_id = user_id
        if chat.last_access.current_user < timestamp:
            self._replace_chat(
                replace(chat, last_access=replace(chat.last_access, current_user=timestamp))
            )
            changed = True
        return changed

    def _send_message(self, action: SendMessage) -> bool:
        self._check_chat("MessagesStore: sendMessage", action.user_id)
        chat = self._chats[action.user_id]
        sender = self._user_store.get_current_user().id
        return self._add(chat, Message(action.id, action.text, sender, action.timestamp))

    def _receive_message(self, user_id: int, message: Message) -> bool:
        self._check_chat("MessagesStore: receiveMessage", user_id)
        chat = self._chats[user_id]
        if message.sender not in (chat.user.id, self._user_store.get_current_user().id):
            raise ValueError(
                f"MessagesStore: receiveMessage: a message in the chat with {user_id} "
                f"cannot come from {message.sender!r}"
            )
        return self._add(chat, message)

    def _add(self, chat: Chat, message: Message) -> bool:
        """Insert `message` in (timestamp, id) order, so every tab orders a chat the same way;
        a message whose id the chat already has is ignored. The sender's own messages count as
        read by them."""
        messages = chat.messages
        key = (message.timestamp, message.id)
        index = len(messages)
        while index and (messages[index - 1].timestamp, messages[index - 1].id) >= key:
            if messages[index - 1].id == message.id:
                return False
            index -= 1
        last_access = chat.last_access
        if message.sender == self._user_store.get_current_user().id:
            seen = max(last_access.current_user, message.timestamp)
            last_access = replace(last_access, current_user=seen)
        self._replace_chat(
            replace(
                chat,
                messages=(*messages[:index], message, *messages[index:]),
                last_access=last_access,
            )
        )
        return True

    def _update_last_access(self, action: UpdateLastAccess) -> bool:
        user_id = action.user_id
        self._check_chat("MessagesStore: updateLastAccess", user_id)
        chat = self._chats[user_id]
        old = chat.last_access
        recipient, current_user = action.recipient, action.current_user
        new = replace(
            old,
            recipient=old.recipient if recipient is None else max(old.recipient, recipient),
            current_user=(
                old.current_user if current_user is None else max(old.current_user, current_user)
            ),
        )
        if new == old:
            return False
        self._replace_chat(replace(chat, last_access=new))
        return True

    def _replace_chat(self, chat: Chat) -> None:
        chats = dict(self._chats)
        chats[chat.user.id] = chat
        self._chats = MappingProxyType(chats)

    def _check_chat(self, where: str, user_id: int) -> None:
        if user_id not in self._chats:
            known = ", ".join(str(key) for key in self._chats)
            raise UnknownChatError(f"{where}: no chat with user id {user_id!r} (known: {known})")
