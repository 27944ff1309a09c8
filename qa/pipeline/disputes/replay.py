"""Agent replay: an agent's own reviewed calls, their self-assessment, and what they may do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from qa.domain.call import Call
from qa.domain.review.review import Comment, ReviewedCard, ReviewedItem
from qa.domain.scorecard import Verdict
from qa.domain.transcript import Transcript
from qa.errors import AccessDeniedError, BadInputError, NotFoundError, QaError
from qa.pipeline.access.identity import Identity, no_such_call, resolve_identity, visible_call
from qa.pipeline.access.permissions import require
from qa.pipeline.disputes import disputes
from qa.storage.agent_store import ACKNOWLEDGED, AgentCall, Dispute
from qa.storage.store import Store
from qa.workspace import Workspace

SELF_VERDICTS = (Verdict.PASS, Verdict.FAIL, Verdict.NA)


@dataclass(frozen=True, slots=True)
class ReplayDetail:
    """One of the agent's calls as the replay screen shows it.

    Until the agent has self-assessed and chosen to see the verdicts, `card` is blind: the
    rubric's items with every verdict pending and no evidence, so nothing gives them away.
    """

    call: Call
    agent_name: str
    transcript: Transcript | None
    card: ReviewedCard
    revealed: bool
    self_verdicts: dict[str, Verdict]
    disputes: tuple[Dispute, ...]
    comments: tuple[Comment, ...]
    audio: Path | None
    audio_note: str = ""

    @property
    def acknowledged(self) -> bool:
        """True once the agent acknowledged the current scorecard."""
        return any(
            d.status == ACKNOWLEDGED and d.scorecard_id == self.card.id for d in self.disputes
        )

    def differs(self, item_id: str) -> bool:
        """True when the agent's own verdict on an item is not the official one."""
        mine = self.self_verdicts.get(item_id)
        return self.revealed and mine is not None and mine != self.card.item(item_id).result.verdict

    def dispute_of(self, item_id: str) -> Dispute | None:
        """The latest dispute of an item, if any."""
        return next((d for d in reversed(self.disputes) if d.item_id == item_id), None)


def _blind_item(item: ReviewedItem) -> ReviewedItem:
    result = replace(item.result, verdict=Verdict.PENDING, evidence=(), reason="", hint="")
    return ReviewedItem(result=result, auto_verdict=Verdict.PENDING)


def blind(card: ReviewedCard) -> ReviewedCard:
    """The card with its verdicts hidden (what an agent scores themselves against)."""
    items = tuple(_blind_item(i) for i in card.items)
    scorecard = replace(card.scorecard, items=tuple(i.result for i in items))
    return replace(card, items=items, scorecard=scorecard, auto_score=0.0)


class AgentReplayService:
    """What agent mode may ask of the database, on behalf of one agent and only their calls."""

    def __init__(self, store: Store, who: Identity, workspace: Workspace | None = None) -> None:
        if not who.is_agent:
            raise AccessDeniedError(
                f"{who.login!r} is a {who.role}; replay is for agents' own calls.",
                hint="Supervisors review calls with `qa review`.",
            )
        self.store, self.who, self.workspace = store, who, workspace

    @classmethod
    def for_login(cls, store: Store, ws: Workspace, login: str | None = None) -> AgentReplayService:
        """The service for `login` (default: the current login), refused unless it is an agent."""
        return cls(store, resolve_identity(ws, store, login), ws)

    def calls(self) -> list[AgentCall]:
        """The agent's calls with a reviewed scorecard, newest first."""
        require(self.who, "replay.list")
        return self.store.agent_calls(self.who.agent_id)

    def find(self, ref: str) -> Call:
        """One of the agent's calls by db id, call_id or file name; others are "no such call"."""
        return visible_call(self.store, self.who, ref)

    def _own(self, call_id: int) -> Call:
        try:
            call = self.store.call(call_id)
        except NotFoundError:
            raise no_such_call(call_id) from None
        if not self.who.may_see(call):
            raise no_such_call(call_id)
        return call

    def _card(self, call_id: int) -> ReviewedCard:
        card = self.store.reviewed_card(call_id)
        if card is None:
            raise NotFoundError(f"Call {call_id} has not been scored yet.")
        return card

    def detail(self, call_id: int) -> ReplayDetail:
        """The call, its transcript, the (blind until revealed) scorecard and the agent's notes."""
        require(self.who, "replay.open_call")
        call = self._own(call_id)
        card = self._card(call_id)
        transcript = self.store.transcript(call_id)
        revealed = self.store.revealed(call_id, self.who.login)
        agent = self.store.agent(self.who.agent_id)
        audio, note = self._audio(call, transcript)
        return ReplayDetail(
            call=call,
            agent_name=agent.name if agent else self.who.agent_id,
            transcript=transcript,
            card=card if revealed else blind(card),
            revealed=revealed,
            self_verdicts=self.store.self_verdicts(call_id, self.who.login),
            disputes=tuple(self.store.disputes(call_id)),
            comments=tuple(self.store.comments(call_id)) if revealed else (),
            audio=audio,
            audio_note=note,
        )

    def _audio(self, call: Call, transcript: Transcript | None) -> tuple[Path | None, str]:
        if not call.readable:
            return None, "The recording cannot be read; the transcript is all there is."
        if self.workspace is None:
            return None, "No workspace: the recording cannot be located."
        from qa.pipeline.redaction.redact import (
            playable_audio,  # writes redacted copies; only when playing
        )

        try:
            return playable_audio(
                call, "agent", workspace=self.workspace, transcript=transcript
            ), ""
        except QaError as error:
            return None, error.message

    def stamp(self, call_id: int) -> tuple[object, ...]:
        """What changes when a supervisor or the agent changes the call (polled to reload)."""
        from qa.pipeline.review.call_stamp import call_stamp

        self._own(call_id)
        return call_stamp(self.store, call_id)

    def reveal(self, call_id: int) -> ReplayDetail:
        """Show the supervisor's verdicts; self-assessment of this call closes."""
        self._own(call_id)
        self.store.mark_revealed(call_id, self.who.login)
        return self.detail(call_id)

    def self_assess(self, call_id: int, item_id: str, verdict: Verdict) -> ReplayDetail:
        """Score one item yourself, before seeing the official verdict (which never changes)."""
        require(self.who, "replay.self_assess")
        self._own(call_id)
        if verdict not in SELF_VERDICTS:
            raise BadInputError(f"Score yourself pass, fail or na, not {verdict.value}.")
        if self.store.revealed(call_id, self.who.login):
            raise BadInputError(
                "You have already seen the supervisor's verdicts on this call.",
                hint="Self-assessment is for before you look; yours shows beside each verdict.",
            )
        card = self._card(call_id)
        try:
            card.item(item_id)
        except KeyError:
            known = ", ".join(i.result.item_id for i in card.items)
            raise BadInputError(f"No item {item_id!r} in this rubric (items: {known}).") from None
        self.store.add_self_verdict(call_id, card.id, item_id, verdict, self.who.login)
        return self.detail(call_id)

    def acknowledge(self, call_id: int) -> ReplayDetail:
        """Accept the final scorecard."""
        require(self.who, "replay.acknowledge")
        self.reveal(call_id)
        disputes.acknowledge(self.store, self.who, str(call_id))
        return self.detail(call_id)

    def dispute(self, call_id: int, item_id: str, reason: str) -> ReplayDetail:
        """Dispute one item's verdict, with a reason a supervisor will read."""
        require(self.who, "replay.dispute")
        self.reveal(call_id)
        disputes.dispute_item(self.store, self.who, str(call_id), item_id, reason)
        return self.detail(call_id)
