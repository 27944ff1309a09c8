"""Review rules: when a verdict may change, when it needs a reason, when a scorecard may close."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from qa.domain.scorecard import ItemResult, Scorecard, Verdict
from qa.domain.wording import plural

DECIDED = (Verdict.PASS, Verdict.FAIL, Verdict.NA)  # what a supervisor may set
OPEN = (Verdict.UNCERTAIN, Verdict.PENDING)  # what blocks finalizing


class CardState(StrEnum):
    """Where a scorecard stands: as scored, being reviewed, or locked by a supervisor."""

    AUTOMATIC = "automatic"
    IN_REVIEW = "in_review"
    FINAL = "final"


@dataclass(frozen=True, slots=True)
class ReviewedItem:
    """One item as a reviewer sees it: the current verdict beside the automatic one."""

    result: ItemResult
    auto_verdict: Verdict
    override_reason: str = ""
    reviewer: str = ""

    @property
    def overridden(self) -> bool:
        """True when a person changed the automatic verdict."""
        return self.result.verdict != self.auto_verdict


@dataclass(frozen=True, slots=True)
class ReviewedCard:
    """A call's current scorecard under review: items, state and the version that guards it."""

    id: int
    version: int
    state: CardState
    reviewed_by: str
    auto_score: float
    scorecard: Scorecard
    items: tuple[ReviewedItem, ...]

    def item(self, item_id: str) -> ReviewedItem:
        """The reviewed item with this rubric id (KeyError when there is none)."""
        for reviewed in self.items:
            if reviewed.result.item_id == item_id:
                return reviewed
        raise KeyError(item_id)

    def titles(self) -> dict[str, str]:
        """Each item's title as the scorecard shows it, by rubric id."""
        return {i.result.item_id: i.result.label or i.result.item_id for i in self.items}


# Audit actions as a sentence says they happened.
PAST_TENSE = {
    "finalize": "finalized",
    "reopen": "reopened",
    "comment": "commented on",
    "dispute": "disputed",
    "acknowledge": "acknowledged",
    "self_assess": "assessed",
    "reveal_scorecard": "revealed",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One change a person made to a scorecard, as the audit log keeps it."""

    actor: str
    at: datetime | None
    action: str
    item_id: str
    before: str
    after: str
    reason: str
    version: int

    def describe(self, titles: Mapping[str, str] | None = None) -> str:
        """One line a supervisor can read, in the past tense: "maria finalized the scorecard",
        "maria set Closes the call to pass (was fail)" (the item by its title in `titles`)."""
        title = (titles or {}).get(self.item_id)
        what = title or (f"item {self.item_id}" if self.item_id else "the scorecard")
        if self.action == "set_verdict":
            return f"{self.actor} set {what} to {self.after} (was {self.before})"
        done = PAST_TENSE.get(self.action, self.action.replace("_", " "))
        return f"{self.actor} {done} {what}"


@dataclass(frozen=True, slots=True)
class Comment:
    """A remark on a call, or on one item of its scorecard."""

    author: str
    text: str
    item_id: str = ""
    at_seconds: float | None = None
    created_at: datetime | None = None


def reason_required(auto_verdict: Verdict, new: Verdict) -> bool:
    """Overriding a decided automatic verdict needs a reason; resolving an open one does not."""
    return auto_verdict in DECIDED and new != auto_verdict


def verdict_refusal(state: CardState, auto_verdict: Verdict, new: Verdict, reason: str) -> str:
    """Why this verdict change is not allowed ("" when it is)."""
    if state == CardState.FINAL:
        return "the scorecard is final; reopen it first"
    if new not in DECIDED:
        return f"a reviewer sets pass, fail or N/A, not {new.value}"
    if reason_required(auto_verdict, new) and not reason.strip():
        return f"overriding the automatic {auto_verdict.value} needs a reason"
    return ""


def unchanged_verdict(current: Verdict, new: Verdict, title: str) -> str:
    """What to say when a reviewer sets the verdict an item already has ("" when it changes):
    nothing is written, so no new version and no audit entry."""
    return f"{title} is already {new.value}; nothing changed." if current == new else ""


def finalize_refusal(state: CardState, items: tuple[ItemResult, ...]) -> str:
    """Why the scorecard cannot be finalized yet ("" when it can)."""
    if state == CardState.FINAL:
        return "the scorecard is already final"
    waiting = [i.label or i.item_id for i in items if i.verdict in OPEN]
    if waiting:
        return f"{plural(len(waiting), 'item')} still uncertain or pending: {', '.join(waiting)}"
    return ""


def reopen_refusal(state: CardState, reason: str) -> str:
    """Why the scorecard cannot be reopened ("" when it can)."""
    if state != CardState.FINAL:
        return "only a final scorecard can be reopened"
    if not reason.strip():
        return "reopening a final scorecard needs a reason"
    return ""


def with_verdict(card: Scorecard, item_id: str, verdict: Verdict) -> Scorecard:
    """The scorecard with one item's verdict changed; score and auto-fail follow from it."""
    if all(i.item_id != item_id for i in card.items):
        raise KeyError(item_id)
    items = tuple(replace(i, verdict=verdict) if i.item_id == item_id else i for i in card.items)
    return replace(card, items=items)


def counts(items: tuple[ItemResult, ...]) -> dict[str, Any]:
    """What the review queue shows about a scorecard without loading its items."""
    return {
        "uncertain_count": sum(i.verdict in OPEN for i in items),
        "failed_count": sum(i.verdict == Verdict.FAIL for i in items),
    }


def review_role(login: str, access: dict[str, Any], agent_logins: set[str]) -> str:
    """`admin`, `supervisor` or `agent` for a login; "" when it has no role at all."""
    wanted = login.casefold()
    for role in ("admin", "supervisor"):
        listed = access.get(f"{role}s") or []
        if wanted in {str(name).casefold() for name in listed}:
            return role
    return "agent" if wanted in {name.casefold() for name in agent_logins if name} else ""
