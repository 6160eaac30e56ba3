"""What can happen: the app's actions, as typed values, and the action creators that dispatch them.

An action is a frozen dataclass; `Action` is their union, so a store that matches on it with
`assert_never` makes mypy name every place a new action must be handled. View actions are
what the person did in this tab; server actions are what arrived from elsewhere (a contact,
or another tab of the app). Their JSON form, for logs and tabs, is chat/codec.py's.

To add an action type: declare its dataclass here and add it to `Action`; mypy then points
at each store and the codec.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from chat.data import MAX_TEXT_CHARS
from chat.model import Chat, Message
from chat.ports import Clock

if TYPE_CHECKING:
    from chat.dispatcher import AppDispatcher

OPEN_CHAT = "updateOpenChatID"
SEND_MESSAGE = "sendMessage"
RECEIVE_MESSAGE = "receiveMessage"
UPDATE_LAST_ACCESS = "updateLastAccess"
RECEIVE_MESSAGES = "receiveMessages"
RECEIVE_CHATS = "receiveChats"
"""The tutorial's names of the actions, the `type` of their JSON form."""


@dataclass(frozen=True, slots=True)
class OpenChat:
    """The person opened the chat with `user_id` at `timestamp`: it is open, and read."""

    user_id: int
    timestamp: int


@dataclass(frozen=True, slots=True)
class SendMessage:
    """The person sent `text` to `user_id`; `id` is unique to this tab's sends."""

    user_id: int
    text: str
    timestamp: int
    id: str


@dataclass(frozen=True, slots=True)
class ReceiveMessage:
    """`message` arrived in the chat with `user_id`; `remote` when another tab sent it."""

    user_id: int
    message: Message
    remote: bool = False


@dataclass(frozen=True, slots=True)
class UpdateLastAccess:
    """The chat with `user_id` was seen: by the recipient, or by the person in another tab.
    Times only move forward; None leaves one as it is."""

    user_id: int
    recipient: int | None = None
    current_user: int | None = None
    remote: bool = False


@dataclass(frozen=True, slots=True)
class ReceiveMessages:
    """Earlier messages of the chat with `user_id` were loaded from the database (as flux-chat's
    `receiveAll`): `messages` in (timestamp, id) order, ending where the loaded ones began;
    `older` says whether the database has still earlier ones. Only this tab loaded them: it is
    never posted to the others."""

    user_id: int
    messages: tuple[Message, ...]
    older: bool


@dataclass(frozen=True, slots=True)
class ReceiveChats:
    """More chats were read from the database, as summaries (their newest message): at start
    the app reads only the newest chats, and the rest arrive in the background. A chat the
    stores already hold is kept as it is (it is at least as new)."""

    chats: tuple[Chat, ...]


Action = OpenChat | SendMessage | ReceiveMessage | UpdateLastAccess | ReceiveMessages | ReceiveChats
Source = Literal["view", "server"]


@dataclass(frozen=True, slots=True)
class Payload:
    """What the dispatcher broadcasts: an action and where it came from."""

    source: Source
    action: Action


def now_ms() -> int:
    """The current time in epoch milliseconds, the unit of every timestamp in the data."""
    return time.time_ns() // 1_000_000


class ChatActions:
    """The tutorial's `MessagesActions`: open a chat, send a message. Times come from `clock`,
    so a payload carries everything a store needs and replaying it gives the same state.

    A sent message's id starts with `tab_id`, so messages sent at the same moment in two tabs
    never share an id.
    """

    def __init__(self, dispatcher: AppDispatcher, clock: Clock = now_ms, tab_id: str = "t") -> None:
        self._dispatcher = dispatcher
        self._clock = clock
        self._tab_id = tab_id
        self._sequence = itertools.count(1)

    def open_chat(self, user_id: int) -> None:
        """Open the chat with `user_id` and mark it read."""
        self._dispatcher.handle_view_action(OpenChat(user_id, self._clock()))

    def send_message(self, user_id: int, text: str) -> bool:
        """Send `text` to `user_id`; blank text, or text longer than MAX_TEXT_CHARS (which
        no saved state could hold), is not sent. Returns whether it was sent."""
        if not text.strip() or len(text) > MAX_TEXT_CHARS:
            return False
        timestamp = self._clock()
        ident = f"{self._tab_id}-{timestamp}-{next(self._sequence)}"
        self._dispatcher.handle_view_action(SendMessage(user_id, text, timestamp, ident))
        return True


class ServerActions:
    """What arrives from elsewhere: a contact's message or read receipt, or another tab's change.

    `remote` marks what came from another tab, so it is not sent back there.
    """

    def __init__(self, dispatcher: AppDispatcher) -> None:
        self._dispatcher = dispatcher

    def receive_message(self, user_id: int, message: Message, *, remote: bool = False) -> None:
        """Add `message` to the chat with `user_id`, in time order; a known id is ignored."""
        self._dispatcher.handle_server_action(ReceiveMessage(user_id, message, remote))

    def receive_messages(self, user_id: int, messages: tuple[Message, ...], older: bool) -> None:
        """Add earlier messages of the chat with `user_id`, loaded from the database."""
        self._dispatcher.handle_server_action(ReceiveMessages(user_id, messages, older))

    def receive_chats(self, chats: tuple[Chat, ...]) -> None:
        """Add chats read from the database that the stores do not hold yet."""
        self._dispatcher.handle_server_action(ReceiveChats(chats))

    def update_last_access(
        self,
        user_id: int,
        *,
        recipient: int | None = None,
        current_user: int | None = None,
        remote: bool = False,
    ) -> None:
        """Move the chat's last access times forward (never back)."""
        self._dispatcher.handle_server_action(
            UpdateLastAccess(user_id, recipient, current_user, remote)
        )
