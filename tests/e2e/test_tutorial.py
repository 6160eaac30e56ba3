"""The tutorial's finished app (its step five), driven in Chromium as a person would."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import send

ITEMS = ".user-list__list > li.user-list__item"
MESSAGES = ".message-box__list > li.message-box__item:not(.message-box__item--read)"
RECEIPT = "li.message-box__item.message-box__item--read"
INPUT = ".reply-box input.reply-box__input"


def list_order(page: Page) -> list[str]:
    ids: list[str] = page.locator(ITEMS).evaluate_all("items => items.map(i => i.dataset.userId)")
    return ids


def item(page: Page, user_id: int) -> Locator:
    return page.locator(f'{ITEMS}[data-user-id="{user_id}"]')


def test_the_initial_screen_shows_the_tutorials_chats_newest_first(app: Page) -> None:
    assert list_order(app) == ["2", "4", "3"]
    expect(app.locator(".header__user")).to_have_text("John Doe")
    names = app.locator(f"{ITEMS} .user-list__item__name").evaluate_all(
        "names => names.map(name => name.firstChild.textContent)"
    )
    assert names == ["Ryan Clark", "Todd Motto", "Jilles Soeters"]
    expect(app.locator(f"{ITEMS} .user-list__item__message")).to_have_text(
        ["Hey, what's up?", "Please follow me on twitter I'll pay you", "Want a game of ping pong?"]
    )


def test_the_first_chat_is_open_and_active(app: Page) -> None:
    expect(app.locator(f"{ITEMS}.user-list__item--active")).to_have_count(1)
    expect(item(app, 2)).to_have_class(re.compile(r"\buser-list__item--active\b"))
    expect(app.locator(f"{MESSAGES} .message-box__item__contents")).to_have_text(
        ["Hey!", "Hey, what's up?"]
    )
    expect(app.locator(MESSAGES).nth(1)).to_have_class(
        re.compile(r"\bmessage-box__item--from-current\b")
    )
    expect(app.locator(MESSAGES).nth(0)).not_to_have_class(re.compile("from-current"))


def test_icons_show_replied_unread_and_nothing_for_a_read_incoming_message(app: Page) -> None:
    ryan, todd, jilles = item(app, 2), item(app, 4), item(app, 3)
    expect(ryan.locator(".user-list__item__icon--replied")).to_have_attribute(
        "aria-label", "Replied"
    )
    expect(todd.locator(".user-list__item__icon--unread")).to_have_attribute("aria-label", "Unread")
    expect(jilles.locator(".user-list__item__icon")).to_have_count(0)
    expect(app.locator(f"{ITEMS}.user-list__item--new")).to_have_count(1)
    expect(todd).to_have_class(re.compile(r"\buser-list__item--new\b"))


def test_timestamps_read_naturally_and_give_the_full_date_on_hover(app: Page) -> None:
    stamp = item(app, 2).locator("abbr.user-list__item__timestamp")
    expect(stamp).to_have_text("20 Feb 2015")
    expect(stamp).to_have_attribute("title", "Friday, 20 February 2015 at 22:03")


def test_the_read_receipt_follows_the_current_users_last_message(app: Page) -> None:
    expect(app.locator(RECEIPT)).to_have_text("Read on 20 Feb 2015 at 22:03")
    last = app.locator(".message-box__list > li").last
    expect(last).to_have_class(re.compile(r"\bmessage-box__item--read\b"))


def test_avatars_are_local_images_that_load(app: Page) -> None:
    sources = app.locator(f"{ITEMS} .user-list__item__picture img").evaluate_all(
        "imgs => imgs.map(img => [img.complete && img.naturalWidth > 0, img.src])"
    )
    assert len(sources) == 3
    for loaded, src in sources:
        assert loaded, src
        assert src.startswith(app.url.split("/index.html")[0])


def test_opening_a_chat_shows_it_and_marks_it_read(app: Page) -> None:
    item(app, 4).click()
    todd = item(app, 4)
    expect(todd).to_have_class(re.compile(r"\buser-list__item--active\b"))
    expect(todd).not_to_have_class(re.compile(r"\buser-list__item--new\b"))
    expect(todd.locator(".user-list__item__icon")).to_have_count(0)
    expect(item(app, 2)).not_to_have_class(re.compile("active"))
    expect(app.locator(f"{MESSAGES} .message-box__item__contents")).to_have_text(
        ["Please follow me on twitter I'll pay you"]
    )
    expect(app.locator(RECEIPT)).to_have_count(0)
    assert list_order(app) == ["2", "4", "3"]


def test_sending_a_message_shows_it_clears_the_box_and_moves_the_chat_to_the_top(
    app: Page,
) -> None:
    item(app, 3).click()
    send(app, "Sure, after lunch?")
    expect(app.locator(MESSAGES)).to_have_count(2)
    newest = app.locator(MESSAGES).last
    expect(newest).to_have_text("Sure, after lunch?")
    expect(newest).to_have_class(re.compile(r"\bmessage-box__item--from-current\b"))
    expect(app.locator(INPUT)).to_have_value("")
    assert list_order(app) == ["3", "2", "4"]
    jilles = item(app, 3)
    expect(jilles.locator(".user-list__item__message")).to_have_text("Sure, after lunch?")
    expect(jilles.locator(".user-list__item__icon--replied")).to_have_count(1)
    expect(jilles.locator("abbr.user-list__item__timestamp")).to_have_text("Just now")


def test_sending_to_ryan_removes_the_read_receipt(app: Page) -> None:
    expect(app.locator(RECEIPT)).to_have_count(1)
    send(app, "Are you there?")
    expect(app.locator(MESSAGES).last).to_have_text("Are you there?")
    expect(app.locator(RECEIPT)).to_have_count(0)


def test_blank_messages_are_not_sent(app: Page) -> None:
    for text in ["", "   ", "\t"]:
        send(app, text)
    expect(app.locator(MESSAGES)).to_have_count(2)
    assert list_order(app) == ["2", "4", "3"]


def test_markup_is_shown_as_text_never_parsed(app: Page) -> None:
    markup = "<b>bold</b> <img src=x onerror=\"document.title='owned'\"> & &amp;"
    send(app, markup)
    newest = app.locator(f"{MESSAGES} .message-box__item__contents").last
    expect(newest).to_have_text(markup)
    expect(newest.locator("b, img")).to_have_count(0)
    expect(item(app, 2).locator(".user-list__item__message")).to_have_text(markup)
    assert "owned" not in app.title()


def test_emoji_and_long_messages_arrive_intact_and_wrap(app: Page) -> None:
    emoji = "Family: 👨‍👩‍👧‍👦, flags: 🇳🇱🇬🇧, skin: 👍🏽, astral: 𝄞"
    long_word = "Supercalifragilistic" * 30
    send(app, emoji)
    send(app, long_word)
    contents = app.locator(f"{MESSAGES} .message-box__item__contents")
    expect(contents.nth(-2)).to_have_text(emoji)
    expect(contents.last).to_have_text(long_word)
    overflow = app.locator(".message-box__list").evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0
    bubble = contents.last.bounding_box()
    box = app.locator(".message-box__list").bounding_box()
    assert bubble is not None and box is not None
    assert bubble["x"] + bubble["width"] <= box["x"] + box["width"]


def test_many_quick_sends_keep_every_message_in_order(app: Page) -> None:
    reply = app.locator(INPUT)
    texts = [f"quick {n}" for n in range(25)]
    for text in texts:
        reply.fill(text)
        reply.press("Enter")
    expect(app.locator(MESSAGES)).to_have_count(2 + len(texts))
    shown = app.locator(f"{MESSAGES} .message-box__item__contents").all_inner_texts()
    assert shown[2:] == texts


def test_the_tip_shows_only_while_the_reply_box_is_focused(app: Page) -> None:
    tip = app.locator(".reply-box .reply-box__tip")
    expect(tip).to_be_hidden()
    app.locator(INPUT).focus()
    expect(tip).to_be_visible()
    expect(tip).to_have_text("Press Enter to send")
    expect(app.locator(INPUT)).to_have_attribute("placeholder", "Type message to reply..")
    app.locator(".header").click()
    expect(tip).to_be_hidden()


def test_unchanged_list_items_keep_their_dom_nodes(app: Page) -> None:
    app.evaluate(
        """() => document.querySelectorAll('.user-list__item').forEach(
            item => { item.__mark = 'kept-' + item.dataset.userId; })"""
    )
    send(app, "Still the same nodes?")
    expect(app.locator(MESSAGES).last).to_have_text("Still the same nodes?")
    marks = app.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.user-list__item')].map(
            item => [item.dataset.userId, item.__mark || null]))"""
    )
    assert marks["4"] == "kept-4"
    assert marks["3"] == "kept-3"


def test_the_newest_message_stays_in_view_after_sending(app: Page) -> None:
    for n in range(30):
        send(app, f"filling the screen {n}")
    expect(app.locator(MESSAGES).last).to_be_in_viewport()
    at_bottom = app.locator(".message-box__list").evaluate(
        "el => el.scrollHeight - el.scrollTop - el.clientHeight < 2"
    )
    assert at_bottom
