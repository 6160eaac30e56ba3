"""Start-up in the page: bytecode instead of compiling, the last screen at once, nothing typed
lost while Python starts."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import run_python


def test_start_up_compiles_no_standard_library_module_from_source(app: Page) -> None:
    loaded = run_python(
        app,
        "import sys\n"
        "files = {name: getattr(m.__spec__, 'origin', None) or '' for name, m in "
        "list(sys.modules.items()) if getattr(m, '__spec__', None)}\n"
        "stdlib = {n: f for n, f in files.items() if f.startswith('/lib/python3')}\n"
        "result = [sorted(n for n, f in stdlib.items() if not f.endswith('.pyc')), len(stdlib)]",
    )
    from_source, count = loaded
    assert count > 100
    assert from_source == [], "add these to tools/compile.py PYSCRIPT_IMPORTS"


def test_the_app_loads_its_own_bytecode_and_tracebacks_show_its_source(app: Page) -> None:
    checked = run_python(
        app,
        "import importlib.util, sys, traceback\n"
        "import chat.render.patcher as patcher\n"
        "cached = importlib.util.cache_from_source(patcher.__file__)\n"
        "flags = int.from_bytes(open(cached, 'rb').read()[4:8], 'little')\n"
        "try:\n"
        "    patcher.mount(None, None, None)\n"
        "except AttributeError:\n"
        "    shown = traceback.format_exc()\n"
        "result = [flags, sys.dont_write_bytecode, shown]",
    )
    flags, dont_write, shown = checked
    assert flags == 0b01, "the unchecked hash-based .pyc of tools/compile.py, not Python's own"
    assert dont_write is True, "so no other .pyc can appear in the page"
    assert 'chat/render/patcher.py", line' in shown
    assert "el = _create(api, vnode)" in shown, "the source line of the frame"
