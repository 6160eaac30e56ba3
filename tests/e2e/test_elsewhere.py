"""Messages from elsewhere: contacts who answer, chats that survive a reload, tabs in sync."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bench.datasets import generate
from tests.e2e.conftest import NOTICE, PageGuard, earlier_save, open_app, seed_storage, send
from tests.e2e.test_history import imported, wait_for_last

MESSAGES = ".message-box__list > li.message-box__item:not(.message-box__item--read)"
SEND_THEN_OPEN_RYAN = """
text => {
  const input = document.querySelector(".reply-box__input");
  input.value = text;
  input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
  document.querySelector('.user-list__item[data-user-id="2"]').click();
}
"""


def texts(page: Page) -> list[str]:
    return page.locator(f"{MESSAGES} .message-box__item__contents").all_inner_texts()


def test_a_reply_in_another_chat_makes_it_unread_and_counts_it(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, contacts="fast")
    expect(page.locator(".header__unread")).to_have_text("1")
    assert page.title() == "(1) Flux chat"
    page.locator('.user-list__item[data-user-id="3"]').click()
    page.evaluate(SEND_THEN_OPEN_RYAN, "Ping pong at three?")
    jilles = page.locator('.user-list__item[data-user-id="3"]')
    expect(jilles).to_have_class(re.compile(r"\buser-list__item--new\b"))
    expect(jilles.locator(".user-list__item__icon--unread")).to_have_count(1)
    expect(page.locator(".user-list__item").first).to_have_attribute("data-user-id", "3")
    expect(page.locator(".header__unread")).to_have_text("2")
    expect(page).to_have_title("(2) Flux chat")
    jilles.click()
    expect(jilles).not_to_have_class(re.compile(r"\buser-list__item--new\b"))
    expect(page.locator(".header__unread")).to_have_text("1")
    expect(page).to_have_title("(1) Flux chat")


def test_the_read_receipt_appears_when_the_contact_reads(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, contacts="fast")
    page.locator('.user-list__item[data-user-id="4"]').click()
    # Kept on window: Playwright would wait for a promise that is returned.
    page.evaluate(
        """() => { window.receipt = new Promise(resolve => {
            const list = document.querySelector(".message-box__list");
            new MutationObserver(() => {
                const read = list.querySelector(".message-box__item--read");
                if (read) resolve(read.textContent);
            }).observe(list, {childList: true, subtree: true, characterData: true});
        }); }"""
    )
    send(page, "I will not follow you for money.")
    assert page.evaluate("() => window.receipt").startswith("Read at ")
    # Todd then answers, in the open chat: it is read at once, and the receipt gives way.
    expect(page.locator(MESSAGES).last).not_to_have_text("I will not follow you for money.")
    expect(page.locator(".message-box__item--read")).to_have_count(0)
    expect(page.locator(".header__unread")).to_have_text("0")
    expect(page.locator(".header__unread")).to_be_hidden()


def test_a_reload_keeps_every_message_and_the_open_chat(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    page.locator('.user-list__item[data-user-id="4"]').click()
    send(page, "First, saved")
    send(page, "Second, saved 🏓")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]")
    expect(page.locator(".user-list__item--active")).to_have_attribute("data-user-id", "4")
    assert texts(page) == [
        "Please follow me on twitter I'll pay you",
        "First, saved",
        "Second, saved 🏓",
    ]
    expect(page.locator(".user-list__item").first).to_have_attribute("data-user-id", "4")


def test_corrupt_saved_data_shows_a_notice_keeps_a_backup_and_the_app_works(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    seed_storage(page, '{"version": 1, "chats": [')
    open_app(page, server_url)
    notice = page.locator(NOTICE)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("could not be read")
    expect(notice).to_contain_text("flux-chat:v1:unreadable-backup")
    backup = page.evaluate("() => localStorage.getItem('flux-chat:v1:unreadable-backup')")
    assert backup == '{"version": 1, "chats": ['
    expect(page.locator(".user-list__item")).to_have_count(3)
    send(page, "Still working")
    expect(page.locator(MESSAGES).last).to_have_text("Still working")
    notice.locator(".notice__dismiss").click()
    expect(page.locator(NOTICE)).to_have_count(0)


def test_a_saved_state_of_another_version_is_not_used(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    data = generate("seed")
    data["chats"]["2"]["messages"].append(
        {"contents": "Saved in version one", "from": 1, "timestamp": 1_500_000_000_000}
    )
    seed_storage(page, json.dumps({**json.loads(earlier_save(data)), "version": 99}))
    open_app(page, server_url)
    expect(page.locator(NOTICE)).to_contain_text("version 99")
    assert "Saved in version one" not in texts(page)


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (
            "saved.chats['2'].messages[0].id = 'm'; saved.chats['2'].messages[1].id = 'm'",
            "ids must be unique within a chat",
        ),
        (
            "saved.chats['2'].messages[1].timestamp = 1e20",
            "a time must be from 1970 to the year 9999",
        ),
    ],
    ids=["a-known-id-again", "a-time-past-9999"],
)
def test_saved_state_the_app_could_not_show_is_refused_and_the_app_starts(
    page: Page, server_url: str, guard: PageGuard, mutate: str, problem: str
) -> None:
    # Before one codec, either of these crashed rendering and then every start, Reset included.
    data = generate("seed")
    data["chats"]["2"]["messages"].append(
        {"contents": "Saved before the damage", "from": 1, "timestamp": 1_500_000_000_000}
    )
    damaged = page.evaluate(
        f"text => {{ const saved = JSON.parse(text); {mutate}; return JSON.stringify(saved); }}",
        earlier_save(data),
    )
    seed_storage(page, damaged)
    open_app(page, server_url)
    expect(page.locator(NOTICE)).to_contain_text(problem)
    backup = page.evaluate("() => localStorage.getItem('flux-chat:v1:unreadable-backup')")
    assert "Saved before the damage" in backup, "what the person wrote is kept"
    send(page, "Working again")
    expect(page.locator(MESSAGES).last).to_have_text("Working again")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]")
    assert "Working again" in texts(page)


def test_when_the_browser_refuses_to_save_a_notice_says_so_and_sending_works(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    # The database takes the chats in, and then is full: every write is refused.
    page.add_init_script(
        """const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (...args) {
            if (window.storageFull) {
                throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
            }
            return put.apply(this, args);
        };"""
    )
    open_app(page, server_url)
    imported(page)
    page.evaluate("() => { window.storageFull = true; }")
    send(page, "Nowhere to keep this")
    expect(page.locator(MESSAGES).last).to_have_text("Nowhere to keep this")
    expect(page.locator(NOTICE)).to_contain_text("will not survive a reload")
    send(page, "But I can still send")
    expect(page.locator(MESSAGES).last).to_have_text("But I can still send")
    expect(page.locator(NOTICE)).to_have_count(1)


def test_reset_demo_forgets_everything_after_a_confirmation(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    send(page, "Forget me")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".header__reset").click()
    expect(page.locator(MESSAGES).last).to_have_text("Forget me")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator(".header__reset").click()
    page.wait_for_selector("html[data-app-state=ready]")
    assert texts(page) == ["Hey!", "Hey, what's up?"]


def open_two(context: BrowserContext, server_url: str) -> tuple[Page, Page]:
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        open_app(tab, server_url)
    return first, second


def test_two_tabs_see_each_others_messages_within_100_ms(
    context: BrowserContext, server_url: str
) -> None:
    first, second = open_two(context, server_url)
    guards = [PageGuard(tab, server_url) for tab in (first, second)]
    second.evaluate(
        """() => { window.arrival = new Promise(resolve => {
            const list = document.querySelector(".message-box__list");
            new MutationObserver(() => {
                if (list.textContent.includes("Across tabs")) resolve(Date.now());
            }).observe(list, {childList: true, subtree: true});
        }); }"""
    )
    sent_at = first.evaluate(
        """() => {
            const input = document.querySelector(".reply-box__input");
            input.value = "Across tabs";
            input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
            return Date.now();
        }"""
    )
    assert second.evaluate("() => window.arrival") - sent_at < 100
    # Reading in one tab reads in the other; each keeps its own open chat.
    second.locator('.user-list__item[data-user-id="3"]').click()
    first.locator('.user-list__item[data-user-id="4"]').click()
    expect(second.locator(".header__unread")).to_have_text("0")
    expect(second.locator(".user-list__item--active")).to_have_attribute("data-user-id", "3")
    expect(first.locator(".user-list__item--active")).to_have_attribute("data-user-id", "4")
    for tab, tab_guard in zip((first, second), guards, strict=True):
        tab_guard.check(tab)


def test_twenty_interleaved_sends_from_two_tabs_none_lost_or_doubled(
    context: BrowserContext, server_url: str
) -> None:
    first, second = open_two(context, server_url)
    guards = [PageGuard(tab, server_url) for tab in (first, second)]
    send_one = """text => {
        const input = document.querySelector(".reply-box__input");
        input.value = text;
        input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    }"""
    sent = []
    for n in range(20):
        tab = first if n % 2 == 0 else second
        tab.evaluate(send_one, f"interleaved {n}")
        sent.append(f"interleaved {n}")
    for tab in (first, second):
        expect(tab.locator(MESSAGES)).to_have_count(2 + 20)
    assert texts(first) == texts(second)
    assert sorted(texts(first)[2:]) == sorted(sent)
    for tab, tab_guard in zip((first, second), guards, strict=True):
        tab_guard.check(tab)


def test_a_hostile_page_of_the_site_cannot_slip_unsaveable_messages_into_a_tab(
    app: Page, server_url: str
) -> None:
    # Another page of the same site speaks on the app's channel (JSON text) with messages the save
    # format would refuse; the app ignores them, keeps working, and still starts after a reload.
    good = {"id": "ok-1", "contents": "A good one", "from": 3, "timestamp": 1_500_000_000_000}
    bad = [
        {**good, "id": ""},
        {**good, "contents": "   "},
        {**good, "from": True},
        {**good, "from": 3.5},
        {**good, "timestamp": -5},
        {**good, "timestamp": 10**20},
    ]
    # The same in the shape tabs post now, a payload, and text nested too deep to parse.
    sent = {"type": "sendMessage", "user_id": 3, "message": "Sent", "timestamp": 1, "id": "s-1"}
    payloads = [
        {"source": "view", "action": {**sent, "id": ""}},
        {"source": "view", "action": {**sent, "message": " "}},
        {"source": "view", "action": {**sent, "timestamp": 10**20}},
        {"source": "view", "action": {**sent, "user_id": True}},
    ]
    app.evaluate(
        """([bad, good, payloads]) => {
            const channel = new BroadcastChannel("flux-chat:flux-chat:v1");
            for (const message of [...bad, good]) {
                channel.postMessage(JSON.stringify({kind: "message", user_id: 3, message}));
            }
            for (const payload of payloads) channel.postMessage(JSON.stringify(payload));
            channel.postMessage("[".repeat(100000) + "]".repeat(100000));
            channel.postMessage({not: "text"});
        }""",
        [bad, good, payloads],
    )
    app.locator('.user-list__item[data-user-id="3"]').click()
    expect(app.locator(".message-box__item__contents").last).to_have_text("A good one")
    assert app.locator(".message-box__item").count() == 2
    send(app, "Still working")
    expect(app.locator(".message-box__item__contents").last).to_have_text("Still working")
    wait_for_last(app, 3, "Still working")
    app.reload()
    app.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    app.locator('.user-list__item[data-user-id="3"]').click()
    # What arrives from another tab is that tab's to save: the hostile page saved nothing.
    expect(app.locator(".message-box__item__contents")).to_have_text(
        ["Want a game of ping pong?", "Still working"]
    )
