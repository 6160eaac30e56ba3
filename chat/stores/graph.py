"""The dispatcher and its three stores, built in one place: for the live app (chat.compose)
and for the inspector's replay, which rebuilds the state at any point of a log."""

from __future__ import annotations

from dataclasses import dataclass

from chat.dispatcher import AppDispatcher
from chat.model import ChatData
from chat.stores.messages_store import MessagesStore
from chat.stores.unread_store import UnreadStore
from chat.stores.user_store import UserStore


@dataclass(frozen=True, slots=True)
class Stores:
    dispatcher: AppDispatcher
    users: UserStore
    messages: MessagesStore
    unread: UnreadStore


def create_stores(
    data: ChatData, open_chat_user_id: int | None = None, dispatcher: AppDispatcher | None = None
) -> Stores:
    """The stores holding `data`, registered with `dispatcher` (a new one by default: give
    one when a callback must be registered before the stores, as the inspector's is)."""
    if dispatcher is None:
        dispatcher = AppDispatcher()
    users = UserStore(dispatcher, data.current_user)
    messages = MessagesStore(dispatcher, users, data.chats, open_chat_user_id)
    unread = UnreadStore(dispatcher, messages, users)
    return Stores(dispatcher, users, messages, unread)
