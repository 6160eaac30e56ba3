"""The stores: they own the app's state and change it only when the dispatcher calls them."""

from chat.stores.graph import Stores, create_stores
from chat.stores.messages_store import Chats, MessagesStore, UnknownChatError, reduce_chats
from chat.stores.store import ReduceStore, Store
from chat.stores.unread_store import UnreadStore
from chat.stores.user_store import UserStore

__all__ = [
    "Chats",
    "MessagesStore",
    "ReduceStore",
    "Store",
    "Stores",
    "UnknownChatError",
    "UnreadStore",
    "UserStore",
    "create_stores",
    "reduce_chats",
]
