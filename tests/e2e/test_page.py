"""The page around the app: other data files, broken ones, and the page's origin (file:// has
test_file_mode.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageGuard, open_app

DATA = "tests/e2e/data"


def test_the_data_parameter_loads_another_file(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, f"?data={DATA}/two-chats.json")
    expect(page.locator(".user-list__item")).to_have_count(2)
    expect(page.locator(".user-list__item").first).to_have_attribute("data-user-id", "4")
    expect(page.locator(".message-box__item__contents").last).to_have_text("Zoë says hi ✓")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("not-json.json", "not valid JSON"),
        ("empty-chat.json", 'chats["3"].messages is empty'),
        ("no-contents.json", 'chats["4"].messages[0] has no "contents"'),
        ("no-timestamp.json", 'chats["2"].messages[1] has no "timestamp"'),
        ("stranger.json", 'chats["3"].messages[0].from is 9'),
        ("duplicate-id.json", 'chats["2"].messages[1].id is "hello", the id of messages[0] too'),
        ("far-future.json", "a time must be from 1970 to the year 9999"),
    ],
)
def test_broken_data_shows_a_clear_error_naming_the_file(
    page: Page, server_url: str, guard: PageGuard, name: str, problem: str
) -> None:
    open_app(page, server_url, f"?data={DATA}/{name}", state="error")
    error = page.locator(".app-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(f"{DATA}/{name}")
    expect(error).to_contain_text(problem)
    expect(error).not_to_contain_text("Traceback")
    expect(page.locator(".user-list")).to_have_count(0)


def test_a_data_file_nested_ten_thousand_deep_is_refused_before_it_can_overflow_the_stack(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    # In Pyodide, json.loads on this overflows the WebAssembly stack, which nothing can catch:
    # the page would stay on "Starting Python..." for ever. It is refused before parsing.
    deep = '{"user": {"id": 1}, "chats": ' + "[" * 10_000 + "]" * 10_000 + "}"
    page.route(
        f"**/{DATA}/deep.json",
        lambda route: route.fulfill(body=deep, content_type="application/json"),
    )
    open_app(page, server_url, f"?data={DATA}/deep.json", state="error")
    error = page.locator(".app-error")
    expect(error).to_contain_text(f"{DATA}/deep.json")
    expect(error).to_contain_text("nests arrays and objects more than 32 levels deep")


def test_a_missing_data_file_is_a_clear_error(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    guard.allow_console_error("404")
    open_app(page, server_url, f"?data={DATA}/missing.json", state="error")
    expect(page.locator(".app-error")).to_contain_text(f"{DATA}/missing.json")
    expect(page.locator(".app-error")).to_contain_text("HTTP 404")


def test_with_no_screen_to_paint_a_loading_state_shows_until_python_is_ready(
    page: Page, server_url: str
) -> None:
    # Another data file, never opened: no saved screen, and none pre-rendered for it.
    page.goto(f"{server_url}/index.html?data=static/data/chats.json", wait_until="commit")
    expect(page.locator(".app-loading")).to_be_visible()
    assert page.locator("html").get_attribute("data-app-state") == "loading"
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator(".app-loading")).to_have_count(0)


def test_no_request_leaves_the_pages_origin(app: Page, guard: PageGuard) -> None:
    app.locator('.user-list__item[data-user-id="4"]').click()
    expect(app.locator(".message-box__item")).to_have_count(1)
    assert guard.foreign_requests == []
    loaded = [url for url in guard.requests if url.startswith(guard.origin)]
    assert any(url.endswith("/pyodide.asm.wasm") for url in loaded)
    assert any(url.endswith("/static/data/chats.json") for url in loaded)


def test_an_avatar_on_another_site_is_never_requested_the_initials_show_instead(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, f"?data={DATA}/avatars-elsewhere.json")
    todd, jilles, ryan = (
        page.locator(f'.user-list__item[data-user-id="{user_id}"] .user-list__item__picture')
        for user_id in (4, 3, 2)
    )
    expect(todd).to_have_text("TM")
    expect(jilles).to_have_text("JS")
    for picture in (todd, jilles):
        expect(picture.locator("img")).to_have_count(0)
        initials = picture.locator(".user-list__item__initials")
        assert initials.bounding_box() == picture.bounding_box()  # the avatar's size and place
        expect(initials).to_have_css("border-radius", "50%")
    expect(ryan.locator("img")).to_have_js_property("naturalWidth", 100)  # loaded, from here
    assert not [url for url in guard.requests if urlsplit(url).hostname == "example.com"]


def test_a_data_file_on_another_site_is_refused_before_it_is_requested(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, "?data=https://example.com/chats.json", state="error")
    error = page.locator(".app-error")
    expect(error).to_contain_text(
        "https://example.com/chats.json: is on another site (https://example.com); this page's "
        "content security policy (connect-src 'self') lets it read data only from its own site"
    )
    expect(page.locator(".user-list")).to_have_count(0)
    assert not [url for url in guard.requests if urlsplit(url).hostname == "example.com"]


def test_the_page_refuses_what_its_policy_does_not_allow_and_the_guard_reports_it(
    page: Page, server_url: str
) -> None:
    guard = PageGuard(page, server_url)
    open_app(page, server_url)
    page.evaluate("document.body.append(Object.assign(new Image(), {src: '//example.com/x.png'}))")
    expected = "content security policy violation: img-src refused http://example.com/x.png"
    for _ in range(50):
        if any(error.startswith(expected) for error in guard.errors):
            break
        page.wait_for_timeout(100)
    assert any(error.startswith(expected) for error in guard.errors), guard.errors
    # Chromium says so on the console too, and Playwright sees the request the policy refused.
    assert any("violates the following Content Security Policy" in e for e in guard.errors)
    assert guard.foreign_requests == ["http://example.com/x.png"]
