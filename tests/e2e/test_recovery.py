"""Never stranded, never a lost byte: the way out of a failed start, Reset in every state,
backups that exist, and saved text no build overwrites unless it is kept."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import FilePayload, Page, expect

from bench.datasets import generate
from tests.e2e.conftest import NOTICE, PageGuard, earlier_save, open_app, seed_storage, send
from tests.e2e.test_history import database, imported, wait_for_last

KEY = "flux-chat:v1"
BACKUP = f"{KEY}:unreadable-backup"
MESSAGES = ".message-box__list > li.message-box__item:not(.message-box__item--read)"
BREAK_START_ONCE = """
if (!sessionStorage.getItem("broken-once")) {
    sessionStorage.setItem("broken-once", "1");
    // The app's start reads the window's height as a number: a bug, as far as it can tell.
    Object.defineProperty(window, "innerHeight", { get: () => "not a number" });
}
"""


def saved(page: Page, key: str = KEY) -> str | None:
    value: str | None = page.evaluate("key => localStorage.getItem(key)", key)
    return value


def texts(page: Page) -> list[str]:
    return page.locator(f"{MESSAGES} .message-box__item__contents").all_inner_texts()


def test_a_failed_start_offers_to_start_again_and_keeps_the_saved_chats(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    imported(page)
    send(page, "Written before the failure")
    wait_for_last(page, 2, "Written before the failure")
    before = saved(page)
    guard.allow_console_error("not a number")
    page.add_init_script(BREAK_START_ONCE)
    page.reload()
    page.wait_for_selector("html[data-app-state=error]", timeout=30_000)
    error = page.locator(".app-error")
    expect(error).to_contain_text("The chat could not start")
    page.locator(".app-error__restart").click()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert texts(page) == ["Hey!", "Hey, what's up?"], "started again from the data file"
    assert saved(page, BACKUP) == before, "where the chats are is noted first"
    # The chats stay in their database, as they were; the app uses a new one.
    assert database(page, 2)["last"] == "Written before the failure"
    assert saved(page, f"{KEY}:database") not in (None, KEY)


def test_reset_demo_works_on_the_error_screen(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    imported(page)
    send(page, "Forget me")
    wait_for_last(page, 2, "Forget me")
    guard.allow_console_error("not a number")
    page.add_init_script(BREAK_START_ONCE)
    page.reload()
    page.wait_for_selector("html[data-app-state=error]", timeout=30_000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".header__reset").click()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert texts(page) == ["Hey!", "Hey, what's up?"]
    assert saved(page, BACKUP) is None, "Reset forgets on purpose: no backup"
    imported(page)
    assert "Forget me" not in database(page, 2)["texts"]


def test_reset_demo_works_before_python_has_started(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    imported(page)
    send(page, "Forget me too")
    wait_for_last(page, 2, "Forget me too")
    # Python never gets its package this time: the painted screen is all there is.
    page.route("**/static/build/chat.zip", lambda route: route.abort())
    guard.allow_console_error("chat.zip")
    guard.allow_console_error("Failed to load resource")
    guard.allow_console_error("Failed to fetch")
    page.goto(f"{server_url}/index.html?contacts=off", wait_until="commit")
    page.wait_for_selector("html[data-app-state=snapshot]")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".header__reset").click()
    page.wait_for_function(f"() => localStorage.getItem('{KEY}:screen') === null")
    assert saved(page) is None
    page.unroute("**/static/build/chat.zip")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert texts(page) == ["Hey!", "Hey, what's up?"]


def test_when_no_backup_can_be_written_nothing_is_saved_over_and_a_download_is_offered(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    unreadable = '{"version": 1, "chats": [ "precious" '
    # An earlier build's saved text; storage is full: every new write is refused.
    seed_storage(page, unreadable)
    page.add_init_script(
        """Storage.prototype.setItem = function () {
            throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        };"""
    )
    open_app(page, server_url)
    notice = page.locator(NOTICE)
    expect(notice).to_contain_text("could not keep a copy")
    expect(notice).to_contain_text("saves nothing")
    with page.expect_download() as download:
        notice.locator(".notice__action").click()
    path = download.value.path()
    assert path is not None and Path(path).read_text(encoding="utf-8") == unreadable
    send(page, "Not kept")
    expect(page.locator(MESSAGES).last).to_have_text("Not kept")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert saved(page) == unreadable, "the unreadable text is never overwritten"


def test_a_newer_versions_saved_chats_are_never_overwritten(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    data = generate("seed")
    data["chats"]["2"]["messages"].append(
        {"contents": "Saved by the future", "from": 1, "timestamp": 1_500_000_000_000}
    )
    # Version 2 says "the chats are in the database"; a future build's save is version 3.
    newer = json.dumps({**json.loads(earlier_save(data)), "version": 3})
    seed_storage(page, newer)
    open_app(page, server_url)
    expect(page.locator(NOTICE)).to_contain_text("newer version")
    send(page, "Written by the older build")
    expect(page.locator(MESSAGES).last).to_have_text("Written by the older build")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert saved(page) == newer
    assert saved(page, BACKUP) is None


def test_saved_state_nested_too_deep_is_refused_kept_and_the_app_starts(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    deep = json.dumps({"version": 1, "openChat": 2, "user": {}, "chats": {}})[:-2]
    deep += '"x": ' + "[" * 10_000 + "]" * 10_000 + "}}"
    seed_storage(page, deep)
    open_app(page, server_url)
    expect(page.locator(".notices .notice--warning")).to_contain_text("more than 32 levels deep")
    assert saved(page, BACKUP) == deep
    send(page, "Working")
    expect(page.locator(MESSAGES).last).to_have_text("Working")


def test_an_inspector_log_nested_too_deep_is_refused_in_the_panel(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, "?inspect")
    deep: FilePayload = {
        "name": "deep.json",
        "mimeType": "application/json",
        "buffer": ("[" * 10_000 + "]" * 10_000).encode(),
    }
    page.locator(".inspector__file").set_input_files(files=[deep])
    expect(page.locator(".inspector")).to_contain_text("deep.json")
    expect(page.locator(".inspector")).to_contain_text("more than 32 levels deep")
    send(page, "Still live")
    expect(page.locator(MESSAGES).last).to_have_text("Still live")
