"""Reading a data file in steps: for any text, what `parse_chat_data` reads (the same user, the
same chats in the same order, the same messages and ids) or the same DataError, word for word;
in pieces of a chat that never hold more messages than a step's budget."""

from __future__ import annotations

import copy
import gc
import json
import math
import random
import weakref
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.datasets import DATASETS, generate
from chat.data import (
    LATEST_TIME,
    MAX_DATA_FILE_CHARS,
    MAX_DEPTH,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MAX_WHOLE,
    DataError,
    parse_chat_data,
)
from chat.data_stream import STEP, WHOLE_CHARS, DataStream, Piece
from chat.model import Chat, Message, User, message_key
from tests.unit.conftest import DEFAULT_DATA

Read = tuple[User, list[tuple[int, Chat]]] | str
"""What a reader makes of a text: the current user and the chats in order, or its refusal."""


def parsed(text: str | bytes) -> Read:
    try:
        data = parse_chat_data(text)
    except DataError as error:
        return f"refused: {error}"
    return data.current_user, list(data.chats.items())


def streamed(text: str | bytes, budget: int = STEP, whole_chars: int = WHOLE_CHARS) -> Read:
    """The chats a DataStream returns, put together; checking on the way that each step keeps to
    its budget, that a chat's pieces come together from first to final, and that a refusal or
    the end is the answer to every later step too."""
    try:
        stream = DataStream(text, whole_chars=whole_chars)
    except DataError as error:
        return f"refused: {error}"
    chats: dict[int, Chat] = {}
    growing: Chat | None = None
    try:
        while (pieces := stream.step(budget)) is not None:
            assert sum(len(piece.messages) for piece in pieces) <= budget
            for piece in pieces:
                assert stream.current_user is not None and stream.chat_count is not None
                growing = added(chats, growing, piece)
    except DataError as error:
        with pytest.raises(DataError) as again:
            stream.step(budget)
        assert str(again.value) == str(error)
        return f"refused: {error}"
    assert growing is None, "the last chat had its final piece"
    assert stream.step(budget) is None
    assert stream.current_user is not None and stream.chat_count == len(chats)
    return stream.current_user, list(chats.items())


def added(chats: dict[int, Chat], growing: Chat | None, piece: Piece) -> Chat | None:
    if piece.first:
        assert growing is None, "a chat's pieces are not interleaved with another's"
        assert piece.user.id not in chats, "each chat comes once"
        chat = Chat(piece.user, piece.last_access, piece.messages)
    else:
        assert growing is not None and (growing.user, growing.last_access) == (
            piece.user,
            piece.last_access,
        )
        chat = Chat(growing.user, growing.last_access, growing.messages + piece.messages)
    assert piece.messages, "a piece is never empty"
    if piece.final:
        # In the file's order; a chat's reader orders it by (timestamp, id), as the database does.
        chats[piece.user.id] = Chat(chat.user, chat.last_access, in_order(chat.messages))
        return None
    chats[piece.user.id] = chat
    return chat


def in_order(messages: tuple[Message, ...]) -> tuple[Message, ...]:
    return tuple(sorted(messages, key=message_key))


def tutorial_text() -> str:
    return DEFAULT_DATA.read_text(encoding="utf-8")


# Data files as trees, written out with any spacing: an object is its pairs in order, so that a
# key can be there twice and the keys come in any order.


class Obj:
    def __init__(self, *pairs: tuple[str, Any]) -> None:
        self.pairs = list(pairs)


class Raw(str):
    """JSON text written as it is: a number too long for Python to convert."""


def render(value: Any, rng: random.Random) -> str:
    def space() -> str:
        return "".join(rng.choice(" \t\n\r") for _ in range(rng.choice([0, 0, 0, 1, 3])))

    def dump(scalar: Any) -> str:
        return json.dumps(scalar, ensure_ascii=rng.random() < 0.5)

    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Obj):
        pairs = [
            f"{space()}{dump(k)}{space()}:{space()}{render(v, rng)}{space()}"
            for k, v in value.pairs
        ]
        return "{" + (",".join(pairs) or space()) + "}"
    if isinstance(value, list):
        return (
            "["
            + (",".join(space() + render(item, rng) + space() for item in value) or space())
            + "]"
        )
    return dump(value)


