"""The large benchmark data (1,000 chats, 10,000 messages in the open one) as a person uses it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bench.datasets import ensure, generate
from tests.e2e.conftest import PageGuard, open_app
from tests.e2e.test_history import imported

MESSAGES = (
    ".message-box__list > li.message-box__item"
    ":not(.message-box__item--read):not(.message-box__item--loading)"
)


@pytest.fixture(scope="module")
def large() -> str:
    return ensure("large")


def element_count(page: Page) -> int:
    count: int = page.evaluate("document.getElementsByTagName('*').length")
    return count


def test_the_dom_holds_what_can_be_seen_not_the_whole_conversation(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    open_app(page, server_url, f"?data={large}")
    expect(page.locator(".user-list__item").first).to_have_attribute("data-user-id", "2")
    assert page.locator(".user-list__item").count() < 40
    assert page.locator(MESSAGES).count() <= 120
    assert element_count(page) < 1_000


def test_scrolling_to_the_oldest_message_and_sending_one(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    oldest = generate("large")["chats"]["2"]["messages"][0]["contents"]
    open_app(page, server_url, f"?data={large}")
    message_list = page.locator(".message-box__list")
    first = page.locator(MESSAGES).first
    for _ in range(400):
        if first.inner_text() == oldest:
            break
        before = first.inner_text()
        message_list.evaluate("el => { el.scrollTop = 0; }")
        expect(first).not_to_have_text(before)
    expect(first).to_have_text(oldest)
    # Loading earlier messages kept the view steady: the person is not thrown to the top.
    assert message_list.evaluate("el => el.scrollTop") > 0
    assert page.locator(MESSAGES).count() <= 120
    assert element_count(page) < 1_000

    page.locator(".reply-box__input").fill("Made it to the beginning!")
    page.locator(".reply-box__input").press("Enter")
    expect(page.locator(MESSAGES).last).to_have_text("Made it to the beginning!")
    expect(page.locator(MESSAGES).last).to_be_in_viewport()
    expect(
        page.locator(".user-list__item").first.locator(".user-list__item__message")
    ).to_have_text("Made it to the beginning!")


def test_loading_earlier_messages_keeps_what_the_person_was_reading_in_place(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    open_app(page, server_url, f"?data={large}")
    message_list = page.locator(".message-box__list")
    message_list.evaluate("el => { el.scrollTop = 500; }")
    reading = page.locator(MESSAGES).nth(5).element_handle()
    top_before = reading.bounding_box()
    count_before = page.locator(MESSAGES).count()
    message_list.evaluate("el => { el.scrollTop = 100; }")
    expect(page.locator(MESSAGES)).not_to_have_count(count_before)
    assert top_before is not None
    top_after = reading.bounding_box()
    assert top_after is not None
    # The element kept its place on screen, apart from the 400 px the person scrolled.
    assert abs(top_after["y"] - (top_before["y"] + 400)) < 2


def test_scrolling_the_user_list_far_down_shows_the_oldest_chats(
    page: Page, server_url: str, guard: PageGuard, large: str
) -> None:
    open_app(page, server_url, f"?data={large}")
    imported(page, f"flux-chat:v1?data={large}")  # every chat read, the last ones too
    user_list = page.locator(".user-list__list")
    user_list.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    last = page.locator(".user-list__item").last
    expect(last).to_have_attribute("data-user-id", "1001")
    expect(last).to_be_in_viewport()
    assert page.locator(".user-list__item").count() < 40
    last.click()
    expect(page.locator(".message-box")).to_have_attribute("data-user-id", "1001")
    expect(page.locator(MESSAGES)).to_have_count(10)
