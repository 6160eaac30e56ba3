"""The packs a page opened from disk runs (tools/filepack.py): every file the page and the
runtime load, and modules that name their own URL and imports only through the marker."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from tools.filepack import (
    PACKS,
    ROOT_MARK,
    PackError,
    module_text,
    packed_files,
    write_packs,
)

ROOT = Path(__file__).resolve().parents[2]
_ENTRY = re.compile(r'^self\.FLUX_FILES\[("[^"]+")\] = (.*);$')


def read_packs(root: Path) -> dict[str, dict[str, str]]:
    """What the packs in `root` put into `self.FLUX_FILES`, read back."""
    files = {}
    for pack in PACKS.values():
        for line in (root / pack).read_text("utf-8").splitlines():
            match = _ENTRY.match(line)
            if match:
                files[json.loads(match.group(1))] = json.loads(match.group(2))
    return files


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    site = tmp_path_factory.mktemp("site")
    for paths in packed_files(ROOT).values():
        for path in paths:
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes((ROOT / path).read_bytes())
    write_packs(site)
    return read_packs(site)


def test_a_relative_import_and_import_meta_name_the_page_folder_through_the_marker() -> None:
    text = (
        'import { a } from "./a.js";\n'
        "import './b.js';\n"
        'const c = await import("../c/c.mjs");\n'
        'export * from "./a.js";\n'
        "const here = new URL('./x', import.meta.url);\n"
        "const { url } = import.meta;\n"
    )
    packed = {"static/js/a.js", "static/js/b.js", "static/c/c.mjs"}
    assert module_text("static/js/main.mjs", text, packed) == (
        f'import {{ a }} from "{ROOT_MARK}static/js/a.js";\n'
        f'import "{ROOT_MARK}static/js/b.js";\n'
        f'const c = await import("{ROOT_MARK}static/c/c.mjs");\n'
        f'export * from "{ROOT_MARK}static/js/a.js";\n'
        f"const here = new URL('./x', ({{url: \"{ROOT_MARK}static/js/main.mjs\"}}).url);\n"
        f'const {{ url }} = ({{url: "{ROOT_MARK}static/js/main.mjs"}});\n'
    )


def test_bare_and_absolute_specifiers_are_left_alone() -> None:
    text = 'import("micropip"); import("node:fs"); fetch("./pyscript.toml");'
    assert module_text("static/js/main.mjs", text, set()) == text


def test_an_import_of_a_file_that_is_not_packed_stops_the_pack_naming_it() -> None:
    with pytest.raises(PackError, match=r"static/js/main\.mjs: imports '\./gone\.js', and "):
        module_text("static/js/main.mjs", 'import "./gone.js";', set())


def test_a_module_that_already_holds_the_marker_is_refused() -> None:
    with pytest.raises(PackError, match="already contains the marker"):
        module_text("static/js/main.mjs", f'const x = "{ROOT_MARK}";', set())


def test_the_packs_hold_what_the_page_and_the_runtime_load(
    packs: dict[str, dict[str, str]],
) -> None:
    for path in [
        "static/vendor/pyscript/core.js",
        "static/vendor/pyodide/pyodide.mjs",
        "static/vendor/pyodide/pyodide.asm.mjs",
        "static/vendor/pyodide/pyodide.asm.wasm",
        "static/vendor/pyodide/pyodide-lock.json",
        "static/build/python_stdlib.zip",
        "static/build/chat.zip",
        "static/js/interpreter.mjs",
        "static/js/chatdb.mjs",
        "static/js/snapshot-worker.mjs",
        "static/data/chats.json",
        "pyscript.toml",
    ]:
        assert path in packs, path
    assert "static/vendor/pyscript/service-worker.js" not in packs


def test_binary_files_are_packed_byte_for_byte(packs: dict[str, dict[str, str]]) -> None:
    for path in ["static/vendor/pyodide/pyodide.asm.wasm", "static/build/chat.zip"]:
        assert base64.b64decode(packs[path]["base64"]) == (ROOT / path).read_bytes()
    config = (ROOT / "pyscript.toml").read_text("utf-8")
    assert packs["pyscript.toml"] == {"text": config}


def test_every_module_names_packed_files_only_and_no_import_meta_is_left(
    packs: dict[str, dict[str, str]],
) -> None:
    modules = {
        path: entry["text"] for path, entry in packs.items() if path.endswith((".js", ".mjs"))
    }
    assert len(modules) > 10
    for path, text in modules.items():
        assert not re.search(r"\bimport\.meta\b", text), path
        assert not re.search(r"""(\bfrom\s*|\bimport\s*\(?\s*)["']\.\.?/""", text), path
        for target in re.findall(re.escape(ROOT_MARK) + r'([^"]+)"', text):
            assert target in packs, f"{path} names {target}, which is not packed"
    interpreter = modules["static/js/interpreter.mjs"]
    assert f'from "{ROOT_MARK}static/vendor/pyodide/pyodide.mjs"' in interpreter
