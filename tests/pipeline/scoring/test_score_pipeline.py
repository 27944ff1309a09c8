"""`qa score` over stored calls: scorecards tied to the rubric's hash, history kept, flips shown."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.domain.agents import Agent
from qa.domain.call import AudioInfo, CallMeta
from qa.domain.rubric.parse import parse_rubric
from qa.domain.transcript import Segment, Transcript
from qa.pipeline.scoring.score import score_stored
from qa.storage.records import FileRecord
from qa.storage.store import Store
from qa.workspace import Workspace

REPO = Path(__file__).resolve().parents[3]
V1 = """name = "Mini"
version = "1"
business = ["Acme"]
[[items]]
id = "greeting"
all = [["thank you for calling {business}"], ["my name is {agent}"]]
[[items]]
id = "closing"
any = ["have a great day"]
"""
V2 = V1.replace('version = "1"', 'version = "2"').replace(
    "have a great day", "anything else i can help with"
)
SAID = Transcript(
    (
        Segment(0.5, 4.0, "agent", "Thank you for calling Acme, my name is Sarah."),
        Segment(5.0, 8.0, "agent", "Is there anything else I can help with? Have a great day."),
    )
)


def _register(store: Store, name: str, agent: str) -> int:
    record = FileRecord(
        path=f"/rec/{name}.wav",
        sha256=name * 8,
        size=10,
        mtime_ns=1,
        inode=1,
        meta=CallMeta(call_id=name, agent=agent),
        audio=AudioInfo(9.0, 2, 8000),
    )
    store.save_files([record])
    call = store.call_by_ref(name)
    store.save_transcript(call.id, SAID)
    return call.id


def test_scoring_stores_cards_and_rescoring_keeps_history(store: Store) -> None:
    store.save_agents([Agent("sarah.k", "Sarah Kim"), Agent("tom.b", "Tom Becker")])
    sarah = _register(store, "C-1", "sarah.k")
    tom = _register(store, "C-2", "tom.b")
    first = score_stored(store, parse_rubric(V1), V1)
    assert (first.scored, first.flips) == (2, [])
    card = store.scorecard(sarah)
    assert card is not None and card.rubric.version == "1" and card.score == 100.0
    assert store.scorecard(tom).items[0].verdict.value == "uncertain"  # type: ignore[union-attr]

    again = score_stored(store, parse_rubric(V1), V1)
    assert (again.scored, again.unchanged) == (0, 2)

    changed = parse_rubric(V2)
    second = score_stored(store, changed, V2)
    assert second.scored == 2 and second.flips == []  # both closings still pass
    assert len(store.scorecard_history(sarah)) == 2
    assert store.rubric_text(changed.sha256) == V2


def test_flipped_verdicts_are_listed_per_agent(store: Store) -> None:
    store.save_agents([Agent("sarah.k", "Sarah Kim")])
    _register(store, "C-1", "sarah.k")
    score_stored(store, parse_rubric(V1), V1)
    stricter = V1.replace("have a great day", "goodbye and good luck").replace('"1"', '"3"')
    run = score_stored(store, parse_rubric(stricter), stricter)
    assert run.flips_by_agent() == {"Sarah Kim": [run.flips[0]]}
    assert (run.flips[0].item_id, run.flips[0].before, run.flips[0].after) == (
        "closing",
        "pass",
        "fail",
    )


def test_qa_score_command(workspace: Workspace) -> None:
    from qa.pipeline.access.open_store import open_store

    with open_store(workspace) as store:
        _register(store, "C-7", "sarah.k")
    runner = CliRunner()
    rubric = str(REPO / "rubrics" / "acme_inbound.toml")
    done = runner.invoke(app, ["-w", str(workspace.root), "score", "--rubric", rubric])
    assert done.exit_code == 0, done.output
    assert "Scored 1 call with" in done.stdout and "C-7" in done.stdout
    done = runner.invoke(app, ["-w", str(workspace.root), "score"])  # the workspace's only rubric
    assert done.exit_code == 0, done.output
