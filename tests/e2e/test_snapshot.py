"""Repeat visits boot from a memory snapshot of an interpreter that has imported the app
(static/js/interpreter.mjs, static/js/snapshot-worker.mjs); anything wrong with it means a
normal start, silently, and the bad entry goes."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageGuard, open_app, run_python, send_and_see

PREFIX = "flux-chat-snapshot-"
ENTRY = "static/js/memory-snapshot"

# This build's snapshot once a worker has stored it (at most 60 s): [snapshot caches, bytes].
STORED = """
async ([prefix, entry]) => {
  const name = prefix + self.FLUX_START.build;
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const stored = await caches.match(new URL(entry, location).href, { cacheName: name });
    if (stored) {
      const names = (await caches.keys()).filter((n) => n.startsWith(prefix));
      return [names, (await stored.arrayBuffer()).byteLength];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
"""

# What is in this build's snapshot cache now: null (no cache), 0 (no entry) or its size.
PRESENT = """
async ([prefix, entry]) => {
  const name = prefix + self.FLUX_START.build;
  if (!(await caches.has(name))) return null;
  const stored = await (await caches.open(name)).match(new URL(entry, location).href);
  return stored ? (await stored.arrayBuffer()).byteLength : 0;
}
"""

# Replace this build's snapshot: with `bytes` (a list of numbers), or by `of`, another build's id,
# holding the real snapshot, or with an empty cache when `bytes` is null.
REPLACE = """
async ([prefix, entry, bytes, of]) => {
  const name = prefix + self.FLUX_START.build;
  const url = new URL(entry, location).href;
  const snapshot = await caches.match(url, { cacheName: name });
  await caches.delete(name);
  if (of) return (await caches.open(prefix + of)).put(url, snapshot);
  const cache = await caches.open(name);
  if (bytes) await cache.put(url, new Response(new Uint8Array(bytes)));
}
"""


def boot(page: Page) -> str | None:
    return page.get_attribute("html", "data-boot")


def stored(page: Page) -> tuple[list[str], int]:
    names, size = page.evaluate(STORED, [PREFIX, ENTRY])
    return names, size


def reload(page: Page) -> None:
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)


def with_snapshot(page: Page, server_url: str) -> Page:
    """The app, opened twice: the first visit stores the snapshot, the second boots from it."""
    open_app(page, server_url)
    assert boot(page) == "normal"
    stored(page)
    reload(page)
    assert boot(page) == "snapshot"
    return page


def test_the_first_visit_stores_a_snapshot_and_the_next_one_boots_from_it(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    assert boot(page) == "normal"
    names, size = stored(page)
    build = page.evaluate("self.FLUX_START.build")
    assert names == [PREFIX + build]
    assert 16 * 2**20 < size < 128 * 2**20, "the interpreter's whole memory"

    reload(page)
    assert boot(page) == "snapshot"
    page.locator('.user-list__item[data-user-id="2"]').click()
    send_and_see(page, "Sent from a restored interpreter")
    reload(page)
    assert boot(page) == "snapshot"
    page.locator('.user-list__item[data-user-id="2"]').click()
    expect(page.locator(".message-box__item__contents").last).to_have_text(
        "Sent from a restored interpreter"
    )


def test_the_app_modules_come_from_the_snapshot_and_random_is_reseeded(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    with_snapshot(page, server_url)
    probe = (
        "import random, sys\nresult = [random.random(), hash('flux'), 'chat.main' in sys.modules]"
    )
    first = run_python(page, probe)
    reload(page)
    assert boot(page) == "snapshot"
    second = run_python(page, probe)
    assert first[0] != second[0], "random is reseeded after each restore"
    assert first[1] == second[1], "the hash seed is the snapshot's (documented)"
    assert first[2] is second[2] is True


def test_a_restored_app_syncs_tabs_and_opens_the_inspector(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    with_snapshot(page, server_url)
    other = page.context.new_page()
    other_guard = PageGuard(other, server_url)
    open_app(other, server_url)
    assert boot(other) == "snapshot"
    send_and_see(page, "To the other tab")
    expect(other.locator(".message-box__item__contents").last).to_have_text("To the other tab")
    other.locator(".header__inspect").click()
    expect(other.locator(".inspector")).to_be_visible()
    other_guard.check(other)


def test_a_corrupt_snapshot_means_a_normal_start_and_is_replaced(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    _, size = stored(page)
    page.evaluate(REPLACE, [PREFIX, ENTRY, list(range(256)) * 64, None])
    reload(page)
    assert boot(page) == "normal"
    assert page.evaluate(PRESENT, [PREFIX, ENTRY]) in (None, size), "the garbage is gone"
    send_and_see(page, "Started anyway")
    stored(page)
    reload(page)
    assert boot(page) == "snapshot"


def test_a_truncated_snapshot_means_a_normal_start(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    stored(page)
    head = page.evaluate(
        """async ([prefix, entry]) => {
            const url = new URL(entry, location).href;
            const name = prefix + self.FLUX_START.build;
            const bytes = await (await caches.match(url, { cacheName: name })).arrayBuffer();
            return Array.from(new Uint8Array(bytes, 0, 65536));
        }""",
        [PREFIX, ENTRY],
    )
    page.evaluate(REPLACE, [PREFIX, ENTRY, head, None])
    reload(page)
    assert boot(page) == "normal"
    send_and_see(page, "Started anyway")


def test_a_snapshot_of_another_build_is_not_used_and_goes(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    stored(page)
    page.evaluate(REPLACE, [PREFIX, ENTRY, None, "0123456789abcdef"])
    reload(page)
    assert boot(page) == "normal"
    names, _ = stored(page)
    assert names == [PREFIX + page.evaluate("self.FLUX_START.build")], "the other build's went"
    send_and_see(page, "Started anyway")


def test_a_cache_without_its_entry_means_a_normal_start_and_a_new_snapshot(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url)
    stored(page)
    page.evaluate(REPLACE, [PREFIX, ENTRY, None, None])
    assert page.evaluate(PRESENT, [PREFIX, ENTRY]) == 0
    reload(page)
    assert boot(page) == "normal"
    stored(page)
    reload(page)
    assert boot(page) == "snapshot"
