"""The benchmark's data files: generated deterministically, in the shape of chats.json."""

from __future__ import annotations

import hashlib
import inspect
import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "bench" / "data"
"""Where generated files go (git-ignored); the page loads them as `?data=bench/data/<name>.json`."""

CURRENT_USER_ID = 1
START = 1_735_689_600_000  # 1 Jan 2025, 00:00 UTC: every generated message is older than now.
AVATARS = ["ryan-clark", "jilles-soeters", "todd-motto"]
_TEXT = """flux store action view dispatcher payload change render message chat reply read
unread open send list box python browser one way data flow tutorial wait for token hello ping
pong lunch later sure thanks great idea tomorrow today meeting code"""
WORDS = _TEXT.split()

DATASETS = {
    # name: (number of chats, messages per chat, messages in the newest chat)
    "medium": (100, 100, 100),
    "large": (1_000, 10, 10_000),
    # A lifetime of history (issue 13): about 120,000 messages (10 MB of JSON) and 600,000
    # (62 MB). Their sites take minutes per run, so `--dataset all` leaves them out.
    "xl": (2_000, 50, 20_000),
    "huge": (10_000, 50, 100_000),
}
NAMES = ["seed", *DATASETS]
ALL = ["seed", "medium", "large"]
"""What `--dataset all` runs: the datasets a run of a few minutes can cover."""


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(2, 14))
    return " ".join(words).capitalize() + rng.choice([".", "?", "!", ""])


def _chat(rng: random.Random, user_id: int, count: int, newest: int) -> dict[str, Any]:
    """A chat with `count` messages, the last at `newest`, a minute or so apart."""
    times = sorted(newest - step * 60_000 - rng.randint(0, 30_000) for step in range(count))
    times[-1] = newest
    messages = [
        {
            "contents": _sentence(rng),
            "from": rng.choice([CURRENT_USER_ID, user_id]),
            "timestamp": timestamp,
        }
        for timestamp in times
    ]
    last = messages[-1]
    unread = last["from"] == user_id and rng.random() < 0.3
    return {
        "user": {
            "id": user_id,
            "name": f"Contact {user_id - 1}",
            "profilePicture": f"static/img/avatars/{AVATARS[user_id % len(AVATARS)]}.svg",
            "status": "online",
        },
        "lastAccess": {
            "recipient": newest + 1 if rng.random() < 0.5 else newest - 1,
            "currentUser": newest - 1 if unread else newest + 1,
        },
        "messages": messages,
    }


def generate(name: str) -> dict[str, Any]:
    """The data of dataset `name`; the first chat has the newest message, so it opens at start."""
    if name == "seed":
        seed: dict[str, Any] = json.loads((ROOT / "static/data/chats.json").read_text("utf-8"))
        return seed
    chats_count, per_chat, in_newest = DATASETS[name]
    rng = random.Random(f"flux-chat-{name}")
    chats: dict[str, Any] = {}
    for index in range(chats_count):
        user_id = index + 2
        newest = START - index * 3_600_000
        count = in_newest if index == 0 else per_chat
        chats[str(user_id)] = _chat(rng, user_id, count, newest)
    return {
        "user": {
            "id": CURRENT_USER_ID,
            "name": "John Doe",
            "profilePicture": "static/img/avatars/john-doe.svg",
            "status": "online",
        },
        "chats": chats,
    }


def fingerprint(name: str) -> str:
    """A hash of everything generated dataset `name` depends on: its parameters, the
    generator's constants and the generator's own code. Another value means other data."""
    inputs = [name, DATASETS[name], CURRENT_USER_ID, START, AVATARS, WORDS]
    digest = hashlib.sha256(json.dumps(inputs).encode())
    for function in (_sentence, _chat, generate):
        digest.update(inspect.getsource(function).encode())
    return digest.hexdigest()[:12]


def ensure(name: str) -> str:
    """Write dataset `name` to DATA_DIR unless it is there already; return its URL relative
    to the page (its path under the repository).

    A generated dataset is kept as `<name>-<fingerprint>.json` and reused while the generator
    and its parameters are the same (`huge` takes several seconds to generate and 62 MB to
    write); copies of another fingerprint are deleted. `seed` is copied anew every time."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if name == "seed":
        path = DATA_DIR / "seed.json"
        _write(path, json.dumps(generate(name), separators=(",", ":")))
        return path.relative_to(ROOT).as_posix()
    path = DATA_DIR / f"{name}-{fingerprint(name)}.json"
    if not path.exists():
        _write(path, json.dumps(generate(name), separators=(",", ":")))
    for stale in DATA_DIR.glob(f"{name}-*.json"):
        if stale != path:
            stale.unlink()
    return path.relative_to(ROOT).as_posix()


def _write(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (an interrupted run leaves no half file)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


SITES = ROOT / "bench" / "sites"


def site_for(name: str) -> str:
    """Build the static site with dataset `name` as its default data (`make dist`'s code, so
    its first screen is pre-rendered like the tutorial's); return its path under the root."""
    from tools.dist import build  # the site's tools, not needed to generate data

    site = build(SITES / name, data=ROOT / ensure(name))
    return site.relative_to(ROOT).as_posix()


LOG_DISPATCHES = 50_000
"""The inspector log the benchmark and the end-to-end tests import: 50,000 dispatches (7 MB)."""


def inspector_log(count: int = LOG_DISPATCHES, seed: int = 12) -> str:
    """An inspector log of `count` dispatches over the tutorial's chats, as the app exports it:
    a seeded mix of chats opened, messages sent and received, and last accesses updated, made
    by the app's own action creators and recorded by its own inspector."""
    from chat.actions import ChatActions, ServerActions
    from chat.data import parse_chat_data
    from chat.dispatcher import AppDispatcher
    from chat.inspector import Inspector
    from chat.model import Message
    from chat.stores import create_stores

    rng = random.Random(f"flux-chat-log-{seed}")
    now = START
    data = parse_chat_data((ROOT / "static/data/chats.json").read_text("utf-8"))
    dispatcher = AppDispatcher()
    inspector = Inspector(dispatcher, lambda: now, lambda: 0.0, max_entries=max(count, 1_000))
    stores = create_stores(data, dispatcher=dispatcher)
    inspector.watch(stores)
    actions = ChatActions(dispatcher, lambda: now, tab_id="log")
    server = ServerActions(dispatcher)
    user_ids = list(data.chats)
    for step in range(count):
        now += rng.choice([1, 250, 60_000])
        user_id = rng.choice(user_ids)
        kind = rng.randrange(4)
        if kind == 0:
            actions.open_chat(user_id)
        elif kind == 1:
            actions.send_message(user_id, _sentence(rng))
        elif kind == 2:
            sender = rng.choice([CURRENT_USER_ID, user_id])
            server.receive_message(user_id, Message(f"in{step}", _sentence(rng), sender, now))
        else:
            server.update_last_access(user_id, recipient=now - rng.randrange(5_000))
    return inspector.export()
