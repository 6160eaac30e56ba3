"""Virtual nodes and the keyed patcher that applies them to a page through a DomApi."""

from chat.render.dom_api import DomApi
from chat.render.html import to_html
from chat.render.patcher import hydrate, mount, patch
from chat.render.vnode import TEXT, VNode, h, text

__all__ = ["TEXT", "DomApi", "VNode", "h", "hydrate", "mount", "patch", "text", "to_html"]
