"""axe-core (from npm, injected by the test) finds no serious or critical violation on the
main screens, colour contrast included."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from bench.serve import ROOT
from tests.e2e.conftest import NOTICE, PageGuard, open_app, seed_storage, send_and_see

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}

RUN_AXE = """
async () => {
  // Colours mid-transition (a chat just opened) are not the ones a person reads.
  const ending = document.getAnimations().filter(
    (animation) => animation.effect.getComputedTiming().iterations !== Infinity);
  await Promise.all(ending.map((animation) => animation.finished));
  const results = await axe.run(document);
  const brief = (rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    nodes: rule.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary}`),
  });
  return {violations: results.violations.map(brief), passes: results.passes.map((r) => r.id)};
}
"""


def audit(page: Page, screen: str) -> None:
    """Run axe on what `page` shows; fail on any serious or critical violation."""
    if not page.evaluate("() => typeof axe === 'object'"):
        # From the page's own origin: its policy refuses an inline script it has no hash for.
        origin = page.evaluate("location.origin")
        page.add_script_tag(url=f"{origin}/{AXE.relative_to(ROOT).as_posix()}")
    results: dict[str, Any] = page.evaluate(RUN_AXE)
    assert "color-contrast" in results["passes"], f"{screen}: axe checked no text's contrast"
    blocking = [rule for rule in results["violations"] if rule["impact"] in BLOCKING]
    assert blocking == [], f"{screen}: " + "\n".join(
        f"{rule['impact']} {rule['id']} ({rule['help']}):\n  " + "\n  ".join(rule["nodes"])
        for rule in blocking
    )


def test_the_chat_with_unread_chats_an_own_message_and_a_notice(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    # A notice too: an earlier build's saved text that cannot be read.
    seed_storage(page, "not json")
    open_app(page, server_url)
    expect(page.locator(NOTICE)).to_be_visible()
    expect(page.locator(".user-list__item--new")).not_to_have_count(0)
    expect(page.locator(".header__unread")).to_be_visible()
    send_and_see(page, "An unread message of mine")
    page.locator(".reply-box__input").focus()
    audit(page, "the chat")


def test_the_inspector_with_both_sources_and_a_past_entry_selected(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, "?inspect", contacts="fast")
    page.locator(".reply-box__input").fill("Hello")
    page.locator(".reply-box__input").press("Enter")
    entries = page.locator(".inspector .inspector__entry")
    expect(page.locator(".inspector__entry__source--server")).not_to_have_count(0)
    audit(page, "the inspector, live")
    entries.first.click()
    expect(page.locator(".inspector__entry--selected")).to_have_count(1)
    audit(page, "the inspector, in the past")


def test_initials_in_place_of_pictures_on_another_site(
    page: Page, server_url: str, guard: PageGuard
) -> None:
    open_app(page, server_url, "?data=tests/e2e/data/avatars-elsewhere.json")
    expect(page.locator(".user-list__item__initials")).to_have_count(2)
    audit(page, "the list with initials")


def test_the_error_screen(page: Page, server_url: str, guard: PageGuard) -> None:
    guard.allow_console_error("404")
    open_app(page, server_url, "?data=missing.json", state="error")
    expect(page.locator(".app-error")).to_be_visible()
    audit(page, "the error screen")


def test_a_phone_list_and_chat(browser: Browser, server_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="UTC", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    guard = PageGuard(page, server_url)
    open_app(page, server_url)
    audit(page, "the phone's list")
    page.locator('.user-list__item[data-user-id="3"]').tap()
    expect(page.locator(".header__back")).to_be_visible()
    send_and_see(page, "From a phone")
    audit(page, "the phone's chat")
    guard.check(page)
    context.close()
