"""Scorecards: the verdict on each rubric item with its evidence, and the score they add up to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from qa.domain.transcript import Gap

T = TypeVar("T")


class Verdict(StrEnum):
    """What automatic scoring (or a supervisor) decided about one rubric item."""

    PASS = "pass"
    FAIL = "fail"
    NA = "na"
    UNCERTAIN = "uncertain"
    PENDING = "pending"


# Items that count towards the score now, and items that await a person (DESIGN.md §6).
DECIDED = frozenset({Verdict.PASS, Verdict.FAIL})
UNDECIDED = frozenset({Verdict.UNCERTAIN, Verdict.PENDING})


def _percent(earned: float, points: float) -> float:
    """Earned over points in percent, one decimal; 100 when no points are at stake."""
    return 100.0 if points <= 0 else round(100.0 * earned / points, 1)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in the call a phrase was (or was best) found: quote, speaker, times, similarity."""

    phrase: str
    text: str
    speaker: str
    start: float
    end: float
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        """The §7 JSON object for this evidence."""
        return {
            "phrase": self.phrase,
            "text": self.text,
            "speaker": self.speaker,
            "start": round(self.start, 2),
            "end": round(self.end, 2),
            "similarity": round(self.similarity, 1),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Evidence:
        """Read the §7 JSON object back."""
        return cls(
            phrase=str(raw["phrase"]),
            text=str(raw["text"]),
            speaker=str(raw.get("speaker", "unknown")),
            start=float(raw["start"]),
            end=float(raw["end"]),
            similarity=float(raw.get("similarity", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The verdict on one rubric item, with the points it carries and earns."""

    item_id: str
    label: str
    section: str
    verdict: Verdict
    points: float
    critical: bool = False
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()
    hint: str = ""

    @property
    def applicable(self) -> bool:
        """N/A items carry no points either way."""
        return self.verdict != Verdict.NA

    @property
    def earned(self) -> float:
        """Points earned: all of them on pass, none otherwise."""
        return self.points if self.verdict == Verdict.PASS else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The §7 JSON object for this item."""
        return {
            "id": self.item_id,
            "label": self.label,
            "section": self.section,
            "verdict": self.verdict.value,
            "points": self.points,
            "earned": self.earned,
            "critical": self.critical,
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class RubricRef:
    """Which exact rubric text a scorecard was scored against."""

    name: str
    version: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Scorecard:
    """All item verdicts for one call against one rubric, and what they add up to."""

    rubric: RubricRef
    items: tuple[ItemResult, ...]
    pass_mark: float = 80.0
    call: dict[str, Any] = field(default_factory=dict)
    gaps: tuple[Gap, ...] = ()  # speech heard but not transcribed that left a verdict undecided

    @property
    def auto_fail(self) -> bool:
        """A failed critical item fails the whole scorecard."""
        return any(i.critical and i.verdict == Verdict.FAIL for i in self.items)

    @property
    def provisional(self) -> bool:
        """True while any item awaits a human (uncertain or pending)."""
        return any(i.verdict in UNDECIDED for i in self.items)

    @property
    def score(self) -> float:
        """Earned over the decided items' points (pass/fail), in percent; 0 on auto-fail;
        100 when no decided item applies. Undecided items neither earn nor cost points yet."""
        if self.auto_fail:
            return 0.0
        return _percent(self._earned(), self._points(DECIDED))

    @property
    def score_range(self) -> tuple[float, float] | None:
        """[lowest, highest] the score can become once every undecided item is decided
        (all fail, all pass); None when nothing awaits a person."""
        open_items = [i for i in self.items if i.verdict in UNDECIDED]
        if not open_items:
            return None
        if self.auto_fail:
            return (0.0, 0.0)
        points = self._points(DECIDED) + sum(i.points for i in open_items)
        pending = sum(i.points for i in open_items)
        lowest = 0.0 if any(i.critical for i in open_items) else _percent(self._earned(), points)
        return (lowest, _percent(self._earned() + pending, points))

    def _earned(self) -> float:
        return sum(i.earned for i in self.items)

    def _points(self, verdicts: frozenset[Verdict]) -> float:
        return sum(i.points for i in self.items if i.verdict in verdicts)

    @property
    def passed(self) -> bool:
        """Score at or above the rubric's pass mark, and no auto-fail."""
        return not self.auto_fail and self.score >= self.pass_mark

    def to_dict(self) -> dict[str, Any]:
        """The `qa check --json` object of DESIGN.md §7."""
        return {
            "rubric": {
                "name": self.rubric.name,
                "version": self.rubric.version,
                "sha256": self.rubric.sha256,
            },
            "call": dict(self.call),
            "score": self.score,
            "passed": self.passed,
            "auto_fail": self.auto_fail,
            "provisional": self.provisional,
            "score_range": list(self.score_range) if self.score_range else None,
            "items": [i.to_dict() for i in self.items],
            **({"gaps": [gap_dict(g) for g in self.gaps]} if self.gaps else {}),
        }


def gap_dict(gap: Gap) -> dict[str, Any]:
    """A gap as scorecards and exports write it: seconds to the hundredth, and who spoke."""
    return {"start": round(gap.start, 2), "end": round(gap.end, 2), "speaker": gap.speaker}


def by_section(items: Iterable[T], section: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Items grouped by section, each section once, in the order its first item comes in the
    rubric (an item of "Conduct" after "Closing" joins the "Conduct" above)."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(section(item), []).append(item)
    return list(groups.items())
