"""`make dist`: the app as static files, ready for any web server, at a root or a sub-path.

The page, its config and service worker, the CSS, images and default data, the zipped package,
the runtime and the worker's list of them; nothing else (no tests, no node_modules). Every URL
in the page is relative.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tools.bundle import bundle
from tools.offline import BUNDLE, FOLDERS, PAGE_FILES, WORKER, write_manifest

ROOT = Path(__file__).resolve().parents[1]


def build(target: Path) -> Path:
    """Write the static site into `target` (emptied first); return it."""
    vendor = ROOT / "static" / "vendor" / "pyodide" / "pyodide.asm.wasm"
    if not vendor.exists():
        raise SystemExit("the runtime is missing from static/vendor: run `make setup` first")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in [*PAGE_FILES, WORKER]:
        shutil.copy2(ROOT / name, target / name)
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns(".installed"))
    bundle(target / BUNDLE)
    write_manifest(target)
    return target


if __name__ == "__main__":
    built = build(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "dist")
    print(f"the static site is in {built}")