ME = 1
odd_texts = st.text(
    st.sampled_from(list('ab {}[]",:\\/\u00e9\u2028\U0001f3d3\t\x00')) | st.characters(),
    min_size=1,
    max_size=6,
).filter(lambda text: not text.isspace())
times = st.integers(0, LATEST_TIME)
decoys: st.SearchStrategy[Any] = st.sampled_from([None, 0, "x", [], {}, [[1], {"a": "]"}]])
"""Values of a key given twice whose last value is the one read."""


def nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def data_files(draw: st.DrawFn) -> Obj:
    """A data file that `parse_chat_data` reads: its keys in any order, some given twice, odd
    texts, extra keys, messages with and without ids."""

    def obj(*pairs: tuple[str, Any]) -> Obj:
        pairs_list = list(draw(st.permutations(pairs)))
        if draw(st.integers(0, 4)) == 0:  # a key given twice: the last value is read
            key = draw(st.sampled_from([key for key, _ in pairs_list]))
            pairs_list.insert(0, (key, draw(decoys)))
        if draw(st.integers(0, 6)) == 0:
            pairs_list.append(("extra", draw(decoys)))
        return Obj(*pairs_list)

    def user(user_id: int) -> Obj:
        status = [("status", draw(st.sampled_from(["", "online", "[}"])))] * draw(st.booleans())
        return obj(("id", user_id), ("name", draw(odd_texts)), ("profilePicture", "a.svg"), *status)

    chats: list[tuple[str, Any]] = []
    for other in draw(st.lists(st.integers(2, 10**6), min_size=1, max_size=4, unique=True)):
        messages = []
        for index in range(draw(st.integers(1, 14))):
            given_id = [("id", f"{draw(odd_texts)}~{index}")] * draw(st.booleans())
            message = obj(
                ("contents", draw(odd_texts)),
                ("from", draw(st.sampled_from([ME, other]))),
                ("timestamp", draw(times)),
                *given_id,
            )
            messages.append(message)
        access = obj(("recipient", draw(times)), ("currentUser", draw(times)))
        chat = obj(("user", user(other)), ("lastAccess", access), ("messages", messages))
        chats.append((str(other), chat))
    if draw(st.booleans()) and len(chats) > 1:  # a chat given twice keeps its first place
        chats.insert(0, (chats[-1][0], draw(decoys)))
    return obj(("user", user(ME)), ("chats", Obj(*chats)))


def places(value: Any) -> list[tuple[Any, int]]:
    """Every (object's pairs or list, index) inside `value`, outermost first."""
    found: list[tuple[Any, int]] = []
    items = value.pairs if isinstance(value, Obj) else value if isinstance(value, list) else []
    for index, item in enumerate(items):
        found.append((items, index))
        found.extend(places(item[1] if isinstance(value, Obj) else item))
    return found


odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, -1, 1.0, 2.5, 10**20, MAX_WHOLE + 1, LATEST_TIME + 1, ME, 2, float("inf")]),
    st.sampled_from(["", " ", "\u00a0", "m0", "2", "[[[", '"}', "x" * (MAX_NAME_CHARS + 1)]),
    st.just("y" * (MAX_TEXT_CHARS + 1)),
    st.sampled_from([MAX_DEPTH - 4, MAX_DEPTH + 1]).map(nested),
    st.sampled_from([{}, [], Obj(), Raw("1" * 5_000), Raw("-0.5e-3")]),
)


def mutated(tree: Obj, data: st.DataObject) -> Obj:
    """`tree` with up to three values removed, replaced by odd ones or by another's, or a key
    renamed or given twice."""
    tree = copy.deepcopy(tree)
    for _ in range(data.draw(st.integers(1, 3))):
        spots = places(tree)
        if not spots:
            break
        container, index = data.draw(st.sampled_from(spots))
        is_pair = isinstance(container[index], tuple)
        change = data.draw(
            st.sampled_from(["remove", "replace", "replace", "copy", "key", "twice"])
        )
        if change == "remove":
            del container[index]
            continue
        if change == "copy":
            other, other_index = data.draw(st.sampled_from(spots))
            value = copy.deepcopy(other[other_index])
            value = value[1] if isinstance(value, tuple) else value
        else:
            value = data.draw(odd_values)
        if not is_pair:
            container[index] = value
        elif change == "key":
            key = data.draw(st.sampled_from(["id", "user", "chats", "1", "02", "", "from", "x"]))
            container[index] = (key, container[index][1])
        elif change == "twice":
            container.insert(index + data.draw(st.integers(0, 1)), (container[index][0], value))
        else:
            container[index] = (container[index][0], value)
    return tree


