"""`make bench`: start-up, send, switch and memory of the app, in Chromium, as one table;
and, on the seed dataset's site, the inspector importing a 50,000-dispatch log and travelling.

Each dataset is served as the default data of its own copy of the static site (`make dist`'s
code, with the dataset's first screen pre-rendered), as a person hosting their chats would.
Each run uses a fresh browser context (empty cache): a first visit, then a second one in the
same context, served by the app's service worker; on seed, medium and large, the same two
visits of the site's index.html opened from disk (file://). Figures are the median and the worst
over the runs; every timing is taken inside the page with `performance.now()`. `--dataset
all` runs seed, medium and large; xl and huge (minutes per run) only when named.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from bench import probes
from bench.browser import BROWSER_ARGS, browser_path
from bench.datasets import ALL, DATA_DIR, LOG_DISPATCHES, NAMES, inspector_log, site_for
from bench.serve import ROOT, serving

RESULTS = ROOT / "bench" / "results"
SAMPLES = 30
SWITCHES_FOR_MEMORY = 1_000
CHATS_FOR_MEMORY = 1_000
"""Different chats opened one after another before memory is measured again."""
FAR_OPENS = 20
"""Chats far down the user list opened and timed."""
# The chats switched between: the open one (on `large`, 10,000 messages) and a short one.
SWITCH_BETWEEN = [3, 2]
TRAVELS = 20
"""Entries of the imported log travelled to, chosen at random (seeded)."""

# A home or 4G connection: 20 Mbit/s down, 5 up, 40 ms round trip. The runtime is about
# 15 MB, sent uncompressed by a plain static server.
LINK = {"latency": 40, "downloadThroughput": 20e6 / 8, "uploadThroughput": 5e6 / 8}

STDOUT = Path("-")
Figures = dict[str, float]

FROM_DISK = {"seed", "medium", "large"}
"""Datasets also opened from disk: a page on disk imports its data file in the page (no
import worker), which on xl and huge would add minutes to a run."""

TIMEOUT_MS = {"xl": 300_000, "huge": 900_000}
"""How long a start, the service worker's caching or opening a chat may take before the run
fails: generous where the app reads the whole history (2 minutes elsewhere)."""


def timeout_for(dataset: str) -> int:
    return TIMEOUT_MS.get(dataset, 120_000)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def wait_for_tti(page: Page) -> float:
    """The bare page's start: until its Python has printed."""
    page.wait_for_function("() => window.__tti !== undefined", timeout=120_000, polling=50)
    tti: float = page.evaluate("() => window.__tti")
    return tti


def wait_for_start(page: Page, prefix: str, timeout: int = 120_000) -> Figures:
    """The app's start (probes.STARTUP): first useful paint, input accepted, Python ready, the
    data imported, and the longest main-thread block until then."""
    page.wait_for_function(probes.STARTED, timeout=timeout, polling=50)
    marks: dict[str, float] = page.evaluate(probes.STARTED_MARKS)
    figures = {
        f"{prefix}_{mark}_ms": marks[mark] for mark in ("paint", "input", "ready", "imported")
    }
    figures[f"{prefix}_longest_block_ms"] = marks["longest"]
    figures[f"{prefix}_blocks"] = marks["blocks"]
    if marks["importing"] is not None:
        figures[f"{prefix}_import_longest_block_ms"] = marks["importLongest"]
        figures[f"{prefix}_import_blocks"] = marks["importBlocks"]
    return figures


def wait_for_worker(page: Page, timeout: int = 60_000) -> float:
    """Until the app's service worker has cached the build and serves `page`, and a worker
    has stored the build's memory snapshot, which the next visit boots from; its size in MB."""
    if not page.evaluate(probes.SERVICE_WORKER, timeout):
        raise RuntimeError("the service worker did not take over the page")
    size: float = page.evaluate(probes.SNAPSHOT, timeout)
    if not size:
        raise RuntimeError("no memory snapshot was stored")
    return size / 2**20


def heap_used(page: Page) -> float:
    """The JS heap in use after a full garbage collection, in MB."""
    session = page.context.new_cdp_session(page)
    session.send("HeapProfiler.collectGarbage")
    used: float = session.send("Runtime.getHeapUsage")["usedSize"]
    session.detach()
    return used / 2**20


