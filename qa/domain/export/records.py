"""What an export or a report reads about one scored call: plain frozen records, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qa.domain.metrics.metrics import CallMetrics
from qa.domain.scorecard import Evidence, ItemResult, RubricRef, Scorecard, Verdict
from qa.domain.transcript import Gap


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which calls to export or report on; empty fields do not filter.

    `visible_agent` is set for an agent's login: they only ever see their own calls, whatever
    the other filters say.
    """

    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    agent: str = ""
    team: str = ""
    sample_id: int | None = None
    status: str = ""  # the call's review status: new | in_review | final | disputed
    visible_agent: str | None = None


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """One rubric item of a scorecard: the automatic verdict beside the current one."""

    item_id: str
    label: str
    section: str
    points: float
    critical: bool
    auto_verdict: Verdict
    verdict: Verdict
    reason: str = ""
    hint: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def earned(self) -> float:
        """Points earned by the current verdict."""
        return self.points if self.verdict == Verdict.PASS else 0.0

    @property
    def overridden(self) -> bool:
        """True when a person changed the automatic verdict."""
        return self.verdict != self.auto_verdict


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    """A supervisor's change to one item verdict, with the reason given."""

    item_id: str
    reviewer: str
    before: str
    after: str
    reason: str
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """A remark on the call, maybe pinned to an item and a moment."""

    author: str
    text: str
    item_id: str = ""
    at_seconds: float | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DisputeRecord:
    """An agent's dispute or acknowledgement of the scorecard (or one item) and its outcome."""

    raised_by: str
    reason: str
    status: str  # open | upheld | rejected | acknowledged
    item_id: str = ""
    resolution: str = ""
    resolved_by: str = ""
    created_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ScoredCall:
    """One call with its current scorecard and everything people added to it."""

    call_id: int  # database id
    call_ref: str  # the metadata call_id
    agent_id: str
    agent_name: str
    team: str
    started_at: datetime | None  # the call time, else the file time
    queue: str
    duration: float | None  # seconds
    status: str  # the call's review status
    rubric_name: str
    rubric_version: str
    pass_mark: float
    score: float
    auto_score: float
    passed: bool
    auto_fail: bool
    provisional: bool
    card_state: str  # automatic | in_review | final
    reviewer: str
    items: tuple[ItemRecord, ...] = ()
    overrides: tuple[OverrideRecord, ...] = ()
    comments: tuple[CommentRecord, ...] = ()
    disputes: tuple[DisputeRecord, ...] = ()
    offer_items: frozenset[str] = frozenset()  # ids of the rubric's `each = "offers"` items
    metrics: CallMetrics | None = None
    gaps: tuple[Gap, ...] = ()  # untranscribed speech that left a verdict undecided

    @property
    def score_range(self) -> tuple[float, float] | None:
        """[lowest, highest] the score can still become while items await a person (None once
        every item is decided), as the scorecard itself works it out."""
        results = tuple(
            ItemResult(i.item_id, i.label, i.section, i.verdict, i.points, i.critical)
            for i in self.items
        )
        ref = RubricRef(self.rubric_name, self.rubric_version, "")
        return Scorecard(ref, results, self.pass_mark).score_range

    @property
    def final(self) -> bool:
        """A supervisor finalized the scorecard; any other score is provisional."""
        return self.card_state == "final"

    @property
    def agent_label(self) -> str:
        """The agent's name when known, else the id."""
        return self.agent_name or self.agent_id

    def item(self, item_id: str) -> ItemRecord | None:
        """The item with this rubric id, if the scorecard has it."""
        return next((i for i in self.items if i.item_id == item_id), None)
