"""The first screen, pre-rendered at set-up by the app's own views (`make setup`, `make dist`).

Writes static/build/screen.js, a classic script the page runs from its head, before any module:

    self.FLUX_START = {"build": "<id>", "screen": {"html": ..., "header": ..., "title": ...,
                       "user": ..., "scroll": {"list": 0, "messages_from_bottom": 0}}};

`screen` is the default data's screen, painted on a first visit until Python takes over (a later
visit paints the screen the app saved itself). `build` names this build of the app: a screen or
a memory snapshot made by another build is never used.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC
from pathlib import Path
from typing import Any, cast

from chat.actions import now_ms
from chat.app import MESSAGE_BOX, UNREAD, USER_LIST, ChatApp
from chat.data import parse_chat_data
from chat.model import ChatData
from chat.render import DomApi, to_html
from chat.stores import create_stores
from chat.views import page_title

ROOT = Path(__file__).resolve().parents[1]
SCREEN = "static/build/screen.js"
DATA = "static/data/chats.json"
BUILD_INPUTS = [
    "index.html",
    "static/build/chat.zip",
    "static/build/python_stdlib.zip",
    "static/vendor/pyodide/pyodide.mjs",
    "static/vendor/pyodide/pyodide.asm.wasm",
]
"""What a saved screen and a memory snapshot depend on: the page, the compiled package and
standard library, and the runtime."""


def build_id(root: Path) -> str:
    """A short hash of the build's inputs, names and bytes."""
    digest = hashlib.sha256()
    for name in BUILD_INPUTS:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def first_screen(data: ChatData, now: int) -> dict[str, Any]:
    """What the app would render for `data` with nothing saved: the markup of `#app` and of
    the header's counter, the title and the current user's name."""
    stores = create_stores(data)
    app = ChatApp(
        cast(DomApi, None),  # build_views makes no DOM call
        root="#app",
        dispatcher=stores.dispatcher,
        messages_store=stores.messages,
        user_store=stores.users,
        clock=lambda: now,
        tz=UTC,
        unread_store=stores.unread,
        header=".header__status",
    )
    views = app.build_views()
    return {
        "html": to_html([views[USER_LIST], views[MESSAGE_BOX]]),
        "header": to_html([views[UNREAD]]),
        "title": page_title(stores.unread.get_unread_count()),
        "user": data.current_user.name,
        "scroll": {"list": 0, "messages_from_bottom": 0},
    }


def write_screen(root: Path = ROOT) -> Path:
    """Write `root`/static/build/screen.js for the site in `root`; return its path."""
    data = parse_chat_data((root / DATA).read_bytes())
    start = {"build": build_id(root), "screen": first_screen(data, now_ms())}
    target = root / SCREEN
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "// Written by tools/prerender.py: this build's id and the default data's first screen.\n"
        f"self.FLUX_START = {json.dumps(start)};\n",
        encoding="utf-8",
    )
    return target


if __name__ == "__main__":
    written = write_screen(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT)
    print(f"wrote {written}")
