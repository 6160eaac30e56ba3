"""The entry point the page runs: restore or load the data, build dispatcher, stores and views,
start the contacts and the tab sync, and listen."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import js
from pyodide.ffi import create_proxy

from chat import contacts
from chat.actions import now_ms
from chat.app import UNREAD
from chat.browser import offline, startup, storage
from chat.browser.channel import Channel
from chat.browser.dom import JsDomApi
from chat.browser.events import Delegation
from chat.browser.notices import Notices
from chat.browser.page import (
    DEFAULT_DATA,
    has_query_param,
    load_chat_data,
    query_param,
    set_state,
    show_error,
)
from chat.browser.phone import PhoneView
from chat.browser.scrolling import Scrolling
from chat.browser.timers import schedule
from chat.compose import Flux, Options, compose
from chat.data import DataError
from chat.model import ChatData
from chat.persistence import SavedStateError, restore
from chat.ports import Ports, Screen
from chat.replay import replay
from chat.views import page_title
from chat.views.dates import fixed_offset

if TYPE_CHECKING:
    from chat.browser.inspector_ui import InspectorPanel

REFRESH_MS = 30_000
"""How often relative times ("5 minutes ago") are brought up to date."""

RESET_MESSAGE = '{"kind": "reset"}'
"""What a tab tells the others when the person resets the demo (not a payload: no store sees
it)."""

RESET_QUESTION = (
    "Reset the demo? Every message sent and every chat read in this browser is forgotten, "
    "and the chats start again from the data file."
)


async def load(slot: storage.Slot, source: str, notices: Notices) -> tuple[ChatData, int | None]:
    """The saved state and its open chat, or else the data file at `source`. Unreadable saved
    text is kept under a backup key. Raises DataError when the data file cannot be used."""
    text = slot.read()
    if text is not None:
        try:
            state = restore(text)
        except SavedStateError as error:
            backup = storage.backup_key(slot.key)
            storage.write(backup, text)
            notices.show(
                f"Your saved chats could not be read: {error}. They are kept in this browser's "
                f'storage under "{backup}", and the app started again from {source}.'
            )
        else:
            return state.data, state.open_chat_user_id
    return await load_chat_data(source), None


def browser_ports(slot: storage.Slot, channel: Channel, notices: Notices) -> Ports:
    """The core's ports in this page: the real clock, timers, localStorage, the tabs' channel,
    the DOM and the notices."""
    document = js.document
    return Ports(
        clock=now_ms,
        schedule=schedule,
        storage=slot,
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
        data, open_chat = await load(slot, source, notices)
    except DataError as error:
        show_error(
            "The chat data could not be loaded",
            f"{source}: {error}",
            "Fix the file, or open the page without ?data= to use the tutorial's chats.",
        )
        return
    channel = Channel(f"flux-chat:{slot.key}")
    ports = browser_ports(slot, channel, notices)
    root = ports.screen.root
    flux = compose(data, open_chat, ports, options(tab_id=os.urandom(4).hex()))
    app, actions, travel = flux.app, flux.actions, flux.time_travel
    messages, unread = flux.stores.messages, flux.stores.unread
    scrolling = Scrolling(app, root, messages, flux.stores.users)
    app.on_render(scrolling.rendered)

    def retitle(views: frozenset[str]) -> None:
        if UNREAD in views:
            document.title = page_title(unread.get_unread_count())

    app.on_render(retitle)

    def save_screen() -> None:
        # What the person sees, for the next visit's first frame; not a past the inspector shows.
        if build is not None and not flux.autosave.stopped and not travel.in_past:
            startup.save_screen(slot.key, build)

    flux.autosave.on_saved(save_screen)
    # What was typed while Python started is saved now: the page may forget its queue.
    flux.autosave.on_saved(takeover.done)
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
    listen_to_header(flux, slot, channel, Inspecting(flux, ports.screen))
    # What the person did while Python started, as if they had done it now. The page forgets
    # its queue only once a save holds the result: the autosave's, or the one when the page is
    # left. Not at once here: saving a long history takes a while, and start-up is waiting.
    replay(
        takeover.take(),
        switch_chat,
        send_message,
        has_chat=lambda user_id: user_id in messages.get_all_chats(),
    )
    if not flux.autosave.pending:
        takeover.done()

    def leaving(event: Any) -> None:
        flux.autosave.flush()
        save_screen()

    # Leaving, reloading or hiding the page: save what is still waiting, and the screen.
    save_now = create_proxy(leaving)
    js.window.addEventListener("pagehide", save_now)
    document.addEventListener("visibilitychange", save_now)
    js.setInterval(create_proxy(app.refresh), REFRESH_MS)
    set_state("ready")


def options(tab_id: str) -> Options:
    """The query parameters' options: `?contacts=off|fast` and `?seed=N`."""
    pace = {"off": None, "fast": contacts.FAST}.get(query_param("contacts") or "", contacts.NORMAL)
    seed = query_param("seed")
    return Options(tab_id, pace, int(seed) if seed and seed.isdigit() else 2015)


def from_other_tab(message: object, flux: Flux) -> None:
    """Another tab reset the demo: save nothing more, and start again as it did."""
    if message == RESET_MESSAGE:
        flux.autosave.stop()
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


def listen_to_header(flux: Flux, slot: storage.Slot, channel: Channel, panel: Inspecting) -> None:
    """The header's buttons and keys: the inspector (its button, Ctrl+I, `?inspect`) and Reset."""
    document = js.document

    def inspector_key(event: Any) -> None:
        if (event.ctrlKey or event.metaKey) and str(event.key).lower() == "i":
            event.preventDefault()
            panel.toggle()

    def reset(event: Any) -> None:
        if js.window.confirm(RESET_QUESTION):
            flux.autosave.stop()
            slot.remove()
            storage.remove(startup.screen_key(slot.key))
            channel.post(RESET_MESSAGE)
            js.location.reload()

    document.querySelector(".header__inspect").addEventListener(
        "click", create_proxy(lambda event: panel.toggle())
    )
    document.addEventListener("keydown", create_proxy(inspector_key))
    if has_query_param("inspect"):
        panel.toggle()
    document.querySelector(".header__reset").addEventListener("click", create_proxy(reset))


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
