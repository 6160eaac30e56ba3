"""The composition root: the whole Flux graph, built in one place from the data and the ports.

    compose(data, open chat, ports) ──> dispatcher, stores        (chat.stores.create_stores)
                                        inspector, time travel    (sees every dispatch first)
                                        actions, server actions
                                        views                     (chat.app.ChatApp)
                                        journal, loader, tab sync, read-while-open,
                                        contacts

`main` calls it with the browser's ports, the tests with fakes (tests/unit/ports.py); the
inspector's replay builds only the stores, through the same `create_stores`. Nothing here
touches the browser, and every object is made before any is used, so nothing is filled in
later.
"""

from __future__ import annotations

from dataclasses import dataclass

from chat.actions import ChatActions, ServerActions
from chat.app import ChatApp
from chat.contacts import NORMAL, ContactService, Pace
from chat.dispatcher import AppDispatcher
from chat.inspector import Inspector
from chat.journal import Journal
from chat.loading import Loader
from chat.model import ChatData
from chat.ports import Ports
from chat.reading import ReadWhileOpen
from chat.stores import Stores, create_stores
from chat.sync import TabSync
from chat.time_travel import TimeTravel

SAVE_REFUSED = (
    "This browser refused to save the chats (its storage is full or turned off). "
    "The app keeps working, but changes will not survive a reload."
)
"""What the person is told the first time the database refuses a write."""


@dataclass(frozen=True, slots=True)
class Options:
    """`tab_id` starts the ids of the messages this tab sends; `contacts` is how fast the
    simulated contacts answer (None: they do not), from the generator seeded with `seed`."""

    tab_id: str = "t"
    contacts: Pace | None = NORMAL
    seed: int = 2015


@dataclass(frozen=True, slots=True)
class Flux:
    """The app, wired: what `main` and the tests drive and read."""

    stores: Stores
    actions: ChatActions
    server: ServerActions
    inspector: Inspector
    time_travel: TimeTravel
    app: ChatApp
    journal: Journal
    loader: Loader
    sync: TabSync
    contacts: ContactService | None


def compose(
    data: ChatData,
    open_chat_user_id: int | None,
    ports: Ports,
    options: Options = Options(),
) -> Flux:
    """Build the app on `data`, with the chat `open_chat_user_id` open (None: the first).
    Nothing is rendered or dispatched yet: call `flux.app.start()`."""
    dispatcher = AppDispatcher()
    # Before the stores, so that it sees each dispatch start.
    inspector = Inspector(dispatcher, ports.clock)
    stores = create_stores(data, open_chat_user_id, dispatcher)
    inspector.watch(stores)
    actions = ChatActions(dispatcher, ports.clock, tab_id=options.tab_id)
    server = ServerActions(dispatcher)
    screen = ports.screen
    app = ChatApp(
        screen.api,
        screen.root,
        dispatcher,
        stores.messages,
        stores.users,
        clock=ports.clock,
        tz=screen.tz,
        list_height=screen.list_height,
        unread_store=stores.unread,
        header=screen.header,
    )
    app.on_render(inspector.rendered)
    journal = Journal(
        dispatcher,
        stores.messages,
        stores.users,
        ports.database,
        refused=lambda: ports.notify(SAVE_REFUSED),
    )
    loader = Loader(ports.database, server, stores.users, ports.notify)
    app.on_needs_older(loader.needs_older)
    # Observers hear each dispatch in this order: the inspector, the views, then the sources
    # of further actions.
    sync = TabSync(dispatcher, stores.messages, stores.users, ports.channel)
    ReadWhileOpen(dispatcher, stores.messages, actions)
    contacts = None
    if options.contacts is not None:
        contacts = ContactService(
            dispatcher, server, ports.schedule, ports.clock, options.contacts, seed=options.seed
        )
    return Flux(
        stores=stores,
        actions=actions,
        server=server,
        inspector=inspector,
        time_travel=TimeTravel(inspector, app),
        app=app,
        journal=journal,
        loader=loader,
        sync=sync,
        contacts=contacts,
    )
