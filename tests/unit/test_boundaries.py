"""Every way data comes in: the data file, the saved state, an inspector log and a tab's message.

Rule: each boundary either refuses its input with its own error (DataError, SavedStateError,
LogError), never another exception, or accepts it; and whatever it accepts is saved and
restored unchanged. Inputs are generated chat data, then mutated: fields removed, types
swapped, odd strings, huge and negative numbers, duplicate ids, deep nesting, oversized text.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.actions import Action, OpenChat, Payload, ReceiveMessage, SendMessage, UpdateLastAccess
from chat.codec import message_from_json, payload_to_json
from chat.data import (
    LATEST_TIME,
    MAX_DEPTH,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MAX_WHOLE,
    DataError,
    message_to_json,
    parse_chat_data,
)
from chat.inspector import LogError, export_log, import_log, replay
from chat.model import ChatData, Message
from chat.persistence import SavedState, SavedStateError, Snapshot, restore
from chat.stored import import_text, page_text
from tests.unit.ports import App

ME = 1
boundary_examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

texts = st.text(min_size=1, max_size=12).filter(lambda text: not text.isspace())
times = st.integers(0, LATEST_TIME)


@st.composite
def chat_files(draw: st.DrawFn) -> dict[str, Any]:
    """A valid data file as parsed JSON: the current user 1 and one to three chats."""
    others = draw(st.lists(st.integers(2, 60), min_size=1, max_size=3, unique=True))
    chats = {}
    for other in others:
        messages = []
        for index in range(draw(st.integers(1, 3))):
            message = {"contents": draw(texts), "from": draw(st.sampled_from([ME, other]))}
            message["timestamp"] = draw(times)
            if draw(st.booleans()):
                message["id"] = f"m{index}"
            messages.append(message)
        chats[str(other)] = {
            "user": {"id": other, "name": draw(texts), "profilePicture": "a.svg", "status": ""},
            "lastAccess": {"recipient": draw(times), "currentUser": draw(times)},
            "messages": messages,
        }
    return {"user": {"id": ME, "name": "Me", "profilePicture": "me.svg"}, "chats": chats}


def nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, -1, 1.0, 2.5, 10**20, MAX_WHOLE, MAX_WHOLE + 1, LATEST_TIME + 1, ME]),
    st.integers(-3, 70),
    st.sampled_from(["", " ", "\t\n", "\u00a0", "m0", "m1", "2", "[[[", '"}']),
    st.sampled_from([MAX_NAME_CHARS, MAX_NAME_CHARS + 1, MAX_TEXT_CHARS + 1]).map("x".__mul__),
    st.sampled_from([MAX_DEPTH - 3, MAX_DEPTH + 1]).map(nested),
    st.just({}),
    st.just([]),
)


def places(value: object) -> list[tuple[Any, Any]]:
    """Every (container, key or index) inside `value`, outermost first."""
    found: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found.extend(places(item))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found.extend(places(item))
    return found


def mutate(raw: Any, data: st.DataObject) -> Any:
    """`raw` (a copy) with up to two of its values removed, replaced by odd ones, or copied."""
    raw = copy.deepcopy(raw)
    for _ in range(data.draw(st.integers(0, 2))):
        spots = places(raw)
        if not spots:
            break
        container, key = data.draw(st.sampled_from(spots))
        change = data.draw(st.sampled_from(["remove", "replace", "replace", "copy"]))
        if change == "remove":
            del container[key]
        elif change == "replace":
            container[key] = data.draw(odd_values)
        else:  # another spot's value here: duplicate ids, swapped senders, a chat twice
            other_container, other_key = data.draw(st.sampled_from(spots))
            container[key] = copy.deepcopy(other_container[other_key])
    return raw


def saved_and_restored(state: SavedState) -> SavedState:
    return restore(Snapshot().state_text(state))


def assert_survives_saving(data: ChatData, open_chat: int | None = None) -> None:
    state = SavedState(data, next(iter(data.chats)) if open_chat is None else open_chat)
    assert saved_and_restored(state) == state


@boundary_examples
@given(chat_files(), st.data())
def test_a_data_file_is_refused_clearly_or_survives_saving(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    try:
        read = parse_chat_data(json.dumps(mutate(raw, data)))
    except DataError:
        return
    assert_survives_saving(read)


@boundary_examples
@given(chat_files(), st.data())
def test_a_saved_state_is_refused_clearly_or_survives_saving_again(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    read = parse_chat_data(json.dumps(raw))
    text = Snapshot().state_text(SavedState(read, next(iter(read.chats))))
    try:
        state = restore(json.dumps(mutate(json.loads(text), data)))
    except SavedStateError:
        return
    assert saved_and_restored(state) == state


def payloads_for(data: ChatData, draw: st.DataObject) -> list[Payload]:
    """A few payloads a session with `data` might have dispatched."""
    chats = list(data.chats)
    chosen = st.sampled_from(chats)
    payloads = []
    for number in range(draw.draw(st.integers(0, 3))):
        user_id = draw.draw(chosen)
        action = draw.draw(
            st.one_of(
                st.builds(OpenChat, st.just(user_id), times),
                st.builds(SendMessage, st.just(user_id), texts, times, st.just(f"t{number}")),
                st.builds(
                    ReceiveMessage,
                    st.just(user_id),
                    st.builds(Message, st.just(f"r{number}"), texts, st.just(user_id), times),
                    st.booleans(),
                ),
                st.builds(UpdateLastAccess, st.just(user_id), times, times, st.booleans()),
            )
        )
        payloads.append(Payload("view" if number % 2 else "server", action))
    return payloads


@boundary_examples
@given(chat_files(), st.data())
def test_an_inspector_log_is_refused_clearly_or_its_replay_survives_saving(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    read = parse_chat_data(json.dumps(raw))
    initial = Snapshot().state_text(SavedState(read, next(iter(read.chats))))
    log = export_log(initial, payloads_for(read, data))
    try:
        state, payloads = import_log(json.dumps(mutate(json.loads(log), data)))
    except LogError:
        return
    assert saved_and_restored(state) == state
    replayed = replay(state, payloads)
    assert_survives_saving(
        ChatData(replayed.users.get_current_user(), replayed.messages.get_all_chats()),
        replayed.messages.get_open_chat_user_id(),
    )


@boundary_examples
@given(chat_files(), st.data())
def test_a_tab_message_is_refused_clearly_or_survives_saving_in_its_chat(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    read = parse_chat_data(json.dumps(raw))
    user_id = data.draw(st.sampled_from(list(read.chats)))
    sent = Message("tab-1", data.draw(texts), data.draw(st.sampled_from([ME, user_id])), 5)
    try:
        message = message_from_json(mutate(message_to_json(sent), data))
    except DataError:
        return
    if message.sender not in (ME, user_id):
        return  # the chat's rule: whoever adds it refuses it (the tab sync, the store)
    log_with_message = export_log(
        Snapshot().state_text(SavedState(read, user_id)),
        [Payload("server", ReceiveMessage(user_id, message, True))],
    )
    state, payloads = import_log(log_with_message)
    replayed = replay(state, payloads)
    chats = replayed.messages.get_all_chats()
    assert any(known == message for known in chats[user_id].messages) or any(
        known.id == message.id for known in read.chats[user_id].messages
    )
    assert_survives_saving(ChatData(read.current_user, chats), user_id)


@boundary_examples
@given(chat_files(), st.data())
def test_whatever_another_tab_posts_is_ignored_or_saved_and_restored_unchanged(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    # Through the real boundary: the composed app's channel port, its tab sync and autosave.
    read = parse_chat_data(json.dumps(raw))
    app = App(read)
    user_id = data.draw(st.sampled_from(list(read.chats)))
    text, time = data.draw(texts), data.draw(times)
    choices: list[Action] = [
        SendMessage(user_id, text, time, "tab-1"),
        ReceiveMessage(user_id, Message("tab-2", text, user_id, time)),
        OpenChat(user_id, time),
        UpdateLastAccess(user_id, recipient=time),
    ]
    action = data.draw(st.sampled_from(choices))
    posted = mutate(payload_to_json(Payload("view", action)), data)
    before = app.messages.get_all_chats()
    if not app.flux.sync.receive(json.dumps(posted)):
        assert app.messages.get_all_chats() is before, "ignored means nothing changed"
        return
    app.clock.run_all()
    assert_kept_as_shown(app)


def assert_kept_as_shown(app: App) -> None:
    """The chats the app shows, written to the database as records, read back the same."""
    chats = app.messages.get_all_chats()
    data = ChatData(app.users.get_current_user(), chats)
    open_id = app.messages.get_open_chat_user_id()
    app.database.write(import_text(data, chats.values(), open_id, "t", True), lambda kept: None)
    stored = app.stored()
    current_user_id = data.current_user.id
    for user_id, chat in chats.items():
        summary = stored.data.chats[user_id]
        assert (summary.last_message, summary.last_access) == (chat.last_message, chat.last_access)
        pages: list[str | None] = []
        app.database.messages(user_id, None, 10**6, pages.append)
        app.clock.run_all()
        assert page_text(pages[0], user_id, current_user_id).messages == chat.messages


ODD_VALUES: list[object] = [
    None,
    True,
    False,
    0,
    -1,
    1.0,
    2.5,
    10**20,
    MAX_WHOLE + 1,
    LATEST_TIME + 1,
    "",
    " ",
    "\u00a0",
    "2",
    "x" * (MAX_NAME_CHARS + 1),
    "x" * (MAX_TEXT_CHARS + 1),
    nested(MAX_DEPTH + 1),
    {},
    [],
]
REMOVED = object()


def every_field_made_odd(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """`raw` with each of its values in turn, and each value of a nested object, removed or
    replaced by each odd value."""
    variants = []
    for container, key in places(raw):
        for value in [REMOVED, *ODD_VALUES]:
            variant = copy.deepcopy(raw)
            spot = variant
            for step in path_to(raw, container):
                spot = spot[step]
            if value is REMOVED:
                del spot[key]
            else:
                spot[key] = value
            variants.append(variant)
    return variants


def path_to(root: Any, target: Any) -> list[Any]:
    if root is target:
        return []
    items = root.items() if isinstance(root, dict) else enumerate(root)
    for key, value in items:
        if isinstance(value, dict | list):
            try:
                return [key, *path_to(value, target)]
            except LookupError:
                continue
    raise LookupError


def test_no_field_of_a_tab_message_can_slip_in_what_the_save_refuses(
    tutorial_data: ChatData,
) -> None:
    # Every field of every action, removed or made odd, one at a time: whatever the app takes
    # in is saved, and the saved text restores to the very chats the app shows.
    actions: list[Action] = [
        SendMessage(3, "Hi", 1_500_000_000_000, "tab-1"),
        ReceiveMessage(3, Message("tab-2", "Hello", 3, 1_500_000_000_000)),
        OpenChat(4, 1_500_000_000_000),
        UpdateLastAccess(4, recipient=1_500_000_000_000, current_user=1_500_000_000_000),
    ]
    taken = 0
    for action in actions:
        for posted in every_field_made_odd(payload_to_json(Payload("view", action))):
            app = App(tutorial_data)
            before = app.messages.get_all_chats()
            if not app.flux.sync.receive(json.dumps(posted)):
                assert app.messages.get_all_chats() is before
                continue
            taken += 1
            app.clock.run_all()
            assert_kept_as_shown(app)
    assert taken > 0, "some odd values are fine (another id, another source)"
