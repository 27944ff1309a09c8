"""`qa sample` as a supervisor uses it: draw, list, show, and one-sentence refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.errors import QaError
from qa.pipeline.access.open_store import open_store
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.pipeline.sampling.test_sample_store import add_calls

runner = CliRunner()


@dataclass
class Ran:
    """What a person sees: exit code, printed output, and the error sentence if any."""

    code: int
    out: str
    error: str = ""


def qa(ws: Workspace, *args: str) -> Ran:
    """Run `qa -w WS ARGS...` the way `qa.cli.main` does (QaError → its exit code)."""
    result = runner.invoke(app, ["-w", str(ws.root), *args])
    if isinstance(result.exception, QaError):
        return Ran(result.exception.exit_code, result.stdout, result.exception.message)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def store(workspace: Workspace) -> Iterator[Store]:
    """The workspace's own store, with 60 calls from three agents registered."""
    opened = open_store(workspace)
    add_calls(opened, 60)
    yield opened
    opened.close()


def set_sample_settings(ws: Workspace, table: str) -> None:
    path = ws.root / "qa.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[sample]")
    end = text.index("[report]")
    path.write_text(text[:start] + "[sample]\n" + table + "\n\n" + text[end:], encoding="utf-8")


class TestDraw:
    """Drawing a sample prints the sizes, the calls and the seed to redraw it."""

    def test_count_with_per_agent_minimum(self, workspace: Workspace, store: Store) -> None:
        ran = qa(workspace, "sample", "--count", "9", "--per-agent", "2", "--seed", "42")
        assert ran.code == 0, ran.error
        assert "Sample 1: 9 calls, seed 42" in ran.out
        assert "per-agent-minimum" in ran.out and "C-" in ran.out
        record = store.sample(1)
        assert record.seed == 42 and len(record.members) == 9
        assert record.population == {"ann": 20, "bob": 20, "cy": 20}

    def test_same_seed_same_calls(self, workspace: Workspace, store: Store) -> None:
        qa(workspace, "sample", "--rate", "10%", "--seed", "7")
        store.close_sample(1)
        qa(workspace, "sample", "--rate", "0.1", "--seed", "7")
        assert store.sample(1).call_ids == store.sample(2).call_ids

    def test_margin_prints_the_reasoning(self, workspace: Workspace, store: Store) -> None:
        ran = qa(workspace, "sample", "--margin", "0.10", "--confidence", "0.95")
        assert ran.code == 0, ran.error
        assert "96.04" in ran.out
        assert len(store.sample(1).members) == 3 * 17  # 20 calls each: 96.04/(1+95.04/20) → 17

    def test_risk_strategy_labels_its_strata(self, workspace: Workspace, store: Store) -> None:
        args = ("-n", "6", "--per-agent", "0", "--strategy", "mixed", "--random-share", "0.5")
        ran = qa(workspace, "sample", *args)
        assert ran.code == 0, ran.error
        strata = sorted(m.stratum for m in store.sample(1).members)
        assert strata == ["random"] * 3 + ["risk"] * 3

    def test_filters_and_inclusive_until(self, workspace: Workspace, store: Store) -> None:
        # add_calls puts call i at 2026-11-02 09:00 + i hours, odd i in sales: 15 on the 2nd.
        ran = qa(workspace, "sample", "--rate", "100%", "--until", "2026-11-02", "--queue", "sales")
        assert ran.code == 0, ran.error
        assert len(store.sample(1).members) == 7  # calls 1, 3, ... 13
        assert store.sample(1).params["queue"] == "sales"

    def test_settings_give_the_size_when_no_flag_does(
        self, workspace: Workspace, store: Store
    ) -> None:
        set_sample_settings(workspace, 'rate = "10%"\nper_agent = 3\nstrategy = "risk"')
        ran = qa(workspace, "sample", "--seed", "1")
        assert ran.code == 0, ran.error
        params = store.sample(1).params
        assert (params["rate"], params["per_agent"], params["strategy"]) == (0.1, 3, "risk")
        assert len(store.sample(1).members) == 9

    def test_a_size_flag_replaces_the_settings_size(
        self, workspace: Workspace, store: Store
    ) -> None:
        set_sample_settings(workspace, "rate = 0.5\nper_agent = 1")
        assert qa(workspace, "sample", "--count", "2").code == 0
        params = store.sample(1).params
        assert (params["count"], params["rate"], params["per_agent"]) == (2, None, 1)
        assert len(store.sample(1).members) == 3  # the per-agent minimum still holds

    def test_nothing_left_to_draw(self, workspace: Workspace, store: Store) -> None:
        qa(workspace, "sample", "--rate", "100%")
        ran = qa(workspace, "sample", "--rate", "100%")
        assert ran.code == 2
        assert (
            ran.error
            == "Nothing to sample: every matching call is left out (60 already in an open sample)."
        )


