"""A send and a switch on many chats, in Pyodide, without a browser: what Python spends.

`node tools/in_pyodide.mjs bench/stores.py [CHATS ...]` (default: 1000 and 10000) composes the
whole app on in-memory ports (tests/unit/ports.py's `App`: the stores, the inspector, the
views rendering into a recording fake DOM, the journal, the tab sync), holding CHATS chats of a
few messages each, as the `huge` dataset's 10,000 summaries are once all are loaded. It then
times, per operation, 200 sends in the open chat, 200 switches between two chats, 200
messages received in other chats and 4 batches of 500 more chats read from the database (as
the background load dispatches them), from the call until the views are patched; and, from the
inspector's entries, how much of that was the dispatch (the stores; the rest is the render).
Writes the database answers are confirmed between operations, outside the timing.

It runs in seconds, unlike `make bench`, and shows only Python's share: the browser's DOM
work, layout and paint come on top.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from chat.model import Chat, ChatData, LastAccess, Message, User, message_id
from tests.unit.ports import App, FakeClock

CURRENT_USER_ID = 1
START = 1_735_689_600_000
MESSAGES = 3
OPERATIONS = 200
BATCH = 500


def chat_data(count: int) -> ChatData:
    """`count` chats of MESSAGES messages, the newest chat first, an hour apart (as
    bench/datasets.py generates them), a third of them unread."""
    chats: dict[int, Chat] = {}
    for index in range(count):
        user_id = index + 2
        newest = START - index * 3_600_000
        messages = []
        for step in range(MESSAGES):
            sender = user_id if (index + step) % 2 else CURRENT_USER_ID
            timestamp = newest - (MESSAGES - 1 - step) * 60_000
            messages.append(
                Message(message_id(sender, timestamp, step), "Hello", sender, timestamp)
            )
        unread = messages[-1].sender == user_id and index % 3 == 0
        seen = newest - 1 if unread else newest + 1
        user = User(user_id, f"Contact {index}", "static/img/avatars/todd-motto.svg")
        chats[user_id] = Chat(user, LastAccess(newest, seen), tuple(messages))
    current = User(CURRENT_USER_ID, "John Doe", "static/img/avatars/john-doe.svg")
    return ChatData(current, chats)


def timed(
    app: App, operation: Callable[[int], object], times: int
) -> tuple[list[float], list[float]]:
    """Run `operation(i)` `times` times: each one's total milliseconds, and its dispatches'."""
    totals, dispatches = [], []
    for step in range(times):
        app.clock.now += 1_000
        entries = len(app.flux.inspector.entries)
        started = time.perf_counter()
        operation(step)
        totals.append((time.perf_counter() - started) * 1000)
        new = app.flux.inspector.entries[entries:]
        dispatches.append(sum(entry.dispatch_ms for entry in new))
        app.clock.run_all()  # the database confirms the writes
    return totals, dispatches


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def run(count: int) -> None:
    data = chat_data(count)
    app = App(data, FakeClock(START + 60_000))
    app.flux.app.start()
    first, second = 2, 3  # the two newest chats, both on screen
    others = list(data.chats)[10:]
    more = list(chat_data(count + 4 * BATCH).chats.values())[count:]
    operations: dict[str, tuple[Callable[[int], object], int]] = {
        "send": (lambda step: app.actions.send_message(first, f"Message {step}"), OPERATIONS),
        "switch": (
            lambda step: app.actions.open_chat(second if step % 2 == 0 else first),
            OPERATIONS,
        ),
        "receive": (
            lambda step: app.server.receive_message(
                others[step * 37 % len(others)],
                Message(f"in-{step}", "Hi", others[step * 37 % len(others)], app.clock.now),
            ),
            OPERATIONS,
        ),
        f"{BATCH} chats": (
            lambda step: app.server.receive_chats(tuple(more[step * BATCH : (step + 1) * BATCH])),
            4,
        ),
    }
    for name, (operation, times) in operations.items():
        totals, dispatches = timed(app, operation, times)
        print(
            f"{count:>6} chats  {name:<9} total p50 {statistics.median(totals):6.2f} ms, "
            f"p95 {p95(totals):6.2f} ms; dispatch p50 {statistics.median(dispatches):6.2f} ms, "
            f"p95 {p95(dispatches):6.2f} ms",
            flush=True,
        )


def main(argv: list[str]) -> None:
    counts = [int(arg) for arg in argv] or [1_000, 10_000]
    print(f"Python {sys.version.split()[0]} on {sys.platform}")
    for count in counts:
        run(count)


if __name__ == "__main__":
    main(sys.argv[1:])
