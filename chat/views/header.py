"""The header's unread counter."""

from __future__ import annotations

from chat.render.vnode import VNode, h


def unread_badge(count: int) -> VNode:
    """How many chats are unread; hidden at zero."""
    label = f"{count} unread chat" if count == 1 else f"{count} unread chats"
    attrs = {"class": "header__unread", "title": label, "aria-label": label}
    if not count:
        attrs["hidden"] = ""
    return h("span", attrs, str(count))


def page_title(count: int, title: str = "Flux chat") -> str:
    """The page's title, which starts with "(N) " while N chats are unread."""
    return f"({count}) {title}" if count else title
