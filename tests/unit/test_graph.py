"""Building the stores: three stores on one dispatcher, the open chat given, a dispatcher reused."""

from __future__ import annotations

from chat.actions import OpenChat
from chat.dispatcher import AppDispatcher
from chat.model import ChatData
from chat.stores import Stores, create_stores


def test_the_three_stores_share_one_dispatcher_and_the_data(tutorial_data: ChatData) -> None:
    stores = create_stores(tutorial_data)
    assert stores.users.get_current_user() == tutorial_data.current_user
    assert stores.messages.get_open_chat_user_id() == 2, "the first chat by default"
    assert stores.unread.get_unread_count() == 1  # Todd
    stores.dispatcher.handle_view_action(OpenChat(4, 1_800_000_000_000))
    assert stores.messages.get_open_chat_user_id() == 4
    assert stores.unread.get_unread_count() == 0, "the unread store heard the same dispatch"


def test_the_open_chat_can_be_given(tutorial_data: ChatData) -> None:
    assert create_stores(tutorial_data, 3).messages.get_open_chat_user_id() == 3


def test_a_given_dispatcher_is_used_and_its_earlier_callbacks_run_first(
    tutorial_data: ChatData,
) -> None:
    dispatcher = AppDispatcher()
    open_when_first_called: list[int] = []
    built: list[Stores] = []
    # Registered before the stores, as the inspector's callback is: it runs before they change.
    dispatcher.register(
        lambda _: open_when_first_called.append(built[0].messages.get_open_chat_user_id())
    )
    built.append(create_stores(tutorial_data, dispatcher=dispatcher))
    assert built[0].dispatcher is dispatcher
    dispatcher.handle_view_action(OpenChat(3, 1_800_000_000_000))
    assert open_when_first_called == [2]
    assert built[0].messages.get_open_chat_user_id() == 3
