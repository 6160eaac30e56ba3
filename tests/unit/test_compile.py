"""tools/compile.py: bytecode in the zips instead of compiling at start-up. These tests compile
with the host's CPython; set-up runs the same code inside Pyodide, and tests/e2e/test_startup.py
checks the result in the page."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

from tools.bundle import bundle, modules
from tools.compile import bytecode, compile_stdlib, module_name

ROOT = Path(__file__).resolve().parents[2]


def test_zip_entries_name_their_modules() -> None:
    assert module_name("json/decoder.py") == "json.decoder"
    assert module_name("json/__init__.py") == "json"
    assert module_name("typing.py") == "typing"
    assert module_name("json/") is None
    assert module_name("_pyodide/py.typed") is None


def test_bytecode_is_unchecked_and_hash_based() -> None:
    pyc = bytecode(b"x = 1\n", "/lib/m.py")
    assert pyc[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(pyc[4:8], "little") == 0b01, "hash-based, source not checked"
    assert pyc[8:16] == importlib.util.source_hash(b"x = 1\n")


def make_stdlib(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("flux_probe/", b"")
        archive.writestr("flux_probe/__init__.py", b"from flux_probe import early\n")
        archive.writestr("flux_probe/early.py", b"def fail():\n    raise ValueError('early')\n")
        archive.writestr("flux_probe/late.py", b"LATE = True\n")
        archive.writestr("flux_probe/py.typed", b"")
    return path


def test_the_stdlib_zip_swaps_source_for_bytecode_only_where_start_up_imports(
    tmp_path: Path,
) -> None:
    source = make_stdlib(tmp_path / "stock.zip")
    target = tmp_path / "compiled.zip"
    count = compile_stdlib(source, target, {"flux_probe", "flux_probe.early", "sys"}, "/lib/x.zip")
    assert count == 2
    assert zipfile.ZipFile(target).namelist() == [
        "flux_probe/",
        "flux_probe/__init__.pyc",
        "flux_probe/early.pyc",
        "flux_probe/late.py",
        "flux_probe/py.typed",
    ]


def test_the_compiled_zip_imports_from_bytecode(tmp_path: Path) -> None:
    target = tmp_path / "compiled.zip"
    compile_stdlib(make_stdlib(tmp_path / "stock.zip"), target, {"flux_probe"}, str(target))
    script = (
        "import flux_probe, flux_probe.late;"
        "print(flux_probe.__file__.endswith('.pyc'), flux_probe.late.__file__.endswith('.py'),"
        " flux_probe.early.__file__.endswith('.py'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split() == ["True", "True", "True"]


def test_the_package_zip_keeps_each_source_beside_its_bytecode(tmp_path: Path) -> None:
    target = bundle(tmp_path / "chat.zip", pyc=lambda entry, source: bytecode(source, entry))
    names = zipfile.ZipFile(target).namelist()
    for path in modules():
        entry = path.relative_to(ROOT).as_posix()
        assert entry in names
        assert importlib.util.cache_from_source(entry) in names
    assert len(names) == 2 * len(modules())
