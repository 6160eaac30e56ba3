"""Reading chat data: the tutorial's file, and a clear DataError for every kind of broken file."""

from __future__ import annotations

import codecs
import copy
import json
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chat.data import (
    LATEST_TIME,
    MAX_DATA_FILE_CHARS,
    MAX_DEPTH,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MAX_WHOLE,
    DataError,
    Decoding,
    _depth,
    chat_data_from_json,
    chat_to_json,
    depth_in_steps,
    json_text,
    parse_chat_data,
    parse_json,
    read_message,
    user_to_json,
)
from chat.model import ChatData, LastAccess, Message, User
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


def test_nesting_deeper_than_the_limit_is_refused_before_it_is_parsed() -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(DataError, match=rf"^the file nests .* more than {MAX_DEPTH} levels"):
        parse_chat_data(deep)
    # Deep enough to overflow the parser's recursion, were it to run.
    with pytest.raises(DataError, match=r"^the tab message nests"):
        parse_json("[" * 100_000, "the tab message")
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) == eval("[" * MAX_DEPTH + "]" * MAX_DEPTH)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps(["[" * 100, "{" * 100, '\\"[[', "]" * 100])
    assert parse_json(text) == json.loads(text)
    hidden = json.dumps(["]" * 100])
    assert parse_json(hidden) == ["]" * 100]
    deep_after_a_closing_string = '["]]]]", ' + "[" * 40 + "]" * 40 + "]"
    with pytest.raises(DataError, match="nests"):
        parse_json(deep_after_a_closing_string)


def test_a_text_longer_than_its_limit_is_refused_with_both_lengths() -> None:
    with pytest.raises(DataError, match=r"^the tab message is 11 characters long: at most 10 are"):
        parse_json('"abcdefghi"', "the tab message", 10)
    assert parse_json('"abcdefgh"', "the tab message", 10) == "abcdefgh"
    assert MAX_DATA_FILE_CHARS >= 32 * 2**20


def test_a_number_too_long_to_convert_is_not_json() -> None:
    with pytest.raises(DataError, match=r"^not valid JSON \(Exceeds the limit"):
        parse_json("1" * 5_000)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contents", "x" * (MAX_TEXT_CHARS + 1), rf"\.contents is {MAX_TEXT_CHARS + 1:,} chara"),
        ("id", "x" * (MAX_NAME_CHARS + 1), rf"\.id is {MAX_NAME_CHARS + 1:,} characters long"),
        ("from", MAX_WHOLE + 1, rf"\.from is {MAX_WHOLE + 1}: a whole number must be from"),
        ("from", 2.0, r"\.from must be a whole number, not 2\.0$"),
        ("contents", 5, r"\.contents must be text, not 5$"),
        ("timestamp", True, r"\.timestamp must be a whole number, not true$"),
    ],
)
def test_each_rule_refuses_with_the_path_and_the_value(
    field: str, value: object, message: str
) -> None:
    raw = {"id": "m", "contents": "Hi", "from": 2, "timestamp": 5, field: value}
    with pytest.raises(DataError, match=r'^chats\["2"\]\.messages\[1\]' + message):
        parse(with_second_message(raw))
    with pytest.raises(DataError, match=rf"^message{message}"):
        read_message(raw, "message")


def with_second_message(message: dict[str, Any]) -> dict[str, Any]:
    raw = raw_tutorial()
    raw["chats"]["2"]["messages"][1] = message
    return raw


def test_the_longest_texts_allowed_are_read() -> None:
    ident, text = "i" * MAX_NAME_CHARS, "c" * MAX_TEXT_CHARS
    raw = {"id": ident, "contents": text, "from": 2, "timestamp": 5}
    assert read_message(raw, "message") == Message(ident, text, 2, 5)


def test_a_status_must_be_text_but_may_be_empty_or_missing() -> None:
    raw = raw_tutorial()
    raw["chats"]["2"]["user"]["status"] = ""
    del raw["chats"]["3"]["user"]["status"]
    data = parse(raw)
    assert data.chats[2].user.status == data.chats[3].user.status == ""
    raw["chats"]["4"]["user"]["status"] = ["online"]
    with pytest.raises(DataError, match=r'^chats\["4"\]\.user\.status must be text, not \["on'):
        parse(raw)


# Property tests of the one reader: over messages built from odd values, it returns a message
# that writes back to the same fields, or refuses with the message's path.

odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from([0, LATEST_TIME, LATEST_TIME + 1, 10**20, -1, 1.0, 2.5, MAX_WHOLE + 1]),
    st.sampled_from(["", " ", "\t\n", "m", "Hi", "1", "\u00a0", "x" * (MAX_NAME_CHARS + 1)]),
    st.lists(st.integers(), max_size=2),
)
raw_messages = (
    st.dictionaries(st.sampled_from(["id", "contents", "from", "timestamp", "other"]), odd_values)
    | st.none()
    | st.lists(st.integers(), max_size=3)
)


