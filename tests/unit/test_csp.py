"""tools/csp.py: the page's policy allows exactly its inline scripts, by hash."""

from __future__ import annotations

import pytest

from tools.csp import (
    PAGE,
    PolicyError,
    allowed_hashes,
    inline_scripts,
    policy,
    problems,
    with_current_hashes,
)

POLICY = "default-src 'self'; script-src 'self' {hashes}; img-src 'self' data:"
# MDN's example: the hash of <script>alert('Hello, world.');</script>.
HELLO = "alert('Hello, world.');"
HELLO_HASH = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def page(hashes: str, *scripts: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=hashes)}">'
    return f"<!doctype html>\n<head>\n{meta}\n</head>\n<body>\n{''.join(scripts)}\n</body>\n"


def test_index_html_allows_exactly_its_inline_scripts() -> None:
    html = PAGE.read_text(encoding="utf-8")
    assert problems(html) == [], "run `python -m tools.csp` after editing an inline script"
    assert len(inline_scripts(html)) >= 3


def test_the_policy_comes_before_anything_the_page_loads() -> None:
    html = PAGE.read_text(encoding="utf-8")
    head = html[html.index("<head>") : html.index("</head>")]
    first_meta = head.index("<meta ", head.index('<meta charset="utf-8">') + 1)
    assert head[first_meta:].startswith('<meta http-equiv="Content-Security-Policy"')
    assert "<link" not in head[:first_meta]
    # Before it, only the script that, on file:// alone, has the parser read it as text
    # (README, "Open it from disk"): it loads nothing.
    (before,) = inline_scripts(head[:first_meta])
    code = [line.strip() for line in before.body.splitlines() if line.strip()[:2] not in ("", "//")]
    assert code == ['if (location.protocol === "file:") document.write("<noscript>");']
    assert head[:first_meta].count("<script") == 1


def test_the_page_fetches_nothing_from_another_origin_and_allows_no_inline_styles() -> None:
    directives = {
        name: sources for name, *sources in (d.split() for d in policy(PAGE.read_text()).split(";"))
    }
    assert directives["default-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    every_source = [source for sources in directives.values() for source in sources]
    assert not any(source.startswith(("http", "blob:", "*")) for source in every_source)


def test_a_script_is_allowed_by_the_sha256_of_its_text() -> None:
    (script,) = inline_scripts(page("", f"<script>{HELLO}</script>"))
    assert script.source == HELLO_HASH
    assert problems(page(HELLO_HASH, f"<script>{HELLO}</script>")) == []


def test_an_edited_inline_script_is_named_with_its_line_and_new_hash() -> None:
    html = page(HELLO_HASH, "<script>\n  alert('Hello, world!');\n</script>")
    (missing, stale) = problems(html)
    assert missing.startswith("line 6: the inline script starting \"alert('Hello, world!');\"")
    assert "has no hash in script-src (its hash is 'sha256-" in missing
    assert stale == f"{HELLO_HASH} in script-src is no inline script's hash"


def test_scripts_with_a_src_and_python_scripts_need_no_hash() -> None:
    html = page(
        HELLO_HASH,
        '<script src="./a.js"></script>',
        '<script type="module" src="./b.mjs"></script>',
        '<script type="py" config="./pyscript.toml">print("hi")</script>',
        f'<script type="module">{HELLO}</script>',
    )
    assert [script.body for script in inline_scripts(html)] == [HELLO]
    assert problems(html) == []


def test_updating_writes_the_current_hashes_and_keeps_every_other_source() -> None:
    stale = page("'sha256-AAAA' 'unsafe-eval'", f"<script>{HELLO}</script>", "<script></script>")
    updated = with_current_hashes(stale)
    empty = inline_scripts(updated)[1].source
    assert policy(updated) == (
        f"default-src 'self'; script-src 'self' 'unsafe-eval' {HELLO_HASH} {empty}; "
        "img-src 'self' data:"
    )
    assert problems(updated) == []
    assert with_current_hashes(updated) == updated


def test_a_page_without_a_policy_or_script_src_is_refused_clearly() -> None:
    with pytest.raises(PolicyError, match="the page has no <meta http-equiv="):
        allowed_hashes("<head><meta charset='utf-8'></head>")
    no_script_src = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    with pytest.raises(PolicyError, match="the page's policy has no script-src directive"):
        with_current_hashes(no_script_src)
