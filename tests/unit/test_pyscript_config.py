"""The page and its PyScript config: the whole package shipped, the runtime local and preloaded."""

from __future__ import annotations

import re
import tomllib
import zipfile
from pathlib import Path

from tools.bundle import BUNDLE, bundle, modules

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyscript.toml").read_text(encoding="utf-8"))
PAGE = (ROOT / "index.html").read_text(encoding="utf-8")


def test_the_package_ships_as_one_zip_unpacked_onto_the_path() -> None:
    assert CONFIG["files"] == {"./static/build/chat.zip": "./*"}
    assert BUNDLE == ROOT / "static/build/chat.zip"


def test_the_bundle_holds_every_module_of_the_package(tmp_path: Path) -> None:
    target = bundle(tmp_path / "chat.zip")
    names = zipfile.ZipFile(target).namelist()
    expected = [path.relative_to(ROOT).as_posix() for path in modules()]
    assert names == expected
    assert "chat/main.py" in names and "chat/views/window.py" in names
    assert zipfile.ZipFile(target).read("chat/app.py") == (ROOT / "chat/app.py").read_bytes()


def test_the_bundle_is_the_same_bytes_for_the_same_sources(tmp_path: Path) -> None:
    first = bundle(tmp_path / "a.zip").read_bytes()
    assert bundle(tmp_path / "b.zip").read_bytes() == first


def test_the_interpreter_is_the_local_pyodide_and_no_packages_are_fetched() -> None:
    assert CONFIG["interpreter"] == "./static/js/interpreter.mjs"
    wrapper = (ROOT / "static/js/interpreter.mjs").read_text(encoding="utf-8")
    assert 'from "../vendor/pyodide/pyodide.mjs"' in wrapper
    assert "stdLibURL: STDLIB" in wrapper and '"../build/python_stdlib.zip"' in wrapper
    assert "packages" not in CONFIG


def test_the_page_runs_the_entry_point_with_this_config() -> None:
    script = re.search(r'<script type="py" config="./pyscript.toml">(.*?)</script>', PAGE, re.S)
    assert script is not None
    assert script.group(1).split() == ["from", "chat.main", "import", "main", "await", "main()"]


def test_the_runtime_and_the_bundle_are_preloaded_from_the_head() -> None:
    head = PAGE.split("</head>")[0]
    for path in [
        "static/vendor/pyodide/pyodide.asm.wasm",
        "static/build/python_stdlib.zip",
        "static/build/chat.zip",
    ]:
        assert f'<link rel="preload" href="./{path}" as="fetch" crossorigin>' in head
    assert '<link rel="modulepreload" href="./static/vendor/pyodide/pyodide.asm.mjs">' in head
    # Run, not only preloaded: it reads the memory snapshot while PyScript starts.
    assert '<script type="module" src="./static/js/interpreter.mjs"></script>' in head


def test_the_page_names_no_other_origin() -> None:
    assert "https://" not in PAGE
    assert set(re.findall(r"http://[^\"<]*", PAGE)) == {"http://127.0.0.1:8000/index.html"}


def test_the_start_up_script_reads_the_keys_the_app_writes() -> None:
    storage = (ROOT / "chat/browser/storage.py").read_text(encoding="utf-8")
    startup = (ROOT / "chat/browser/startup.py").read_text(encoding="utf-8")
    key = re.search(r'^KEY = "([^"]+)"', storage, re.M)
    assert key is not None
    assert f'const key = "{key.group(1)}" + (params.get("data") ? "?data="' in PAGE
    assert 'return f"{key}:screen"' in startup and 'key + ":screen"' in PAGE
    assert "window.fluxStartup = {" in PAGE and '"fluxStartup"' in startup