class TestListAndShow:
    """Anyone can later see how a sample was drawn and from what."""

    def test_list(self, workspace: Workspace, store: Store) -> None:
        assert "No samples drawn yet" in qa(workspace, "sample", "--list").out
        qa(workspace, "sample", "--count", "4", "--seed", "123")
        ran = qa(workspace, "sample", "--list")
        assert ran.code == 0 and "123" in ran.out and "random" in ran.out

    def test_show(self, workspace: Workspace, store: Store) -> None:
        qa(workspace, "sample", "--count", "4", "--per-agent", "1", "--seed", "5")
        ran = qa(workspace, "sample", "--show", "1")
        assert ran.code == 0, ran.error
        assert "seed 5" in ran.out and "count=4" in ran.out and "per_agent=1" in ran.out
        assert "ann" in ran.out and "per-agent-minimum" in ran.out

    def test_show_and_list_as_json_for_scripts(self, workspace: Workspace, store: Store) -> None:
        qa(workspace, "sample", "--count", "4", "--per-agent", "1", "--seed", "5")
        ran = qa(workspace, "sample", "show", "1", "--json")
        assert ran.code == 0, ran.error
        shown = json.loads(ran.out)
        assert (shown["id"], shown["seed"], shown["open"]) == (1, 5, True)
        assert len(shown["calls"]) >= 4 and {"id", "call_id", "agent", "stratum", "status"} <= set(
            shown["calls"][0]
        )
        assert json.loads(qa(workspace, "sample", "--show", "1", "--json").out) == shown
        (listed,) = json.loads(qa(workspace, "sample", "list", "--json").out)
        assert listed["id"] == 1 and listed["calls"] == len(shown["calls"])

    def test_calls_of_a_sample_and_their_sample_ids(
        self, workspace: Workspace, store: Store
    ) -> None:
        qa(workspace, "sample", "--count", "4", "--seed", "5")
        shown = json.loads(qa(workspace, "sample", "show", "1", "--json").out)
        drawn = {c["id"] for c in shown["calls"]}
        ran = qa(workspace, "calls", "--sample", "1", "--json")
        assert ran.code == 0, ran.error
        listed = json.loads(ran.out)
        assert {c["id"] for c in listed} == drawn
        assert all(c["samples"] == [1] and c["sample"] == 1 for c in listed)
        others = json.loads(qa(workspace, "calls", "--json").out)
        assert all(c["sample"] is None for c in others if c["id"] not in drawn)
        assert "4 calls." in qa(workspace, "calls", "--sample", "1").out
        missing = qa(workspace, "calls", "--sample", "9")
        assert missing.code == 2 and "No sample 9" in missing.error

    def test_close_a_sample(self, workspace: Workspace, store: Store) -> None:
        qa(workspace, "sample", "--count", "2", "--seed", "5")
        ran = qa(workspace, "sample", "close", "1")
        assert ran.code == 0 and "Sample 1 closed" in ran.out
        assert json.loads(qa(workspace, "sample", "show", "1", "--json").out)["open"] is False

    def test_show_unknown_sample(self, workspace: Workspace, store: Store) -> None:
        ran = qa(workspace, "sample", "--show", "9")
        assert ran.code == 2 and "No sample 9" in ran.error


