"""index.html opened straight from disk (file://), the repository's after `make setup` and the
one `make dist` writes: the whole app with no server, and the served page left as it was."""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.serve import ROOT
from tests.e2e.conftest import PageGuard, open_app, send, send_and_see
from tools.dist import build

DISK = ROOT.as_uri()
"""The repository's folder as a file:// URL: `open_app(page, DISK)` opens its index.html."""
POLICY = 'meta[http-equiv="Content-Security-Policy"]'
MESSAGES = ".message-box__list .message-box__item__contents"


@pytest.fixture
def disk_guard(page: Page) -> Iterator[PageGuard]:
    """The page guard, with this page's only origin: the disk."""
    page_guard = PageGuard(page, "file://")
    yield page_guard
    page_guard.check(page)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `make dist` writes, as a person would have it after unzipping it: in a
    folder whose name needs escaping in a URL."""
    return build(tmp_path_factory.mktemp("unzipped") / "Bob's chats, été #1" / "flux chat")


def wait_for_snapshot(page: Page) -> None:
    """Until this build's memory snapshot is stored (it is made once the app is idle): its entry,
    not only its cache, which shows before the 30 MB entry is written. From disk the entry has
    a name of its own (static/js/interpreter.mjs, SNAPSHOT_ENTRY)."""
    stored = """async () => {
        const entry = "https://flux-chat.invalid/memory-snapshot";
        const name = "flux-chat-snapshot-" + FLUX_START.build;
        return Boolean(await caches.match(entry, { cacheName: name }));
    }"""
    deadline = time.monotonic() + 90
    while not page.evaluate(stored):
        assert time.monotonic() < deadline, "no memory snapshot was stored within 90 s"
        page.wait_for_timeout(500)


def test_opened_from_disk_the_tutorial_runs_and_a_sent_message_survives_a_reload(
    page: Page, disk_guard: PageGuard
) -> None:
    open_app(page, DISK)
    assert page.url.startswith("file:///")
    expect(page.locator(".user-list__item")).to_have_count(3)
    expect(page.locator(".header__unread")).to_have_text("1")
    page.locator('.user-list__item[data-user-id="4"]').click()
    expect(page.locator(MESSAGES).last).to_have_text("Please follow me on twitter I'll pay you")
    send_and_see(page, "Sent from a file")
    expect(page.locator(".user-list__item").first).to_have_attribute("data-user-id", "4")
    # The runtime came from the packs: nothing was fetched from disk but the page's scripts.
    fetched = {url.rsplit("/static/", 1)[-1] for url in disk_guard.requests if "/static/" in url}
    assert "vendor/pyodide/pyodide.asm.wasm" not in fetched
    assert {"build/file/runtime.js", "build/file/app.js", "js/file-boot.js"} <= fetched

    # A repeat visit restores the memory snapshot, made and stored from disk too.
    wait_for_snapshot(page)
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator("html")).to_have_attribute("data-boot", "snapshot")
    expect(page.locator(".user-list__item--active")).to_have_attribute("data-user-id", "4")
    expect(page.locator(MESSAGES, has_text="Sent from a file")).to_have_count(1)


def test_from_disk_the_policy_adds_only_what_the_packs_need_and_holds(
    page: Page, disk_guard: PageGuard
) -> None:
    open_app(page, DISK)
    policies = page.locator(POLICY).evaluate_all("metas => metas.map((meta) => meta.content)")
    assert len(policies) == 1, "the served policy was read as text, not applied as well"
    served = (ROOT / "index.html").read_text("utf-8")
    served_policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', served)
    assert served_policy is not None
    directives = {d.split()[0]: d.split()[1:] for d in policies[0].split("; ")}
    expected = {d.split()[0]: d.split()[1:] for d in served_policy.group(1).split("; ")}
    nonce = [source for source in directives["script-src"] if source.startswith("'nonce-")]
    assert len(nonce) == 1
    assert directives["script-src"] == [*expected["script-src"], nonce[0], "blob:"]
    assert directives["worker-src"] == [*expected["worker-src"], "data:"]
    assert {k: v for k, v in directives.items() if k not in ("script-src", "worker-src")} == {
        k: v for k, v in expected.items() if k not in ("script-src", "worker-src")
    }

    # An inline script without the nonce (injected markup, say) is still refused.
    disk_guard.allow_csp_violations("script-src-elem", "Content Security Policy")
    page.evaluate(
        """() => {
            addEventListener("securitypolicyviolation", () => (window.refused = true));
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_function("window.refused === true")
    assert page.evaluate("window.injected === undefined")
    assert any("script-src-elem" in v for v in disk_guard.csp_violations)


def test_served_the_page_loads_nothing_of_the_file_mode_and_keeps_its_policy(
    app: Page, guard: PageGuard
) -> None:
    policies = app.locator(POLICY).evaluate_all("metas => metas.map((meta) => meta.content)")
    assert len(policies) == 1
    assert "blob:" not in policies[0] and "'nonce-" not in policies[0]
    assert "data:" not in policies[0].split("worker-src")[1].split(";")[0]
    assert not [url for url in guard.requests if "/build/file/" in url or "file-boot" in url]
    expect(app.locator(".app-notice--file")).to_be_hidden()


def test_the_unzipped_dist_runs_from_disk_and_keeps_what_is_sent(
    page: Page, dist: Path, disk_guard: PageGuard
) -> None:
    open_app(page, dist.as_uri())
    expect(page.locator(".user-list__item")).to_have_count(3)
    send_and_see(page, "Sent from the unzipped site")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator(MESSAGES, has_text="Sent from the unzipped site")).to_have_count(1)
    assert all(url.startswith(dist.as_uri()) for url in disk_guard.requests if "file:" in url)


