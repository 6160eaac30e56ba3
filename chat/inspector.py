"""The Flux inspector's record: every dispatched payload, what it changed, and time travel.

It hooks in through public interfaces only. A dispatcher callback registered before the stores
sees each payload as its dispatch starts; store subscriptions say which stores changed; a
dispatch observer says when it ended; the app's render listener says which views re-rendered.
Replaying a prefix of the log through fresh, real stores rebuilds the app as it was then.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chat.actions import Payload
from chat.checkpoints import EVERY, Checkpoints, saved_state
from chat.codec import payload_to_json
from chat.dispatcher import Dispatcher
from chat.log_import import LOG_VERSION, LogError, import_log
from chat.persistence import SavedState, Snapshot
from chat.ports import Clock
from chat.stores import Store, Stores, create_stores

__all__ = ["LOG_VERSION", "Entry", "Inspector", "LogError", "export_log", "import_log", "replay"]


@dataclass(slots=True)
class Entry:
    """One dispatch: its payload, when, which stores changed and views re-rendered, and how
    long the dispatch and the render took in milliseconds."""

    number: int
    payload: Payload
    time: int
    changed: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    dispatch_ms: float = 0.0
    render_ms: float = 0.0


MAX_ENTRIES = 5_000
"""The most entries the live log keeps; older ones are folded into the state it starts from."""


class Inspector:
    """Records every dispatch of `dispatcher`. Create it before the stores, then `watch` them.

    The log is bounded: past `max_entries`, the oldest entries are folded into the state the
    log starts from (`initial` moves forward, `folded` counts them), a thousand or so at a
    time. Entry numbers go on counting from the page's first dispatch.
    """

    def __init__(
        self,
        dispatcher: Dispatcher[Payload],
        clock: Clock,
        timer: Callable[[], float] = time.perf_counter,
        max_entries: int = MAX_ENTRIES,
        every: int = EVERY,
    ) -> None:
        if max_entries < 2 * every:
            raise ValueError(
                f"Inspector(...): max_entries ({max_entries}) must be at least twice every "
                f"({every}), so that a fold keeps some entries"
            )
        self.entries: list[Entry] = []
        self._max_entries = max_entries
        self._every = every
        self._count = 0
        self._stores: Stores | None = None
        self._checkpoints: Checkpoints | None = None
        self._clock = clock
        self._timer = timer
        self._current: Entry | None = None
        self._started_at = 0.0
        self._rendering: Entry | None = None
        self._listeners: list[Callable[[Entry], None]] = []
        dispatcher.register(self._started)
        dispatcher.add_observer(self._finished)

    def watch(self, stores: Stores) -> None:
        """Follow the stores, and take the state the log starts from."""
        named: dict[str, Store] = {
            "users": stores.users,
            "messages": stores.messages,
            "unread": stores.unread,
        }
        for name, store in named.items():
            store.subscribe(lambda name=name: self._changed(name))  # type: ignore[misc]
        # State is immutable data, so keeping the objects is keeping the state; it is only
        # encoded (a large data file takes a while) when a log is exported.
        self._stores = stores
        self._checkpoints = Checkpoints(saved_state(stores), self._count, self._every)

    def on_entry(self, listener: Callable[[Entry], None]) -> None:
        """Call `listener` with each entry once its dispatch has ended."""
        self._listeners.append(listener)

    def rendered(self, views: frozenset[str]) -> None:
        """The app re-rendered `views` (give this to `ChatApp.on_render`)."""
        entry, self._rendering = self._rendering, None
        if entry is not None:
            entry.rendered = sorted(views)
            entry.render_ms = (self._timer() - self._started_at) * 1000 - entry.dispatch_ms

    @property
    def checkpoints(self) -> Checkpoints:
        """The live log's checkpoints: the live stores' state every `every` dispatches."""
        if self._checkpoints is None:
            raise RuntimeError("Inspector.checkpoints: watch(...) has not been called")
        return self._checkpoints

    @property
    def initial(self) -> SavedState:
        """The state the log starts from: the stores' at `watch`, or after the last fold."""
        return self.checkpoints.initial

    @property
    def folded(self) -> int:
        """How many of the oldest dispatches were folded into `initial`."""
        return self.checkpoints.start

    def export(self) -> str:
        """The log as JSON: the state it starts from and every payload since."""
        initial = Snapshot().state_text(self.initial)
        return export_log(initial, [entry.payload for entry in self.entries])

    def _started(self, payload: Payload) -> None:
        self._started_at = self._timer()
        self._rendering = None
        self._current = Entry(self._count + 1, payload, self._clock())

    def _changed(self, name: str) -> None:
        if self._current is not None:
            self._current.changed.append(name)

    def _finished(self, payload: Payload) -> None:
        entry, self._current = self._current, None
        if entry is None:
            return
        entry.dispatch_ms = (self._timer() - self._started_at) * 1000
        self.entries.append(entry)
        self._count = entry.number
        checkpoints = self._checkpoints
        if checkpoints is not None and self._stores is not None:
            if checkpoints.due(entry.number):
                checkpoints.keep(entry.number, saved_state(self._stores))
            if len(self.entries) > self._max_entries:
                self._fold(checkpoints)
        # The app renders in its own observer, after this one: `rendered` fills that in.
        self._rendering = entry
        for listener in tuple(self._listeners):
            listener(entry)

    def _fold(self, checkpoints: Checkpoints) -> None:
        # To the newest checkpoint that leaves four fifths of the most entries kept.
        keep_from = self._count - self._max_entries * 4 // 5
        start, _ = checkpoints.nearest(keep_from)
        del self.entries[: start - checkpoints.start]
        checkpoints.fold(start)


def replay(initial: SavedState, payloads: Sequence[Payload], count: int | None = None) -> Stores:
    """Fresh stores from `initial`, with the first `count` payloads (all by default) dispatched."""
    stores = create_stores(initial.data, initial.open_chat_user_id)
    for payload in payloads[:count]:
        stores.dispatcher.dispatch(payload)
    return stores


def export_log(initial: str, payloads: Sequence[Payload]) -> str:
    """A log file: `initial` is saved-state text (see chat.persistence), and every payload in
    the tutorial's JSON shape (chat.codec)."""
    return json.dumps(
        {
            "version": LOG_VERSION,
            "initial": json.loads(initial),
            "payloads": [payload_to_json(payload) for payload in payloads],
        },
        ensure_ascii=False,
    )


def state_of(stores: Stores) -> Any:
    """A comparable picture of the stores' state: chats, open chat, unread count, and the user
    list's order (which a dict's equality would not see)."""
    return (
        dict(stores.messages.get_all_chats()),
        stores.messages.get_open_chat_user_id(),
        stores.unread.get_unread_count(),
        [chat.user.id for chat in stores.messages.get_chats_newest_first()],
    )
