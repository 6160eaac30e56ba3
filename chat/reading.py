"""What the person has in front of them counts as read."""

from __future__ import annotations

from chat.actions import ChatActions, Payload, ReceiveMessage
from chat.dispatcher import Dispatcher
from chat.stores import MessagesStore


class ReadWhileOpen:
    """When the other person's message arrives in the open chat, the person sees it: mark the
    chat read, as opening it would (a view action, so other tabs hear of it too)."""

    def __init__(
        self, dispatcher: Dispatcher[Payload], messages_store: MessagesStore, actions: ChatActions
    ) -> None:
        self._messages = messages_store
        self._actions = actions
        dispatcher.add_observer(self._after_dispatch)

    def _after_dispatch(self, payload: Payload) -> None:
        action = payload.action
        if not isinstance(action, ReceiveMessage):
            return
        user_id = action.user_id
        if user_id != self._messages.get_open_chat_user_id():
            return
        chat = self._messages.get_chat_by_user_id(user_id)
        if chat.last_access.current_user < chat.last_message.timestamp:
            self._actions.open_chat(user_id)
