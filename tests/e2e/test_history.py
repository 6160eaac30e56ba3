"""Where the chats live: IndexedDB, written per change, read a window at a time (issue 13)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bench.datasets import DATA_DIR, ROOT, ensure, generate
from tests.e2e.conftest import PageGuard, open_app, seed_storage, send_and_see

KEY = "flux-chat:v1"
MESSAGES = ".message-box__list > li.message-box__item:not(.message-box__item--read)"
LOADING = ".message-box__item--loading"

READ_DATABASE = """async ([name, chat]) => {
    const open = indexedDB.open(name);
    const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result);
                                                  open.onerror = () => fail(open.error); });
    const tx = db.transaction(["messages", "chats"]);
    const all = (request) => new Promise((ok) => { request.onsuccess = () => ok(request.result); });
    const range = IDBKeyRange.bound([chat, -Infinity], [chat, Infinity]);
    const messages = await all(tx.objectStore("messages").getAll(range));
    const total = await all(tx.objectStore("messages").count());
    const summary = await all(tx.objectStore("chats").get(chat));
    db.close();
    return {texts: messages.map((m) => m.contents), total, last: summary && summary.last.contents};
}"""


def database(page: Page, chat: int, name: str = KEY) -> dict[str, Any]:
    """What the browser's database holds for `chat`: its messages' texts in order, the total of
    messages of every chat, and its summary's last message."""
    result: dict[str, Any] = page.evaluate(READ_DATABASE, [name, chat])
    return result


def imported(page: Page, key: str = KEY) -> None:
    """Wait until the import is complete: localStorage then only says where the chats are."""
    page.wait_for_function(
        "key => (localStorage.getItem(key) || '').includes('\"database\"')", arg=key
    )


def texts(page: Page) -> list[str]:
    return page.locator(f"{MESSAGES}:not({LOADING}) .message-box__item__contents").all_inner_texts()


def wait_for_last(page: Page, chat: int, text: str, name: str = KEY) -> None:
    """Wait until the database's summary of `chat` ends with `text` (its write committed)."""
    page.wait_for_function(
        f"async (args) => ({READ_DATABASE})(args).then((held) => held.last === args[2])",
        arg=[name, chat, text],
        polling=100,
    )


def test_a_first_visit_moves_the_chats_in_and_a_send_writes_one_message(
    app: Page, guard: PageGuard
) -> None:
    imported(app)
    before = database(app, 2)
    assert before["texts"] and before["total"] >= len(before["texts"])
    send_and_see(app, "Kept in IndexedDB")
    wait_for_last(app, 2, "Kept in IndexedDB")
    after = database(app, 2)
    assert after["texts"] == [*before["texts"], "Kept in IndexedDB"]
    assert after["total"] == before["total"] + 1, "one message written, nothing else"
    app.reload()
    app.wait_for_selector("html[data-app-state=ready]")
    assert texts(app).count("Kept in IndexedDB") == 1
    assert "database" in app.evaluate("key => localStorage.getItem(key)", KEY)


def test_an_earlier_builds_save_moves_into_the_database_once_read_back(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    data = generate("seed")
    data["chats"]["2"]["messages"].append(
        {"contents": "Saved by the old build", "from": 1, "timestamp": 1_500_000_000_000}
    )
    saved = json.dumps({"version": 1, "openChat": 2, **data})
    seed_storage(page, saved)
    open_app(page, server_url)
    expect(page.locator(MESSAGES).last).to_have_text("Saved by the old build")
    imported(page)
    assert database(page, 2)["last"] == "Saved by the old build"
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]")
    expect(page.locator(MESSAGES).last).to_have_text("Saved by the old build")


