"""Loading history: earlier messages come from the database when the views reach them, and
arrive as a server action, as messages from a server do in facebook/flux's flux-chat example.

The stores hold each chat's summary and the messages of the chats in use. When the open chat's
message list shows its first loaded message and the database has earlier ones, the views ask
for them (`ChatApp.on_needs_older`); the `Loader` reads a page and dispatches
`ReceiveMessages`. The inspector's log holds that action, so a replay is exact.
"""

from __future__ import annotations

from collections.abc import Callable

from chat.actions import ServerActions
from chat.data import DataError
from chat.model import Chat, message_key
from chat.ports import Database
from chat.stored import CHAT_STEP, PAGE, chats_page, page_text
from chat.stores import UserStore


class Loader:
    """Reads earlier messages of a chat, one page and one read per chat at a time."""

    def __init__(
        self,
        database: Database,
        server: ServerActions,
        users: UserStore,
        notify: Callable[[str], None],
        page: int = PAGE,
    ) -> None:
        self._database = database
        self._server = server
        self._users = users
        self._notify = notify
        self._page = page
        self._reading: set[int] = set()
        # Where the last read of a chat stopped, for the chat's first loaded message at the time:
        # a page whose records were all unreadable must not be asked for again and again.
        self._resume: dict[int, tuple[tuple[int, str], tuple[int, str]]] = {}
        self._told = False
        self.reads = 0
        self.all_chats = False
        """Whether every chat of the database has been read (after `more_chats`)."""

    def needs_older(self, chat: Chat) -> None:
        """The views show `chat`'s first loaded message: read the page before it."""
        user_id = chat.user.id
        if not chat.older or user_id in self._reading:
            return
        first = message_key(chat.messages[0])
        resume = self._resume.get(user_id)
        before = resume[1] if resume is not None and resume[0] == first else first
        self._reading.add(user_id)
        self.reads += 1
        self._database.messages(
            user_id, before, self._page, lambda text: self._received(chat, first, text)
        )

    def _received(self, chat: Chat, first: tuple[int, str], text: str | None) -> None:
        user_id = chat.user.id
        self._reading.discard(user_id)
        try:
            page = page_text(text, user_id, self._users.get_current_user().id)
        except DataError:
            self._tell(
                "Earlier messages could not be read from this browser's database; "
                "the app tries again when you scroll."
            )
            return
        if page.skipped:
            self._tell(
                f"{page.skipped} saved message(s) could not be read and are not shown; "
                "they stay in this browser's database as they are."
            )
        if page.before is not None:
            self._resume[user_id] = (first, page.before)
        if page.messages or not page.older:
            self._server.receive_messages(user_id, page.messages, page.older)
        elif page.before is not None:  # only unreadable records: read on past them
            self.needs_older(chat)

    def more_chats(self, offset: int, step: int = CHAT_STEP) -> None:
        """Read the chats after the first `offset` (those not read at start), `step` at a time,
        each page dispatched as `ReceiveChats` before the next is asked for."""
        self._database.chats(offset, step, lambda text: self._chats(offset, step, text))

    def _chats(self, offset: int, step: int, text: str | None) -> None:
        try:
            chats, more, skipped = chats_page(text, self._users.get_current_user().id)
        except DataError:
            self._tell(
                "Some of your chats could not be read from this browser's database; "
                "reload the page to try again."
            )
            return
        if skipped:
            self._tell(
                f"{skipped} saved chat(s) could not be read and are not shown; they stay in "
                "this browser's database as they are."
            )
        if chats:
            self._server.receive_chats(tuple(chats))
        if more:
            self.more_chats(offset + step, step)
        else:
            self.all_chats = True

    def _tell(self, text: str) -> None:
        if not self._told:
            self._told = True
            self._notify(text)
