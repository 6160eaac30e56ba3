"""Checkpoints of a log: the stores' state every so many dispatches, so that time travel to any
entry replays at most that many payloads instead of the whole log.

State is immutable data (chat/stores/store.py), so a checkpoint is only references to the
state objects the stores held at that moment: taking one copies nothing.
"""

from __future__ import annotations

from chat import persistence
from chat.persistence import SavedState
from chat.stores import Stores

EVERY = 250
"""Dispatches between two checkpoints: travel replays at most this many (about 15 ms in
Pyodide on the benchmark's log)."""


def saved_state(stores: Stores) -> SavedState:
    """The state the stores hold now, as the state a log starts from."""
    return persistence.saved_state(stores.messages, stores.users)


class Checkpoints:
    """States of one log by entry number: the state after entry `n` for every multiple `n` of
    `every`, and the state the log starts from (after entry `start`, 0 unless older entries
    were folded into it)."""

    def __init__(self, initial: SavedState, start: int = 0, every: int = EVERY) -> None:
        if every < 1:
            raise ValueError(f"Checkpoints(...): every must be at least 1, not {every!r}")
        self.every = every
        self.start = start
        self._states: dict[int, SavedState] = {start: initial}

    @property
    def initial(self) -> SavedState:
        """The state the log starts from."""
        return self._states[self.start]

    def __len__(self) -> int:
        return len(self._states)

    def due(self, number: int) -> bool:
        """Whether the state after entry `number` is one to keep."""
        return number % self.every == 0 and number > self.start

    def keep(self, number: int, state: SavedState) -> None:
        """Keep `state` as the state after entry `number`."""
        if number < self.start:
            raise ValueError(
                f"Checkpoints.keep(...): entry {number} is before the log's start {self.start}"
            )
        self._states[number] = state

    def nearest(self, number: int) -> tuple[int, SavedState]:
        """The latest checkpoint at or before entry `number`: its entry number and state."""
        at = max(self.start, number - number % self.every)
        while at not in self._states:  # not taken (yet): an earlier one
            at = max(self.start, at - self.every)
        return at, self._states[at]

    def fold(self, start: int) -> None:
        """Start the log after entry `start`, a checkpoint: the older ones are dropped."""
        if start not in self._states:
            raise ValueError(f"Checkpoints.fold(...): entry {start} has no checkpoint")
        self.start = start
        self._states = {n: state for n, state in self._states.items() if n >= start}
