"""Random histories for properties of the stores: a few chats, then any sequence of the actions
that change them, drawn so that last message times often tie and chats come and go from what
is loaded (KEEP_LOADED)."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from chat.actions import (
    Action,
    OpenChat,
    ReceiveChats,
    ReceiveMessage,
    ReceiveMessages,
    SendMessage,
    UpdateLastAccess,
)
from chat.model import Chat, ChatData, LastAccess, Message, User

ME = 1
FIRST = range(2, 8)
"""The chats a history starts with."""
MORE = range(8, 20)
"""The chats ReceiveChats may bring (some twice, some already there)."""
times = st.integers(0, 6)
"""Few times, so that chats often tie on their last message's."""


def make_chat(user_id: int, timestamp: int, seen: int = 0) -> Chat:
    message = Message(f"m{user_id}-{timestamp}", "hi", user_id, timestamp)
    return Chat(User(user_id, f"U{user_id}", "a.svg"), LastAccess(0, seen), (message,))


@st.composite
def start(draw: st.DrawFn) -> ChatData:
    """The data a history starts from: the chats FIRST, in a drawn order."""
    order = draw(st.permutations(list(FIRST)))
    chats = {uid: make_chat(uid, draw(times), draw(times)) for uid in order}
    return ChatData(User(ME, "Me", "me.svg"), chats)


@st.composite
def histories(draw: st.DrawFn, data: ChatData) -> list[Action]:
    """Up to 30 actions valid in turn from `data` (each names a chat there by then)."""
    known = list(data.chats)
    ids = itertools.count()
    actions: list[Action] = []
    for _ in range(draw(st.integers(0, 30))):
        user_id = draw(st.sampled_from(known))
        kind = draw(st.integers(0, 5))
        when = draw(times)
        action: Action
        if kind == 0:
            action = OpenChat(user_id, when)
        elif kind == 1:
            action = SendMessage(user_id, "sent", when, f"s{next(ids)}")
        elif kind == 2:
            sender = draw(st.sampled_from([ME, user_id]))
            action = ReceiveMessage(user_id, Message(f"r{next(ids)}", "got", sender, when))
        elif kind == 3:
            action = UpdateLastAccess(
                user_id, draw(st.none() | times), draw(st.none() | times), draw(st.booleans())
            )
        elif kind == 4:
            loaded = tuple(
                Message(f"l{next(ids)}", "old", draw(st.sampled_from([ME, user_id])), when - step)
                for step in range(draw(st.integers(0, 3)))
            )[::-1]
            action = ReceiveMessages(user_id, loaded, draw(st.booleans()))
        else:
            new = draw(st.lists(st.sampled_from(list(MORE)), max_size=4))
            action = ReceiveChats(tuple(make_chat(uid, draw(times), draw(times)) for uid in new))
            known.extend(uid for uid in new if uid not in known)
        actions.append(action)
    return actions
