"""The render schedule: a view renders at most once per dispatch, however many stores changed.

Store changes `mark` views; when the dispatch ends, `flush` renders each marked view once.
Listeners hear which views rendered (the browser keeps the newest message in sight, the
inspector times the render).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from chat.ports import Clock
from chat.render.table import ViewTable


class RenderSchedule:
    def __init__(self, table: ViewTable, clock: Clock) -> None:
        self._table = table
        self._clock = clock
        self._marked: set[str] = set()
        self._listeners: list[Callable[[frozenset[str]], None]] = []
        self._before: list[Callable[[frozenset[str]], None]] = []
        self.counts = dict.fromkeys(table.names, 0)
        """How many times each view has rendered."""

    def on_render(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call `listener` with the names of the views after each render."""
        self._listeners.append(listener)

    def before_render(self, listener: Callable[[frozenset[str]], None]) -> None:
        """Call `listener` with the names of the views about to render, before the DOM changes."""
        self._before.append(listener)

    def mark(self, *names: str) -> None:
        """These views must render when the dispatch ends."""
        self._marked.update(names)

    def flush(self) -> None:
        """Render the marked views, once each (give this to `Dispatcher.add_observer`)."""
        if self._marked:
            marked, self._marked = self._marked, set()
            self.render(marked)

    def render(self, names: Iterable[str]) -> None:
        """Render these views now."""
        names = frozenset(names)
        for listener in tuple(self._before):
            listener(names)
        self._rendered(self._table.render(set(names), self._clock()))

    def adopt(self) -> None:
        """Render every view over the DOM painted before Python started (ViewTable.adopt)."""
        self._rendered(self._table.adopt(self._clock()))

    def _rendered(self, names: frozenset[str]) -> None:
        for name in names:
            self.counts[name] += 1
        for listener in tuple(self._listeners):
            listener(names)
