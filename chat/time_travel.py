"""Time travel: show the app as it was after any dispatch of the inspector's log, or of a log
imported from a file, and come back to now. The panel in the page (chat/browser/inspector_ui.py)
only draws this controller's state and forwards clicks to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, overload

from chat.actions import Payload
from chat.checkpoints import Checkpoints
from chat.inspector import Entry, Inspector, LogError, export_log, replay
from chat.log_import import ImportedLog, LogImport
from chat.persistence import Snapshot
from chat.stores import MessagesStore, UnreadStore, UserStore

IMPORT_STEP_MS = 30
"""The work an import does between two yields to the page: well within a frame budget's
reach of the 200 ms after which a page feels stuck."""


class Display(Protocol):
    """What shows the stores: the app (chat.app.ChatApp)."""

    def show_state(
        self, messages: MessagesStore, users: UserStore, unread: UnreadStore | None
    ) -> None: ...

    def show_live(self) -> None: ...


class ImportedEntries(Sequence[Entry]):
    """An imported log's entries, made when first asked for: the panel shows a few dozen of
    50,000, and making them all would cost the import a tenth of a second more."""

    def __init__(self, payloads: Sequence[Payload]) -> None:
        self._payloads = payloads
        self._made: dict[int, Entry] = {}

    def __len__(self) -> int:
        return len(self._payloads)

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        entry = self._made.get(index)
        if entry is None:
            payload = self._payloads[index]  # IndexError past the end
            time = getattr(payload.action, "timestamp", 0)
            entry = self._made[index] = Entry(index + 1, payload, time)
        return entry


class _Log:
    """A log as time travel reads it: its entries and their checkpoints."""

    def __init__(self, entries: Sequence[Entry], checkpoints: Checkpoints) -> None:
        self.entries = entries
        self.checkpoints = checkpoints


class TimeTravel:
    """Which point of which log the app shows. While it shows the past, `in_past` is True and
    the page must send no actions: the live stores go on, unseen, until `back_to_now`.

    Travel rebuilds the stores from the nearest checkpoint (chat/checkpoints.py) and replays at
    most `Checkpoints.every` payloads. An import runs step by step (`begin_import`, then
    `import_step` until it returns True) so that a page can yield between steps; `import_log`
    does it in one go.
    """

    def __init__(self, inspector: Inspector, display: Display) -> None:
        self.inspector = inspector
        self._display = display
        self._selected: int | None = None
        # An imported log, shown instead of this tab's own until `back_to_now`.
        self._imported: _Log | None = None
        self._importing: tuple[str, LogImport] | None = None
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
        return self._log().entries

    @property
    def folded(self) -> int:
        """How many dispatches before the first entry shown were folded into the state the
        shown log starts from."""
        return self._log().checkpoints.start

    @property
    def label(self) -> str:
        entries = self.entries
        where = "an imported log" if self._imported is not None else "this tab"
        if self._selected is None:
            return f"Live: {len(entries)} dispatches in {where}"
        return f"Showing the app after #{self._selected} of {len(entries)} ({where})"

    @property
    def importing(self) -> str:
        """What an import under way has done so far; empty when none is."""
        if self._importing is None:
            return ""
        name, job = self._importing
        return f"Importing {name}: {job.progress}"

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every travel, return, import step or failed import."""
        self._listeners.append(listener)

    def travel(self, number: int) -> bool:
        """Show the app as it was right after entry `number` (the log's start, 0 unless older
        entries were folded: before the first); False when the log has no such entry."""
        log = self._log()
        start = log.checkpoints.start
        if not start <= number <= start + len(log.entries):
            return False
        at, state = log.checkpoints.nearest(number)
        stores = replay(state, [e.payload for e in log.entries[at - start : number - start]])
        self._selected = number
        self._display.show_state(stores.messages, stores.users, stores.unread)
        self._changed()
        return True

    def back_to_now(self) -> None:
        """Show the live stores, and this tab's own log, again; an import under way stops."""
        was_away = self._selected is not None or self._imported is not None
        self._selected = None
        self._imported = None
        self._stop_import()
        self.error = ""
        if was_away:
            self._display.show_live()
        self._changed()

    def begin_import(self, name: str, text: str | bytes) -> None:
        """Start importing the log file `text` (named `name`), in place of any import under
        way; what is shown stays until it is done."""
        self._stop_import()
        self._importing = (name, LogImport(text))
        self.error = ""
        self._changed()

    def import_step(self, budget_ms: float = IMPORT_STEP_MS) -> bool:
        """Go on with the import for about `budget_ms`; True once none is under way. When it
        is done the log is shown at its last entry; when the file is refused, what is shown is
        kept and `error` says why."""
        if self._importing is None:
            return True
        name, job = self._importing
        try:
            done = job.run(budget_ms)
        except LogError as error:
            self._importing = None
            self.error = f"{name} was not imported: {error}"
            self._changed()
            return True
        if not done:
            self._changed()
            return False
        self._importing = None
        imported: ImportedLog | None = job.result
        assert imported is not None
        self._imported = _Log(ImportedEntries(imported.payloads), imported.checkpoints)
        self.travel(len(imported.payloads))
        return True

    def import_log(self, name: str, text: str | bytes) -> bool:
        """Import the log file `text` in one go: True when it is shown at its last entry;
        False when it was refused, with `error` saying why."""
        self.begin_import(name, text)
        self.import_step(float("inf"))
        return not self.error

    def export(self) -> str:
        """The log being shown, as a file `import_log` reads back."""
        log = self._log()
        initial = Snapshot().state_text(log.checkpoints.initial)
        return export_log(initial, [entry.payload for entry in log.entries])

    def _log(self) -> _Log:
        if self._imported is not None:
            return self._imported
        return _Log(self.inspector.entries, self.inspector.checkpoints)

    def _stop_import(self) -> None:
        if self._importing is not None:
            self._importing[1].close()
            self._importing = None

    def _changed(self) -> None:
        for listener in tuple(self._listeners):
            listener()
