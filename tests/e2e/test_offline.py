"""Offline after the first visit: the service worker serves the build, and a new build
replaces the old cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bench.serve import ROOT, serving
from tests.e2e.conftest import PageGuard, open_app, send_and_see
from tools.dist import build
from tools.offline import write_manifest

# Each waits at most 20 s, then answers what it sees, so a broken worker fails the test.
WORKER_READY = """
async () => {
  const deadline = Date.now() + 20000;
  await navigator.serviceWorker.ready;
  while (!navigator.serviceWorker.controller && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
  if (!navigator.serviceWorker.controller) throw new Error("no service worker serves the page");
  return (await caches.keys()).filter((name) => name.startsWith("flux-chat-build-")).sort();
}
"""

OLD_CACHE_GONE = """
async (old) => {
  const deadline = Date.now() + 20000;
  for (;;) {
    const names = (await caches.keys()).filter((name) => name.startsWith("flux-chat-build-"));
    if (!names.includes(old) || Date.now() > deadline) return names;
    await new Promise(r => setTimeout(r, 50));
  }
}
"""

KEPT = """
async (url) => {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (await caches.match(url)) return true;
    await new Promise(r => setTimeout(r, 50));
  }
  return false;
}
"""


def controlled(page: Page) -> list[str]:
    """Wait until the service worker has cached the build and serves this page; the build
    caches (a memory snapshot's cache may be there too, see test_snapshot.py)."""
    caches: list[str] = page.evaluate(WORKER_READY)
    return caches


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(timezone_id="UTC", viewport={"width": 1280, "height": 720})
    yield context
    context.close()


def test_after_one_visit_the_chat_loads_and_works_with_no_network(context: BrowserContext) -> None:
    page = context.new_page()
    with serving(ROOT) as url:
        guard = PageGuard(page, url)
        open_app(page, url)
        caches = controlled(page)
        assert len(caches) == 1 and caches[0].startswith("flux-chat-build-")
        # The network goes away twice over: the server stops and the browser is offline.
    context.set_offline(True)
    guard.requests.clear()
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator(".user-list__item")).to_have_count(3)
    page.locator('.user-list__item[data-user-id="2"]').click()
    send_and_see(page, "Sent on a train with no signal")
    assert page.evaluate("navigator.onLine") is False
    assert guard.requests, "the page loaded its files"
    guard.check(page)
    # And the message is kept, offline too.
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    page.locator('.user-list__item[data-user-id="2"]').click()
    expect(page.locator(".message-box__item__contents").last).to_have_text(
        "Sent on a train with no signal"
    )
    guard.check(page)


def test_a_new_build_replaces_the_old_cache(
    context: BrowserContext, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = build(tmp_path_factory.mktemp("www") / "flux-chat")
    page = context.new_page()
    with serving(site.parent) as origin:
        guard = PageGuard(page, origin)
        url = f"{origin}/flux-chat/?contacts=off"
        page.goto(url)
        page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
        [first] = controlled(page)

        # Publish a new build: one rule more in the CSS, and the list the worker reads.
        css = site / "static" / "css" / "app.css"
        css.write_text(css.read_text() + '\nhtml { --build: "two"; }\n')
        write_manifest(site)
        page.reload()
        page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
        # This page still runs the old build; the new worker takes over and says so.
        expect(page.locator(".notice__text")).to_have_text(
            "A new version of the chat is installed. Reload the page to use it."
        )
        [second] = page.evaluate(OLD_CACHE_GONE, first)
        assert second.startswith("flux-chat-build-")

        page.reload()
        page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
        build_mark = "getComputedStyle(document.documentElement).getPropertyValue('--build')"
        assert page.evaluate(build_mark) == '"two"'
        expect(page.locator(".notice")).to_have_count(0)
        guard.check(page)


def test_a_data_file_of_ones_own_is_kept_for_offline_use_too(
    context: BrowserContext, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = build(tmp_path_factory.mktemp("www") / "flux-chat")
    chats = (site / "static" / "data" / "chats.json").read_text(encoding="utf-8")
    (site / "mine.json").write_text(chats.replace("Todd Motto", "Zoë Offline"), encoding="utf-8")
    page = context.new_page()
    with serving(site.parent) as origin:
        url = f"{origin}/flux-chat/?data=mine.json&contacts=off"
        guard = PageGuard(page, origin)
        page.goto(url)
        page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
        controlled(page)
        assert page.evaluate(KEPT, f"{origin}/flux-chat/mine.json"), "the worker kept the file"
        guard.check(page)
    context.set_offline(True)
    # A new page that forgets the saved chats, so the app must read the data file again.
    page = context.new_page()
    guard = PageGuard(page, origin)
    page.add_init_script("localStorage.clear()")
    page.goto(url)
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator(".user-list__item__name", has_text="Zoë Offline")).to_have_count(1)
    guard.check(page)
