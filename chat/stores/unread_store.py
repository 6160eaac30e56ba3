"""How many chats are unread: a store computed from the messages store, as flux-chat's
UnreadThreadStore is."""

from __future__ import annotations

from collections.abc import Mapping

from chat.actions import Payload
from chat.data import Chat, is_new
from chat.dispatcher import Dispatcher
from chat.stores.messages_store import MessagesStore
from chat.stores.store import Store
from chat.stores.user_store import UserStore


class UnreadStore(Store):
    """Counts the chats whose newest message, from the other person, has not been seen.

    Every action may change the chats, so it waits for the messages store to handle the
    action first and then counts; it announces a change only when the count moved.
    """

    def __init__(
        self, dispatcher: Dispatcher[Payload], messages_store: MessagesStore, user_store: UserStore
    ) -> None:
        super().__init__(dispatcher)
        self._messages = messages_store
        self._users = user_store
        self._counted_for: Mapping[int, Chat] = {}
        self._unread: set[int] = set()
        self._count_changes()

    def get_unread_count(self) -> int:
        return len(self._unread)

    def _count_changes(self) -> None:
        # Chats are replaced when they change, so only those that are new objects are looked at.
        old, chats = self._counted_for, self._messages.get_all_chats()
        current_user_id = self._users.get_current_user().id
        for user_id, chat in chats.items():
            if old.get(user_id) is not chat:
                if is_new(chat, current_user_id):
                    self._unread.add(user_id)
                else:
                    self._unread.discard(user_id)
        self._counted_for = chats

    def _on_dispatch(self, payload: Payload) -> bool:
        self._dispatcher.wait_for([self._messages.dispatch_token])
        if self._messages.get_all_chats() is self._counted_for:
            return False
        before = len(self._unread)
        self._count_changes()
        return len(self._unread) != before
