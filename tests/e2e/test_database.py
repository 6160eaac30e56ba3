"""The chats' database (static/js/chatdb.mjs over IndexedDB, and chat/browser/database.py):
windows of messages, summaries merged so the newest wins, two tabs writing at once, a
database another tab deletes, a browser that refuses, a full disk, and Reset demo."""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.e2e.conftest import PageGuard, open_app, run_python, send
from tests.e2e.test_history import database, imported, wait_for_last
from tools.csp import PAGE, policy

if TYPE_CHECKING:
    from chat.browser.database import IndexedDatabase
    from chat.ports import Database

    def _the_adapter_is_the_port(db: IndexedDatabase) -> Database:
        return db


NAME = "flux-chat:test"
BLANK = "/database-test.html"
OPEN = """async (name) => {
    const { openChatDb } = await import("./static/js/chatdb.mjs");
    window.db = await openChatDb(name);
}"""
WRITE = "text => window.db.write(text)"
OPEN_ONLY = f"import('./static/js/chatdb.mjs').then(m => m.openChatDb('{NAME}'))"


@pytest.fixture
def blank(page: Page, server_url: str, guard: PageGuard) -> Page:
    """A page of the app's origin, under the app's content security policy, with no app."""
    serve_blank(page, server_url)
    page.goto(server_url + BLANK)
    return page


def serve_blank(page: Page, server_url: str) -> None:
    csp = policy(PAGE.read_text(encoding="utf-8"))
    html = f'<!doctype html><meta http-equiv="Content-Security-Policy" content="{csp}"><title>db'
    page.route(server_url + BLANK, lambda route: route.fulfill(body=html, content_type="text/html"))


def failure(page: Page, call: str) -> str | None:
    """What the JavaScript `call` rejected with, as "name: message"; None if it did not."""
    result: str | None = page.evaluate(
        f"""async () => {{
            try {{
                await {call};
                return null;
            }} catch (error) {{
                return `${{error.name}}: ${{error.message}}`;
            }}
        }}"""
    )
    return result


def opened(page: Page, name: str = NAME) -> Page:
    page.evaluate(OPEN, name)
    return page


def message(chat: int, number: int, timestamp: int | None = None) -> dict[str, Any]:
    return {
        "chat": chat,
        "id": f"m{number:03}",
        "contents": f"Message {number} to {chat}",
        "from": 1,
        "timestamp": 1_000 + number if timestamp is None else timestamp,
    }


def summary(
    chat: int, last: dict[str, Any], recipient: int = 0, current_user: int = 0, name: str = "Ann"
) -> dict[str, Any]:
    return {
        "id": chat,
        "user": {"id": chat, "name": name, "profilePicture": "", "status": "online"},
        "lastAccess": {"recipient": recipient, "currentUser": current_user},
        "last": {key: last[key] for key in ("id", "contents", "from", "timestamp")},
    }


def write(page: Page, **parts: Any) -> None:
    page.evaluate(WRITE, json.dumps(parts))


def window(page: Page, chat: int, before: dict[str, Any] | None, limit: int) -> dict[str, Any]:
    key = [before["timestamp"], before["id"]] if before else [None, None]
    text = page.evaluate("([c, t, i, n]) => window.db.messages(c, t, i, n)", [chat, *key, limit])
    result: dict[str, Any] = json.loads(text)
    return result


def start(page: Page, limit: int) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(page.evaluate("n => window.db.start(n)", limit))
    return result


def ids(messages: list[dict[str, Any]]) -> list[str]:
    return [m["id"] for m in messages]


def all_messages(page: Page) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = window(page, 2, None, 1_000_000)["messages"]
    return messages


