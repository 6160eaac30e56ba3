"""tools/prerender.py: the build's id and the default data's first screen, from the app's views."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

from chat.model import ChatData
from tools.prerender import BUILD_INPUTS, build_id, first_screen, write_screen

ROOT = Path(__file__).resolve().parents[2]
NOW = 1_800_000_000_000


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.started: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.started.append((tag, dict(attrs)))


def test_the_first_screen_is_the_default_data_as_the_app_renders_it(
    tutorial_data: ChatData,
) -> None:
    screen = first_screen(tutorial_data, NOW)
    tags = Tags()
    tags.feed(screen["html"])
    items = [attrs for tag, attrs in tags.started if tag == "li" and "data-user-id" in attrs]
    assert [item["data-user-id"] for item in items] == ["2", "4", "3"]
    assert "user-list__item--active" in str(items[0]["class"])
    assert [attrs["class"] for tag, attrs in tags.started if tag == "input"] == ["reply-box__input"]
    assert (
        '<li class="message-box__item"><div class="message-box__item__contents">Hey!'
        in (screen["html"])
    )
    assert screen["header"].startswith('<span class="header__unread"')
    assert screen["title"] == "(1) Flux chat"
    assert screen["user"] == "John Doe"


def make_build(root: Path) -> Path:
    for name in BUILD_INPUTS:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    (root / "static/data").mkdir(parents=True)
    shutil.copy(ROOT / "static/data/chats.json", root / "static/data/chats.json")
    return root


def test_the_build_id_changes_with_the_page_the_package_the_stdlib_or_the_runtime(
    tmp_path: Path,
) -> None:
    original = build_id(make_build(tmp_path / "a"))
    assert build_id(make_build(tmp_path / "b")) == original
    for name in BUILD_INPUTS:
        changed = make_build(tmp_path / name.replace("/", "_"))
        (changed / name).write_text("changed")
        assert build_id(changed) != original, name


def test_screen_js_sets_the_build_and_the_screen_for_the_page(tmp_path: Path) -> None:
    site = make_build(tmp_path)
    text = write_screen(site).read_text()
    prefix, _, rest = text.partition("self.FLUX_START = ")
    assert prefix.startswith("//") and rest.endswith(";\n")
    start = json.loads(rest[:-2])
    assert start["build"] == build_id(site)
    assert set(start["screen"]) == {"html", "header", "title", "user", "scroll"}
    assert "</script" not in text.lower()
