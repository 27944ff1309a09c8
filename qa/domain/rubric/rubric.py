"""Rubrics as typed records: items with their phrases, time windows, triggers and filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qa.domain.scorecard import RubricRef

ItemKind = Literal["any", "all", "none", "each", "manual", "metric"]
SpeakerChoice = Literal["agent", "customer", "any"]
KINDS: tuple[ItemKind, ...] = ("any", "all", "none", "each", "manual", "metric")
SPEAKER_CHOICES: tuple[SpeakerChoice, ...] = ("agent", "customer", "any")
PLACEHOLDERS = ("agent", "business")  # what `{name}` may stand for in a phrase

DEFAULT_THRESHOLD = 85.0  # phrase similarity, 0-100
DEFAULT_POINTS = 10.0
DEFAULT_PASS_MARK = 80.0  # percent of applicable points


@dataclass(frozen=True, slots=True)
class Window:
    """A `within` window: `first Ns`, `last Ns` or `N-Ms`, counted from the first speech."""

    anchor: Literal["first", "last", "range"]
    start: float  # seconds
    end: float  # seconds
    text: str

    def bounds(self, first_speech: float, last_speech: float) -> tuple[float, float]:
        """The window in seconds from the start of the recording."""
        if self.anchor == "last":
            return last_speech - self.end, last_speech
        return first_speech + self.start, first_speech + self.end


@dataclass(frozen=True, slots=True)
class Cue:
    """Phrases someone says that open an item (`when`) or close its window (`before`)."""

    phrases: tuple[str, ...]
    speaker: SpeakerChoice
    threshold: float


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the scorecard and how to decide it from a transcript."""

    id: str
    label: str
    kind: ItemKind
    groups: tuple[tuple[str, ...], ...] = ()  # any/none: one group; all: every group must match
    each_key: str = ""  # each: the metadata list whose values must all be said
    metric: str = ""  # metric: a name of qa.domain.metrics.metrics.METRIC_NAMES
    minimum: float | None = None  # metric: lowest passing value (its unit: s, wpm, st or 0-1)
    maximum: float | None = None  # metric: highest passing value
    section: str = ""
    points: float = DEFAULT_POINTS
    critical: bool = False
    within: Window | None = None
    speaker: SpeakerChoice = "agent"
    threshold: float = DEFAULT_THRESHOLD
    when: Cue | None = None
    before: Cue | None = None
    applies_to: tuple[tuple[str, tuple[str, ...]], ...] = ()  # metadata key -> allowed values
    hint: str = ""

    @property
    def phrases(self) -> tuple[str, ...]:
        """Every phrase of the item, in rubric order."""
        return tuple(p for group in self.groups for p in group)


@dataclass(frozen=True, slots=True)
class Rubric:
    """A whole script rubric, identified by the sha256 of its exact text."""

    name: str
    version: str
    sha256: str
    items: tuple[Item, ...]
    pass_mark: float = DEFAULT_PASS_MARK
    business: tuple[str, ...] = ()
    source: str = ""

    @property
    def ref(self) -> RubricRef:
        """What a scorecard records about the rubric it was scored against."""
        return RubricRef(name=self.name, version=self.version, sha256=self.sha256)

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if any."""
        return next((i for i in self.items if i.id == item_id), None)