class TestSubcommands:
    """`qa sample draw|list|show|close`; the old flag forms still do the same."""

    def test_draw_is_the_old_plain_form(self, workspace: Workspace, store: Store) -> None:
        new = qa(workspace, "sample", "draw", "--count", "6", "--per-agent", "1", "--seed", "9")
        assert new.code == 0, new.error
        assert "Sample 1: 6 calls, seed 9" in new.out
        assert qa(workspace, "sample", "close", "1").code == 0
        old = qa(workspace, "sample", "--count", "6", "--per-agent", "1", "--seed", "9")
        assert old.code == 0, old.error
        assert store.sample(1).call_ids == store.sample(2).call_ids

    def test_old_list_and_show_flags_print_what_the_subcommands_print(
        self, workspace: Workspace, store: Store
    ) -> None:
        qa(workspace, "sample", "draw", "--count", "4", "--seed", "5")
        assert qa(workspace, "sample", "--list").out == qa(workspace, "sample", "list").out
        assert (
            qa(workspace, "sample", "--show", "1").out == qa(workspace, "sample", "show", "1").out
        )
        old = qa(workspace, "sample", "--list", "--json").out
        assert json.loads(old) == json.loads(qa(workspace, "sample", "list", "--json").out)

    def test_close_frees_the_calls_and_is_audited(self, workspace: Workspace, store: Store) -> None:
        qa(workspace, "sample", "draw", "--rate", "100%")
        assert qa(workspace, "sample", "draw", "--rate", "100%").code == 2  # nothing left
        assert [r["open"] for r in json.loads(qa(workspace, "sample", "list", "--json").out)] == [
            True
        ]
        ran = qa(workspace, "sample", "close", "1")
        assert ran.code == 0 and "Sample 1 closed" in ran.out, ran.error
        listed = json.loads(qa(workspace, "sample", "list", "--json").out)
        assert [r["open"] for r in listed] == [False]
        assert qa(workspace, "sample", "draw", "--rate", "100%").code == 0
        events = [e for e in store.audit_events("sample", "1") if e["action"] == "sample.close"]
        assert len(events) == 1 and events[0]["after"] == {"open": False}

    def test_closing_twice_or_a_missing_sample_is_one_error(
        self, workspace: Workspace, store: Store
    ) -> None:
        qa(workspace, "sample", "draw", "--count", "2")
        assert qa(workspace, "sample", "close", "1").code == 0
        twice = qa(workspace, "sample", "close", "1")
        assert twice.code == 2 and twice.error == "Sample 1 is already closed."
        missing = qa(workspace, "sample", "close", "9")
        assert missing.code == 2 and "No sample 9" in missing.error
        assert len([e for e in store.audit_events("sample") if e["action"] == "sample.close"]) == 1


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["--count", "5", "--rate", "5%"], "Give --count or --rate, not both."),
        (["--margin", "0.1", "--count", "5"], "leave out --count and --rate"),
        (["--count", "5", "--confidence", "0.9"], "--confidence only applies with --margin."),
        (["--count", "5", "--random-share", "0.2"], "only applies with --strategy mixed"),
        (["--list", "--show", "1"], "Give --list or --show, not both."),
        (["--list", "--count", "3"], "--count draws a sample; it cannot go with --list"),
        (["show"], "qa sample show needs a sample id"),
        (["remove", "1"], "'remove' is not a sample action"),
        (["--count", "3", "--json"], "--json goes with list or show"),
        (["close"], "qa sample close needs a sample id"),
        (["--count", "3", "draw"], "Put the options after the action: qa sample draw"),
        (["draw", "--count", "5", "--rate", "5%"], "Give --count or --rate, not both."),
        (["--rate", "5"], "write 5% or 0.05"),
        (["--rate", "0%"], "more than 0"),
        (["--count", "0"], "The count must be at least 1 (got 0)."),
        (["--since", "last week", "--count", "1"], "--since 'last week' is not a date"),
        (["--margin", "1.5"], "The margin must be between 0 and 1"),
    ],
)
def test_bad_usage_is_one_sentence_and_exit_2(
    workspace: Workspace, store: Store, args: list[str], sentence: str
) -> None:
    ran = qa(workspace, "sample", *args)
    assert ran.code == 2
    assert sentence in ran.error
    assert store.samples() == []


def test_no_size_anywhere(workspace: Workspace, store: Store) -> None:
    set_sample_settings(workspace, "rate = 0.0\nper_agent = 0")
    ran = qa(workspace, "sample")
    assert ran.code == 2 and ran.error.startswith("No sample size")


def test_real_command_exits_2_with_the_sentence_on_stderr(workspace: Workspace) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa",
            "-w",
            str(workspace.root),
            "sample",
            "-n",
            "1",
            "--rate",
            "1%",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Give --count or --rate, not both." in done.stderr
    assert "Traceback" not in done.stderr
