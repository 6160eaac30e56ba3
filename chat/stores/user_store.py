"""The current user: who is using the app (the tutorial's `UserStore`)."""

from __future__ import annotations

from chat.actions import Payload
from chat.data import User
from chat.dispatcher import Dispatcher
from chat.stores.store import Store


class UserStore(Store):
    """Holds the current user; no action changes it yet, so it never announces a change."""

    def __init__(self, dispatcher: Dispatcher[Payload], user: User) -> None:
        super().__init__(dispatcher)
        self._user = user

    def get_current_user(self) -> User:
        return self._user

    def _on_dispatch(self, payload: Payload) -> bool:
        return False
