"""The service worker (sw.js): offline after the first visit, and a notice when a new build
has taken over the page."""

from __future__ import annotations

import js
from pyodide.ffi import create_once_callable, create_proxy

from chat.browser.notices import Notices

WORKER = "./sw.js"
NEW_BUILD = "A new version of the chat is installed. Reload the page to use it."


def register(notices: Notices, data_url: str | None = None) -> None:
    """Register the worker once the app is up, so its downloads do not slow the start.
    `data_url`: a data file from ?data=, which the worker keeps for offline use too (the
    default one is part of the build).

    Browsers offer service workers only on https:// and on localhost; elsewhere the app
    simply works online only. A page opened from disk is offline already, and has none.
    """
    container = getattr(js.navigator, "serviceWorker", None)
    if not container or js.location.protocol == "file:":
        return
    was_controlled = bool(container.controller)
    if was_controlled:
        # A page an older worker served, taken over by a new one, still runs the old build.
        container.addEventListener(
            "controllerchange",
            create_proxy(lambda event: notices.show(NEW_BUILD, kind="info")),
        )
    options = js.Object.new()
    # Check sw.js and the build list it imports against the server, never the HTTP cache.
    options.updateViaCache = "none"
    container.register(WORKER, options).catch(
        create_once_callable(
            lambda error: js.console.warn(f"The app will not work offline: {error}")
        )
    )
    if data_url and not was_controlled:
        # Fetched before any worker served this page, so the worker has not seen it.
        message = js.Object.new()
        message.keep = js.URL.new(data_url, js.location.href).href
        container.ready.then(
            create_once_callable(lambda registration: registration.active.postMessage(message))
        )
