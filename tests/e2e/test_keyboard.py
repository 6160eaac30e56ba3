"""The chat without a mouse: Tab reaches the list and the reply box, arrows move, Enter opens."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

ACTIVE = re.compile(r"\buser-list__item--active\b")


def focused(page: Page) -> str:
    described: str = page.evaluate(
        """() => {
            const el = document.activeElement;
            return el.dataset.userId ? `chat ${el.dataset.userId}` : el.className;
        }"""
    )
    return described


def test_tab_reaches_the_open_chat_in_the_list_then_the_reply_box(app: Page) -> None:
    for _ in range(10):
        app.keyboard.press("Tab")
        if focused(app).startswith("chat"):
            break
    assert focused(app) == "chat 2", "Tab lands on the open chat"
    expect(app.locator(".user-list__list")).to_have_attribute("role", "listbox")
    expect(app.locator('.user-list__item[data-user-id="2"]')).to_have_attribute(
        "aria-selected", "true"
    )
    app.keyboard.press("Tab")
    assert focused(app) == "reply-box__input"


def test_up_and_down_move_between_chats_and_enter_opens_one(app: Page) -> None:
    app.locator('.user-list__item[data-user-id="2"]').focus()
    app.keyboard.press("ArrowDown")
    assert focused(app) == "chat 4"
    app.keyboard.press("ArrowDown")
    assert focused(app) == "chat 3"
    app.keyboard.press("ArrowUp")
    assert focused(app) == "chat 4"
    app.keyboard.press("Enter")
    todd = app.locator('.user-list__item[data-user-id="4"]')
    expect(todd).to_have_class(ACTIVE)
    expect(todd).to_have_attribute("aria-selected", "true")
    expect(app.locator(".message-box")).to_have_attribute("data-user-id", "4")
    assert focused(app) == "chat 4", "focus stays on the chat that was opened"


def test_alt_arrows_switch_chats_from_the_reply_box_without_leaving_it(app: Page) -> None:
    reply = app.locator(".reply-box__input")
    reply.focus()
    reply.press("Alt+ArrowDown")
    expect(app.locator('.user-list__item[data-user-id="4"]')).to_have_class(ACTIVE)
    reply.press("Alt+ArrowDown")
    expect(app.locator('.user-list__item[data-user-id="3"]')).to_have_class(ACTIVE)
    reply.press("Alt+ArrowUp")
    expect(app.locator('.user-list__item[data-user-id="4"]')).to_have_class(ACTIVE)
    assert focused(app) == "reply-box__input"
    reply.fill("Typed without a mouse")
    reply.press("Enter")
    expect(app.locator(".message-box__item").last).to_have_text("Typed without a mouse")


def test_the_message_list_is_a_log_for_screen_readers(app: Page) -> None:
    log = app.get_by_role("log", name="Messages")
    expect(log.locator(".message-box__item")).to_have_count(3)
    expect(app.locator(".reply-box__input")).to_have_attribute("aria-label", "Reply")
    expect(app.locator(".user-list__item__icon--unread")).to_have_attribute("aria-label", "Unread")


FOCUS_RING = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const ring = style.outlineStyle === "auto" || style.boxShadow !== "none";
    const name = el.dataset.userId ? `chat ${el.dataset.userId}` : el.className || el.tagName;
    return {name, shown: outline || ring};
}"""


def test_every_stop_of_the_tab_order_shows_where_the_focus_is(app: Page) -> None:
    app.locator('.user-list__item[data-user-id="4"]').click()  # the open chat is green
    app.locator(".header__title").click()  # Tab starts from the header
    stops: list[str] = []
    for _ in range(12):
        app.keyboard.press("Tab")
        stop = app.evaluate(FOCUS_RING)
        if stop["name"] in stops or stop["name"] == "BODY":  # round to the browser's own UI
            break
        assert stop["shown"], f"no focus indicator on {stop['name']}"
        stops.append(stop["name"])
    assert stops[:4] == ["header__inspect", "header__reset", "chat 4", "reply-box__input"]
