"""The static build: only the site's files, and the tutorial's flow served under a sub-path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.serve import serving
from tests.e2e.conftest import PageGuard, run_python
from tools.dist import build

SUB_PATH = "flux-chat"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("www") / SUB_PATH)


@pytest.fixture(scope="module")
def sub_path_url(site: Path) -> Iterator[str]:
    with serving(site.parent) as url:
        yield f"{url}/{SUB_PATH}/"


def test_the_build_holds_the_site_and_nothing_else(site: Path) -> None:
    top = sorted(path.name for path in site.iterdir())
    assert top == ["index.html", "pyscript.toml", "static", "sw.js"]
    assert sorted(path.name for path in (site / "static").iterdir()) == [
        "build",
        "css",
        "data",
        "img",
        "js",
        "vendor",
    ]
    names = {path.name for path in site.rglob("*")}
    assert "pyodide.asm.wasm" in names and "chat.zip" in names
    assert (site / "static/vendor/idb/index.js").is_file(), "chatdb.mjs imports it"
    # The compiled standard library replaces the runtime's own.
    assert (site / "static/build/python_stdlib.zip").is_file()
    assert not (site / "static/vendor/pyodide/python_stdlib.zip").exists()
    assert not names & {"tests", "node_modules", "bench", "package.json", ".installed"}


def test_the_tutorial_flow_works_under_a_sub_path(
    page: Page, sub_path_url: str, guard: PageGuard
) -> None:
    guard.origin = sub_path_url.split(f"/{SUB_PATH}/")[0]
    page.goto(f"{sub_path_url}?contacts=off")
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    assert all(f"/{SUB_PATH}/" in url for url in guard.requests), "every URL is relative"
    expect(page.locator(".user-list__item")).to_have_count(3)
    page.locator('.user-list__item[data-user-id="3"]').click()
    page.locator(".reply-box__input").fill("Served from a sub-path")
    page.locator(".reply-box__input").press("Enter")
    expect(page.locator(".message-box__item").last).to_have_text("Served from a sub-path")
    expect(page.locator(".user-list__item").first).to_have_attribute("data-user-id", "3")
    expect(page.locator(".user-list__item").first).to_have_class(
        re.compile(r"\buser-list__item--active\b")
    )


def test_the_chats_database_opens_under_a_sub_path(
    page: Page, sub_path_url: str, guard: PageGuard
) -> None:
    guard.origin = sub_path_url.split(f"/{SUB_PATH}/")[0]
    page.goto(f"{sub_path_url}?contacts=off")
    page.wait_for_selector("html[data-app-state=ready]", timeout=30_000)
    code = """
from chat.browser.database import open_database
db = await open_database("flux-chat:dist")
result = await db.start(1, 1)
"""
    expected = '{"meta":null,"chats":[],"next":0,"total":0,"open":null}'
    assert run_python(page, code) == expected
    loaded = [url for url in guard.requests if "chatdb.mjs" in url or "/idb/" in url]
    assert loaded and all(f"/{SUB_PATH}/static/" in url for url in loaded), loaded