def test_a_database_the_browser_refuses_gives_a_notice_and_a_working_app(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    # The app's databases only: PyScript opens one of its own, and does not expect a refusal.
    page.add_init_script(
        """const open = IDBFactory.prototype.open;
        IDBFactory.prototype.open = function (name, ...rest) {
            if (!String(name).startsWith("flux-chat")) return open.call(this, name, ...rest);
            throw new DOMException("The user denied permission", "SecurityError");
        };"""
    )
    open_app(page, server_url)
    expect(page.locator(".notice").first).to_contain_text("refused to keep the chats")
    send_and_see(page, "Still works")
    expect(page.locator(".user-list__item").first).to_contain_text("Still works")


def test_two_tabs_sending_in_turn_agree_on_every_message_once(
    context: BrowserContext, server_url: str
) -> None:
    first, second = context.new_page(), context.new_page()
    guards = [PageGuard(first, server_url), PageGuard(second, server_url)]
    open_app(first, server_url)
    imported(first)
    open_app(second, server_url)
    sent = []
    for n in range(20):
        for name, tab in (("A", first), ("B", second)):
            text = f"{name}{n}"
            send_and_see(tab, text)
            sent.append(text)
    for tab in (first, second):
        expect(tab.locator(MESSAGES).last).to_have_text("B19")
    wait_for_last(first, 2, "B19")
    held = database(first, 2)["texts"]
    assert [t for t in held if t in sent] == sent, "each once, in the order sent"
    for tab in (first, second):
        shown = texts(tab)
        assert [t for t in shown if t in sent] == sent
        tab.reload()
        tab.wait_for_selector("html[data-app-state=ready]")
        assert [t for t in texts(tab) if t in sent] == sent
    for guard in guards:
        guard.check(first if guard is guards[0] else second)


@pytest.fixture(scope="module")
def large() -> str:
    return ensure("large")


def test_a_large_history_reloads_as_summaries_and_loads_chats_as_they_open(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    data = generate("large")
    key = f"{KEY}?data={large}"
    open_app(page, server_url, f"?data={large}")
    imported(page, key)
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]")
    newest = data["chats"]["2"]["messages"]
    # The newest chat opens with its newest messages, and earlier ones load on scrolling up.
    expect(page.locator(MESSAGES).last).to_have_text(newest[-1]["contents"])
    message_list = page.locator(".message-box__list")
    first = page.locator(f"{MESSAGES}:not({LOADING})").first
    for _ in range(4):
        before = first.inner_text()
        message_list.evaluate("el => { el.scrollTop = 0; }")
        expect(first).not_to_have_text(before)
    shown = texts(page)
    start = [m["contents"] for m in newest].index(shown[0])
    assert shown == [m["contents"] for m in newest[start : start + len(shown)]]
    # A chat far down the list, not in memory: a loading row at most, then its messages.
    user_list = page.locator(".user-list__list")
    user_list.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    last_item = page.locator(".user-list__item").last
    expect(last_item).to_have_attribute("data-user-id", "1001")
    last_item.click()
    far = [m["contents"] for m in data["chats"]["1001"]["messages"]]
    expect(page.locator(MESSAGES).last).to_have_text(far[-1])
    expect(page.locator(LOADING)).to_have_count(0)
    assert texts(page) == far


def test_a_reload_during_the_import_ends_with_every_message_once(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    data = generate("large")
    key = f"{KEY}?data={large}"
    open_app(page, server_url, f"?data={large}")
    expect(page.locator(".notice--progress progress")).to_be_attached()
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]")
    imported(page, key)
    total = sum(len(chat["messages"]) for chat in data["chats"].values())
    held = database(page, 2, key)
    assert held["total"] == total
    assert held["texts"] == [m["contents"] for m in data["chats"]["2"]["messages"]]


def test_a_large_file_is_imported_by_a_worker_and_the_page_holds_only_what_it_shows(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    open_app(page, server_url, f"?data={large}")
    imported(page, f"{KEY}?data={large}")
    assert [url for url in workers if url.endswith("/static/js/import-worker.mjs")]
    user_list = page.locator(".user-list__list")
    user_list.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    expect(page.locator(".user-list__item").last).to_have_attribute("data-user-id", "1001")
    send_and_see(page, "After the worker's import")


def test_without_a_worker_the_page_imports_a_large_file_itself(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    guard.allow_console_error("import-worker.mjs")
    page.route("**/import-worker.mjs", lambda route: route.fulfill(status=404))
    data = generate("large")
    open_app(page, server_url, f"?data={large}")
    imported(page, f"{KEY}?data={large}")
    held = database(page, 2, f"{KEY}?data={large}")
    assert held["texts"] == [m["contents"] for m in data["chats"]["2"]["messages"]]


def test_a_large_file_the_worker_refuses_shows_the_pages_own_message(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    path = DATA_DIR / "broken-large.json"
    text = (ROOT / large).read_text(encoding="utf-8")
    path.write_text(text[:-2] + ",}", encoding="utf-8")
    broken = path.relative_to(ROOT).as_posix()
    open_app(page, server_url, f"?data={broken}", state="error")
    expect(page.locator(".app-error")).to_contain_text("not valid JSON")
    expect(page.locator(".app-error")).to_contain_text(broken)