def test_from_disk_a_data_file_is_one_the_person_chooses(
    page: Page, disk_guard: PageGuard, tmp_path: Path
) -> None:
    data = json.loads((ROOT / "static/data/chats.json").read_text("utf-8"))
    data["chats"]["2"]["user"]["name"] = "Chosen Clark"
    chosen = tmp_path / "mine.json"
    chosen.write_text(json.dumps(data), "utf-8")
    open_app(page, DISK, "?data=mine.json", state="loading")
    chooser = page.locator(".app-choose")
    expect(chooser).to_contain_text("Choose mine.json")
    expect(chooser).to_contain_text("opened from disk")
    chooser.locator("input[type=file]").set_input_files(chosen)
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator(".user-list__item__name").first).to_contain_text("Chosen Clark")
    send_and_see(page, "Kept with the chosen file")
    # The chats are this browser's now: a reload does not ask again.
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    expect(page.locator(".app-choose")).to_have_count(0)
    expect(page.locator(MESSAGES, has_text="Kept with the chosen file")).to_have_count(1)


def test_from_disk_two_tabs_stay_in_sync(page: Page, disk_guard: PageGuard) -> None:
    open_app(page, DISK)
    other = page.context.new_page()
    other_guard = PageGuard(other, "file://")
    open_app(other, DISK)
    send(page, "Seen in the other tab")
    expect(other.locator(MESSAGES).last).to_have_text("Seen in the other tab")
    other_guard.check(other)


def test_from_disk_the_inspector_exports_and_imports_its_log(
    page: Page, browser: Browser, disk_guard: PageGuard, tmp_path: Path
) -> None:
    open_app(page, DISK, "?inspect")
    send(page, "Logged from disk")
    expect(page.locator(".inspector .inspector__entry")).to_have_count(1)
    with page.expect_download() as download:
        page.locator(".inspector__export").click()
    path = tmp_path / "log.json"
    download.value.save_as(path)
    assert [p["action"]["type"] for p in json.loads(path.read_text("utf-8"))["payloads"]] == [
        "sendMessage"
    ]
    context = browser.new_context(timezone_id="UTC", viewport={"width": 1280, "height": 720})
    other = context.new_page()
    other_guard = PageGuard(other, "file://")
    open_app(other, DISK, "?inspect")
    other.locator(".inspector__file").set_input_files(path)
    expect(other.locator(".inspector__status")).to_contain_text("imported log")
    expect(other.locator(MESSAGES).last).to_have_text("Logged from disk")
    other_guard.check(other)
    context.close()


def test_a_copy_without_the_packs_says_it_must_be_served_or_set_up(
    page: Page, tmp_path: Path
) -> None:
    # index.html with its scripts and styles, but not what `make setup` builds.
    shutil.copy2(ROOT / "index.html", tmp_path / "index.html")
    for folder in ("static/js", "static/css"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    page.goto((tmp_path / "index.html").as_uri())
    notice = page.locator(".app-notice--file")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("make setup")
    expect(notice).to_contain_text("make run")
    expect(notice).to_contain_text(re.compile("served", re.IGNORECASE))
    expect(page.locator("html")).to_have_attribute("data-app-state", "error")
