"""Scoring stored transcripts against a rubric, keeping every scorecard and what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qa.domain.call import Call
from qa.domain.rubric import Rubric
from qa.domain.rubric_parse import parse_rubric, read_rubric_text
from qa.domain.scorecard import Scorecard
from qa.domain.scoring import score_call
from qa.pipeline.metrics import stored_metrics
from qa.storage.store import Store

Listener = Callable[[Call, Scorecard | None], None]


@dataclass(frozen=True, slots=True)
class Flip:
    """An item whose verdict changed between a call's previous scorecard and the new one."""

    call_id: int
    call_ref: str
    agent: str
    item_id: str
    before: str
    after: str


@dataclass
class ScoreRun:
    """What one `qa score` did."""

    rubric: Rubric
    scored: int = 0
    unchanged: int = 0  # already scored with this exact rubric text
    untranscribed: int = 0
    flips: list[Flip] = field(default_factory=list)
    rescored_from: set[str] = field(default_factory=set)  # sha256 of the rubrics replaced

    def flips_by_agent(self) -> dict[str, list[Flip]]:
        """Changed verdicts grouped per agent, agents in name order."""
        grouped: dict[str, list[Flip]] = {}
        for flip in sorted(self.flips, key=lambda f: (f.agent, f.call_id, f.item_id)):
            grouped.setdefault(flip.agent, []).append(flip)
        return grouped


def load_rubric_file(path: Path) -> tuple[Rubric, str]:
    """The rubric and its exact text (stored so a scorecard can always show what it used)."""
    text = read_rubric_text(path)
    return parse_rubric(text, str(path)), text


def _flips(call: Call, agent: str, before: Scorecard, after: Scorecard) -> list[Flip]:
    old = {i.item_id: i.verdict.value for i in before.items}
    ref = call.meta.call_id or Path(call.path).name
    return [
        Flip(call.id, ref, agent, item.item_id, old.get(item.item_id, "absent"), item.verdict.value)
        for item in after.items
        if old.get(item.item_id, "absent") != item.verdict.value
    ]


def score_stored(
    store: Store,
    rubric: Rubric,
    text: str,
    sample_id: int | None = None,
    rescore: bool = False,
    listen: Listener | None = None,
) -> ScoreRun:
    """Score every transcribed call (of a sample); calls already scored with this exact rubric
    are left alone unless `rescore`. Older scorecards are kept."""
    store.save_rubric(rubric.name, rubric.version, rubric.sha256, text)
    run = ScoreRun(rubric)
    roster = store.agents()  # keeps another agent's name out of an agent's nicknames
    for call in store.calls(sample_id=sample_id):
        transcript = store.transcript(call.id)
        previous = store.scorecard(call.id)
        if transcript is None:
            run.untranscribed += 1
            continue
        if previous is not None and previous.rubric.sha256 == rubric.sha256 and not rescore:
            run.unchanged += 1
            continue
        agent = store.agent(call.meta.agent) if call.meta.agent else None
        metrics = stored_metrics(store, call.id)
        card = score_call(transcript, rubric, agent, call.meta.as_dict(), metrics, roster=roster)
        store.save_scorecard(call.id, card)
        run.scored += 1
        if previous is not None and previous.rubric.sha256 != rubric.sha256:
            run.rescored_from.add(previous.rubric.sha256)
            run.flips += _flips(call, agent.name if agent else call.meta.agent, previous, card)
        if listen:
            listen(call, card)
    return run
