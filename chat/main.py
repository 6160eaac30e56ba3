"""The entry point the page runs: restore or load the data, build dispatcher, stores and views,
start the contacts and the tab sync, and listen."""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import js
from pyodide.ffi import create_proxy

from chat import contacts
from chat.actions import now_ms
from chat.app import UNREAD
from chat.browser import offline, recovery, startup, storage
from chat.browser.channel import Channel
from chat.browser.database import DatabaseUnavailable, IndexedDatabase, open_database
from chat.browser.dom import JsDomApi
from chat.browser.events import Delegation
from chat.browser.notices import Notices
from chat.browser.page import (
    DEFAULT_DATA,
    fetch_response,
    has_query_param,
    load_chat_data,
    query_param,
    read_text,
    set_state,
    show_error,
    size_of,
)
from chat.browser.phone import PhoneView
from chat.browser.progress import ImportBar
from chat.browser.scrolling import Scrolling
from chat.browser.timers import schedule
from chat.browser.worker_import import IN_WORKER_BYTES, WorkerImport, start_worker
from chat.compose import SAVE_REFUSED, Flux, Options, compose
from chat.data import DataError
from chat.data_stream import DataStream
from chat.importer import Importer, StreamImport, WriteRefused
from chat.memory_database import MemoryDatabase
from chat.model import ChatData
from chat.persistence import NewerVersionError, SavedStateError, restore
from chat.ports import Database, Ports, Screen
from chat.replay import replay
from chat.stored import (
    FIRST_CHATS,
    PAGE,
    StoredError,
    is_marker,
    marker,
    stored_from_json,
    with_newer,
)
from chat.views import page_title
from chat.views.dates import fixed_offset

if TYPE_CHECKING:
    from chat.browser.inspector_ui import InspectorPanel

REFRESH_MS = 30_000
"""How often relative times ("5 minutes ago") are brought up to date."""

_TASKS: set[asyncio.Future[None]] = set()
"""Tasks running on their own, kept until they end (the event loop holds them weakly)."""

RESET_MESSAGE = '{"kind": "reset"}'
"""What a tab tells the others when the person resets the demo (not a payload: no store sees
it)."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the app starts from; `saving` is False when saving would overwrite saved text
    that is neither readable here nor kept elsewhere."""

    data: ChatData
    open_chat: int | None
    saving: bool = True


@dataclass(frozen=True, slots=True)
class Opened:
    """The chats to start from and where they live; `importer` (which stands in front of the
    database) or `stream` when they are still being moved into it."""

    loaded: Loaded
    database: Database
    importer: Importer | None = None
    stream: StreamImport | WorkerImport | None = None
    more_chats: int | None = None
    """Where to read on from when only the newest chats were read (Stored.more)."""


DATABASE_REFUSED = (
    "This browser refused to keep the chats in its database ({error}). The app works, but "
    "what you send now will not survive a reload."
)


async def open_chats(slot: storage.Slot, source: str, notices: Notices) -> Opened:
    """The chats in this browser's database; or, while they are not all there yet, the save of
    an earlier build or the data file at `source`, with an import into the database. Raises
    DataError when the data file is needed and cannot be used."""
    saved = slot.read()
    earlier = saved if saved is not None and not is_marker(saved) else None
    try:
        database = await open_database(database_name(slot))
    except DatabaseUnavailable as error:
        notices.show(DATABASE_REFUSED.format(error=error))
        return await in_memory(earlier, source, notices)
    try:
        await write_unwritten(slot, database)
        stored = stored_from_json(await database.start(PAGE, FIRST_CHATS))
    except DatabaseUnavailable as error:
        notices.show(DATABASE_REFUSED.format(error=error))
        database.close()
        return await in_memory(earlier, source, notices)
    except StoredError as error:
        notices.show(
            f"The chats saved in this browser cannot be read by this version of the app: "
            f"{error}. They are left as they are; the app shows the chats of {source} and "
            "saves nothing."
        )
        database.close()
        return await in_memory(None, source, notices, saving=False)
    if stored is not None and stored.complete:
        if stored.skipped:
            notices.show(
                f"{stored.skipped} saved chat(s) or message(s) could not be read and are not "
                "shown; they stay in this browser's database as they are."
            )
        loaded = Loaded(stored.data, stored.open_chat_user_id)
        return Opened(loaded, database, more_chats=stored.more)
    # Not all in the database yet (a first visit, an earlier build's save, or an import that
    # a reload cut short): start from the source and move it there meanwhile.
    if earlier is None:
        try:
            return await streamed(database, source, notices)
        except WriteRefused:
            notices.show(DATABASE_REFUSED.format(error="it refused to write"))
            database.close()
            return await in_memory(None, source, notices)
    loaded = await load(earlier, source, notices)
    if not loaded.saving:
        database.close()
        return await in_memory(None, source, notices, loaded)
    if stored is not None:  # an import a reload cut short: the database may hold newer
        loaded = Loaded(with_newer(loaded.data, stored), loaded.open_chat)
    open_id = loaded.open_chat or next(iter(loaded.data.chats))
    bar = ImportBar(js.document.querySelector(".notices"), "Moving your chats")
    importer = Importer(database, loaded.data, open_id, source, bar.show)
    return Opened(loaded, database, importer)