def settle(page: Page, timeout: int) -> float:
    """Until the page has had no main-thread block for 2 s (at most `timeout` ms), so what a
    start leaves for later (the first save) is done; the longest block after the data was
    imported until then, in ms."""
    quiet = page.evaluate(probes.QUIET, timeout)
    if not quiet["quiet"]:
        print(f"the page was still busy after {timeout} ms", file=sys.stderr, flush=True)
    longest: float = quiet["longest"]
    return longest


def wasm_memory(page: Page) -> float:
    """Pyodide's WebAssembly memory (probes.WASM_MEMORY), in MB: it grows and never shrinks."""
    size: float = page.evaluate(probes.WASM_BYTES)
    if not size:
        raise RuntimeError("no WebAssembly memory was seen")
    return size / 2**20


def timed(page: Page, script: str, arg: Any, prefix: str) -> Figures:
    return percentiles(page.evaluate(script, arg), prefix)


def percentiles(samples: list[dict[str, Any]], prefix: str) -> Figures:
    missing = [i for i, sample in enumerate(samples) if not sample["shown"]]
    if missing:
        raise RuntimeError(f"{prefix}: the result was not on screen for samples {missing}")
    dom = [sample["dom"] for sample in samples]
    frame = [sample["frame"] for sample in samples]
    return {
        f"{prefix}_dom_p50_ms": percentile(dom, 0.5),
        f"{prefix}_dom_p95_ms": percentile(dom, 0.95),
        f"{prefix}_frame_p50_ms": percentile(frame, 0.5),
        f"{prefix}_frame_p95_ms": percentile(frame, 0.95),
    }


def visit(context: BrowserContext, url: str, link: dict[str, Any] | None = None) -> Page:
    """Open `url` in a new page of `context`, with the time-to-interactive probe; over an
    emulated network `link` (CDP Network.emulateNetworkConditions) when given."""
    page = context.new_page()
    page.add_init_script(probes.STARTUP)
    page.add_init_script(probes.WASM_MEMORY)
    if link:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, **link})
    page.goto(url)
    return page


