"""Taking over from the page's start-up script, and saving the screen for the next visit.

index.html paints the last screen before any module loads and queues what the person does
(README, "How start-up works"); here Python learns whether it is to adopt that screen, takes
the queue, and saves what it renders for the next visit, keyed by storage key and build.
"""

from __future__ import annotations

import json
from typing import Any

import js

from chat.browser import storage
from chat.replay import Queued, parse_queue


def screen_key(key: str) -> str:
    """Where the screen of the state saved under `key` is kept."""
    return f"{key}:screen"


def build_id() -> str | None:
    """This build's id (static/build/screen.js); None if that script did not run."""
    start = getattr(js, "FLUX_START", None)
    build = getattr(start, "build", None) if start else None
    return build if isinstance(build, str) else None


class Takeover:
    """The page's start-up script, if it painted a screen: `take` ends its capture and
    returns the queued input; `done` forgets the queue once it has been dispatched."""

    def __init__(self) -> None:
        self._script = getattr(js.window, "fluxStartup", None) or None
        self.painted = js.document.documentElement.dataset.appState == "snapshot"

    def take(self) -> list[Queued]:
        if self._script is None:
            return []
        return parse_queue(str(self._script.take()))

    def done(self) -> None:
        if self._script is not None:
            self._script.done()
            self._script = None


def save_screen(key: str, build: str) -> bool:
    """Save what `#app` shows now, the header's counter, the title and the scroll positions,
    for the next visit's first frame; False when the browser refused."""
    document = js.document
    root = document.getElementById("app")
    user_list = root.querySelector(".user-list__list")
    messages = root.querySelector(".message-box__list")
    scroll: dict[str, Any] = {"list": float(user_list.scrollTop) if user_list else 0}
    if messages:
        below = messages.scrollHeight - messages.scrollTop - messages.clientHeight
        scroll["messages_from_bottom"] = max(0.0, float(below))
    screen = {
        "build": build,
        "html": str(root.innerHTML),
        "header": str(document.querySelector(".header__status").innerHTML),
        "title": str(document.title),
        "user": str(document.querySelector(".header__user").textContent),
        "scroll": scroll,
    }
    return storage.write(screen_key(key), json.dumps(screen, ensure_ascii=False))