async def streamed(database: IndexedDatabase, source: str, notices: Notices) -> Opened:
    """The data file read and written into the database a step at a time, in a worker when it
    is large; returns once its first chat, the open one, is in. Raises DataError when the file
    is refused before that."""
    response = await fetch_response(source)
    size = size_of(response)
    if size is not None and size >= IN_WORKER_BYTES:
        response.body.cancel()
        elsewhere = await in_worker(database, response.url, source, notices)
        if elsewhere is not None:
            return elsewhere
        response = await fetch_response(source)  # the worker could not start
    data = await read_text(response)
    bar = ImportBar(js.document.querySelector(".notices"), "Reading your chats")
    stream = StreamImport(database, DataStream(data), source, bar.show, schedule)
    del data  # the stream holds it until it has read it
    first: asyncio.Future[tuple[ChatData, int]] = asyncio.get_event_loop().create_future()

    def opened(chats: ChatData, open_id: int) -> None:
        if not first.done():
            first.set_result((chats, open_id))

    def failed(error: Exception) -> None:
        if not first.done():
            first.set_exception(error)
        elif isinstance(error, DataError):
            notices.show(
                f"The rest of {source} could not be read: {error}. The chats read so far are "
                "shown; the file is read again on the next visit."
            )
        else:
            notices.show(SAVE_REFUSED)

    stream.start(opened, failed)
    chats, open_id = await first
    # What the database holds now (an import a reload cut short may have left messages sent
    # meanwhile) is newer than the file.
    try:
        stored = stored_from_json(await database.start(PAGE, FIRST_CHATS))
    except (DatabaseUnavailable, StoredError):
        stored = None
    if stored is not None:
        chats = with_newer(chats, stored)
    return Opened(Loaded(chats, open_id), database, stream=stream)


async def in_worker(
    database: IndexedDatabase, url: str, source: str, notices: Notices
) -> Opened | None:
    """The data file at `url` imported by a worker, and the app's start read from the database
    once its first chats are in; None when no worker could start it."""
    worker = start_worker(url, source, database.name)
    if worker is None:
        return None
    bar = ImportBar(js.document.querySelector(".notices"), "Reading your chats")
    running = WorkerImport(worker, source, bar.show, notices.show)
    if not await running.opened():
        return None
    try:
        stored = stored_from_json(await database.start(PAGE, FIRST_CHATS))
    except StoredError as error:
        raise DataError(str(error)) from None
    if stored is None:
        raise WriteRefused()
    running.started(stored.data.current_user.id)
    loaded = Loaded(stored.data, stored.open_chat_user_id)
    return Opened(loaded, database, stream=running, more_chats=stored.more)


async def in_memory(
    saved: str | None,
    source: str,
    notices: Notices,
    loaded: Loaded | None = None,
    *,
    saving: bool = True,
) -> Opened:
    """The chats in Python's memory only, for a browser without a usable database."""
    if loaded is None:
        loaded = await load(saved, source, notices)
    if not saving:
        loaded = Loaded(loaded.data, loaded.open_chat, saving=False)
    database = MemoryDatabase(schedule)
    open_id = loaded.open_chat or next(iter(loaded.data.chats))
    importer = Importer(database, loaded.data, open_id, source, lambda progress: None)
    return Opened(loaded, database, importer)


async def load(text: str | None, source: str, notices: Notices) -> Loaded:
    """An earlier build's saved state `text`, or else the data file at `source`. Raises
    DataError when the data file cannot be used.

    Saved text that cannot be read is never lost: it is replaced only once a backup of it has
    been written and read back. Without one, or when a newer version of the app saved it, the
    app starts from the data file and saves nothing."""
    if text is None:
        return Loaded(await load_chat_data(source), None)
    try:
        state = restore(text)
    except NewerVersionError as error:
        notices.show(
            f"Your saved chats were saved by a newer version of this app (saved state "
            f"version {error.version}). This version shows the chats of {source} and saves "
            "nothing, so they stay as they are for the newer version."
        )
        return Loaded(await load_chat_data(source), None, saving=False)
    except SavedStateError as error:
        backup = recovery.keep(text)
        if backup is None:
            notices.show(
                f"Your saved chats could not be read: {error}. This browser could not keep a "
                f"copy of them either, so the app shows the chats of {source} and saves "
                "nothing: what you send now is not kept after a reload.",
                action=("Download them", lambda: recovery.download(text, "flux-chat-saved.json")),
            )
            return Loaded(await load_chat_data(source), None, saving=False)
        notices.show(
            f"Your saved chats could not be read: {error}. They are kept in this browser's "
            f'storage under "{backup}", and the app started again from {source}.'
        )
        return Loaded(await load_chat_data(source), None)
    return Loaded(state.data, state.open_chat_user_id)


