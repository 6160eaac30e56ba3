"""The page's PyScript config: every module shipped, the runtime local, nothing from elsewhere."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyscript.toml").read_text(encoding="utf-8"))


def test_every_module_of_the_package_is_shipped_to_the_browser() -> None:
    modules = {f"./{path.relative_to(ROOT).as_posix()}" for path in (ROOT / "chat").rglob("*.py")}
    modules.discard("./chat/main.py")  # the page runs it as the script itself
    assert set(CONFIG["files"]) == modules


def test_each_module_lands_in_its_package_folder() -> None:
    for source, target in CONFIG["files"].items():
        assert target == source.rsplit("/", 1)[0] + "/"


def test_the_interpreter_is_the_local_pyodide_and_no_packages_are_fetched() -> None:
    assert CONFIG["interpreter"] == "./static/vendor/pyodide/pyodide.mjs"
    assert "packages" not in CONFIG


def test_the_page_runs_the_entry_point_with_this_config() -> None:
    page = (ROOT / "index.html").read_text(encoding="utf-8")
    assert '<script type="py" src="./chat/main.py" config="./pyscript.toml"></script>' in page
    assert "http://" not in page.replace("http://127.0.0.1:8000/", "")
    assert "https://" not in page
