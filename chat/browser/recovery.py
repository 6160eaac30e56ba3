"""Backups and downloads of saved text, done by the page's recovery script (index.html), which
also works when Python does not start: one way to make a backup, whoever asks."""

from __future__ import annotations

import js


def keep(text: str) -> str | None:
    """Keep `text` under a backup key of its own, read back to be sure: the key, or None when
    the browser could not keep it (its storage is full or turned off)."""
    recovery = getattr(js.window, "fluxRecovery", None)
    if not recovery:
        return None
    backup = recovery.keep(text)
    return str(backup) if backup else None


def download(text: str, name: str) -> None:
    """Offer `text` to the person as a file named `name`."""
    recovery = getattr(js.window, "fluxRecovery", None)
    if recovery:
        recovery.download(text, name)