def one_run(
    browser: Browser, base: str, site: str, timeout: int = 120_000, from_disk: bool = True
) -> Figures:
    """One first and one repeat visit of `site`, and what is timed in between; `timeout`
    (ms) bounds each start, the service worker's caching and each chat's opening. With
    `from_disk`, the same two visits of its index.html opened from disk (file://) too."""
    figures: Figures = {}
    bare = browser.new_context()
    page = bare.new_page()
    page.add_init_script(probes.TTI_BARE)
    page.goto(f"{base}/bench/bare.html")
    figures["tti_bare_ms"] = wait_for_tti(page)
    bare.close()

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    url = f"{base}/{site}/index.html?contacts=off"
    page = visit(context, url)
    figures.update(wait_for_start(page, "first", timeout))
    figures["first_ready_ratio"] = figures["first_ready_ms"] / figures["tti_bare_ms"]
    figures["elements_after_load"] = page.evaluate(probes.ELEMENTS)
    # The service worker caches the build after start-up, and a worker makes the memory
    # snapshot; let them finish before timing more, and let the page finish what the start
    # left for later (the first save: seconds on a long history) before measuring memory.
    figures["snapshot_mb"] = wait_for_worker(page, timeout)
    figures["first_after_ready_block_ms"] = settle(page, timeout)
    figures["heap_after_load_mb"] = heap_used(page)
    figures["wasm_after_load_mb"] = wasm_memory(page)

    figures.update(timed(page, probes.SEND, SAMPLES, "send"))
    figures.update(timed(page, probes.SWITCH, [SWITCH_BETWEEN, SAMPLES], "switch"))

    heap = heap_used(page)
    elements_before = page.evaluate(probes.ELEMENTS)
    page.evaluate(probes.SWITCH_MANY, [SWITCH_BETWEEN, SWITCHES_FOR_MEMORY])
    figures["heap_growth_1000_switches_mb"] = heap_used(page) - heap
    figures["elements_growth_1000_switches"] = page.evaluate(probes.ELEMENTS) - elements_before

    # Chats far down the list, which the start did not need; then memory once many different
    # chats have been opened (held messages should be bounded by what is on screen).
    far = page.evaluate(probes.OPEN_FAR, [FAR_OPENS, timeout])
    figures.update(percentiles(far["samples"], "open_far"))
    figures["open_far_chats"] = far["chats"]
    many = page.evaluate(probes.OPEN_MANY, [CHATS_FOR_MEMORY, timeout])
    if many["missing"]:
        raise RuntimeError(f"{many['missing']} of {many['opened']} chats never showed messages")
    figures["opened_chats"] = many["opened"]
    figures["heap_after_opening_mb"] = heap_used(page)
    figures["wasm_after_opening_mb"] = wasm_memory(page)
    page.close()

    # A second visit in the same browser: the runtime and the app come from the worker's cache.
    page = visit(context, url)
    figures.update(wait_for_start(page, "repeat", timeout))
    if page.evaluate("document.documentElement.dataset.boot") != "snapshot":
        raise RuntimeError("the repeat visit did not boot from the memory snapshot")
    figures["repeat_ready_ratio"] = figures["repeat_ready_ms"] / figures["tti_bare_ms"]
    figures["repeat_after_ready_block_ms"] = settle(page, timeout)
    figures["repeat_wasm_after_load_mb"] = wasm_memory(page)
    # The same chats opened in a page that did not import the file: what the app holds
    # (WebAssembly memory only grows, so the first visit's figure keeps the import's peak).
    many = page.evaluate(probes.OPEN_MANY, [CHATS_FOR_MEMORY, timeout])
    if many["missing"]:
        raise RuntimeError(f"{many['missing']} of {many['opened']} chats never showed messages")
    figures["repeat_wasm_after_opening_mb"] = wasm_memory(page)
    context.close()

    # The same two visits over a real-world link rather than loopback.
    slow = browser.new_context(viewport={"width": 1280, "height": 720})
    slow.on("weberror", lambda error: errors.append(str(error.error)))
    page = visit(slow, url, LINK)
    figures.update(wait_for_start(page, "link_first", timeout))
    wait_for_worker(page, timeout)
    page.close()
    figures.update(wait_for_start(visit(slow, url, LINK), "link_repeat", timeout))
    slow.close()

    # The site opened from disk, as a person who unzipped it would: the runtime from the
    # packed scripts, and a repeat visit from the memory snapshot made from disk too.
    if from_disk:
        disk = browser.new_context(viewport={"width": 1280, "height": 720})
        disk.on("weberror", lambda error: errors.append(str(error.error)))
        on_disk = (ROOT / site / "index.html").as_uri() + "?contacts=off"
        page = visit(disk, on_disk)
        figures.update(wait_for_start(page, "disk_first", timeout))
        figures["disk_first_ready_ratio"] = figures["disk_first_ready_ms"] / figures["tti_bare_ms"]
        if not page.evaluate(probes.SNAPSHOT, timeout):
            raise RuntimeError("no memory snapshot was stored from disk")
        page.close()
        page = visit(disk, on_disk)
        figures.update(wait_for_start(page, "disk_repeat", timeout))
        if page.evaluate("document.documentElement.dataset.boot") != "snapshot":
            raise RuntimeError("the repeat visit from disk did not boot from the memory snapshot")
        figures["disk_repeat_ready_ratio"] = (
            figures["disk_repeat_ready_ms"] / figures["tti_bare_ms"]
        )
        disk.close()
    if errors:
        raise RuntimeError(f"the page raised: {errors}")
    return figures


def inspector_run(browser: Browser, base: str, site: str, log: Path) -> Figures:
    """Import the log file `log` in the inspector (from choosing the file to the panel showing
    it, and the longest main-thread block meanwhile), then travel to TRAVELS of its entries."""
    from chat.views.inspector_panel import ENTRY_HEIGHT

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    page.add_init_script(probes.IMPORT)
    page.goto(f"{base}/{site}/index.html?contacts=off&inspect")
    page.wait_for_selector("html[data-app-state=ready] .inspector", timeout=120_000)
    page.locator(".inspector__file").set_input_files(log)
    page.wait_for_function("() => window.__import.shown !== undefined", timeout=300_000)
    imported = page.evaluate(probes.IMPORTED)
    numbers = random.Random(TRAVELS).sample(range(1, LOG_DISPATCHES + 1), TRAVELS)
    figures = {
        "import_shown_ms": imported["shown"],
        "import_longest_block_ms": imported["longest"],
        "import_blocks_over_50_ms": imported["blocks"],
        **timed(page, probes.TRAVEL, [numbers, ENTRY_HEIGHT], "travel"),
    }
    context.close()
    if errors:
        raise RuntimeError(f"the page raised: {errors}")
    return figures


