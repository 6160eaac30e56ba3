"""How many chats are unread: a store computed from the messages store, as flux-chat's
UnreadThreadStore is."""

from __future__ import annotations

from chat.data import is_new
from chat.dispatcher import Dispatcher, Payload
from chat.stores.messages_store import MessagesStore
from chat.stores.store import Store
from chat.stores.user_store import UserStore


class UnreadStore(Store):
    """Counts the chats whose newest message, from the other person, has not been seen.

    Every action may change the chats, so it waits for the messages store to handle the
    action first and then counts; it announces a change only when the count moved.
    """

    def __init__(
        self, dispatcher: Dispatcher, messages_store: MessagesStore, user_store: UserStore
    ) -> None:
        super().__init__(dispatcher)
        self._messages = messages_store
        self._users = user_store
        self._counted_for = messages_store.get_all_chats()
        self._count = self._counted()

    def get_unread_count(self) -> int:
        return self._count

    def _counted(self) -> int:
        current_user_id = self._users.get_current_user().id
        return sum(is_new(chat, current_user_id) for chat in self._counted_for.values())

    def _on_dispatch(self, payload: Payload) -> bool:
        self._dispatcher.wait_for([self._messages.dispatch_token])
        chats = self._messages.get_all_chats()
        if chats is self._counted_for:  # replaced on every change, so identity suffices
            return False
        self._counted_for = chats
        count, self._count = self._count, self._counted()
        return count != self._count
