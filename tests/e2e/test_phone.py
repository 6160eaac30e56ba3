"""On a phone (390 x 844): the list first, a chat full width with a back control, no sideways
scrolling."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PageGuard, open_app


def no_sideways_scroll(page: Page) -> bool:
    overflow: bool = page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
        " && [...document.querySelectorAll('.user-list__list, .message-box__list')]"
        ".every(el => el.scrollWidth <= el.clientWidth)"
    )
    return overflow


def test_a_phone_shows_the_list_then_a_chat_then_the_list_again(
    browser: Browser, server_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="UTC", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    guard = PageGuard(page, server_url)
    open_app(page, server_url)
    expect(page.locator(".user-list")).to_be_visible()
    expect(page.locator(".message-box__list")).to_be_hidden()
    expect(page.locator(".header__back")).to_be_hidden()
    item = page.locator('.user-list__item[data-user-id="3"]').bounding_box()
    assert item is not None and item["width"] >= 380, "the list takes the whole width"
    assert no_sideways_scroll(page)

    page.locator('.user-list__item[data-user-id="3"]').tap()
    expect(page.locator(".message-box__list")).to_be_visible()
    expect(page.locator(".user-list")).to_be_hidden()
    reply = page.locator(".reply-box").bounding_box()
    assert reply is not None and reply["x"] == 0 and reply["width"] >= 389
    page.locator(".reply-box__input").fill("Sent from a phone, " + "long" * 40)
    page.locator(".reply-box__input").press("Enter")
    expect(page.locator(".message-box__item").last).to_contain_text("Sent from a phone")
    assert no_sideways_scroll(page)

    page.locator(".header__back").tap()
    expect(page.locator(".user-list")).to_be_visible()
    expect(page.locator(".message-box__list")).to_be_hidden()
    expect(page.locator(".user-list__item").first).to_have_attribute("data-user-id", "3")
    guard.check(page)
    context.close()


def test_a_wide_window_never_shows_the_back_control(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    page.locator('.user-list__item[data-user-id="4"]').click()
    expect(page.locator(".header__back")).to_be_hidden()
    expect(page.locator(".user-list")).to_be_visible()
    expect(page.locator(".message-box__list")).to_be_visible()