UNWRITTEN = ":unwritten"
"""Where a page that goes away keeps the writes the database had not confirmed yet."""


async def write_unwritten(slot: storage.Slot, database: IndexedDatabase) -> None:
    """Write what the last page could not confirm before it went (each write is idempotent),
    then forget it."""
    text = storage.read(slot.key + UNWRITTEN)
    if text is None:
        return
    try:
        writes = json.loads(text)
    except ValueError:
        writes = []
    texts = [w for w in writes if isinstance(w, str)] if isinstance(writes, list) else []
    done: asyncio.Future[bool] = asyncio.get_event_loop().create_future()

    def last_done(kept: bool) -> None:
        if not done.done():
            done.set_result(kept)

    for write in texts[:-1]:
        database.write(write, lambda kept: None)
    if texts:
        database.write(texts[-1], last_done)
        await done
    storage.remove(slot.key + UNWRITTEN)


def database_name(slot: storage.Slot) -> str:
    """The IndexedDB database holding the chats: the storage key's, or the one "Start again"
    made (the page's recovery script keeps the old one as it was)."""
    return storage.read(f"{slot.key}:database") or slot.key


async def imported(opened: Opened, slot: storage.Slot, notices: Notices) -> None:
    """Once the import is complete and reads back whole, localStorage keeps only a marker
    saying the chats are in the database (an earlier build's save is replaced by it then, not
    before)."""
    database = opened.database
    if not isinstance(database, IndexedDatabase):
        return
    try:
        stored = stored_from_json(await database.start(PAGE, 1))
    except (DatabaseUnavailable, StoredError):
        stored = None
    if stored is None or not stored.complete or stored.total < len(opened.loaded.data.chats):
        notices.show(
            "Your chats were saved in this browser's database, but reading them back failed; "
            "the earlier copy stays where it was."
        )
        return
    slot.write(marker(database.name))


def browser_ports(database: Database, channel: Channel, notices: Notices) -> Ports:
    """The core's ports in this page: the real clock, timers, the database, the tabs' channel,
    the DOM and the notices."""
    document = js.document
    return Ports(
        clock=now_ms,
        schedule=schedule,
        database=database,
        channel=channel,
        screen=Screen(
            JsDomApi(document),
            document.getElementById("app"),
            header=document.querySelector(".header__status"),
            tz=fixed_offset(-int(js.Date.new().getTimezoneOffset())),
            list_height=float(js.window.innerHeight),
        ),
        notify=notices.show,
    )


