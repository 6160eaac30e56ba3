"""The page's content security policy allows its inline scripts by hash: keep the hashes true.

`python -m tools.csp` rewrites the `'sha256-...'` sources of `script-src` in index.html's
`<meta http-equiv="Content-Security-Policy">` from the page's current inline scripts (run it
after editing one); every other part of the policy is left as written. `python -m tools.csp
--check` changes nothing and exits non-zero naming each inline script the policy does not allow
and each hash no script has (`make test` runs it, and so does tests/unit/test_csp.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "index.html"

_META = re.compile(
    r'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.IGNORECASE
)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_HASH = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")
# Script types the browser runs as JavaScript (or reads as an import map): those CSP checks.
# `type="py"` is text PyScript hands to Python, not a script the browser runs.
_RUN_BY_BROWSER = {"", "module", "importmap", "text/javascript", "application/javascript"}


class PolicyError(ValueError):
    """A page whose policy cannot be read or updated; the message says what is missing."""


@dataclass(frozen=True, slots=True)
class InlineScript:
    line: int
    """The line of index.html its `<script>` tag starts on."""
    body: str

    @property
    def source(self) -> str:
        """The CSP source that allows exactly this script: `'sha256-<base64>'`."""
        digest = hashlib.sha256(self.body.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"

    @property
    def summary(self) -> str:
        """Its first line of code, to name it in a message."""
        lines = [line.strip() for line in self.body.splitlines() if line.strip()]
        return lines[0][:60] if lines else "(empty)"


def inline_scripts(html: str) -> list[InlineScript]:
    """The page's inline scripts that the browser runs, in order (no `src`, a JavaScript type)."""
    scripts = []
    for match in _SCRIPT.finditer(html):
        attrs, body = match.group(1), match.group(2)
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or (kind.group(1).lower() if kind else "") not in _RUN_BY_BROWSER:
            continue
        scripts.append(InlineScript(html.count("\n", 0, match.start()) + 1, body))
    return scripts


def policy(html: str) -> str:
    """The content of the page's CSP meta tag; PolicyError if it has none."""
    match = _META.search(html)
    if match is None:
        raise PolicyError(
            'the page has no <meta http-equiv="Content-Security-Policy" content="...">'
        )
    return match.group(2)


def allowed_hashes(html: str) -> list[str]:
    """The `'sha256-...'` sources the page's policy lists in `script-src`."""
    for directive in policy(html).split(";"):
        name, *sources = directive.split()
        if name.lower() == "script-src":
            return [source for source in sources if _HASH.fullmatch(source)]
    raise PolicyError("the page's policy has no script-src directive")


def problems(html: str) -> list[str]:
    """What is wrong with the policy's hashes: each inline script it does not allow, each hash
    no inline script has. Empty when they match exactly."""
    listed = allowed_hashes(html)
    scripts = inline_scripts(html)
    wanted = {script.source for script in scripts}
    found = [
        f"line {script.line}: the inline script starting {script.summary!r} has no hash "
        f"in script-src (its hash is {script.source})"
        for script in scripts
        if script.source not in listed
    ]
    found += [
        f"{source} in script-src is no inline script's hash"
        for source in listed
        if source not in wanted
    ]
    return found


def with_current_hashes(html: str) -> str:
    """`html` whose script-src lists exactly the hashes of its inline scripts, in page order."""
    hashes = list(dict.fromkeys(script.source for script in inline_scripts(html)))
    allowed_hashes(html)  # a script-src to put them in

    def rewrite(match: re.Match[str]) -> str:
        directives = []
        for directive in match.group(2).split(";"):
            words = directive.split()
            if words and words[0].lower() == "script-src":
                kept = [word for word in words if not _HASH.fullmatch(word)]
                directive = " ".join([*kept, *hashes])
            directives.append(directive.strip())
        return match.group(1) + "; ".join(d for d in directives if d) + match.group(3)

    return _META.sub(rewrite, html, count=1)


def main(argv: list[str]) -> int:
    html = PAGE.read_text(encoding="utf-8")
    if argv == ["--check"]:
        found = problems(html)
        for problem in found:
            print(f"index.html: {problem}; run `python -m tools.csp`", file=sys.stderr)
        return 1 if found else 0
    if argv:
        print("usage: python -m tools.csp [--check]", file=sys.stderr)
        return 2
    updated = with_current_hashes(html)
    if updated != html:
        PAGE.write_text(updated, encoding="utf-8")
        print(f"updated the script-src hashes in {PAGE.name}")
    else:
        print(f"the script-src hashes in {PAGE.name} are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
