"""The app packed for a page opened from disk (`file://`), where the browser runs classic scripts
next to the page but refuses module scripts and `fetch` of files (`make setup`, `make dist`).

Writes two classic scripts, each filling `self.FLUX_FILES` with the files the page and the
runtime load, by their path relative to the page:

    (self.FLUX_FILES ||= {})["static/js/interpreter.mjs"] = {"text": "..."};
    self.FLUX_FILES["static/vendor/pyodide/pyodide.asm.wasm"] = {"base64": "..."};

static/build/file/runtime.js holds the runtime (PyScript, Pyodide, the compiled standard
library), static/build/file/app.js the app (its package, scripts, config and default data).
static/js/file-boot.js turns them into what the page loads. The page asks for them on `file://`
only: served over http(s), nothing here is downloaded.

A module's own URL and its relative imports are the only things in JavaScript that depend on
where the files are, and on disk that is known only when the page opens. So each module's
`import.meta` and relative specifiers (`from "./x.js"`, `import("../y.mjs")`) are rewritten here
to `ROOT` plus the target's path, which file-boot.js replaces by the page's folder; a specifier
to a file that is not packed stops set-up, naming it.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = "static/build/file"
ROOT_MARK = "@@flux-root@@/"
"""Where a packed module's text names the page's folder; file-boot.js puts the real one in."""

RUNTIME_FILES = [
    "static/vendor/pyodide/pyodide.mjs",
    "static/vendor/pyodide/pyodide.asm.mjs",
    "static/vendor/pyodide/pyodide.asm.wasm",
    "static/vendor/pyodide/pyodide-lock.json",
    "static/build/python_stdlib.zip",
    "static/vendor/idb/index.js",
]
"""Pyodide, the standard library `make setup` compiled, and idb; PyScript's modules are added
(every chunk of it: some are imported only by features the app does not use, but a missing
one would fail only when one is)."""
PYSCRIPT = "static/vendor/pyscript"
PYSCRIPT_SKIPPED = {"service-worker.js", "storage.js"}
"""PyScript's own service worker and storage helper: separate entry points nothing imports."""
APP_FILES = [
    "pyscript.toml",
    "static/build/chat.zip",
    "static/js/interpreter.mjs",
    "static/js/chatdb.mjs",
    "static/js/snapshot-worker.mjs",
    "static/js/import-worker.mjs",
    "static/data/chats.json",
]
PACKS = {"runtime": "static/build/file/runtime.js", "app": "static/build/file/app.js"}

_MODULE = (".js", ".mjs")
_TEXT = (*_MODULE, ".json", ".toml")
_IMPORT_META = re.compile(r"\bimport\.meta\b(?!\s*\.\s*resolve)")
_RELATIVE = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.\.?/[^"'\s]+)\2""")


class PackError(ValueError):
    """A file the pack cannot hold as it is; the message names it and the reason."""


def packed_files(root: Path) -> dict[str, list[str]]:
    """The paths each pack holds, relative to `root`."""
    pyscript = sorted(
        path.relative_to(root).as_posix()
        for path in (root / PYSCRIPT).glob("*.js")
        if path.name not in PYSCRIPT_SKIPPED
    )
    return {"runtime": [*pyscript, *RUNTIME_FILES], "app": list(APP_FILES)}


def module_text(path: str, text: str, packed: set[str]) -> str:
    """`text`, the module at `path`, with its `import.meta` and relative specifiers naming
    ROOT_MARK plus a packed path; PackError for a target that is not packed."""
    if ROOT_MARK in text:
        raise PackError(f"{path}: already contains the marker {ROOT_MARK!r}")
    if "import.meta.resolve" in text:
        raise PackError(f"{path}: uses import.meta.resolve, which the pack cannot rewrite")
    folder = posixpath.dirname(path)

    def specifier(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(3)))
        if target not in packed:
            raise PackError(f"{path}: imports {match.group(3)!r}, and {target} is not packed")
        return match.group(1) + json.dumps(ROOT_MARK + target)

    text = _RELATIVE.sub(specifier, text)
    return _IMPORT_META.sub(f"({{url: {json.dumps(ROOT_MARK + path)}}})", text)


def entry(root: Path, path: str, packed: set[str]) -> str:
    """The value `self.FLUX_FILES[path]` gets: `{"text": ...}` or `{"base64": ...}`."""
    data = (root / path).read_bytes()
    if not path.endswith(_TEXT):
        return json.dumps({"base64": base64.b64encode(data).decode("ascii")})
    text = data.decode("utf-8")
    if path.endswith(_MODULE):
        text = module_text(path, text, packed)
    return json.dumps({"text": text})


def write_packs(root: Path = ROOT) -> list[Path]:
    """Write the packs of the site in `root` (the repository, or `make dist`'s copy)."""
    groups = packed_files(root)
    packed = {path for paths in groups.values() for path in paths}
    written = []
    for name, paths in groups.items():
        lines = [
            "// Written by tools/filepack.py: files the page loads when it is opened from disk.\n",
            "self.FLUX_FILES ||= {};\n",
        ]
        lines += [f"self.FLUX_FILES[{json.dumps(p)}] = {entry(root, p, packed)};\n" for p in paths]
        target = root / PACKS[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(lines), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    try:
        packs = write_packs(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT)
    except (PackError, FileNotFoundError) as error:
        raise SystemExit(f"tools/filepack.py: {error}") from None
    for pack in packs:
        print(f"wrote {pack} ({pack.stat().st_size / 1e6:.1f} MB)")
