"""Pack the `chat` package into one zip the page loads in a single request (`make setup`).

The page's config unpacks it into Pyodide's working directory, which is on `sys.path`.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "chat"
BUNDLE = ROOT / "static" / "build" / "chat.zip"


def modules(package: Path = PACKAGE) -> list[Path]:
    """Every module of the package, in a stable order."""
    return sorted(package.rglob("*.py"))


def bundle(target: Path = BUNDLE, package: Path = PACKAGE) -> Path:
    """Write the zip (entries like `chat/app.py`, fixed dates so equal sources give equal bytes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in modules(package):
            info = zipfile.ZipInfo(
                path.relative_to(package.parent).as_posix(), (2015, 2, 21, 9, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    partial.replace(target)
    return target


if __name__ == "__main__":
    written = bundle(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else BUNDLE)
    print(f"bundled {len(modules())} modules into {written.relative_to(ROOT)}")
