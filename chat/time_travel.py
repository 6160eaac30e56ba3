"""Time travel: show the app as it was after any dispatch of the inspector's log, or of a log
imported from a file, and come back to now. The panel in the page (chat/browser/inspector_ui.py)
only draws this controller's state and forwards clicks to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from chat.inspector import Entry, Inspector, LogError, export_log, import_log, replay
from chat.persistence import SavedState, Snapshot
from chat.stores import MessagesStore, UnreadStore, UserStore


class Display(Protocol):
    """What shows the stores: the app (chat.app.ChatApp)."""

    def show_state(
        self, messages: MessagesStore, users: UserStore, unread: UnreadStore | None
    ) -> None: ...

    def show_live(self) -> None: ...


class TimeTravel:
    """Which point of which log the app shows. While it shows the past, `in_past` is True and
    the page must send no actions: the live stores go on, unseen, until `back_to_now`."""

    def __init__(self, inspector: Inspector, display: Display) -> None:
        self.inspector = inspector
        self._display = display
        self._selected: int | None = None
        # An imported log, shown instead of this tab's own until `back_to_now`.
        self._imported: tuple[SavedState, list[Entry]] | None = None
        self.error = ""
        """Why the last import failed, for the panel to show; empty otherwise."""
        self._listeners: list[Callable[[], None]] = []

    @property
    def in_past(self) -> bool:
        return self._selected is not None

    @property
    def selected(self) -> int | None:
        """The number of the entry the app shows the state after; None when live."""
        return self._selected

    @property
    def entries(self) -> Sequence[Entry]:
        """The log being shown: an imported one, or this tab's own."""
        return self._log()[1]

    @property
    def label(self) -> str:
        entries = self.entries
        where = "an imported log" if self._imported is not None else "this tab"
        if self._selected is None:
            return f"Live: {len(entries)} dispatches in {where}"
        return f"Showing the app after #{self._selected} of {len(entries)} ({where})"

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every travel, return, import or failed import."""
        self._listeners.append(listener)

    def travel(self, number: int) -> bool:
        """Show the app as it was right after entry `number` (0: before the first); False
        when the log has no such entry."""
        initial, entries = self._log()
        if number == 0:
            count = 0
        else:
            found = (i + 1 for i, entry in enumerate(entries) if entry.number == number)
            count = next(found, -1)
            if count < 0:
                return False
        stores = replay(initial, [entry.payload for entry in entries], count)
        self._selected = number
        self._display.show_state(stores.messages, stores.users, stores.unread)
        self._changed()
        return True

    def back_to_now(self) -> None:
        """Show the live stores, and this tab's own log, again."""
        was_away = self._selected is not None or self._imported is not None
        self._selected = None
        self._imported = None
        self.error = ""
        if was_away:
            self._display.show_live()
        self._changed()

    def import_log(self, name: str, text: str) -> bool:
        """Show the log file `text` (named `name`) at its last entry, or keep what is shown and
        set `error` to say why the file was refused."""
        try:
            initial, payloads = import_log(text)
        except LogError as error:
            self.error = f"{name} was not imported: {error}"
            self._changed()
            return False
        entries = [
            Entry(number, payload, getattr(payload.action, "timestamp", 0))
            for number, payload in enumerate(payloads, start=1)
        ]
        self._imported = (initial, entries)
        self.error = ""
        return self.travel(len(entries))

    def export(self) -> str:
        """The log being shown, as a file `import_log` reads back."""
        if self._imported is None:
            return self.inspector.export()
        initial, entries = self._imported
        return export_log(Snapshot().state_text(initial), [entry.payload for entry in entries])

    def _log(self) -> tuple[SavedState, Sequence[Entry]]:
        if self._imported is not None:
            return self._imported
        return self.inspector.initial, self.inspector.entries

    def _changed(self) -> None:
        for listener in tuple(self._listeners):
            listener()
