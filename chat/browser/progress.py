"""The import's progress bar, among the notices: a `<progress>` and the counts in words."""

from __future__ import annotations

from typing import Any

import js

from chat.importer import ImportProgress


class ImportBar:
    """Shows how far moving the chats into this browser's database is, and goes when done."""

    def __init__(self, container: Any, what: str) -> None:
        self._container = container
        self._what = what
        self._notice: Any = None
        self._bar: Any = None
        self._text: Any = None

    def show(self, progress: ImportProgress) -> None:
        if progress.finished or progress.failed:
            if self._notice is not None:
                self._notice.remove()
                self._notice = None
            return
        if self._notice is None:
            document = js.document
            self._notice = document.createElement("div")
            self._notice.className = "notice notice--progress"
            self._notice.setAttribute("role", "status")
            self._text = document.createElement("p")
            self._text.className = "notice__text"
            self._text.id = "import-progress-label"
            self._bar = document.createElement("progress")
            self._bar.className = "notice__progress"
            self._bar.setAttribute("aria-labelledby", "import-progress-label")
            self._notice.append(self._text, self._bar)
            self._container.append(self._notice)
        self._bar.max = max(progress.total, 1)
        self._bar.value = progress.done
        if progress.stage == "checking":
            percent = progress.done * 100 // max(progress.total, 1)
            text = f"{self._what}: checking the file, {percent} %"
        else:
            text = f"{self._what}: {progress.done:,} of {progress.total:,} messages saved"
        self._text.textContent = f"{text} in this browser"