def test_messages_come_a_window_at_a_time_oldest_first_strictly_before_a_key(blank: Page) -> None:
    opened(blank)
    # Two messages share each timestamp: the id orders them. Chats 1 and 3 lie either side.
    chat = [message(2, n, 1_000 + n // 2) for n in range(25)]
    write(blank, messages=[*chat, message(1, 900), message(3, 901, 0), message(3, 902, 9_999)])
    newest = window(blank, 2, None, 10)
    assert ids(newest["messages"]) == [f"m{n:03}" for n in range(15, 25)]
    assert newest["older"] is True
    before = window(blank, 2, newest["messages"][0], 10)
    assert ids(before["messages"]) == [f"m{n:03}" for n in range(5, 15)]
    assert before["older"] is True
    oldest = window(blank, 2, before["messages"][0], 10)
    assert ids(oldest["messages"]) == [f"m{n:03}" for n in range(5)]
    assert oldest["older"] is False
    exactly = window(blank, 2, chat[10], 10)
    assert ids(exactly["messages"]) == [f"m{n:03}" for n in range(10)]
    assert exactly["older"] is False, "nothing lies before the tenth message"
    assert window(blank, 2, chat[0], 10) == {"messages": [], "older": False}
    assert window(blank, 7, None, 10) == {"messages": [], "older": False}
    assert oldest["messages"][0] == chat[0], "records come back as written"


def test_start_reads_the_state_the_newest_summaries_and_the_open_chats_newest_window(
    blank: Page,
) -> None:
    opened(blank)
    empty: dict[str, Any] = {"meta": None, "chats": [], "next": 0, "total": 0, "open": None}
    assert start(blank, 5) == empty
    chat = [message(2, n) for n in range(8)]
    summaries = [summary(3, message(3, 50)), summary(1, message(1, 40)), summary(2, chat[-1])]
    write(blank, messages=[*chat, message(3, 50)], chats=summaries)
    state = {"version": 1, "user": {"id": 1, "name": "Me"}, "source": "x", "complete": False}
    write(blank, meta=state)
    no_open_chat = start(blank, 5)
    assert no_open_chat["meta"] == state and no_open_chat["open"] is None
    # Newest last message first: chat 3's, then chat 1's, then chat 2's.
    newest_first = sorted(summaries, key=lambda c: -c["last"]["timestamp"])
    assert no_open_chat["chats"] == newest_first
    assert (no_open_chat["next"], no_open_chat["total"]) == (3, 3)
    write(blank, meta={"openChat": 2})
    started = start(blank, 5)
    assert started["meta"] == {**state, "openChat": 2}
    assert started["chats"] == newest_first
    assert started["open"] == {"chat": 2, "messages": chat[3:], "older": True}
    # Only the first chats, and the open one after them; the rest are read on with `chats`.
    first = json.loads(blank.evaluate("() => window.db.start(5, 1)"))
    assert [c["id"] for c in first["chats"]] == [newest_first[0]["id"], 2]
    assert (first["next"], first["total"]) == (1, 3)
    rest = json.loads(blank.evaluate("() => window.db.chats(1, 1)"))
    assert rest == {"chats": [newest_first[1]], "more": True}
    last = json.loads(blank.evaluate("() => window.db.chats(2, 5)"))
    assert last == {"chats": [newest_first[2]], "more": False}
    assert start(blank, 8)["open"] == {"chat": 2, "messages": chat, "older": False}
    write(blank, meta={"openChat": 9})
    assert start(blank, 8)["open"] == {"chat": 9, "messages": [], "older": False}


def test_limits_must_be_whole_numbers_of_at_least_one(blank: Page) -> None:
    opened(blank)
    assert failure(blank, "window.db.start(0)") == (
        "RangeError: ChatDb.start: limit must be a whole number of at least 1, received 0"
    )
    assert failure(blank, "window.db.messages(2, null, null, 2.5)") == (
        "RangeError: ChatDb.messages: limit must be a whole number of at least 1, received 2.5"
    )


def test_a_summary_keeps_the_newest_last_message_and_the_latest_last_access(
    blank: Page,
) -> None:
    opened(blank)
    newer, older = message(2, 20), message(2, 10)
    write(blank, chats=[summary(2, newer, recipient=50, current_user=80)])
    write(blank, chats=[summary(2, older, recipient=70, current_user=10, name="Ann B.")])
    (chat,) = start(blank, 1)["chats"]
    assert chat["last"]["id"] == newer["id"], "an older last message never wins"
    assert chat["lastAccess"] == {"recipient": 70, "currentUser": 80}
    assert chat["user"]["name"] == "Ann B.", "the person is as the latest write says"
    # Same timestamp: the greater id is the later message, as in the messages store.
    tie = {**newer, "id": "m999"}
    write(blank, chats=[summary(2, tie), summary(2, newer)])
    assert start(blank, 1)["chats"][0]["last"]["id"] == "m999"
    newest = message(2, 30)
    write(blank, chats=[summary(2, newest, recipient=1, current_user=1)])
    (chat,) = start(blank, 1)["chats"]
    assert chat["last"]["id"] == newest["id"]
    assert chat["lastAccess"] == {"recipient": 70, "currentUser": 80}


def test_the_state_is_merged_into_the_stored_one(blank: Page) -> None:
    opened(blank)
    write(blank, meta={"version": 1, "openChat": 2, "complete": False})
    write(blank, meta={"complete": True})
    assert start(blank, 1)["meta"] == {"version": 1, "openChat": 2, "complete": True}


def test_a_message_written_again_is_kept_once(blank: Page) -> None:
    opened(blank)
    first = message(2, 1)
    write(blank, messages=[first, message(2, 2)])
    write(blank, messages=[first, first])
    assert ids(all_messages(blank)) == ["m001", "m002"]


def test_a_write_is_all_or_nothing(blank: Page) -> None:
    opened(blank)
    write(blank, messages=[message(2, 1)])
    no_key = {k: v for k, v in message(2, 3).items() if k != "timestamp"}
    batch = json.dumps({"messages": [message(2, 2), no_key], "meta": {"openChat": 2}})
    rejected = failure(blank, f"window.db.write({json.dumps(batch)})")
    assert rejected is not None
    assert rejected.startswith('DataError: could not write to database "flux-chat:test": ')
    assert ids(all_messages(blank)) == ["m001"]
    assert start(blank, 1)["meta"] is None
    assert str(failure(blank, "window.db.write('{')")).startswith(
        'SyntaxError: could not write to database "flux-chat:test": SyntaxError:'
    )


def test_clear_empties_every_store(blank: Page) -> None:
    opened(blank)
    write(blank, messages=[message(2, 1)], chats=[summary(2, message(2, 1))], meta={"openChat": 2})
    blank.evaluate("() => window.db.clear()")
    assert start(blank, 5) == {"meta": None, "chats": [], "next": 0, "total": 0, "open": None}
    assert all_messages(blank) == []


INTERLEAVED = """async ([first, step]) => {
    // Twenty writes, each a message and its chat's summary, with a pause between: the other
    // tab writes meanwhile. This tab's timestamps are first, first + 2, ...; `step` -1 writes
    // them newest first, so the last write to land is not the newest message.
    const order = [...Array(20).keys()];
    if (step < 0) order.reverse();
    for (const n of order) {
        const m = {chat: 2, id: `t${first}-${n}`, contents: `${first}/${n}`, from: 1,
            timestamp: 5000 + first + 2 * n};
        const shared = {chat: 2, id: "both", contents: "Both", from: 1, timestamp: 4000};
        const last = {id: m.id, contents: m.contents, from: 1, timestamp: m.timestamp};
        await window.db.write(JSON.stringify({messages: [m, shared], chats: [{id: 2,
            user: {id: 2, name: "Ann"}, lastAccess: {recipient: n, currentUser: n}, last}]}));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    }
}"""


def test_two_tabs_writing_interleaved_keep_every_message_once_and_the_newest_summary(
    context: BrowserContext, server_url: str
) -> None:
    tabs = [context.new_page(), context.new_page()]
    guards = [PageGuard(tab, server_url) for tab in tabs]
    for tab in tabs:
        serve_blank(tab, server_url)
        tab.goto(server_url + BLANK)
        opened(tab)
    for tab, (first, step) in zip(tabs, [(0, 1), (1, -1)], strict=True):
        tab.evaluate(f"args => {{ window.writing = ({INTERLEAVED})(args); }}", [first, step])
    for tab in tabs:
        tab.evaluate("() => window.writing")
    stored = all_messages(tabs[0])
    assert len(stored) == 41 and len({m["id"] for m in stored}) == 41
    assert sorted(m["timestamp"] for m in stored) == [4000, *range(5000, 5040)]
    (chat,) = start(tabs[1], 1)["chats"]
    assert chat["last"]["timestamp"] == 5039, "the newest message, though written first"
    assert chat["lastAccess"] == {"recipient": 19, "currentUser": 19}
    for tab, tab_guard in zip(tabs, guards, strict=True):
        tab_guard.check(tab)


# How a delete ends: "deleted", "error", or "blocked" when a connection did not let go.
DELETE = """name => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onblocked = () => resolve("blocked");
    request.onsuccess = () => resolve("deleted");
    request.onerror = () => resolve("error");
})"""


def test_a_database_deleted_by_another_tab_closes_this_connection_instead_of_blocking(
    blank: Page, context: BrowserContext, server_url: str
) -> None:
    opened(blank)
    write(blank, messages=[message(2, 1)])
    other = context.new_page()
    serve_blank(other, server_url)
    other.goto(server_url + BLANK)
    assert other.evaluate(DELETE, NAME) == "deleted", "never blocked"
    assert failure(blank, "window.db.start(1)") == (
        f'Error: database "{NAME}" was closed because another page deleted or upgraded it '
        "(Reset demo, or a newer version of the app); reload the page"
    )
    assert failure(blank, "window.db.write('{}')") is not None
    assert other.evaluate("async () => (await indexedDB.databases()).map(d => d.name)") == []


def test_opening_says_why_when_the_browser_refuses_indexeddb(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    page.add_init_script(
        """IDBFactory.prototype.open = function () {
            throw new DOMException("Access to storage is denied.", "SecurityError");
        };"""
    )
    serve_blank(page, server_url)
    page.goto(server_url + BLANK)
    assert failure(page, OPEN_ONLY) == (
        f'Error: IndexedDB refused to open database "{NAME}" (SecurityError: Access to storage '
        "is denied.); private browsing or storage turned off in the browser's settings may be "
        "the cause"
    )
    page.evaluate("() => Object.defineProperty(window, 'indexedDB', {value: undefined})")
    assert failure(page, OPEN_ONLY) == (
        f'Error: IndexedDB is not available in this browser, so database "{NAME}" cannot keep '
        "the chats"
    )


def test_a_write_beyond_the_quota_fails_as_quota_exceeded_and_keeps_nothing(
    blank: Page, server_url: str
) -> None:
    cdp = blank.context.new_cdp_session(blank)
    # Before the database is opened: the browser reads an origin's quota when it opens one.
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": server_url, "quotaSize": 100_000})
    opened(blank)
    write(blank, messages=[message(2, 1)])
    # Random text: IndexedDB compresses what it stores, and "xxx..." is tiny compressed.
    big = {**message(2, 2), "contents": secrets.token_urlsafe(750_000)}
    rejected = failure(blank, f"window.db.write({json.dumps(json.dumps({'messages': [big]}))})")
    assert rejected == f'QuotaExceededError: could not write to database "{NAME}": ' + (
        "QuotaExceededError"
    )
    assert ids(all_messages(blank)) == ["m001"]
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": server_url})


RESET_KEYS = ["flux-chat:v1", "flux-chat:v1?data=static/data/chats.json"]
# The app's databases as each document starts, before any script of the page runs (PyScript
# keeps databases of its own).
DATABASES_AT_LOAD = """indexedDB.databases().then((list) => {
    const seen = JSON.parse(sessionStorage.getItem("databases-at-load") || "[]");
    seen.push(list.map((d) => d.name).filter((name) => name.startsWith("flux-chat")).sort());
    sessionStorage.setItem("databases-at-load", JSON.stringify(seen));
});"""
DATABASES = """async () => (await indexedDB.databases()).map((d) => d.name).sort()"""


@pytest.mark.parametrize("key", RESET_KEYS)
def test_reset_demo_deletes_the_chats_database_before_it_reloads(
    page: Page, context: BrowserContext, server_url: str, guard: PageGuard, key: str
) -> None:
    # Another tab holds the database open, as the app does (loaded first: the app's service
    # worker, once it runs, would serve its requests and know no test page).
    other = context.new_page()
    other_guard = PageGuard(other, server_url)
    serve_blank(other, server_url)
    other.goto(server_url + BLANK)
    opened(other, key)
    query = "?" + key.split("?")[1] if "?" in key else ""
    page.add_init_script(DATABASES_AT_LOAD)
    open_app(page, server_url, query)
    opened(page, "flux-chat:another")
    opened(page, key)
    write(page, messages=[message(2, 1)])
    assert set(page.evaluate(DATABASES)) >= {key, "flux-chat:another"}
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator(".header__reset").click()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    seen = page.evaluate("() => JSON.parse(sessionStorage.getItem('databases-at-load'))")
    assert seen[-1] == ["flux-chat:another"], "only the reset key's database is gone"
    assert failure(other, "window.db.start(1)") is not None, "the other tab let go"
    other_guard.check(other)


def test_reset_demo_reloads_even_when_another_tab_keeps_the_database_open(
    page: Page, context: BrowserContext, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    imported(page)
    send(page, "Forget me")
    wait_for_last(page, 2, "Forget me")
    other = context.new_page()
    serve_blank(other, server_url)
    other.goto(server_url + BLANK)
    # A connection that ignores version changes (no app's): the delete waits for it.
    other.evaluate(
        """() => new Promise((resolve) => {
            const request = indexedDB.open("flux-chat:v1");
            request.onsuccess = () => resolve(void (window.held = request.result));
        })"""
    )
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation(timeout=5_000):
        page.locator(".header__reset").click()
    other.evaluate("() => window.held.close()")
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    # The delete was waiting for that connection, and went on once it was closed: the app
    # started again from the data file, in a new database.
    imported(page)
    assert "Forget me" not in database(page, 2)["texts"]


ADAPTER = """
import asyncio, json
from chat.browser.database import DatabaseUnavailable, open_database

db = await open_database("flux-chat:adapter")
order = []
for n in range(3):
    message = {"chat": 2, "id": f"m{n}", "contents": str(n), "from": 1, "timestamp": 1000 + n}
    text = json.dumps({"messages": [message], "meta": {"step": n}})
    db.write(text, lambda ok, n=n: order.append((n, ok)))
db.write("not json", lambda ok: order.append(("bad", ok)))
error_at_once = db.last_error
loop = asyncio.get_event_loop()
windows = []
for before in (None, (1002, "m2")):
    received = loop.create_future()
    db.messages(2, before, 1, received.set_result)
    windows.append(json.loads(await received))
started = json.loads(await db.start(2, 10))
await db.clear()
cleared = json.loads(await db.start(2, 10))
db.close()
closed = loop.create_future()
db.messages(2, None, 1, closed.set_result)
after_close = [await closed, db.last_error]
try:
    await db.start(1, 1)
    start_after_close = None
except DatabaseUnavailable as error:
    start_after_close = str(error)
result = json.dumps({
    "order": order, "error_at_once": error_at_once, "last_error": after_close, "windows": windows,
    "started": started, "cleared": cleared, "start_after_close": start_after_close,
})
"""


def test_the_python_adapter_writes_in_order_and_reads_windows(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    result = json.loads(run_python(page, ADAPTER))
    assert result["order"] == [[0, True], [1, True], [2, True], ["bad", False]]
    assert result["error_at_once"] is None, "done and last_error come later, not in write()"
    assert [ids(w["messages"]) for w in result["windows"]] == [["m2"], ["m1"]]
    assert [w["older"] for w in result["windows"]] == [True, True]
    assert result["started"]["meta"] == {"step": 2}
    assert result["cleared"] == {"meta": None, "chats": [], "next": 0, "total": 0, "open": None}
    closed = 'database "flux-chat:adapter" was closed by the app'
    assert result["last_error"] == [None, closed]
    assert result["start_after_close"] == closed


def test_the_python_adapter_says_why_the_database_is_unavailable(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    page.evaluate(
        """() => { IDBFactory.prototype.open = function () {
            throw new DOMException("Access to storage is denied.", "SecurityError");
        }; }"""
    )
    code = """
from chat.browser.database import DatabaseUnavailable, open_database
try:
    await open_database("flux-chat:refused")
    result = None
except DatabaseUnavailable as error:
    result = str(error)
"""
    assert run_python(page, code) == (
        'IndexedDB refused to open database "flux-chat:refused" (SecurityError: Access to '
        "storage is denied.); private browsing or storage turned off in the browser's settings "
        "may be the cause"
    )