def spliced(text: str, data: st.DataObject) -> str:
    """`text` cut short, or with a few characters swapped for others that JSON cares about."""
    at = data.draw(st.integers(0, len(text)))
    if data.draw(st.booleans()):
        return text[:at]
    gone = data.draw(st.integers(0, 3))
    put = data.draw(st.text(st.sampled_from(list('{}[]":,\\ 0-e.nul\ufeff')), max_size=3))
    return text[:at] + put + text[at + gone :]


settled = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
budgets = st.integers(1, 30)
wholes = st.sampled_from([0, 30, 300, WHOLE_CHARS])
"""How much is parsed in one go: 0 reads every object a part at a time, every list an item."""


@settled
@given(data_files(), st.randoms(use_true_random=False), budgets, wholes)
def test_a_valid_file_streams_to_exactly_what_parse_chat_data_reads(
    file: Obj, rng: random.Random, budget: int, whole: int
) -> None:
    text = render(file, rng)
    expected = parsed(text)
    assert not isinstance(expected, str), expected
    assert streamed(text, budget, whole) == expected


@settled
@given(data_files(), st.data(), st.randoms(use_true_random=False), budgets, wholes)
def test_a_broken_file_is_refused_in_parse_chat_datas_words_or_read_the_same(
    file: Obj, data: st.DataObject, rng: random.Random, budget: int, whole: int
) -> None:
    text = render(mutated(file, data), rng)
    assert streamed(text, budget, whole) == parsed(text)


@settled
@given(data_files(), st.data(), st.randoms(use_true_random=False), budgets, wholes)
def test_text_that_is_not_json_is_refused_with_jsons_own_words(
    file: Obj, data: st.DataObject, rng: random.Random, budget: int, whole: int
) -> None:
    text = spliced(render(file, rng), data)
    assert streamed(text, budget, whole) == parsed(text)


@pytest.mark.parametrize("whole", [0, 20, WHOLE_CHARS])
@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "\ufeff{}",
        "[]",
        "[1,]",
        '{"user": 1,}',
        '{"chats": {"2": {"messages": [1, ]}}}',
        '{"chats": {"2": {"messages": [{"a": 1,}]}}}',
        '{"chats": {"2": {}, }, "user": 1}',
        '{"chats": {"2" {}}}',
        '{"chats": {"2": {} "3": {}}}',
        '{"chats": {"2": {"user": [1 2]}}}',
        '{"chats": {"2": {"messages": ["\\x"]}}}',
        '{"chats": {"2": {"messages": [' + "1" * 5_000 + "]}}}",
        '{"user": {}} x',
        '{"user": {}}}',
        '{"user": "unterminated',
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        '["' + "[" * (MAX_DEPTH + 1) + '"]',
        "{" + '"a": 1, ' * 50 + '"b" 2}',
    ],
)
def test_json_errors_are_the_words_json_loads_uses_in_this_python(text: str, whole: int) -> None:
    # Python 3.13 names a trailing comma ("Illegal trailing comma before end of array") where
    # 3.11 says "Expecting value": the stream asks json itself.
    assert streamed(text, 3, whole) == parsed(text)
    assert isinstance(parsed(text), str)


ME_JSON = {"id": 1, "name": "Me", "profilePicture": "me.svg"}
A_CHAT = {
    "user": {"id": 2, "name": "Ryan", "profilePicture": "r.svg"},
    "lastAccess": {"recipient": 5, "currentUser": 6},
    "messages": [{"contents": "Hi", "from": 2, "timestamp": 5}],
}