@given(raw_messages, st.sampled_from([None, 3]))
@example({"id": None, "contents": "Hi", "from": 2, "timestamp": 5}, 3)
@example({"contents": "Hi", "from": 2, "timestamp": 5}, 3)
@example({"id": "m", "contents": "Hi", "from": 1, "timestamp": LATEST_TIME}, None)
def test_a_message_is_read_exactly_or_refused_naming_its_path(raw: Any, index: int | None) -> None:
    try:
        message = read_message(raw, "chat.messages[3]", (1, 2), index)
    except DataError as error:
        assert str(error).startswith("chat.messages[3]"), str(error)
    else:
        assert isinstance(raw, dict)
        assert raw["contents"] == message.contents and raw["contents"].strip()
        assert raw["from"] in (1, 2) and type(raw["from"]) is int
        assert 0 <= raw["timestamp"] <= LATEST_TIME and type(raw["timestamp"]) is int
        assert message.id == raw.get("id", f"3-{raw['from']}-{raw['timestamp']}")


@given(st.data())
def test_a_file_read_and_written_back_reads_the_same(data: st.DataObject) -> None:
    raw = raw_tutorial()
    chat = data.draw(st.sampled_from(sorted(raw["chats"])))
    messages = raw["chats"][chat]["messages"]
    index = data.draw(st.integers(0, len(messages) - 1))
    messages[index][data.draw(st.sampled_from(["id", "contents", "from", "timestamp"]))] = (
        data.draw(odd_values)
    )
    try:
        read = chat_data_from_json(raw)
    except DataError as error:
        assert str(error).startswith(f'chats["{chat}"].messages[{index}]'), str(error)
    else:
        written = {
            "user": user_to_json(read.current_user),
            "chats": {str(key): chat_to_json(value) for key, value in read.chats.items()},
        }
        assert parse_chat_data(json.dumps(written)) == read


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64])
def test_the_depth_found_in_steps_is_the_depth_found_at_once(piece: int) -> None:
    texts = [
        '{"a": [1, {"b": "x]]]\\\\"}, "c\\\\\\"[[[": [[[]]]}',
        '["\\\\\\\\", [["\\"[", {}]]]',
        "[" * 40 + "]" * 40,
        '{"payloads": [' + ",".join('{"s": "a\\\\b\\"c[", "n": [1]}' for _ in range(20)) + "]}",
        "",
    ]
    for text in texts:
        steps = depth_in_steps(text, piece)
        count = 0
        while True:
            try:
                next(steps)
                count += 1
            except StopIteration as stop:
                assert stop.value == _depth(text), text
                break
        assert count == 0 or count >= len(text) // (piece + 8)


ENCODED = st.text().flatmap(
    lambda text: st.sampled_from(
        ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"]
    ).map(text.encode)
)
"""Texts in every encoding json.detect_encoding knows, broken in the middle or not."""
BYTES = st.one_of(
    st.binary(max_size=20),
    ENCODED,
    st.tuples(ENCODED, st.binary(min_size=1, max_size=3)).map(
        lambda pair: pair[0][: len(pair[0]) // 2] + pair[1] + pair[0][len(pair[0]) // 2 :]
    ),
)


def fed(raw: bytes, cuts: list[int], max_chars: int) -> str:
    decoding = Decoding("the file", max_chars)
    start = 0
    for cut in [*sorted(set(cuts)), len(raw)]:
        decoding.feed(raw[start:cut])
        start = max(start, cut)
    return decoding.end()


@settings(max_examples=500)
@given(BYTES, st.lists(st.integers(0, 40)))
def test_bytes_decoded_as_they_arrive_read_as_the_whole(raw: bytes, cuts: list[int]) -> None:
    try:
        whole = json_text(raw, "the file", MAX_DATA_FILE_CHARS)
    except DataError as error:
        with pytest.raises(DataError) as refused:
            fed(raw, cuts, MAX_DATA_FILE_CHARS)
        assert str(refused.value) == str(error), "the same message, and the same byte"
    else:
        assert fed(raw, cuts, MAX_DATA_FILE_CHARS) == whole


def test_a_byte_after_a_byte_order_mark_is_counted_from_the_start_of_the_file() -> None:
    raw = codecs.BOM_UTF8 + b'"\xff"'
    with pytest.raises(DataError, match=r"invalid start byte at byte 4\)"):
        json_text(raw, "the file", MAX_DATA_FILE_CHARS)
    with pytest.raises(DataError, match=r"invalid start byte at byte 4\)"):
        fed(raw, [2, 4], MAX_DATA_FILE_CHARS)


def test_a_file_over_the_limit_is_refused_as_soon_as_it_is() -> None:
    decoding = Decoding("the file", 10)
    decoding.feed(b'{"a": ')
    with pytest.raises(DataError, match=r"^the file is over 10 characters long"):
        decoding.feed(b'"bcdefgh"}')
    assert fed(b'{"a": "b"}', [3], 10) == '{"a": "b"}', "exactly the limit is read"