async def start(notices: Notices) -> None:
    document = js.document
    takeover = startup.Takeover()
    build = startup.build_id()
    data_param = query_param("data")
    source = data_param or DEFAULT_DATA
    slot = storage.Slot(storage.key_for(data_param))
    try:
        opened = await open_chats(slot, source, notices)
    except DataError as error:
        show_error(
            "The chat data could not be loaded",
            f"{source}: {error}",
            "Fix the file, or open the page without ?data= to use the tutorial's chats.",
        )
        return
    # Reading the chats and building the app on them are two tasks, not one long block (on a
    # first visit, the progress bar and the typing it shows stay live in between).
    await asyncio.sleep(0)
    loaded, importer = opened.loaded, opened.importer
    channel = Channel(f"flux-chat:{slot.key}")
    ports = browser_ports(importer or opened.database, channel, notices)
    root = ports.screen.root
    data = loaded.data
    flux = compose(data, loaded.open_chat, ports, options(tab_id=os.urandom(4).hex()))
    if not loaded.saving:
        flux.journal.stop()

    def reset(event: Any) -> None:
        # The page's recovery script resets the demo: nothing more is saved from this page.
        flux.journal.stop()
        if isinstance(opened.stream, WorkerImport):
            opened.stream.stop()

    document.addEventListener("flux-reset", create_proxy(reset))
    app, actions, travel = flux.app, flux.actions, flux.time_travel
    messages, unread = flux.stores.messages, flux.stores.unread
    scrolling = Scrolling(app, root, messages, flux.stores.users)
    app.before_render(scrolling.before)
    app.on_render(scrolling.rendered)

    def retitle(views: frozenset[str]) -> None:
        if UNREAD in views:
            document.title = page_title(unread.get_unread_count())

    app.on_render(retitle)

    def save_screen() -> None:
        # What the person sees, for the next visit's first frame; not a past the inspector shows.
        stream = opened.stream
        saved_where = (importer is None or importer.finished) and (
            stream is None or stream.finished
        )
        if build is not None and saved_where and not flux.journal.stopped and not travel.in_past:
            startup.save_screen(slot.key, build)

    flux.journal.on_saved(save_screen)
    # What was typed while Python started is saved now: the page may forget its queue.
    flux.journal.on_saved(takeover.done)
    channel.listen(lambda message: from_other_tab(message, flux))

    if takeover.painted:
        scrolling.adopt()
        app.start(adopt=True)
    else:
        root.replaceChildren()
        app.start()
    document.querySelector(".header__user").textContent = data.current_user.name
    phone = PhoneView(document.querySelector(".header__back"))

    # While the inspector shows the past, the user list and the reply box send nothing.
    def switch_chat(user_id: int) -> None:
        if not travel.in_past:
            actions.open_chat(user_id)
            phone.show_chat()

    def send_message(text: str) -> bool:
        return not travel.in_past and actions.send_message(messages.get_open_chat_user_id(), text)

    Delegation(root, open_chat=switch_chat, send_message=send_message, scrolled=scrolling.scrolled)
    listen_for_inspector(Inspecting(flux, ports.screen))
    # What the person did while Python started, as if they had done it now. The page forgets
    # its queue only once the database holds the result.
    replay(
        takeover.take(),
        switch_chat,
        send_message,
        has_chat=lambda user_id: user_id in messages.get_all_chats(),
    )
    if not flux.journal.pending:
        takeover.done()

    def finished() -> None:
        if loaded.saving and not flux.journal.stopped:
            task = asyncio.ensure_future(imported(opened, slot, notices))
            _TASKS.add(task)
            task.add_done_callback(_TASKS.discard)
            save_screen()

    if importer is not None:
        importer.start(finished)
    if opened.stream is not None:
        opened.stream.attach(flux.server)
        opened.stream.on_finished(finished)

    def leaving(event: Any) -> None:
        # Writes not confirmed yet may not outlive the page: keep them for the next start.
        unwritten = flux.journal.unconfirmed()
        if unwritten and not flux.journal.stopped:
            storage.write(slot.key + UNWRITTEN, json.dumps(unwritten))
        save_screen()

    # Leaving, reloading or hiding the page: save the screen.
    save_now = create_proxy(leaving)
    js.window.addEventListener("pagehide", save_now)
    document.addEventListener("visibilitychange", save_now)
    js.setInterval(create_proxy(app.refresh), REFRESH_MS)
    set_state("ready")
    if opened.more_chats is not None:  # the older chats, in the background
        flux.loader.more_chats(opened.more_chats)


def options(tab_id: str) -> Options:
    """The query parameters' options: `?contacts=off|fast` and `?seed=N`."""
    pace = {"off": None, "fast": contacts.FAST}.get(query_param("contacts") or "", contacts.NORMAL)
    seed = query_param("seed")
    return Options(tab_id, pace, int(seed) if seed and seed.isdigit() else 2015)


def from_other_tab(message: object, flux: Flux) -> None:
    """Another tab reset the demo: save nothing more, and start again as it did."""
    resetting_here = js.document.documentElement.hasAttribute("data-resetting")
    if message == RESET_MESSAGE and not resetting_here:
        flux.journal.stop()
        js.location.reload()


class Inspecting:
    """The inspector's panel, made the first time it opens: start-up does not load its code."""

    def __init__(self, flux: Flux, screen: Screen) -> None:
        self._flux = flux
        self._screen = screen
        self._panel: InspectorPanel | None = None

    def toggle(self) -> None:
        if self._panel is None:
            from chat.browser.inspector_ui import InspectorPanel

            flux, screen = self._flux, self._screen
            self._panel = InspectorPanel(flux.time_travel, flux.app, screen.api, screen.tz)
        self._panel.toggle()


def listen_for_inspector(panel: Inspecting) -> None:
    """The inspector's button, Ctrl+I and `?inspect` (Reset demo is the page's recovery
    script's, so that it works in every state)."""
    document = js.document

    def inspector_key(event: Any) -> None:
        if (event.ctrlKey or event.metaKey) and str(event.key).lower() == "i":
            event.preventDefault()
            panel.toggle()

    document.querySelector(".header__inspect").addEventListener(
        "click", create_proxy(lambda event: panel.toggle())
    )
    document.addEventListener("keydown", create_proxy(inspector_key))
    if has_query_param("inspect"):
        panel.toggle()


async def main() -> None:
    """Start the app, or show what went wrong; index.html awaits this."""
    notices = Notices(js.document.querySelector(".notices"))
    try:
        await start(notices)
        offline.register(notices, query_param("data"))
    except Exception as error:
        show_error(
            "The chat could not start",
            f"{type(error).__name__}: {error}",
            "This is a bug in the app; the browser console has the details.",
        )
        raise
