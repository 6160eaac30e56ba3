"""Timers for the core's `schedule(delay_ms, callback)`: one-shot proxies, released once run."""

from __future__ import annotations

from collections.abc import Callable

import js
from pyodide.ffi import create_once_callable


def schedule(delay_ms: float, callback: Callable[[], None]) -> None:
    js.setTimeout(create_once_callable(callback), delay_ms)
