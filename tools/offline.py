"""What the service worker (sw.js) caches: the site's files and a version that changes with them.

`make setup` writes static/build/offline.js for the repository, `make dist` for dist/. The
version is a hash of every cached file, so any change to the site is a new build: the browser
sees a changed offline.js, installs a new worker, and that worker replaces the old cache.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = "sw.js"
MANIFEST = "static/build/offline.js"
PAGE_FILES = ["index.html", "pyscript.toml"]
FOLDERS = ["static/css", "static/img", "static/data", "static/js", "static/vendor"]
BUNDLE = "static/build/chat.zip"
STDLIB = "static/build/python_stdlib.zip"
SCREEN = "static/build/screen.js"
BUILT = [BUNDLE, STDLIB, SCREEN]
"""What set-up builds: the package and the standard library with bytecode (tools/compile.py),
and the build's id with the first screen (tools/prerender.py)."""
SKIPPED = {".installed", "static/vendor/pyodide/python_stdlib.zip"}
"""Set-up's stamp, and the runtime's own standard library, which the compiled one replaces."""
FROM_DISK_ONLY = {"static/js/file-boot.js"}
"""What only a page opened from disk loads (tools/filepack.py): part of the site, never cached."""


def site_files(root: Path) -> list[str]:
    """The files the page may load, relative to `root`, in a stable order: the page and its
    config, the CSS, images, default data, scripts, the runtime, and what set-up built."""
    files = list(PAGE_FILES)
    for folder in FOLDERS:
        names = (
            path.relative_to(root).as_posix()
            for path in (root / folder).rglob("*")
            if path.is_file()
        )
        files += sorted(
            name
            for name in names
            if name not in SKIPPED | FROM_DISK_ONLY and name.rsplit("/", 1)[-1] not in SKIPPED
        )
    return [*files, *BUILT]


def version(root: Path, files: list[str]) -> str:
    """A short hash of the worker and every file's name and bytes."""
    digest = hashlib.sha256()
    for name in [WORKER, *files]:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def write_manifest(root: Path = ROOT) -> Path:
    """Write `root`/static/build/offline.js for the site in `root`; return its path."""
    files = site_files(root)
    build = {"version": version(root, files), "files": files}
    target = root / MANIFEST
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "// Written by tools/offline.py: the build the service worker (sw.js) caches.\n"
        f"self.BUILD = {json.dumps(build, indent=1)};\n",
        encoding="utf-8",
    )
    return target


if __name__ == "__main__":
    written = write_manifest(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT)
    print(f"wrote {written}")
