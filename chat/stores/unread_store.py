"""How many chats are unread: a store computed from the messages store, as flux-chat's
UnreadThreadStore is."""

from __future__ import annotations

from chat.actions import Action, Payload
from chat.dispatcher import Dispatcher
from chat.model import is_new
from chat.stores.messages_store import Chats, MessagesStore
from chat.stores.store import ReduceStore
from chat.stores.user_store import UserStore


class UnreadStore(ReduceStore[frozenset[int]]):
    """The user ids of the chats whose newest message, from the other person, has not been
    seen.

    Every action may change the chats, so it waits for the messages store to handle the
    action first and then looks again, at the chats that state says changed when it follows
    on the one counted last (every chat otherwise); it announces a change only when the set
    moved.
    """

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
        messages_store: MessagesStore,
        user_store: UserStore,
    ) -> None:
        self._messages = messages_store
        self._users = user_store
        self._counted: Chats | None = None
        super().__init__(dispatcher, self._unread(frozenset()))

    def get_unread_count(self) -> int:
        return len(self._state)

    def reduce(self, state: frozenset[int], action: Action) -> frozenset[int]:
        self._dispatcher.wait_for([self._messages.dispatch_token])
        return self._unread(state)

    def _unread(self, state: frozenset[int]) -> frozenset[int]:
        counted, chats = self._counted, self._messages.get_state()
        if chats is counted:
            return state
        self._counted = chats
        current_user_id = self._users.get_current_user().id
        if counted is None or chats.changed is None or chats.version != counted.version + 1:
            unread = frozenset(
                uid for uid, chat in chats.chats.items() if is_new(chat, current_user_id)
            )
            return state if unread == state else unread
        # Chats are replaced when they change, and the state names them: only those are looked at.
        gained: set[int] = set()
        lost: set[int] = set()
        for user_id in chats.changed:
            new = is_new(chats.chats[user_id], current_user_id)
            if new != (user_id in state):
                (gained if new else lost).add(user_id)
        return (state - lost) | gained if gained or lost else state