LABELS = {
    "first_paint_ms": "first visit: first useful paint (ms)",
    "first_input_ms": "first visit: input accepted (ms)",
    "first_ready_ms": "first visit: Python ready (ms)",
    "first_imported_ms": "first visit: data imported (ms)",
    "first_longest_block_ms": "first visit: longest main-thread block until imported (ms)",
    "first_blocks": "first visit: main-thread blocks over 50 ms until imported",
    "first_import_longest_block_ms": "first visit: longest block while the progress bar shows (ms)",
    "first_import_blocks": "first visit: blocks over 50 ms while the progress bar shows",
    "first_after_ready_block_ms": "first visit: longest block from imported until quiet (ms)",
    "repeat_paint_ms": "repeat visit: first useful paint (ms)",
    "repeat_input_ms": "repeat visit: input accepted (ms)",
    "repeat_ready_ms": "repeat visit: Python ready (ms)",
    "repeat_longest_block_ms": "repeat visit: longest main-thread block until imported (ms)",
    "repeat_after_ready_block_ms": "repeat visit: longest block from imported until quiet (ms)",
    "tti_bare_ms": "bare PyScript page: Python ready (ms)",
    "snapshot_mb": "memory snapshot, stored raw (MB)",
    "first_ready_ratio": "ready / bare, first visit",
    "repeat_ready_ratio": "ready / bare, repeat visit",
    "link_first_paint_ms": "20 Mbit/s link, first visit: paint (ms)",
    "link_first_ready_ms": "20 Mbit/s link, first visit: ready (ms)",
    "link_repeat_paint_ms": "20 Mbit/s link, repeat visit: paint (ms)",
    "link_repeat_ready_ms": "20 Mbit/s link, repeat visit: ready (ms)",
    "disk_first_paint_ms": "from disk (file://), first visit: paint (ms)",
    "disk_first_ready_ms": "from disk (file://), first visit: ready (ms)",
    "disk_repeat_paint_ms": "from disk (file://), repeat visit: paint (ms)",
    "disk_repeat_ready_ms": "from disk (file://), repeat visit: ready (ms)",
    "disk_first_ready_ratio": "ready / bare, first visit from disk",
    "disk_repeat_ready_ratio": "ready / bare, repeat visit from disk",
    "send_dom_p50_ms": "send: Enter to DOM, p50 (ms)",
    "send_dom_p95_ms": "send: Enter to DOM, p95 (ms)",
    "send_frame_p50_ms": "send: Enter to next frame, p50 (ms)",
    "send_frame_p95_ms": "send: Enter to next frame, p95 (ms)",
    "switch_dom_p50_ms": "switch: click to DOM, p50 (ms)",
    "switch_dom_p95_ms": "switch: click to DOM, p95 (ms)",
    "switch_frame_p50_ms": "switch: click to next frame, p50 (ms)",
    "switch_frame_p95_ms": "switch: click to next frame, p95 (ms)",
    "open_far_dom_p50_ms": "open a chat far down: click to DOM, p50 (ms)",
    "open_far_dom_p95_ms": "open a chat far down: click to DOM, p95 (ms)",
    "open_far_frame_p50_ms": "open a chat far down: click to next frame, p50 (ms)",
    "open_far_frame_p95_ms": "open a chat far down: click to next frame, p95 (ms)",
    "open_far_chats": "open a chat far down: different chats opened",
    "heap_after_load_mb": "JS heap after load (MB)",
    "wasm_after_load_mb": "WebAssembly memory after load (MB)",
    "repeat_wasm_after_load_mb": "WebAssembly memory after load, repeat visit (MB)",
    "elements_after_load": "DOM elements after load",
    "heap_growth_1000_switches_mb": "JS heap growth, 1,000 switches (MB)",
    "elements_growth_1000_switches": "DOM element growth, 1,000 switches",
    "opened_chats": "chats opened one after another (at most 1,000)",
    "heap_after_opening_mb": "JS heap after opening them (MB)",
    "wasm_after_opening_mb": "WebAssembly memory after opening them (MB)",
    "repeat_wasm_after_opening_mb": "WebAssembly memory after opening them, repeat visit (MB)",
    "import_shown_ms": "inspector: 50,000-dispatch log, file to shown (ms)",
    "import_longest_block_ms": "inspector: import's longest main-thread block (ms)",
    "import_blocks_over_50_ms": "inspector: import's blocks over 50 ms",
    "travel_dom_p50_ms": "inspector: travel, click to DOM, p50 (ms)",
    "travel_dom_p95_ms": "inspector: travel, click to DOM, p95 (ms)",
    "travel_frame_p50_ms": "inspector: travel, click to next frame, p50 (ms)",
    "travel_frame_p95_ms": "inspector: travel, click to next frame, p95 (ms)",
}


