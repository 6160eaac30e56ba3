"""The inspector panel: the log of dispatches, newest last, and where in time the app is.

A log holds up to 5,000 live entries, or 50,000 imported ones: like the user list, only the
entries in view (a `ListWindow` over rows of ENTRY_HEIGHT) are built, between spacers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from chat.codec import action_to_json
from chat.render.vnode import VNode, h
from chat.views.memo import Memo
from chat.views.window import ListWindow

ENTRY_HEIGHT = 88
"""The height of a log entry in CSS pixels (static/css/app.css fixes it)."""

OVERSCAN = 8
"""Entries built beyond each edge of the log's visible part."""


def log_window(
    scroll_top: float, height: float, count: int, overscan: int = OVERSCAN
) -> ListWindow:
    """The entries of a log of `count` in view when it is `height` pixels high and scrolled by
    `scroll_top`, plus `overscan` on each side."""
    return ListWindow.for_viewport(scroll_top, height, count, overscan, ENTRY_HEIGHT)


def _clock_time(timestamp: int, tz: tzinfo) -> str:
    moment = datetime.fromtimestamp(timestamp / 1000, tz)
    return f"{moment:%H:%M:%S}.{timestamp % 1000:03d}"


def _fields(action: dict[str, Any]) -> str:
    fields = {key: value for key, value in action.items() if key != "type"}
    text = json.dumps(fields, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def entry_item(entry: Any, selected: bool, tz: tzinfo, rendered: int = 0) -> VNode:
    """One dispatch: its number, source, type and fields, time, what changed, and timings.
    `rendered` only tells the memo that the render of the entry has been recorded."""
    action = action_to_json(entry.payload.action)
    source = entry.payload.source
    classes = "inspector__entry"
    if selected:
        classes += " inspector__entry--selected"
    return h(
        "li",
        {"class": classes, "data-entry": str(entry.number), "tabindex": "0"},
        h(
            "div",
            {"class": "inspector__entry__head"},
            h("span", {"class": "inspector__entry__number"}, f"#{entry.number}"),
            h(
                "span",
                {"class": f"inspector__entry__source inspector__entry__source--{source}"},
                source,
            ),
            h("span", {"class": "inspector__entry__type"}, str(action["type"])),
            h("span", {"class": "inspector__entry__time"}, _clock_time(entry.time, tz)),
        ),
        h("code", {"class": "inspector__entry__fields"}, _fields(action)),
        h(
            "div",
            {"class": "inspector__entry__effects"},
            h(
                "span",
                {"class": "inspector__entry__stores"},
                "stores: " + (", ".join(entry.changed) or "none"),
            ),
            h(
                "span",
                {"class": "inspector__entry__views"},
                "views: " + (", ".join(entry.rendered) or "none"),
            ),
            h(
                "span",
                {"class": "inspector__entry__timing"},
                f"dispatch {entry.dispatch_ms:.1f} ms, render {entry.render_ms:.1f} ms",
            ),
        ),
        key=entry.number,
    )


def inspector_panel(
    entries: Sequence[Any],
    selected: int | None,
    label: str,
    error: str,
    tz: tzinfo,
    memo: Memo,
    window: ListWindow | None = None,
    folded: int = 0,
    importing: str = "",
) -> VNode:
    """The panel: what is shown (`label`), the controls, an import under way (`importing`) or
    its `error` if any, and the log: the entries in `window` (all by default) between spacers,
    after a note of the `folded` dispatches the log starts after.

    `selected` is the entry whose state the app shows, or None for the live state.
    """
    start, end = (0, len(entries)) if window is None else (window.start, window.end)
    items = [
        memo.get(
            entry.number,
            entry_item,
            entry,
            entry.number == selected,
            tz,
            len(entry.rendered),
        )
        for entry in entries[start:end]
    ]
    memo.keep_only(entry.number for entry in entries[start:end])
    controls = [
        h(
            "button",
            {"type": "button", "class": "inspector__now", "data-command": "now"},
            "Back to now",
        )
        if selected is not None
        else None,
        h(
            "button",
            {"type": "button", "class": "inspector__export", "data-command": "export"},
            "Export",
        ),
        h(
            "button",
            {"type": "button", "class": "inspector__import", "data-command": "import"},
            "Import",
        ),
    ]
    return h(
        "aside",
        {"class": "inspector", "aria-label": "Flux inspector"},
        h(
            "div",
            {"class": "inspector__bar"},
            h("h2", {"class": "inspector__title"}, "Flux inspector"),
            h("p", {"class": "inspector__status", "role": "status"}, label),
            h("div", {"class": "inspector__controls"}, *controls),
            h("p", {"class": "inspector__progress"}, importing) if importing else None,
            h("p", {"class": "inspector__error", "role": "alert"}, error) if error else None,
            h("p", {"class": "inspector__folded"}, _folded(folded)) if folded else None,
        ),
        h(
            "ol",
            {"class": "inspector__log", "aria-label": "Dispatches"},
            _spacer("above", start),
            *items,
            _spacer("below", len(entries) - end),
        ),
    )


def _folded(count: int) -> str:
    one = "dispatch" if count == 1 else "dispatches"
    return f"{count:,} earlier {one} folded into the starting state"


def _spacer(key: str, entries: int) -> VNode | None:
    """Room for `entries` that are not in the DOM, so the log scrolls as if they were."""
    if not entries:
        return None
    return h(
        "li",
        {
            "class": "inspector__spacer",
            "aria-hidden": "true",
            "style": f"height: {entries * ENTRY_HEIGHT}px",
        },
        key=key,
    )