@pytest.mark.parametrize("whole", [0, WHOLE_CHARS])
@pytest.mark.parametrize(
    ("raw", "refusal"),
    [
        ({"chats": {}, "user": 5}, "user must be an object, not 5"),
        ({"chats": [], "user": ME_JSON}, "chats must be an object, not []"),
        ({"user": ME_JSON, "chats": {}}, '"chats" is empty: there must be at least one chat'),
        ({"user": ME_JSON}, "chats must be an object, not null"),
        (
            [ME_JSON, {"chats": {}}],
            'the file must be an object, not [{"id": 1, "name": "Me", "profilePict...',
        ),
        (
            {"user": ME_JSON, "chats": {"1": {**A_CHAT, "user": ME_JSON}}},
            'chats["1"] is a chat with the current user (1)',
        ),
        (
            {"user": ME_JSON, "chats": {"3": A_CHAT}},
            "chats[\"3\"].user.id is 2, but the chat is keyed '3'",
        ),
        (
            {"user": ME_JSON, "chats": {"2": {**A_CHAT, "messages": {"0": {}}}}},
            'chats["2"].messages must be a list, not {"0": {}}',
        ),
        (
            {"user": ME_JSON, "chats": {"2": {**A_CHAT, "messages": [], "lastAccess": 1}}},
            'chats["2"].lastAccess must be an object, not 1',
        ),
    ],
)
def test_of_two_broken_rules_the_one_parse_chat_data_checks_first_is_named(
    raw: object, refusal: str, whole: int
) -> None:
    text = json.dumps(raw)
    assert parsed(text) == streamed(text, 1, whole) == f"refused: {refusal}"


@pytest.mark.parametrize("whole", [0, WHOLE_CHARS])
def test_the_user_may_come_after_the_chats_and_a_chats_parts_in_any_order(whole: int) -> None:
    raw = json.loads(tutorial_text())
    text = json.dumps(raw, sort_keys=True, indent=1)  # "chats" before "user"; "messages" first
    assert text.index('"chats"') < text.index('"user"')
    assert text.index('"messages"') < text.index('"user"', text.index('"messages"'))
    assert streamed(text, 1, whole) == parsed(text) == parsed(tutorial_text())


def test_a_key_given_twice_keeps_its_first_place_and_its_last_value() -> None:
    raw = json.loads(tutorial_text())
    chats = raw["chats"]
    text = json.dumps({"user": None, "chats": {"4": 0}})[:-2]  # {"user": null, "chats": {"4": 0
    text += ", " + json.dumps(chats)[1:-1] + '}, "user": ' + json.dumps(raw["user"]) + "}"
    read = streamed(text, 2, 0)
    assert read == parsed(text)
    assert not isinstance(read, str) and [key for key, _ in read[1]] == [4, 2, 3]


def test_a_long_chat_comes_in_pieces_of_at_most_the_budget() -> None:
    raw = json.loads(tutorial_text())
    chat = raw["chats"]["2"]
    chat["messages"] = [
        {"contents": f"m{n}", "from": 1 + n % 2, "timestamp": 1_000 + n} for n in range(1_000)
    ]
    text = json.dumps({"chats": {"2": chat}, "user": raw["user"]})
    stream = DataStream(text, whole_chars=512)
    pieces: list[Piece] = []
    while (step := stream.step(7)) is not None:
        assert sum(len(piece.messages) for piece in step) <= 7
        pieces.extend(step)
    assert math.ceil(1_000 / 7) <= len(pieces) <= math.ceil(1_000 / 7) + 1
    assert [(piece.first, piece.final) for piece in (pieces[0], pieces[1], pieces[-1])] == [
        (True, False),
        (False, False),
        (False, True),
    ]
    ids = [message.id for piece in pieces for message in piece.messages]
    assert ids == [f"{n}-{1 + n % 2}-{1_000 + n}" for n in range(1_000)]
    assert str(stream.progress) == "reading 1,000 of 1,000 messages"


def test_progress_is_checking_then_counts_the_messages() -> None:
    stream = DataStream(tutorial_text().encode("utf-8"))
    seen = []
    while stream.step(1) is not None:
        seen.append(stream.progress)
    assert seen[0].stage == "checking" and str(seen[0]).startswith("checking the file, ")
    assert seen[-1].stage == "reading" and str(seen[-1]) == "reading 4 of 4 messages"
    assert [p.done for p in seen if p.stage == "reading"] == sorted(
        p.done for p in seen if p.stage == "reading"
    )


