"""The base of every store: state that changes only in its dispatcher callback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from chat.actions import Action, Payload
from chat.dispatcher import Dispatcher

S = TypeVar("S")

Listener = Callable[[], None]


class Store:
    """Registers with a dispatcher; tells its listeners, at most once per dispatch, that it changed.

    Subclasses implement `_on_dispatch`, which updates the state for one payload and returns
    whether anything changed. A listener's exception propagates out of the dispatch.
    """

    def __init__(self, dispatcher: Dispatcher[Payload]) -> None:
        self._dispatcher = dispatcher
        self._listeners: list[Listener] = []
        self.dispatch_token = dispatcher.register(self._invoke)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after each dispatch that changed this store; returns an unsubscribe."""
        if not callable(listener):
            raise TypeError(
                f"{type(self).__name__}.subscribe(...): expected a callable, received {listener!r}"
            )
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _invoke(self, payload: Payload) -> None:
        if self._on_dispatch(payload):
            # A copy, so a listener may subscribe or unsubscribe while being told.
            for listener in tuple(self._listeners):
                listener()

    def _on_dispatch(self, payload: Payload) -> bool:
        raise NotImplementedError


class ReduceStore(Store, Generic[S]):
    """A store whose state is one immutable value that only `reduce` replaces, as in flux's
    FluxReduceStore: `reduce(state, action)` returns the next state, the very same object when
    nothing changed, and the store announces a change exactly when it is another object."""

    def __init__(self, dispatcher: Dispatcher[Payload], initial: S) -> None:
        super().__init__(dispatcher)
        self._state = initial

    def get_state(self) -> S:
        return self._state

    def reduce(self, state: S, action: Action) -> S:
        """The state after `action`; `state` itself when the action changes nothing."""
        raise NotImplementedError(f"{type(self).__name__}.reduce(...) is not implemented")

    def _on_dispatch(self, payload: Payload) -> bool:
        state = self.reduce(self._state, payload.action)
        if state is None:
            raise TypeError(
                f"{type(self).__name__}.reduce(...) returned None: a reducer returns the next "
                "state, or the state it was given when nothing changed"
            )
        changed = state is not self._state
        self._state = state
        return changed
