"""Pack the `chat` package into one zip the page loads in a single request (`make setup`).

The page's config unpacks it into Pyodide's working directory, which is on `sys.path`.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "chat"
BUNDLE = ROOT / "static" / "build" / "chat.zip"


def modules(package: Path = PACKAGE) -> list[Path]:
    """Every module of the package, in a stable order."""
    return sorted(package.rglob("*.py"))


def bundle(
    target: Path = BUNDLE,
    package: Path = PACKAGE,
    pyc: Callable[[str, bytes], bytes] | None = None,
) -> Path:
    """Write the zip (entries like `chat/app.py`, fixed dates so equal sources give equal
    bytes). With `pyc`, each source also gets `pyc(entry, source)` as its cached bytecode
    (`chat/__pycache__/app.cpython-314.pyc`), which the import system then loads instead."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in modules(package):
            entry = path.relative_to(package.parent).as_posix()
            source = path.read_bytes()
            _write(archive, entry, source)
            if pyc is not None:
                _write(archive, importlib.util.cache_from_source(entry), pyc(entry, source))
    partial.replace(target)
    return target


def _write(archive: zipfile.ZipFile, entry: str, data: bytes) -> None:
    info = zipfile.ZipInfo(entry, (2015, 2, 21, 9, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


if __name__ == "__main__":
    written = bundle(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else BUNDLE)
    print(f"bundled {len(modules())} modules into {written.relative_to(ROOT)}")
