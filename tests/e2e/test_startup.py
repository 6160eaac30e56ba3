"""Start-up in the page: bytecode instead of compiling, the last screen at once, nothing typed
lost while Python starts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.conftest import PageGuard, run_python, send, send_and_see


def test_start_up_compiles_no_standard_library_module_from_source(app: Page) -> None:
    loaded = run_python(
        app,
        "import sys\n"
        "files = {name: getattr(m.__spec__, 'origin', None) or '' for name, m in "
        "list(sys.modules.items()) if getattr(m, '__spec__', None)}\n"
        "stdlib = {n: f for n, f in files.items() if f.startswith('/lib/python3')}\n"
        "result = [sorted(n for n, f in stdlib.items() if not f.endswith('.pyc')), len(stdlib)]",
    )
    from_source, count = loaded
    assert count > 100
    assert from_source == [], "add these to tools/compile.py PYSCRIPT_IMPORTS"


def test_the_app_loads_its_own_bytecode_and_tracebacks_show_its_source(app: Page) -> None:
    checked = run_python(
        app,
        "import importlib.util, sys, traceback\n"
        "import chat.render.patcher as patcher\n"
        "cached = importlib.util.cache_from_source(patcher.__file__)\n"
        "flags = int.from_bytes(open(cached, 'rb').read()[4:8], 'little')\n"
        "try:\n"
        "    patcher.mount(None, None, None)\n"
        "except AttributeError:\n"
        "    shown = traceback.format_exc()\n"
        "result = [flags, sys.dont_write_bytecode, shown]",
    )
    flags, dont_write, shown = checked
    assert flags == 0b01, "the unchecked hash-based .pyc of tools/compile.py, not Python's own"
    assert dont_write is True, "so no other .pyc can appear in the page"
    assert 'chat/render/patcher.py", line' in shown
    assert "el = _create(api, vnode)" in shown, "the source line of the frame"


# The last screen at once, and nothing typed lost. The service worker is blocked in these
# tests so that a route can hold the package back: Python cannot start until the test has
# looked at (and typed into) the screen the page painted by itself.

STATES = """
window.__states = [];
new MutationObserver(() => {
  const state = document.documentElement?.dataset.appState;
  if (state && state !== window.__states.at(-1)) window.__states.push(state);
}).observe(document, { attributes: true, childList: true, subtree: true });
"""

SCREEN_KEY = "flux-chat:v1:screen"
ELSEWHERE = '<!doctype html><link rel="icon" href="data:,"><title>Another page of the site</title>'


class Held:
    """Holds the page's requests for the package until `release`: until then Python waits."""

    def __init__(self, page: Page) -> None:
        self._routes: list[Route] = []
        self.holding = True
        page.route("**/static/build/chat.zip", self._hold)

    def _hold(self, route: Route) -> None:
        if self.holding:
            self._routes.append(route)
        else:
            route.continue_()

    def release(self) -> None:
        self.holding = False
        for route in self._routes:
            route.continue_()
        self._routes.clear()


@pytest.fixture
def visit_guarded(
    browser: Browser, browser_context_args: dict[str, Any], server_url: str
) -> Iterator[tuple[Page, PageGuard]]:
    context = browser.new_context(**browser_context_args, service_workers="block")
    context.add_init_script(STATES)
    page = context.new_page()
    guard = PageGuard(page, server_url)
    yield page, guard
    guard.check(page)
    context.close()


@pytest.fixture
def visit(visit_guarded: tuple[Page, PageGuard]) -> Page:
    return visit_guarded[0]


