"""`make dist`: the app as static files, ready for any web server, at a root or a sub-path.

The page, its config and service worker, the CSS, images and default data, the package and the
standard library compiled by `make setup`, the runtime and the worker's list of them, and all of
it packed for opening the page from disk; nothing else (no tests, no node_modules). Every URL
in the page is relative.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tools.filepack import write_packs
from tools.offline import BUILT, FOLDERS, PAGE_FILES, SKIPPED, WORKER, write_manifest
from tools.prerender import DATA, write_screen

ROOT = Path(__file__).resolve().parents[1]


def build(target: Path, data: Path | None = None) -> Path:
    """Write the static site into `target` (emptied first); return it. With `data`, that file
    is the site's default data instead of the tutorial's, its first screen pre-rendered."""
    needed = [ROOT / "static/vendor/pyodide/pyodide.asm.wasm", *(ROOT / name for name in BUILT)]
    if not all(path.exists() for path in needed):
        raise SystemExit("the runtime or the compiled files are missing: run `make setup` first")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in [*PAGE_FILES, WORKER]:
        shutil.copy2(ROOT / name, target / name)
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, target / folder, ignore=_skipped)
    for name in BUILT:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    if data is not None:
        shutil.copy2(data, target / DATA)
        write_screen(target)
    write_manifest(target)
    write_packs(target)
    return target


def _skipped(folder: str, names: list[str]) -> set[str]:
    relative = Path(folder).resolve().relative_to(ROOT).as_posix()
    return {name for name in names if name in SKIPPED or f"{relative}/{name}" in SKIPPED}


if __name__ == "__main__":
    built = build(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "dist")
    print(f"the static site is in {built}")
