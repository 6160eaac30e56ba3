"""The benchmark's own parts that run under CPython: its datasets and its statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import datasets
from bench.__main__ import LABELS, percentile, summarise, table
from bench.datasets import ALL, DATASETS, NAMES, generate, inspector_log
from chat.data import parse_chat_data


@pytest.mark.parametrize("name", ["seed", "medium", "large"])
def test_every_dataset_is_valid_chat_data(name: str) -> None:
    data = parse_chat_data(json.dumps(generate(name)))
    assert data.current_user.id == 1
    if name != "seed":
        chats, per_chat, newest = DATASETS[name]
        assert len(data.chats) == chats
        first, *rest = data.chats.values()
        assert len(first.messages) == newest
        assert all(len(chat.messages) == per_chat for chat in rest)


def test_the_large_dataset_opens_its_longest_chat_which_has_the_newest_message() -> None:
    data = parse_chat_data(json.dumps(generate("large")))
    first = next(iter(data.chats.values()))
    assert len(first.messages) == 10_000
    newest = max(data.chats.values(), key=lambda chat: chat.last_message.timestamp)
    assert newest is first


def test_datasets_are_the_same_every_time() -> None:
    assert generate("medium") == generate("medium")


def test_the_history_datasets_have_the_sizes_of_issue_13() -> None:
    def messages(name: str) -> int:
        chats, per_chat, newest = DATASETS[name]
        return (chats - 1) * per_chat + newest

    assert DATASETS["xl"] == (2_000, 50, 20_000)
    assert DATASETS["huge"] == (10_000, 50, 100_000)
    assert messages("xl") == 119_950
    assert messages("huge") == 599_950
    # `all` stays a run of minutes: the history datasets only when named.
    assert set(ALL) < set(NAMES)
    assert "xl" not in ALL and "huge" not in ALL


def test_a_generated_dataset_is_written_once_and_reused_until_its_generator_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "ROOT", tmp_path)
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path / "data")
    monkeypatch.setitem(datasets.DATASETS, "tiny", (3, 2, 4))
    url = datasets.ensure("tiny")
    path = tmp_path / url
    assert url == f"data/tiny-{datasets.fingerprint('tiny')}.json"
    assert json.loads(path.read_text("utf-8")) == generate("tiny")
    written = path.stat().st_mtime_ns
    assert datasets.ensure("tiny") == url
    assert path.stat().st_mtime_ns == written  # reused, not written again

    # Other parameters: another file, and the old one goes.
    monkeypatch.setitem(datasets.DATASETS, "tiny", (3, 2, 5))
    other = datasets.ensure("tiny")
    assert other != url
    assert not path.exists()
    assert [p.name for p in (tmp_path / "data").iterdir()] == [Path(other).name]


def test_percentiles_pick_from_the_samples() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.5) in (50.0, 51.0)
    assert percentile(samples, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


def test_the_summary_gives_median_and_worst_of_each_figure() -> None:
    runs = [dict.fromkeys(LABELS, float(n)) for n in (3, 1, 2)]
    summary = summarise(runs)
    assert summary["repeat_ready_ratio"] == {"median": 2.0, "worst": 3.0, "runs": [3.0, 1.0, 2.0]}
    text = table({"seed": summary})
    assert "| ready / bare, repeat visit" in text
    assert text.count("\n") == len(LABELS) + 1


def test_figures_only_some_datasets_have_show_as_dashes_for_the_others() -> None:
    seed = summarise([dict.fromkeys(LABELS, 1.0)])
    large = summarise([{key: 2.0 for key in LABELS if not key.startswith(("import", "travel"))}])
    assert "import_shown_ms" in seed and "import_shown_ms" not in large
    row = next(
        line
        for line in table({"seed": seed, "large": large}).splitlines()
        if "p95" in line and "travel" in line
    )
    assert row.endswith("| 1.00 | 1.00 | - | - |")


def test_the_inspector_log_replays_and_is_the_same_every_time() -> None:
    from chat.inspector import import_log

    text = inspector_log(300, seed=1)
    assert text == inspector_log(300, seed=1)
    _, payloads = import_log(text)
    assert len(payloads) == 300
    kinds = {type(payload.action).__name__ for payload in payloads}
    assert kinds == {"OpenChat", "SendMessage", "ReceiveMessage", "UpdateLastAccess"}
