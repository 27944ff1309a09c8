"""Scoring stored transcripts against a rubric, keeping every scorecard and what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qa.domain.call import Call
from qa.domain.review.rescore import ItemChange, touched
from qa.domain.rubric.parse import parse_rubric, read_rubric_text
from qa.domain.rubric.rubric import Rubric
from qa.domain.scorecard import Scorecard
from qa.domain.scoring.scoring import score_call
from qa.pipeline.reports.metrics import stored_metrics
from qa.pipeline.scoring.rescore import review_changes
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


@dataclass(frozen=True, slots=True)
class KeptReview:
    """A reviewed call re-scoring did not touch: its new automatic version waits beside it."""

    call_id: int
    call_ref: str
    agent: str
    changes: tuple[ItemChange, ...]  # where the new automatic verdicts differ from the review


@dataclass
class ScoreRun:
    """What one `qa score` did."""

    rubric: Rubric
    scored: int = 0
    unchanged: int = 0  # already scored with this exact rubric text
    untranscribed: int = 0
    flips: list[Flip] = field(default_factory=list)
    rescored_from: set[str] = field(default_factory=set)  # sha256 of the rubrics replaced
    kept: list[KeptReview] = field(default_factory=list)  # reviewed calls left as they are

    @property
    def differing(self) -> list[KeptReview]:
        """Kept reviews the new automatic verdicts disagree with (a supervisor decides)."""
        return [k for k in self.kept if k.changes]

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
    ref = _ref(call)
    return [
        Flip(call.id, ref, agent, item.item_id, old.get(item.item_id, "absent"), item.verdict.value)
        for item in after.items
        if old.get(item.item_id, "absent") != item.verdict.value
    ]


def _ref(call: Call) -> str:
    return call.meta.call_id or Path(call.path).name


def _keep_review(store: Store, call: Call, agent: str, card: Scorecard, actor: str) -> KeptReview:
    """Store `card` beside the call's reviewed scorecard, which stays as the person left it."""
    reviewed = store.reviewed_card(call.id)
    assert reviewed is not None
    changes = review_changes(reviewed, card)
    if changes or reviewed.scorecard.rubric.sha256 != card.rubric.sha256:
        store.propose_scorecard(call.id, card, changes, actor)
    return KeptReview(call.id, _ref(call), agent, changes)


def _already_scored(store: Store, call: Call, previous: Scorecard, sha256: str) -> bool:
    if previous.rubric.sha256 == sha256:
        return True
    # a reviewed call keeps its review: a version with this rubric beside it counts as scored
    return touched("", call.status.value) and store.versions_with_rubric(call.id, sha256) > 0


def score_stored(
    store: Store,
    rubric: Rubric,
    text: str,
    sample_id: int | None = None,
    rescore: bool = False,
    listen: Listener | None = None,
    actor: str = "qa score",
) -> ScoreRun:
    """Score every transcribed call (of a sample); calls already scored with this exact rubric
    are left alone unless `rescore`. Older scorecards are kept, and a scorecard a person has
    touched (in review, final, disputed) is never replaced: the new automatic version is stored
    beside it for a supervisor to accept or decline (qa/pipeline/scoring/rescore.py)."""
    store.save_rubric(rubric.name, rubric.version, rubric.sha256, text)
    run = ScoreRun(rubric)
    roster = store.agents()  # keeps another agent's name out of an agent's nicknames
    for call in store.calls(sample_id=sample_id):
        transcript = store.transcript(call.id)
        previous = store.scorecard(call.id)
        if transcript is None:
            run.untranscribed += 1
            continue
        if (
            previous is not None
            and not rescore
            and _already_scored(store, call, previous, rubric.sha256)
        ):
            run.unchanged += 1
            continue
        agent = store.agent(call.meta.agent) if call.meta.agent else None
        agent_name = agent.name if agent else call.meta.agent
        metrics = stored_metrics(store, call.id)
        card = score_call(transcript, rubric, agent, call.meta.as_dict(), metrics, roster=roster)
        if previous is not None and touched("", call.status.value):
            run.kept.append(_keep_review(store, call, agent_name, card, actor))
            if listen:
                listen(call, None)
            continue
        store.save_scorecard(call.id, card)
        run.scored += 1
        if previous is not None and previous.rubric.sha256 != rubric.sha256:
            run.rescored_from.add(previous.rubric.sha256)
            run.flips += _flips(call, agent_name, previous, card)
        if listen:
            listen(call, card)
    return run