def test_a_file_longer_than_the_limit_is_refused_before_any_step() -> None:
    text = " " * (MAX_DATA_FILE_CHARS + 1)
    with pytest.raises(DataError, match=r"^the file is 67,108,865 characters long: at most"):
        DataStream(text)
    assert streamed(text) == parsed(text)
    assert streamed(text.encode()) == parsed(text.encode())


@pytest.mark.parametrize(
    "data",
    [
        tutorial_text().encode("utf-8"),
        b"\xef\xbb\xbf" + tutorial_text().encode("utf-8"),
        tutorial_text().encode("utf-16"),
        tutorial_text().replace("Hey!", "H\u00e9! \U0001f3d3").encode("utf-8"),
        tutorial_text().encode("utf-8").replace(b"Hey!", b"He\xffy!"),
        b'{"user": "\xc3"}',
    ],
)
def test_bytes_read_the_same_as_parse_chat_data_reads_them(data: bytes) -> None:
    assert streamed(data, 2) == parsed(data)


def test_a_refusal_after_some_pieces_refuses_the_file_and_every_later_step() -> None:
    raw = json.loads(tutorial_text())
    raw["chats"]["4"]["messages"][0]["from"] = 9
    stream = DataStream(json.dumps(raw))
    pieces: list[Piece] = []
    with pytest.raises(DataError, match=r'^chats\["4"\]\.messages\[0\]\.from is 9: a message'):
        while (step := stream.step(1)) is not None:
            pieces.extend(step)
    assert [piece.user.id for piece in pieces] == [2, 2, 3]
    with pytest.raises(DataError, match=r'^chats\["4"\]\.messages\[0\]\.from is 9'):
        stream.step()


def test_an_id_given_twice_is_refused_after_a_message_broken_later_in_its_chat() -> None:
    # `_chat` reads every message before it looks for ids given twice, and the last access last.
    raw = json.loads(tutorial_text())
    raw["chats"]["2"]["lastAccess"]["recipient"] = -1
    text = json.dumps(raw)
    assert streamed(text, 1, 0) == parsed(text)
    assert 'chats["2"].lastAccess.recipient is -1' in str(parsed(text))
    messages = raw["chats"]["2"]["messages"]
    messages[0]["id"] = messages[1]["id"] = "same"
    text = json.dumps(raw)
    assert streamed(text, 1, 0) == parsed(text)
    assert 'chats["2"].messages[1].id is "same", the id of messages[0] too' in str(parsed(text))
    messages.append({"contents": " ", "from": 2, "timestamp": 5})
    text = json.dumps(raw)
    assert streamed(text, 1, 0) == parsed(text)
    assert 'chats["2"].messages[2].contents must be non-empty' in str(parsed(text))


def test_a_stream_let_go_of_before_its_end_is_freed_at_once() -> None:
    # A page may give up an import: the text (60 MB) must not wait for the cycle collector.
    stream = DataStream(tutorial_text())
    stream.step(1)
    gone = weakref.ref(stream)
    collecting = gc.isenabled()
    gc.disable()
    try:
        del stream
        assert gone() is None
    finally:
        if collecting:
            gc.enable()


def test_no_step_returns_more_than_its_budget_of_a_100000_message_chat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A benchmark-sized chat (bench/datasets.py's generator, 10 MB): the default step, never
    # more messages than its budget, and the chat comes in at least 100,000 / STEP pieces.
    monkeypatch.setitem(DATASETS, "stream", (2, 5, 100_000))
    text = json.dumps(generate("stream"), separators=(",", ":"))
    stream = DataStream(text)
    steps = pieces = 0
    ids: list[str] = []
    while (step := stream.step()) is not None:
        steps += 1
        assert sum(len(piece.messages) for piece in step) <= STEP
        pieces += sum(piece.user.id == 2 for piece in step)
        ids.extend(message.id for piece in step if piece.user.id == 2 for message in piece.messages)
    assert pieces >= 100_000 // STEP and steps > pieces
    expected = parse_chat_data(text)
    assert ids == [message.id for message in expected.chats[2].messages]
