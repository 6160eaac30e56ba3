"""Which Chromium the benchmark and the end-to-end tests drive, and how it is started."""

from __future__ import annotations

import os
import shutil

BROWSER_ENV = "FLUX_CHAT_BROWSER"
"""Path of a Chromium-family browser to use; Debian's `chromium` on the PATH by default, else
Playwright's own browser where one is installed."""

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # No traffic to Google's services: these machines have no network beyond loopback.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_path() -> str | None:
    return os.environ.get(BROWSER_ENV) or shutil.which("chromium")
