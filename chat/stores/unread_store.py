"""How many chats are unread: a store computed from the messages store, as flux-chat's
UnreadThreadStore is."""

from __future__ import annotations

from collections.abc import Mapping

from chat.actions import Action, Payload
from chat.dispatcher import Dispatcher
from chat.model import Chat, is_new
from chat.stores.messages_store import MessagesStore
from chat.stores.store import ReduceStore
from chat.stores.user_store import UserStore


class UnreadStore(ReduceStore[frozenset[int]]):
    """The user ids of the chats whose newest message, from the other person, has not been
    seen.

    Every action may change the chats, so it waits for the messages store to handle the
    action first and then looks again; it announces a change only when the set moved.
    """

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
        messages_store: MessagesStore,
        user_store: UserStore,
    ) -> None:
        self._messages = messages_store
        self._users = user_store
        self._counted_for: Mapping[int, Chat] = {}
        super().__init__(dispatcher, self._unread(frozenset()))

    def get_unread_count(self) -> int:
        return len(self._state)

    def reduce(self, state: frozenset[int], action: Action) -> frozenset[int]:
        self._dispatcher.wait_for([self._messages.dispatch_token])
        unread = self._unread(state)
        return state if unread == state else unread

    def _unread(self, state: frozenset[int]) -> frozenset[int]:
        # Chats are replaced when they change, so only those that are new objects are looked at.
        old, chats = self._counted_for, self._messages.get_all_chats()
        if chats is old:
            return state
        current_user_id = self._users.get_current_user().id
        unread = set(state)
        for user_id, chat in chats.items():
            if old.get(user_id) is not chat:
                if is_new(chat, current_user_id):
                    unread.add(user_id)
                else:
                    unread.discard(user_id)
        self._counted_for = chats
        return frozenset(unread)
