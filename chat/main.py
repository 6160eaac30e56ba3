"""The entry point the page runs: restore or load the data, build dispatcher, stores and views,
start the contacts and the tab sync, and listen."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import js
from pyodide.ffi import create_proxy

from chat import contacts
from chat.actions import ChatActions, ServerActions, now_ms
from chat.app import UNREAD, ChatApp
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
from chat.data import DataError
from chat.dispatcher import AppDispatcher
from chat.inspector import Inspector
from chat.model import ChatData
from chat.persistence import Autosave, SavedStateError, restore
from chat.reading import ReadWhileOpen
from chat.replay import replay
from chat.stores import MessagesStore, UnreadStore, UserStore
from chat.sync import TabSync
from chat.views import page_title
from chat.views.dates import fixed_offset

if TYPE_CHECKING:
    from chat.browser.inspector_ui import InspectorPanel

REFRESH_MS = 30_000
"""How often relative times ("5 minutes ago") are brought up to date."""

RESET_QUESTION = (
    "Reset the demo? Every message sent and every chat read in this browser is forgotten, "
    "and the chats start again from the data file."
)


def restore_saved(key: str, source: str, notices: Notices) -> tuple[ChatData, int] | None:
    """The saved state, or None. Unreadable saved text is kept under a backup key."""
    text = storage.read(key)
    if text is None:
        return None
    try:
        state = restore(text)
    except SavedStateError as error:
        backup = storage.backup_key(key)
        storage.write(backup, text)
        notices.show(
            f"Your saved chats could not be read: {error}. They are kept in this browser's "
            f'storage under "{backup}", and the app started again from {source}.'
        )
        return None
    return state.data, state.open_chat_user_id


async def start(notices: Notices) -> None:
    document = js.document
    takeover = startup.Takeover()
    build = startup.build_id()
    data_param = query_param("data")
    source = data_param or DEFAULT_DATA
    key = storage.key_for(data_param)
    saved = restore_saved(key, source, notices)
    if saved is None:
        try:
            data, open_chat = await load_chat_data(source), None
        except DataError as error:
            show_error(
                "The chat data could not be loaded",
                f"{source}: {error}",
                "Fix the file, or open the page without ?data= to use the tutorial's chats.",
            )
            return
    else:
        data, open_chat = saved

    dispatcher = AppDispatcher()
    # Before the stores, so that it sees each dispatch start.
    inspector = Inspector(dispatcher, now_ms)
    user_store = UserStore(dispatcher, data.current_user)
    messages_store = MessagesStore(dispatcher, user_store, data.chats, open_chat)
    unread_store = UnreadStore(dispatcher, messages_store, user_store)
    inspector.watch(
        {"users": user_store, "messages": messages_store, "unread": unread_store},
        messages_store,
        user_store,
    )
    actions = ChatActions(dispatcher, tab_id=os.urandom(4).hex())
    server = ServerActions(dispatcher)
    root = document.getElementById("app")

    api = JsDomApi(document)
    tz = fixed_offset(-int(js.Date.new().getTimezoneOffset()))
    app = ChatApp(
        api,
        root,
        dispatcher,
        messages_store,
        user_store,
        clock=now_ms,
        tz=tz,
        list_height=float(js.window.innerHeight),
        unread_store=unread_store,
        header=document.querySelector(".header__status"),
    )
    scrolling = Scrolling(app, root, messages_store, user_store)
    app.on_render(scrolling.rendered)

    def retitle(views: frozenset[str]) -> None:
        if UNREAD in views:
            document.title = page_title(unread_store.get_unread_count())

    app.on_render(retitle)
    app.on_render(inspector.rendered)
    panel: InspectorPanel | None = None

    def toggle_inspector() -> None:
        # The panel's code is loaded the first time it opens: start-up does not need it.
        nonlocal panel
        if panel is None:
            from chat.browser.inspector_ui import InspectorPanel

            panel = InspectorPanel(inspector, app, api, tz)
        panel.toggle()

    def in_past() -> bool:
        return panel is not None and panel.in_past

    def save_screen() -> None:
        # What the person sees, for the next visit's first frame; not a past the inspector shows.
        if build is not None and not autosave.stopped and not in_past():
            startup.save_screen(key, build)

    def save(text: str) -> bool:
        written = storage.write(key, text)
        if written:
            save_screen()
            # What was typed while Python started is saved now: the page may forget its queue.
            takeover.done()
        return written

    autosave = Autosave(
        messages_store,
        user_store,
        write=save,
        schedule=schedule,
        refused=lambda: notices.show(
            "This browser refused to save the chats (its storage is full or turned off). "
            "The app keeps working, but changes will not survive a reload."
        ),
    )
    sync: TabSync | None = None

    def from_other_tab(message: object) -> None:
        if isinstance(message, dict) and message.get("kind") == "reset":
            autosave.stop()
            js.location.reload()
        elif sync is not None:
            sync.receive(message)

    channel = Channel(f"flux-chat:{key}", from_other_tab)
    sync = TabSync(dispatcher, messages_store, user_store, server, channel.post)
    ReadWhileOpen(dispatcher, messages_store, actions)
    pace = {"off": None, "fast": contacts.FAST}.get(query_param("contacts") or "", contacts.NORMAL)
    if pace is not None:
        seed = query_param("seed")
        contacts.ContactService(
            dispatcher,
            server,
            schedule,
            now_ms,
            pace,
            seed=int(seed) if seed and seed.isdigit() else 2015,
        )

    def reset(event: Any) -> None:
        if js.window.confirm(RESET_QUESTION):
            autosave.stop()
            storage.remove(key)
            storage.remove(startup.screen_key(key))
            channel.post({"kind": "reset"})
            js.location.reload()

    if takeover.painted:
        scrolling.adopt()
        app.start(adopt=True)
    else:
        root.replaceChildren()
        app.start()
    document.querySelector(".header__user").textContent = data.current_user.name
    phone = PhoneView(document.querySelector(".header__back"))

    def switch_chat(user_id: int) -> None:
        # While the inspector shows the past, the user list and the reply box send nothing.
        if not in_past():
            actions.open_chat(user_id)
            phone.show_chat()

    Delegation(
        root,
        open_chat=switch_chat,
        send_message=lambda text: (
            not in_past() and actions.send_message(messages_store.get_open_chat_user_id(), text)
        ),
        scrolled=scrolling.scrolled,
    )

    def inspector_key(event: Any) -> None:
        if (event.ctrlKey or event.metaKey) and str(event.key).lower() == "i":
            event.preventDefault()
            toggle_inspector()

    document.querySelector(".header__inspect").addEventListener(
        "click", create_proxy(lambda event: toggle_inspector())
    )
    document.addEventListener("keydown", create_proxy(inspector_key))
    if has_query_param("inspect"):
        toggle_inspector()
    document.querySelector(".header__reset").addEventListener("click", create_proxy(reset))
    # What the person did while Python started, as if they had done it now. The page forgets
    # its queue only once a save holds the result: the autosave's, or the one when the page is
    # left. Not at once here: saving a long history takes a while, and start-up is waiting.
    queued = takeover.take()
    replay(
        queued,
        switch_chat,
        lambda text: actions.send_message(messages_store.get_open_chat_user_id(), text),
        has_chat=lambda user_id: user_id in messages_store.get_all_chats(),
    )
    if not autosave.pending:
        takeover.done()

    def leaving(event: Any) -> None:
        autosave.flush()
        save_screen()

    # Leaving, reloading or hiding the page: save what is still waiting, and the screen.
    save_now = create_proxy(leaving)
    js.window.addEventListener("pagehide", save_now)
    document.addEventListener("visibilitychange", save_now)
    js.setInterval(create_proxy(app.refresh), REFRESH_MS)
    set_state("ready")


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
