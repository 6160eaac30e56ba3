"""The user list: one item per chat, newest last message first (the tutorial's `UserList`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import tzinfo

from chat.model import Chat, User, is_new, is_unread
from chat.render.vnode import VNode, h
from chat.views.dates import full_date, relative_time
from chat.views.memo import Memo
from chat.views.window import ITEM_HEIGHT, ListWindow

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_JOINERS = {"\u200d", "\ufe0f"}  # zero width joiner, emoji presentation
_SKIPPED = "".join(map(chr, range(0x21)))  # what a URL parser skips at the start


def shows_as_image(picture: str) -> bool:
    """Whether a profile picture's address is shown as an image: a relative path (on the page's
    own site) or a `data:` URL. Anything else is on another site, which the page's content
    security policy (`img-src 'self' data:`) would refuse, so it is never requested."""
    # As a browser reads a URL: leading spaces and controls go, tabs and newlines anywhere.
    address = re.sub(r"[\t\n\r]", "", picture).lstrip(_SKIPPED)
    if address[:2].replace("\\", "/") == "//":  # protocol-relative: another host
        return False
    scheme = _SCHEME.match(address)
    return scheme is None or scheme.group().lower() == "data:"


def _first_character(word: str) -> str:
    """The first character of `word` as a person sees it: with its accents, a flag's two
    letters, and an emoji with its modifiers and the emoji it is joined to."""
    flag = "\U0001f1e6" <= word[0] <= "\U0001f1ff"  # a regional indicator: half a flag
    end = 2 if flag and len(word) > 1 else 1
    while end < len(word) and (
        unicodedata.combining(word[end])
        or word[end] in _JOINERS
        or word[end - 1] == "\u200d"
        or "\U0001f3fb" <= word[end] <= "\U0001f3ff"  # skin tone
    ):
        end += 1
    first = word[:end]
    upper = first.upper()
    return upper if len(upper) == len(first) else first


def initials(name: str) -> str:
    """Up to two initials for `name`: of its first and last word ("Ryan Clark" is "RC"), words
    that start with punctuation left out; "?" when no word is left."""
    words = [w for w in name.split() if unicodedata.category(w[0])[0] not in "PZC"]
    if not words:
        return "?"
    ends = words[:1] if len(words) == 1 else [words[0], words[-1]]
    return "".join(_first_character(word) for word in ends)


def avatar(user: User) -> VNode:
    """The person's picture, or their initials in its place when it is on another site."""
    if shows_as_image(user.profile_picture):
        return h("img", {"src": user.profile_picture, "alt": ""})
    # Decorative, as the picture is (alt=""): the name follows it.
    return h(
        "span", {"class": "user-list__item__initials", "aria-hidden": "true"}, initials(user.name)
    )


def status_icon(chat: Chat) -> VNode | None:
    """Unread beats replied; a read chat whose last message is the other person's has none."""
    if is_unread(chat):
        return h(
            "i",
            {
                "class": "user-list__item__icon user-list__item__icon--unread",
                "role": "img",
                "aria-label": "Unread",
            },
        )
    if chat.last_message.sender != chat.user.id:
        return h(
            "i",
            {
                "class": "user-list__item__icon user-list__item__icon--replied",
                "role": "img",
                "aria-label": "Replied",
            },
        )
    return None


def user_list_item(
    chat: Chat, is_open: bool, current_user_id: int, when: str, tz: tzinfo, tab_stop: bool
) -> VNode:
    """One chat in the list; `when` is the last message's time as a label. `tab_stop`: the
    item Tab lands on (the open chat, or the first shown when it is scrolled away)."""
    classes = "user-list__item"
    if is_new(chat, current_user_id):
        classes += " user-list__item--new"
    if is_open:
        classes += " user-list__item--active"
    last = chat.last_message
    return h(
        "li",
        {
            "class": classes,
            "data-user-id": str(chat.user.id),
            # A listbox of chats: the open one is selected; the list is one Tab stop.
            "role": "option",
            "aria-selected": "true" if is_open else "false",
            "tabindex": "0" if tab_stop else "-1",
        },
        h(
            "div",
            {"class": "user-list__item__picture"},
            avatar(chat.user),
        ),
        h(
            "div",
            {"class": "user-list__item__details"},
            h(
                "h2",
                {"class": "user-list__item__name"},
                chat.user.name,
                h(
                    "abbr",
                    {"class": "user-list__item__timestamp", "title": full_date(last.timestamp, tz)},
                    when,
                ),
            ),
            h("span", {"class": "user-list__item__message"}, status_icon(chat), last.contents),
        ),
        key=chat.user.id,
    )


def user_list(
    ordered: Sequence[Chat],
    window: ListWindow,
    open_chat_user_id: int,
    current_user_id: int,
    now: int,
    tz: tzinfo,
    memo: Memo,
) -> VNode:
    """The chats in `ordered` (see `newest_first`) that `window` covers; padding stands in for
    the others, so the list scrolls as if all were there. Items whose inputs did not change are
    the same nodes as last time."""
    end = min(window.end, len(ordered))
    start = min(window.start, end)
    shown = ordered[start:end]
    # Tab must reach the list even when the open chat is scrolled out of the rendered window.
    tab_stop = open_chat_user_id
    if shown and all(chat.user.id != open_chat_user_id for chat in shown):
        tab_stop = shown[0].user.id
    items = [
        memo.get(
            chat.user.id,
            user_list_item,
            chat,
            chat.user.id == open_chat_user_id,
            current_user_id,
            relative_time(chat.last_message.timestamp, now, tz),
            tz,
            chat.user.id == tab_stop,
        )
        for chat in shown
    ]
    if memo.size > len(items):
        memo.keep_only(chat.user.id for chat in shown)
    return h(
        "div",
        {"class": "user-list"},
        h(
            "ul",
            {"class": "user-list__list", "role": "listbox", "aria-label": "Chats"},
            spacer("above", start),
            *items,
            spacer("below", len(ordered) - end),
        ),
    )


def spacer(key: str, items: int) -> VNode | None:
    """Empty room for `items` list items that are not in the DOM, so the list scrolls as if
    they were; None when there are none."""
    if not items:
        return None
    return h(
        "li",
        {
            "class": "user-list__spacer",
            "aria-hidden": "true",
            "style": f"height: {items * ITEM_HEIGHT}px",
        },
        key=key,
    )
