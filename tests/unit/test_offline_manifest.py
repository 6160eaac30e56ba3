"""tools/offline.py: the files the service worker caches, and a version that follows them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tools.offline import MANIFEST, site_files, version, write_manifest


def make_site(root: Path) -> Path:
    for name, text in {
        "index.html": "<!doctype html>",
        "pyscript.toml": "name = 'chat'",
        "sw.js": "// worker",
        "static/css/app.css": "body {}",
        "static/img/avatars/a.svg": "<svg/>",
        "static/data/chats.json": "{}",
        "static/js/interpreter.mjs": "export {}",
        "static/vendor/pyodide/pyodide.asm.wasm": "wasm",
        "static/vendor/pyodide/python_stdlib.zip": "the stock one, replaced by the compiled one",
        "static/vendor/.installed": "",
        "static/build/chat.zip": "zip",
        "static/build/python_stdlib.zip": "compiled",
        "static/build/screen.js": "self.FLUX_START = {};",
        # What only a page opened from disk loads (tools/filepack.py).
        "static/js/file-boot.js": "// from disk",
        "static/build/file/runtime.js": "self.FLUX_FILES ||= {};",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def read_build(root: Path) -> dict[str, object]:
    text = (root / MANIFEST).read_text()
    prefix, _, rest = text.partition("self.BUILD = ")
    assert prefix.startswith("//") and rest.endswith(";\n")
    build: dict[str, object] = json.loads(rest[:-2])
    return build


def test_the_worker_caches_every_file_the_page_loads_and_nothing_else(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert site_files(site) == [
        "index.html",
        "pyscript.toml",
        "static/css/app.css",
        "static/img/avatars/a.svg",
        "static/data/chats.json",
        "static/js/interpreter.mjs",
        "static/vendor/pyodide/pyodide.asm.wasm",
        "static/build/chat.zip",
        "static/build/python_stdlib.zip",
        "static/build/screen.js",
    ]


def test_the_manifest_names_the_files_and_the_version(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    write_manifest(site)
    build = read_build(site)
    assert build["files"] == site_files(site)
    assert build["version"] == version(site, site_files(site))
    assert len(str(build["version"])) == 16


def test_any_change_to_the_site_is_a_new_version(tmp_path: Path) -> None:
    site = make_site(tmp_path / "a")
    original = version(site, site_files(site))
    copy = tmp_path / "b"
    shutil.copytree(site, copy)
    assert version(copy, site_files(copy)) == original, "equal files, equal version"
    for name in ["static/css/app.css", "sw.js", "static/vendor/pyodide/pyodide.asm.wasm"]:
        changed = tmp_path / name.replace("/", "_")
        shutil.copytree(site, changed)
        (changed / name).write_text("changed")
        assert version(changed, site_files(changed)) != original, name
    renamed = tmp_path / "renamed"
    shutil.copytree(site, renamed)
    (renamed / "static/img/avatars/a.svg").rename(renamed / "static/img/avatars/b.svg")
    assert version(renamed, site_files(renamed)) != original


def test_the_repository_manifest_lists_files_that_exist() -> None:
    root = Path(__file__).resolve().parents[2]
    files = site_files(root)
    assert "static/vendor/pyodide/pyodide.asm.wasm" in files
    assert "static/vendor/pyscript/core.js" in files
    assert "static/vendor/idb/index.js" in files, "the IndexedDB wrapper chatdb.mjs imports"
    assert all((root / name).is_file() for name in files)
