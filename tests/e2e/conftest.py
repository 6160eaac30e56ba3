"""End-to-end fixtures: a static server for the repository, the system Chromium, and a page
guard that fails a test on any Python error, page error, console error, content security policy
violation or foreign request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from bench.browser import BROWSER_ARGS, browser_path
from bench.serve import ROOT, serving


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The repository root served over HTTP on a free loopback port, as `make run` serves it."""
    with serving(ROOT) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = browser_path()
    args = {**browser_type_launch_args, "args": BROWSER_ARGS}
    if executable:
        args["executable_path"] = executable
    return args


# Every violation of the page's content security policy, reported to the guard as it happens
# (on every document the page loads: the listener is added before the page's own scripts run).
# Workers have no policy of their own here (a meta tag cannot give them one), so none can occur
# in them.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__fluxCspViolation(event.effectiveDirective, `${event.blockedURI || "?"}`
    + ` (${event.sourceFile || document.URL}:${event.lineNumber})`);
}, true);
"""


class PageGuard:
    """Collects what must never happen on the app's page; `check` fails the test if it did.
    Create it before the page opens the app, so it hears about every policy violation."""

    def __init__(self, page: Page, origin: str) -> None:
        self.origin = origin
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.requests: list[str] = []
        self._allowed: list[str] = []
        self.csp_violations: list[str] = []
        self._allowed_directives: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("request", self._on_request)
        page.expose_function("__fluxCspViolation", self._on_csp_violation)
        page.add_init_script(REPORT_CSP_VIOLATIONS)

    def allow_console_error(self, fragment: str) -> None:
        """Expect console errors and page errors containing `fragment` (a data file that is
        meant to 404, a runtime file a test keeps from loading)."""
        self._allowed.append(fragment)

    def allow_csp_violations(self, directive: str, console_fragment: str) -> None:
        """Expect the policy to refuse something under `directive` (hostile input, refused as
        it should be), and the console error about it containing `console_fragment`."""
        self._allowed_directives.append(directive)
        self.allow_console_error(console_fragment)

    def _on_page_error(self, error: Exception) -> None:
        if not any(fragment in str(error) for fragment in self._allowed):
            self.errors.append(f"page error: {error}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(f in message.text for f in self._allowed):
            self.errors.append(f"console error: {message.text}")

    def _on_csp_violation(self, directive: str, blocked: str) -> None:
        report = f"content security policy violation: {directive} refused {blocked}"
        self.csp_violations.append(report)
        if directive not in self._allowed_directives:
            self.errors.append(report)

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)
        scheme, netloc = urlsplit(request.url)[:2]
        if scheme not in ("data", "blob") and f"{scheme}://{netloc}" != self.origin:
            self.foreign_requests.append(request.url)

    def check(self, page: Page) -> None:
        py_errors = page.locator(".py-error").all_inner_texts() if not page.is_closed() else []
        assert py_errors == [], f"PyScript showed errors: {py_errors}"
        assert self.errors == [], "\n".join(self.errors)
        assert self.foreign_requests == [], "requests left the page's origin"


@pytest.fixture
def guard(page: Page, server_url: str) -> Iterator[PageGuard]:
    page_guard = PageGuard(page, server_url)
    yield page_guard
    page_guard.check(page)


@pytest.fixture
def app(page: Page, server_url: str, guard: PageGuard) -> Page:
    """The app with the tutorial's data, interactive, guarded against errors."""
    return open_app(page, server_url)


NOTICE = ".notices .notice:not(.notice--progress)"
"""A notice that says something, not the progress bar of an import that may still show."""


def open_app(
    page: Page, server_url: str, query: str = "", state: str = "ready", contacts: str = "off"
) -> Page:
    """Open the app and wait for `state`. Simulated contacts are off unless asked for, so
    their replies do not change what a test is looking at."""
    if contacts and "contacts=" not in query:
        query += ("&" if query else "?") + f"contacts={contacts}"
    page.goto(f"{server_url}/index.html{query}")
    page.wait_for_selector(f"html[data-app-state={state}]", timeout=30_000)
    return page


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Dates on screen depend on the time zone; pin it so expected labels are exact.
    return {
        **browser_context_args,
        "timezone_id": "UTC",
        "viewport": {"width": 1280, "height": 720},
    }


def seed_storage(page: Page, text: str, key: str = "flux-chat:v1") -> None:
    """Before the page's first visit, localStorage holds `text` under `key` (as an earlier
    build left it)."""
    page.add_init_script(
        f"""if (!sessionStorage.getItem("seeded")) {{
            sessionStorage.setItem("seeded", "1");
            localStorage.setItem({json.dumps(key)}, {json.dumps(text)});
        }}"""
    )


def earlier_save(data: dict[str, Any], open_chat: int = 2) -> str:
    """`data` (a data file's shape) as an earlier build saved it in localStorage."""
    return json.dumps({"version": 1, "openChat": open_chat, **data})


def send(page: Page, text: str) -> None:
    """Type `text` into the reply box and press Enter, as a person would."""
    page.locator(".reply-box__input").fill(text)
    page.locator(".reply-box__input").press("Enter")


def send_and_see(page: Page, text: str) -> None:
    """Send `text` and wait until it is the newest message on screen."""
    send(page, text)
    expect(page.locator(".message-box__item__contents").last).to_have_text(text)


def run_python(page: Page, code: str) -> Any:
    """Run `code` in the page's Python after the app's; return what it assigns to `result`
    (converted to JavaScript). A failure shows as `.py-error`, which the guard reports."""
    page.evaluate(
        """code => {
            delete window.__flux_result;
            const script = document.createElement("script");
            script.type = "py";
            script.textContent = code + "\\nimport js\\njs.window.__flux_result = to_js(result)";
            document.body.append(script);
        }""",
        "from pyodide.ffi import to_js\n" + code,
    )
    page.wait_for_function("'__flux_result' in window", timeout=30_000)
    return page.evaluate("window.__flux_result")
