"""The stores: they own the app's state and change it only when the dispatcher calls them."""

from chat.stores.messages_store import MessagesStore, UnknownChatError
from chat.stores.store import Store
from chat.stores.unread_store import UnreadStore
from chat.stores.user_store import UserStore

__all__ = ["MessagesStore", "Store", "UnknownChatError", "UnreadStore", "UserStore"]
