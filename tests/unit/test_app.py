"""The wiring: one render per view per dispatch, and only the changed DOM nodes touched."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from chat.actions import ChatActions, UpdateLastAccess
from chat.app import MESSAGE_BOX, USER_LIST, ChatApp
from chat.dispatcher import AppDispatcher
from chat.model import ChatData, Message
from chat.render import to_html
from chat.stores import MessagesStore, UserStore
from tests.unit.fake_dom import FakeDom, FakeNode, inner_html

NOW = 1_800_000_000_000


class Harness:
    def __init__(self, data: ChatData, root: FakeNode | None = None) -> None:
        self.dom = FakeDom()
        self.root = FakeNode("main") if root is None else root
        self.dispatcher = AppDispatcher()
        self.users = UserStore(self.dispatcher, data.current_user)
        self.messages = MessagesStore(self.dispatcher, self.users, data.chats)
        self.clock = NOW
        self.actions = ChatActions(self.dispatcher, clock=lambda: self.clock)
        self.rendered: list[frozenset[str]] = []
        self.app = ChatApp(
            self.dom,
            self.root,
            self.dispatcher,
            self.messages,
            self.users,
            clock=lambda: self.clock,
            tz=UTC,
        )
        self.app.on_render(self.rendered.append)
        self.app.start(adopt=root is not None)

    def items(self) -> list[FakeNode]:
        return self.root.children[0].children[0].children

    def message_texts(self) -> list[str]:
        message_list = self.root.children[1].children[0].children[0]
        return [item.children[0].children[0].text for item in message_list.children]


def test_start_renders_both_views_into_the_root(tutorial_data: ChatData) -> None:
    harness = Harness(tutorial_data)
    assert [child.attrs["class"] for child in harness.root.children] == ["user-list", "message-box"]
    assert [item.attrs["data-user-id"] for item in harness.items()] == ["2", "4", "3"]
    assert harness.message_texts() == ["Hey!", "Hey, what's up?", "Read on 20 Feb 2015 at 22:03"]
    assert harness.rendered == [frozenset({USER_LIST, MESSAGE_BOX})]


def test_starting_over_a_painted_screen_adopts_it_with_no_dom_call(tutorial_data: ChatData) -> None:
    painted = Harness(tutorial_data).root
    nodes = list(painted.children)
    harness = Harness(tutorial_data, root=painted)
    assert harness.dom.log == []
    assert harness.root.children == nodes
    assert harness.rendered == [frozenset({USER_LIST, MESSAGE_BOX})]
    harness.actions.send_message(2, "After adopting")
    assert harness.message_texts()[-1] == "After adopting"
    assert harness.root.children == nodes


def test_a_painted_screen_of_another_state_is_patched_into_this_one(
    tutorial_data: ChatData,
) -> None:
    earlier = Harness(tutorial_data)
    earlier.actions.open_chat(4)
    fresh = Harness(tutorial_data)
    harness = Harness(tutorial_data, root=earlier.root)
    assert inner_html(harness.root) == inner_html(fresh.root)
    assert not any(line.startswith("createElement(ul)") for line in harness.dom.log)


def test_the_views_render_to_markup_a_browser_parses_back(tutorial_data: ChatData) -> None:
    harness = Harness(tutorial_data)
    markup = to_html(harness.app.build_views().values())
    assert markup.startswith('<div class="user-list">')
    assert '<input class="reply-box__input" placeholder="Type message to reply.."' in markup
    assert "</input>" not in markup
    assert markup.count("<li") == len(harness.items()) + len(harness.message_texts())


def test_each_view_renders_once_per_dispatch(tutorial_data: ChatData) -> None:
    harness = Harness(tutorial_data)
    harness.actions.send_message(3, "One")
    harness.actions.open_chat(4)
    assert harness.app.render_counts == {USER_LIST: 3, MESSAGE_BOX: 3}
    assert harness.rendered[1:] == [frozenset({USER_LIST, MESSAGE_BOX})] * 2


def test_a_dispatch_that_changes_nothing_renders_nothing(tutorial_data: ChatData) -> None:
    harness = Harness(tutorial_data)
    nothing = UpdateLastAccess(4)  # moves no time
    harness.dispatcher.handle_server_action(nothing)
    assert harness.app.render_counts == {USER_LIST: 1, MESSAGE_BOX: 1}
    assert harness.dom.take_log() != []  # the start-up render
    harness.dispatcher.handle_server_action(nothing)
    assert harness.dom.take_log() == []


def test_sending_touches_only_the_changed_nodes(tutorial_data: ChatData) -> None:
    harness = Harness(tutorial_data)
    todd, jilles = harness.items()[1], harness.items()[2]
    harness.dom.take_log()
    harness.actions.send_message(2, "Sent")
    log = harness.dom.take_log()
    assert harness.items()[1] is todd and harness.items()[2] is jilles
    assert not any("Please follow" in line or "ping pong" in line for line in log)
    removed = [line for line in log if "removeChild" in line]
    assert removed == ["<ul>.removeChild(<li>)"], "one node goes: the read receipt"
    assert harness.message_texts() == ["Hey!", "Hey, what's up?", "Sent"]


def test_switching_chats_moves_the_active_class_and_marks_read(tutorial_data: ChatData) -> None:
    harness = Harness(tutorial_data)
    harness.actions.open_chat(4)
    classes = [item.attrs["class"] for item in harness.items()]
    assert classes == [
        "user-list__item",
        "user-list__item user-list__item--active",
        "user-list__item",
    ]
    assert harness.message_texts() == ["Please follow me on twitter I'll pay you"]
    assert "user-list__item__icon" not in inner_html(harness.items()[1])


def test_refresh_updates_relative_times_and_nothing_else(tutorial_data: ChatData) -> None:
    harness = Harness(tutorial_data)
    harness.actions.send_message(3, "Fresh")
    assert "Just now" in inner_html(harness.items()[0])
    harness.dom.take_log()
    harness.clock += 5 * 60_000
    harness.app.refresh()
    assert harness.dom.take_log() == ["#text(Just now).setText(5 minutes ago)"]


def long_data(data: ChatData, count: int) -> ChatData:
    ryan = data.chats[2]
    messages = tuple(Message(f"old{n}", f"old {n}", 2, n) for n in range(count))
    chats = {**data.chats, 2: replace(ryan, messages=(*messages, *ryan.messages))}
    return replace(data, chats=chats)


def test_a_long_chat_puts_one_page_in_the_dom_and_more_on_request(tutorial_data: ChatData) -> None:
    harness = Harness(long_data(tutorial_data, 10_000))
    assert len(harness.message_texts()) == 40 + 1  # and the read receipt
    assert harness.app.show_earlier_messages()
    texts = harness.message_texts()
    assert len(texts) == 80 + 1 and texts[0] == f"old {10_002 - 80}"
    while harness.app.show_earlier_messages():
        pass
    assert harness.message_texts()[0] == "old 0"
    assert len(harness.message_texts()) == 120
    assert not harness.app.show_earlier_messages()
    while harness.app.show_later_messages():
        pass
    assert harness.message_texts()[-1].startswith("Read ")


def test_sending_from_far_up_brings_the_newest_back(tutorial_data: ChatData) -> None:
    harness = Harness(long_data(tutorial_data, 1_000))
    for _ in range(5):
        harness.app.show_earlier_messages()
    harness.actions.send_message(2, "Back to the bottom")
    texts = harness.message_texts()
    assert texts[-1] == "Back to the bottom" and len(texts) == 40


def test_the_user_list_renders_again_only_when_scrolled_past_its_window(
    tutorial_data: ChatData,
) -> None:
    ryan = tutorial_data.chats[2]
    chats = {
        user_id: replace(ryan, user=replace(ryan.user, id=user_id)) for user_id in range(2, 1_002)
    }
    harness = Harness(replace(tutorial_data, chats=chats))
    rendered = harness.app.render_counts[USER_LIST]
    assert not harness.app.list_scrolled(80, 1080)
    assert harness.app.render_counts[USER_LIST] == rendered
    assert harness.app.list_scrolled(40_000, 1080)
    ids = [item.attrs.get("data-user-id") for item in harness.items()[1:-1]]
    assert ids[0] == str(2 + 40_000 // 80 - 6)
    assert len(harness.root.children[0].children[0].children) < 40
