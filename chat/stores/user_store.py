"""The current user: who is using the app (the tutorial's `UserStore`)."""

from __future__ import annotations

from chat.actions import Action, Payload
from chat.dispatcher import Dispatcher
from chat.model import User
from chat.stores.store import ReduceStore


class UserStore(ReduceStore[User]):
    """Holds the current user; no action changes it yet, so it never announces a change."""

    def __init__(self, dispatcher: Dispatcher[Payload], user: User) -> None:
        super().__init__(dispatcher, user)

    def get_current_user(self) -> User:
        return self._state

    def reduce(self, state: User, action: Action) -> User:
        return state
