"""The entry point the page runs: load the data, build dispatcher, stores and views, listen."""

from __future__ import annotations

import js
from pyodide.ffi import create_proxy

from chat.actions import ChatActions, now_ms
from chat.app import ChatApp
from chat.browser.dom import JsDomApi
from chat.browser.events import Delegation
from chat.browser.page import DEFAULT_DATA, load_chat_data, query_param, set_state, show_error
from chat.browser.scrolling import Scrolling
from chat.data import DataError
from chat.dispatcher import AppDispatcher
from chat.stores import MessagesStore, UserStore
from chat.views.dates import fixed_offset

REFRESH_MS = 30_000
"""How often relative times ("5 minutes ago") are brought up to date."""


async def start() -> None:
    source = query_param("data") or DEFAULT_DATA
    try:
        data = await load_chat_data(source)
    except DataError as error:
        show_error(
            "The chat data could not be loaded",
            f"{source}: {error}",
            "Fix the file, or open the page without ?data= to use the tutorial's chats.",
        )
        return

    dispatcher = AppDispatcher()
    user_store = UserStore(dispatcher, data.current_user)
    messages_store = MessagesStore(dispatcher, user_store, data.chats)
    actions = ChatActions(dispatcher)
    document = js.document
    root = document.getElementById("app")
    app = ChatApp(
        JsDomApi(document),
        root,
        dispatcher,
        messages_store,
        user_store,
        clock=now_ms,
        tz=fixed_offset(-int(js.Date.new().getTimezoneOffset())),
        list_height=float(js.window.innerHeight),
    )
    scrolling = Scrolling(app, root, messages_store, user_store)
    app.on_render(scrolling.rendered)
    root.replaceChildren()
    app.start()
    document.querySelector(".header__user").textContent = data.current_user.name
    Delegation(
        root,
        open_chat=actions.open_chat,
        send_message=lambda text: actions.send_message(
            messages_store.get_open_chat_user_id(), text
        ),
        scrolled=scrolling.scrolled,
    )
    js.setInterval(create_proxy(app.refresh), REFRESH_MS)
    set_state("ready")


async def main() -> None:
    """Start the app, or show what went wrong; index.html awaits this."""
    try:
        await start()
    except Exception as error:
        show_error(
            "The chat could not start",
            f"{type(error).__name__}: {error}",
            "This is a bug in the app; the browser console has the details.",
        )
        raise
