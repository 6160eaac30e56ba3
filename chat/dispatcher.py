"""The Flux dispatcher: the single hub that broadcasts every payload to every store.

A Python port of facebook/flux's `Dispatcher.js`, plus the app's `AppDispatcher`, which tags
each action with where it came from (the view or the server).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from chat.actions import Action, Payload

__all__ = ["AppDispatcher", "DispatchError", "Dispatcher"]

P = TypeVar("P")
"""What a dispatcher broadcasts: any value for a plain Dispatcher, a Payload for the app's."""

_PREFIX = "ID_"


class DispatchError(RuntimeError):
    """A dispatcher rule was broken: an unknown token, a nested dispatch or a circular wait."""


class Dispatcher(Generic[P]):
    """Broadcasts every payload to every registered callback, in registration order.

    A callback may call `wait_for` to have other callbacks run first, for example:

    >>> dispatcher, order = Dispatcher(), []
    >>> def price_store(payload): dispatcher.wait_for([city_token]); order.append("price")
    >>> price_token = dispatcher.register(price_store)
    >>> city_token = dispatcher.register(lambda payload: order.append("city"))
    >>> dispatcher.dispatch({"type": "city-update"})
    >>> order
    ['city', 'price']
    """

    def __init__(self) -> None:
        self._callbacks: dict[str, Callable[[P], None]] = {}
        self._observers: dict[int, Callable[[P], None]] = {}
        self._last_id = 0
        self._last_observer_id = 0
        self._is_dispatching = False
        # A token is pending once its callback has started and handled once it has returned.
        self._pending: set[str] = set()
        self._handled: set[str] = set()
        self._payload: list[P] = []  # the payload being dispatched, while it is
        # Payloads whose observers are yet to hear of them, oldest first (see `dispatch`).
        self._unheard: deque[P] = deque()
        self._notifying = False

    def register(self, callback: Callable[[P], None]) -> str:
        """Register `callback` for every future payload; return its token for `wait_for`."""
        _require_callable("register", callback)
        self._last_id += 1
        token = f"{_PREFIX}{self._last_id}"
        self._callbacks[token] = callback
        return token

    def unregister(self, token: str) -> None:
        """Remove the callback registered under `token`."""
        if token not in self._callbacks:
            raise DispatchError(
                f"Dispatcher.unregister(...): `{token}` does not map to a registered callback."
            )
        del self._callbacks[token]

    def wait_for(self, tokens: Iterable[str] | str) -> None:
        """From inside a callback, run the callbacks of `tokens` first if they have not run yet.
        A single token may be passed on its own."""
        if not self._is_dispatching:
            raise DispatchError("Dispatcher.wait_for(...): Must be invoked while dispatching.")
        for token in (tokens,) if isinstance(tokens, str) else tokens:
            if token in self._handled:
                continue
            if token in self._pending:
                raise DispatchError(
                    "Dispatcher.wait_for(...): Circular dependency detected while waiting for "
                    f"`{token}`."
                )
            if token not in self._callbacks:
                raise DispatchError(
                    f"Dispatcher.wait_for(...): `{token}` does not map to a registered callback."
                )
            self._invoke(token)

    def dispatch(self, payload: P) -> None:
        """Call every registered callback once with `payload`, then notify the observers."""
        if self._is_dispatching:
            raise DispatchError(
                "Dispatcher.dispatch(...): Cannot dispatch in the middle of a dispatch."
            )
        self._is_dispatching = True
        self._payload = [payload]
        try:
            # A snapshot, because callbacks may register or unregister while we iterate.
            for token in list(self._callbacks):
                if token in self._pending or token not in self._callbacks:
                    continue
                self._invoke(token)
        finally:
            self._is_dispatching = False
            self._pending.clear()
            self._handled.clear()
            self._payload = []
        self._notify(payload)

    def is_dispatching(self) -> bool:
        """Whether a dispatch is in progress."""
        return self._is_dispatching

    def add_observer(self, observer: Callable[[P], None]) -> Callable[[], None]:
        """Call `observer` after each dispatch whose callbacks all returned; return its remover.

        Observers hear of payloads in the order they were dispatched: when an observer
        dispatches (the app's read-while-open rule does), the observers after it hear of the
        payload they are being told about first, and of the new one after that."""
        _require_callable("add_observer", observer)
        self._last_observer_id += 1
        key = self._last_observer_id
        self._observers[key] = observer

        def unsubscribe() -> None:
            self._observers.pop(key, None)

        return unsubscribe

    def _notify(self, payload: P) -> None:
        self._unheard.append(payload)
        if self._notifying:
            return  # the notifying loop below, further up the stack, will get to it
        self._notifying = True
        try:
            while self._unheard:
                current = self._unheard.popleft()
                for observer in list(self._observers.values()):
                    observer(current)
        finally:
            self._notifying = False
            self._unheard.clear()

    def _invoke(self, token: str) -> None:
        self._pending.add(token)
        self._callbacks[token](self._payload[0])
        self._handled.add(token)


class AppDispatcher(Dispatcher[Payload]):
    """The chat app's dispatcher: wraps each action in a payload naming its source."""

    def handle_view_action(self, action: Action) -> None:
        """Dispatch an action that came from the user interface."""
        self.dispatch(Payload("view", action))

    def handle_server_action(self, action: Action) -> None:
        """Dispatch an action that came from the server."""
        self.dispatch(Payload("server", action))


def _require_callable(method: str, value: object) -> None:
    if not callable(value):
        raise TypeError(f"Dispatcher.{method}(...): expected a callable, received {value!r}")