def goto(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/index.html?contacts=off", wait_until="commit")


def wait_for_saved_screen(page: Page, text: str) -> None:
    page.wait_for_function(
        "([key, text]) => (localStorage.getItem(key) || '').includes(text)", arg=[SCREEN_KEY, text]
    )


def save_screen_elsewhere(page: Page, server_url: str, screen: str) -> None:
    """Leave the app (which saves its screen as it goes), then write `screen` as the saved
    screen from another page of the same site."""
    elsewhere = f"{server_url}/elsewhere.html"
    page.route(elsewhere, lambda route: route.fulfill(body=ELSEWHERE, content_type="text/html"))
    page.goto(elsewhere)
    page.evaluate("([key, screen]) => localStorage.setItem(key, screen)", [SCREEN_KEY, screen])


def messages(page: Page) -> list[str]:
    return page.locator(".message-box__item__contents").all_inner_texts()


def test_a_first_visit_paints_the_default_chats_before_python_starts(
    visit: Page, server_url: str
) -> None:
    held = Held(visit)
    goto(visit, server_url)
    visit.wait_for_selector("html[data-app-state=snapshot]")
    expect(visit.locator(".user-list__item")).to_have_count(3)
    expect(visit.locator(".user-list__item--active")).to_have_attribute("data-user-id", "2")
    assert messages(visit) == ["Hey!", "Hey, what's up?", "Read on 20 Feb 2015 at 22:03"]
    expect(visit.locator("#app")).to_have_attribute("aria-busy", "true")
    expect(visit.locator(".header__unread")).to_have_text("1")
    assert visit.title() == "(1) Flux chat"
    held.release()
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(visit.locator("#app")).not_to_have_attribute("aria-busy", "true")
    assert visit.evaluate("window.__states") == ["loading", "snapshot", "ready"]


def test_a_repeat_visit_shows_the_last_screen_and_replays_what_was_typed_once_in_order(
    visit: Page, server_url: str
) -> None:
    goto(visit, server_url)
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    send_and_see(visit, "Before the reload")
    wait_for_saved_screen(visit, "Before the reload")

    held = Held(visit)
    visit.reload(wait_until="commit")
    visit.wait_for_selector("html[data-app-state=snapshot]")
    assert messages(visit)[-1] == "Before the reload"
    send(visit, "Typed while starting")
    pending = visit.locator(".message-box__item--pending")
    expect(pending).to_have_text("Typed while starting")
    visit.locator('.user-list__item[data-user-id="3"]').click()
    expect(visit.locator(".user-list__item--active")).to_have_attribute("data-user-id", "3")
    send(visit, "<b>To Jilles</b>")
    expect(pending).to_have_count(1)
    expect(pending).to_have_text("<b>To Jilles</b>")  # text, never markup
    visit.locator(".reply-box__input").fill("half a sentence")
    assert visit.evaluate("window.__states").count("ready") == 0

    held.release()
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(visit.locator(".message-box__item--pending")).to_have_count(0)
    expect(visit.locator(".user-list__item--active")).to_have_attribute("data-user-id", "3")
    assert messages(visit)[-1] == "<b>To Jilles</b>"
    assert messages(visit).count("<b>To Jilles</b>") == 1
    input_box = visit.locator(".reply-box__input")
    expect(input_box).to_have_value("half a sentence")
    expect(input_box).to_be_focused()
    visit.locator('.user-list__item[data-user-id="2"]').click()
    assert messages(visit).count("Typed while starting") == 1
    assert messages(visit).index("Before the reload") < messages(visit).index(
        "Typed while starting"
    )

    visit.reload()
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert messages(visit).count("Typed while starting") == 1
    visit.locator('.user-list__item[data-user-id="3"]').click()
    assert messages(visit).count("<b>To Jilles</b>") == 1


def test_a_reload_during_start_up_keeps_what_was_queued(visit: Page, server_url: str) -> None:
    held = Held(visit)
    goto(visit, server_url)
    visit.wait_for_selector("html[data-app-state=snapshot]")
    send(visit, "Queued, then reloaded")
    visit.reload(wait_until="commit")
    visit.wait_for_selector("html[data-app-state=snapshot]")
    expect(visit.locator(".message-box__item--pending")).to_have_text("Queued, then reloaded")
    held.release()
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert messages(visit).count("Queued, then reloaded") == 1
    visit.reload()
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert messages(visit).count("Queued, then reloaded") == 1


@pytest.mark.parametrize(
    "screen",
    [
        "{not json",
        '"a string"',
        '{"build": "another-build", "html": "<p class=stale>another build</p>"}',
        '{"build": 7, "html": 8}',
    ],
    ids=["corrupt", "not-an-object", "another-build", "wrong-types"],
)
def test_a_saved_screen_that_cannot_be_used_gives_a_normal_start(
    visit: Page, server_url: str, screen: str
) -> None:
    goto(visit, server_url)
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    send_and_see(visit, "Saved")
    wait_for_saved_screen(visit, "Saved")
    save_screen_elsewhere(visit, server_url, screen)
    visit.goto(f"{server_url}/index.html?contacts=off")
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert "snapshot" not in visit.evaluate("window.__states")
    expect(visit.locator(".stale")).to_have_count(0)
    assert messages(visit)[-1] == "Saved"


def test_a_hostile_saved_screen_paints_as_inert_markup(
    visit_guarded: tuple[Page, PageGuard], server_url: str
) -> None:
    visit, guard = visit_guarded
    # The policy refuses the handlers even in the template the start-up script parses them in,
    # before it removes them: a second line of defence, reported as a violation.
    guard.allow_csp_violations("script-src-attr", "Executing inline event handler violates")
    goto(visit, server_url)
    visit.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    send_and_see(visit, "Saved")
    wait_for_saved_screen(visit, "Saved")
    build = visit.evaluate("FLUX_START.build")
    html = visit.evaluate("document.getElementById('app').innerHTML")
    hostile = html.replace(
        "Hey!",
        'Hey!<img src="data:image/png;base64,AA" onerror="window.__pwned=1">'
        "<script>window.__pwned=2</script>"
        '<a href="javascript:window.__pwned=3" class="hostile">x</a>',
    )
    screen = {
        "build": build,
        "html": hostile,
        "header": "<span class=header__unread onmouseover=window.__pwned=4>9</span>",
    }
    save_screen_elsewhere(visit, server_url, json.dumps(screen))
    visit.route("**/static/build/chat.zip", lambda route: None)  # Python never starts
    goto(visit, server_url)
    visit.wait_for_selector("html[data-app-state=snapshot]")
    expect(visit.locator(".hostile")).not_to_have_attribute("href", re.compile("javascript"))
    visit.locator(".hostile").click()
    visit.wait_for_timeout(200)
    assert visit.evaluate("window.__pwned") is None
    visit.locator(".header__unread").hover()
    expect(visit.locator(".header__unread")).to_have_text("9")
    assert visit.evaluate("window.__pwned") is None
    assert visit.locator("#app script, #app [onerror], [onmouseover]").count() == 0
    assert guard.csp_violations
    assert all("script-src-attr refused" in report for report in guard.csp_violations)


def test_on_a_phone_a_chat_tapped_while_python_starts_opens_and_takes_typing(
    browser: Browser, server_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        timezone_id="UTC",
        is_mobile=True,
        has_touch=True,
        service_workers="block",
    )
    page = context.new_page()
    guard = PageGuard(page, server_url)
    held = Held(page)
    goto(page, server_url)
    page.wait_for_selector("html[data-app-state=snapshot]")
    expect(page.locator(".message-box__list")).to_be_hidden()
    page.locator('.user-list__item[data-user-id="4"]').tap()
    expect(page.locator(".user-list")).to_be_hidden()
    send(page, "From the phone")
    expect(page.locator(".message-box__item--pending")).to_have_text("From the phone")
    held.release()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator(".message-box")).to_have_attribute("data-user-id", "4")
    expect(page.locator(".user-list")).to_be_hidden()
    assert messages(page) == ["Please follow me on twitter I'll pay you", "From the phone"]
    page.locator(".header__back").tap()
    expect(page.locator(".user-list")).to_be_visible()
    guard.check(page)
    context.close()
