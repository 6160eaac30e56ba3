"""Reading chat data: the tutorial's file, and a clear DataError for every kind of broken file."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chat.data import LATEST_TIME, DataError, _valid_message, parse_chat_data, read_message
from chat.model import ChatData, LastAccess, User
from tests.unit.conftest import DEFAULT_DATA


def raw_tutorial() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULT_DATA.read_text(encoding="utf-8"))
    return data


def parse(raw: object) -> ChatData:
    return parse_chat_data(json.dumps(raw))


def test_the_default_data_holds_the_tutorials_people_and_messages(tutorial_data: ChatData) -> None:
    assert tutorial_data.current_user == User(
        1, "John Doe", "static/img/avatars/john-doe.svg", "online"
    )
    assert list(tutorial_data.chats) == [2, 3, 4]
    names = [chat.user.name for chat in tutorial_data.chats.values()]
    assert names == ["Ryan Clark", "Jilles Soeters", "Todd Motto"]
    ryan = tutorial_data.chats[2]
    assert ryan.last_access == LastAccess(recipient=1424469794050, current_user=1424469794080)
    assert [(m.contents, m.sender, m.timestamp) for m in ryan.messages] == [
        ("Hey!", 2, 1424469793023),
        ("Hey, what's up?", 1, 1424469794000),
    ]
    assert (
        tutorial_data.chats[4].last_message.contents == "Please follow me on twitter I'll pay you"
    )


def test_avatars_are_local_files(tutorial_data: ChatData) -> None:
    root = DEFAULT_DATA.parents[2]
    for chat in tutorial_data.chats.values():
        assert not chat.user.profile_picture.startswith(("http:", "https:", "//"))
        assert (root / chat.user.profile_picture).is_file()


def test_message_ids_are_unique_within_a_chat_and_stable(tutorial_data: ChatData) -> None:
    again = parse_chat_data(DEFAULT_DATA.read_text(encoding="utf-8"))
    for user_id, chat in tutorial_data.chats.items():
        ids = [message.id for message in chat.messages]
        assert len(set(ids)) == len(ids)
        assert ids == [message.id for message in again.chats[user_id].messages]


def test_text_that_is_not_json_is_refused_with_its_position() -> None:
    with pytest.raises(DataError, match=r"not valid JSON \(Expecting value at line 1, column 10\)"):
        parse_chat_data('{"user": ')


def broken(change: str) -> dict[str, Any]:
    raw = raw_tutorial()
    chats = raw["chats"]
    if change == "root is a list":
        return [raw]  # type: ignore[return-value]
    if change == "no user":
        del raw["user"]
    elif change == "no chats":
        raw["chats"] = {}
    elif change == "chat without messages":
        del chats["3"]["messages"]
    elif change == "chat with empty messages":
        chats["3"]["messages"] = []
    elif change == "message without text":
        del chats["4"]["messages"][0]["contents"]
    elif change == "message with blank text":
        chats["4"]["messages"][0]["contents"] = "   "
    elif change == "message without time":
        del chats["2"]["messages"][1]["timestamp"]
    elif change == "time as text":
        chats["2"]["messages"][1]["timestamp"] = "yesterday"
    elif change == "stranger sends":
        chats["3"]["messages"][0]["from"] = 7
    elif change == "key does not match user":
        chats["3"]["user"]["id"] = 5
    elif change == "no last access":
        del chats["2"]["lastAccess"]["recipient"]
    elif change == "user without name":
        chats["2"]["user"]["name"] = ""
    elif change == "a known id again":
        chats["2"]["messages"][0]["id"] = "same"
        chats["2"]["messages"][1]["id"] = "same"
    elif change == "a time past the year 9999":
        chats["2"]["messages"][1]["timestamp"] = 10**20
    elif change == "a negative time":
        chats["2"]["lastAccess"]["currentUser"] = -1
    elif change == "a blank id":
        chats["2"]["messages"][0]["id"] = " "
    elif change == "a sender that is true":
        chats["2"]["messages"][0]["from"] = True
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("root is a list", r"^the file must be an object, not \["),
        ("no user", r"^user must be an object, not null$"),
        ("no chats", r'^"chats" is empty'),
        ("chat without messages", r'^chats\["3"\]\.messages must be a list, not null$'),
        ("chat with empty messages", r'^chats\["3"\]\.messages is empty'),
        ("message without text", r'^chats\["4"\]\.messages\[0\] has no "contents"'),
        (
            "message with blank text",
            r'^chats\["4"\]\.messages\[0\]\.contents must be non-empty text',
        ),
        ("message without time", r'^chats\["2"\]\.messages\[1\] has no "timestamp"'),
        (
            "time as text",
            r'^chats\["2"\]\.messages\[1\]\.timestamp must be a whole number, not "yesterday"$',
        ),
        (
            "stranger sends",
            r'^chats\["3"\]\.messages\[0\]\.from is 7: a message must come from the current user'
            r" \(1\) or the chat's user \(3\)$",
        ),
        ("key does not match user", r'^chats\["3"\]\.user\.id is 5, but the chat is keyed \'3\'$'),
        ("no last access", r'^chats\["2"\]\.lastAccess has no "recipient"'),
        ("user without name", r'^chats\["2"\]\.user\.name must be non-empty text, not ""$'),
        (
            "a known id again",
            r'^chats\["2"\]\.messages\[1\]\.id is "same", the id of messages\[0\] too: ids must be '
            r"unique within a chat$",
        ),
        (
            "a time past the year 9999",
            r'^chats\["2"\]\.messages\[1\]\.timestamp is 100000000000000000000: a time must be '
            r"from 1970 to the year 9999",
        ),
        (
            "a negative time",
            r'^chats\["2"\]\.lastAccess\.currentUser is -1: a time must be from 1970',
        ),
        ("a blank id", r'^chats\["2"\]\.messages\[0\]\.id must be non-empty text, not " "$'),
        (
            "a sender that is true",
            r'^chats\["2"\]\.messages\[0\]\.from must be a whole number, not true$',
        ),
    ],
)
def test_broken_data_names_where_and_what_is_wrong(change: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse(broken(change))


def test_data_error_is_a_value_error() -> None:
    assert issubclass(DataError, ValueError)


def test_a_chat_with_the_current_user_is_refused() -> None:
    raw = raw_tutorial()
    raw["chats"]["1"] = copy.deepcopy(raw["chats"]["2"])
    raw["chats"]["1"]["user"]["id"] = 1
    with pytest.raises(DataError, match=r'chats\["1"\] is a chat with the current user \(1\)'):
        parse(raw)


def test_utf8_bytes_read_the_same_as_text() -> None:
    text = DEFAULT_DATA.read_text(encoding="utf-8").replace("Hey!", "Hé! 🏓")
    assert parse_chat_data(text.encode("utf-8")) == parse_chat_data(text)


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(DataError, match=r"^not valid UTF-8 text \(invalid start byte at byte 1\)"):
        parse_chat_data(b'"\xff"')


message_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from([0, LATEST_TIME, LATEST_TIME + 1, 10**20, -1, 1.0, 2.5]),
    st.sampled_from(["", " ", "m", "Hi", "1"]),
)
raw_messages = (
    st.dictionaries(
        st.sampled_from(["id", "contents", "from", "timestamp", "other"]), message_values
    )
    | st.none()
    | st.lists(st.integers())
)


@given(raw_messages)
@example({"id": None, "contents": "Hi", "from": 2, "timestamp": 5})
@example({"contents": "Hi", "from": 2, "timestamp": 5})
@example({"id": "m", "contents": "Hi", "from": 1, "timestamp": LATEST_TIME})
def test_the_fast_path_and_the_full_reader_agree_on_every_message(raw: Any) -> None:
    senders = (1, 2)
    fast = _valid_message(raw, 3, senders)
    try:
        full = read_message(raw, "m", senders, 3)
    except DataError:
        assert fast is None, f"the fast path took {raw!r}, which the reader refuses"
    else:
        assert fast == full, f"the fast path refused {raw!r}, which the reader takes"
