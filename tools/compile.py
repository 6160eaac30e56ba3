"""Bytecode for start-up, compiled by the interpreter the page runs (`make setup`, `make dist`).

Pyodide's `python_stdlib.zip` holds only sources, so every visit compiled about 190 modules
before the first line of the app ran (three quarters of the runtime's start). Bytecode must come
from the very same CPython, so this script runs inside the pinned Pyodide under Node:

    node tools/in_pyodide.mjs tools/compile.py static/build

It writes `python_stdlib.zip`, the standard library with bytecode instead of source for each
module that start-up imports (the rest keep their source, so the zip stays small), and
`chat.zip`, the app's package with bytecode beside every source, so an app traceback still
shows the app's lines. The bytecode is "unchecked hash-based" (PEP 552): loaded without looking
at a source's date, which unpacking a zip does not keep.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import zipfile
from collections.abc import Iterable
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]
from pathlib import Path

from tools.bundle import bundle, modules

STDLIB = Path("node_modules/pyodide/python_stdlib.zip")
APP_HOME = "/home/pyodide"
"""Where PyScript unpacks chat.zip in the page: the compiled files name their sources there."""

PYSCRIPT_IMPORTS = ("datetime", "encodings.cp437", "html", "html.entities")
"""Standard-library modules that PyScript's own Python package and unpacking chat.zip import at
start, beside the runtime's and the app's (seen in the page; tests/e2e/test_startup.py fails
if start-up compiles any standard-library module from source)."""

FIXED_DATE = (2015, 2, 21, 9, 0, 0)


def bytecode(source: bytes, filename: str) -> bytes:
    """The contents of an unchecked hash-based .pyc for `source`, which lives at `filename`."""
    code = compile(source, filename, "exec", dont_inherit=True)
    pyc: bytes = _code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)
    return pyc


def module_name(entry: str) -> str | None:
    """The module a zip entry such as `json/decoder.py` holds, or None if it is no module."""
    if not entry.endswith(".py"):
        return None
    parts = entry[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_module_names(package: Path) -> list[str]:
    """The dotted names of every module of the app's package."""
    names = []
    for path in modules(package):
        name = module_name(path.relative_to(package.parent).as_posix())
        if name is not None:
            names.append(name)
    return names


def startup_modules(package: Path) -> set[str]:
    """Every module loaded once the app's modules are imported, as the page loads them."""
    sys.path.insert(0, str(package.parent))
    for name in app_module_names(package):
        importlib.import_module(name)
    return set(sys.modules) | set(PYSCRIPT_IMPORTS)


def compile_stdlib(source: Path, target: Path, compiled: Iterable[str], prefix: str) -> int:
    """Copy the stdlib zip `source` to `target`, with bytecode in place of the source of each
    module named in `compiled`; `prefix` is the zip's path in the interpreter's file system.
    Returns how many modules were compiled."""
    wanted = set(compiled)
    count = 0
    partial = target.with_suffix(".tmp")
    with zipfile.ZipFile(source) as stock, zipfile.ZipFile(partial, "w") as out:
        for info in stock.infolist():
            data = stock.read(info)
            name = module_name(info.filename)
            if name in wanted:
                data = bytecode(data, f"{prefix}/{info.filename}")
                entry = zipfile.ZipInfo(info.filename + "c", FIXED_DATE)
                count += 1
            else:
                entry = zipfile.ZipInfo(info.filename, FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED if data else zipfile.ZIP_STORED
            entry.external_attr = info.external_attr
            out.writestr(entry, data)
    partial.replace(target)
    return count


def main(out: Path) -> None:
    package = Path("chat").resolve()
    out.mkdir(parents=True, exist_ok=True)
    version = f"{sys.version_info.major}{sys.version_info.minor}"
    compiled = startup_modules(package)
    count = compile_stdlib(STDLIB, out / "python_stdlib.zip", compiled, f"/lib/python{version}.zip")
    bundle(
        out / "chat.zip",
        package,
        pyc=lambda entry, source: bytecode(source, f"{APP_HOME}/{entry}"),
    )
    print(f"compiled {count} standard-library modules and the chat package into {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