def summarise(runs: list[Figures]) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "median": statistics.median(run[name] for run in runs),
            "worst": max(run[name] for run in runs),
            "runs": [run[name] for run in runs],
        }
        for name in LABELS
        if all(name in run for run in runs)  # the inspector's figures: the seed site only
    }


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    def cell(value: float) -> str:
        return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"

    width = max(len(label) for label in LABELS.values())
    lines = [
        f"| {'figure':<{width}} | "
        + " | ".join(f"{name} median | {name} worst" for name in results)
        + " |",
        "|" + "---|" * (1 + 2 * len(results)),
    ]
    for key, label in LABELS.items():
        cells = " | ".join(
            f"{cell(results[name][key]['median'])} | {cell(results[name][key]['worst'])}"
            if key in results[name]
            else "- | -"
            for name in results
        )
        lines.append(f"| {label:<{width}} | {cells} |")
    return "\n".join(lines)


def log_file() -> Path:
    """The 50,000-dispatch inspector log (made once, then reused: it takes a few seconds)."""
    path = DATA_DIR / f"inspector-log-{LOG_DISPATCHES}.json"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(inspector_log(), encoding="utf-8")
        tmp.replace(path)
    return path


def elapsed(since: float) -> str:
    minutes, seconds = divmod(round(time.monotonic() - since), 60)
    return f"{minutes}:{seconds:02d} elapsed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--dataset", choices=[*NAMES, "all"], default="all")
    parser.add_argument("--runs", type=int, default=5, help="runs per dataset (default 5)")
    parser.add_argument(
        "--json",
        nargs="?",
        type=Path,
        const=STDOUT,
        metavar="PATH",
        help="write the figures as JSON to PATH too; with no PATH, print the JSON instead of "
        "the table (the figures always go to bench/results/<time>.json)",
    )
    args = parser.parse_args(argv)
    names = ALL if args.dataset == "all" else [args.dataset]
    results: dict[str, dict[str, dict[str, Any]]] = {}
    seconds: dict[str, float] = {}

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    with serving() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(args=BROWSER_ARGS, executable_path=browser_path())
        for name in names:
            started = time.monotonic()
            progress(f"{name}: building its site")
            site = site_for(name)
            runs = []
            for run in range(args.runs):
                progress(f"{name}: run {run + 1} of {args.runs} ({elapsed(started)})")
                figures = one_run(browser, base, site, timeout_for(name), name in FROM_DISK)
                if name == "seed":
                    progress(f"{name}: the inspector, run {run + 1} of {args.runs}")
                    figures.update(inspector_run(browser, base, site, log_file()))
                runs.append(figures)
            results[name] = summarise(runs)
            seconds[name] = round(time.monotonic() - started)
            progress(f"{name}: done ({elapsed(started)})")
        version = browser.version
        browser.close()
    report = {
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "browser": version},
        "runs": args.runs,
        "seconds": seconds,
        "results": results,
    }
    text = json.dumps(report, indent=2)
    print(text if args.json == STDOUT else table(results))
    paths = [RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}.json"]
    if args.json not in (None, STDOUT):
        paths.append(args.json)
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        progress(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
