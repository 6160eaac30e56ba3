"""The page around the app: its state attribute, query parameters, the data file and errors."""

from __future__ import annotations

import asyncio
from typing import Any

import js
from pyodide.ffi import JsException, create_proxy

from chat.data import MAX_DATA_FILE_CHARS as MAX_CHARS
from chat.data import DataError, Decoding, json_text, parse_chat_data
from chat.model import ChatData

DEFAULT_DATA = "static/data/chats.json"


def set_state(state: str) -> None:
    """Set `<html data-app-state>`: "loading", "snapshot" (a saved screen, painted before
    Python started), "ready" or "error". Past the snapshot, the app is no longer busy."""
    js.document.documentElement.dataset.appState = state
    if state in ("ready", "error"):
        js.document.getElementById("app").removeAttribute("aria-busy")


def query_param(name: str) -> str | None:
    """The page's query parameter `name`; None when absent or empty."""
    # JavaScript null arrives as the falsy `jsnull`, not None.
    value = js.URLSearchParams.new(js.location.search).get(name)
    return str(value) if value else None


def has_query_param(name: str) -> bool:
    """Whether the page's URL names `name`, even with no value (`?inspect`)."""
    return bool(js.URLSearchParams.new(js.location.search).has(name))


async def load_chat_data(source: str) -> ChatData:
    """Fetch and validate the data file at `source` (relative to the page), or raise DataError."""
    return parse_chat_data(await fetch_data(source))


async def fetch_data(source: str) -> bytes:
    """The bytes of the data file at `source` (relative to the page), or DataError."""
    response = await fetch_response(source)
    # Bytes, not text: copying a buffer into Python is far cheaper than converting a long
    # JavaScript string, and json reads UTF-8 bytes itself.
    return bytes((await response.arrayBuffer()).to_bytes())


async def fetch_text(source: str) -> str:
    """The data file at `source` decoded as `fetch_data`'s bytes are by `json_text`, or the same
    DataError."""
    return await read_text(await fetch_response(source))


async def read_text(response: Any) -> str:
    """The body of the data file's `response` as text, read as it arrives, a network chunk a
    step: a file of tens of megabytes neither holds the page for long nor is in memory twice
    over, as bytes and as text. DataError as `json_text` would raise it."""
    if not response.body:
        return json_text(bytes((await response.arrayBuffer()).to_bytes()), "the file", MAX_CHARS)
    decoding = Decoding("the file", MAX_CHARS)
    reader = response.body.getReader()
    try:
        while not (chunk := await reader.read()).done:
            decoding.feed(chunk.value.to_bytes())
    except JsException as error:
        raise DataError(f"could not be read ({error})") from None
    except DataError:
        reader.cancel()
        raise
    return decoding.end()


def size_of(response: Any) -> int | None:
    """The length of `response`'s body as its headers give it, if they do."""
    length = response.headers.get("Content-Length")
    return int(length) if length and str(length).isdigit() else None


async def fetch_response(source: str) -> Any:
    """The response for the data file at `source`, or DataError. A file on another site is
    refused before any request: the page's policy would block it. Opened from disk, the page
    has the default data file packed (static/js/file-boot.js), and asks for any other."""
    try:
        address = js.URL.new(source, js.location.href)
    except JsException:
        raise DataError("is not a valid address") from None
    if address.origin != js.location.origin:
        site = address.origin if address.origin != "null" else address.protocol
        raise DataError(
            f"is on another site ({site}); this page's content security policy "
            "(connect-src 'self') lets it read data only from its own site"
        )
    if address.protocol == "file:" and not js.window.fluxFiles.has(address.href):
        return await chosen_file(source)
    try:
        # Plain options, so the request matches the page's <link rel=preload> of the same URL.
        response = await js.fetch(address.href)
    except JsException as error:
        raise DataError(f"could not be read ({error})") from None
    if not response.ok:
        raise DataError(f"could not be read (HTTP {response.status} {response.statusText})".strip())
    return response


async def chosen_file(source: str) -> Any:
    """A response with the file the person picks for `source`: a page opened from disk cannot
    read the files next to it, so it asks for it in place of the loading screen."""
    document = js.document
    app = document.getElementById("app")
    waiting = list(app.children)
    box = document.createElement("div")
    box.className = "app-choose"
    title = document.createElement("h2")
    title.className = "app-choose__title"
    title.textContent = f"Choose {source}"
    why = document.createElement("p")
    why.className = "app-choose__why"
    why.textContent = (
        "This page was opened from disk, and a page on disk cannot read the files next to it. "
        f"Choose {source}, or another data file of the same shape, to open it."
    )
    label = document.createElement("label")
    label.className = "app-choose__label"
    label.textContent = "Data file "
    picker = document.createElement("input")
    picker.type = "file"
    picker.accept = ".json,application/json"
    picker.className = "app-choose__input"
    label.append(picker)
    box.append(title, why, label)
    app.replaceChildren(box)
    chosen: asyncio.Future[Any] = asyncio.get_event_loop().create_future()

    def changed(event: Any) -> None:
        if picker.files.length and not chosen.done():
            chosen.set_result(picker.files.item(0))

    listener = create_proxy(changed)
    picker.addEventListener("change", listener)
    try:
        file = await chosen
    finally:
        picker.removeEventListener("change", listener)
        listener.destroy()
    app.replaceChildren(*waiting)
    return js.Response.new(file)


def show_error(title: str, message: str, hint: str) -> None:
    """Replace the app with a visible `.app-error` and a button to start again from the data
    file (the page's recovery script draws it, and handles the button whether or not Python
    still runs); every string goes in as text, never HTML."""
    js.window.fluxRecovery.showError(title, message, hint)
