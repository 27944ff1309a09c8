"""The review service: what the review UI may ask of the database, on behalf of one supervisor."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from qa.domain.call import Call
from qa.domain.review.review import (
    Change,
    Comment,
    ReviewedCard,
    reason_required,
    review_role,
    unchanged_verdict,
)
from qa.domain.scorecard import Verdict
from qa.domain.transcript import Transcript
from qa.errors import AccessDeniedError, BadInputError, NotFoundError, QaError, WorkspaceError
from qa.pipeline.access.identity import Identity
from qa.pipeline.access.permissions import require_role
from qa.pipeline.review.queue_terms import QUERY_KEYS, checked_status, resolved_agent, unknown_key
from qa.storage.agent_store import ACKNOWLEDGED, Dispute
from qa.storage.queue import PAGE_SIZE, QueueFilter, QueueRow, QueueSort
from qa.storage.store import Store
from qa.workspace import Workspace

if TYPE_CHECKING:
    from qa.domain.metrics.metrics import CallMetrics
    from qa.pipeline.export.export import ExportDone
    from qa.pipeline.reports.queue_reports import QueueReport
    from qa.pipeline.scoring.rescore import PendingRescore


@dataclass(frozen=True, slots=True)
class QueuePage:
    """Some rows of the review queue, where they start, and how many calls the queue holds."""

    rows: tuple[QueueRow, ...]
    offset: int
    total: int


@dataclass(frozen=True, slots=True)
class CallDetail:
    """Everything the call screen shows: the call, its transcript, scorecard and comments."""

    call: Call
    agent_name: str
    transcript: Transcript | None
    card: ReviewedCard | None
    comments: tuple[Comment, ...]
    audio: Path | None
    audio_note: str = ""
    disputes: tuple[Dispute, ...] = ()  # agents' disputes of items, oldest first, any outcome

    @property
    def open_disputes(self) -> tuple[Dispute, ...]:
        """Disputes awaiting a supervisor's decision."""
        return tuple(d for d in self.disputes if d.open)

    def open_dispute(self, item_id: str) -> Dispute | None:
        """The item's dispute awaiting a decision, if there is one."""
        return next((d for d in self.open_disputes if d.item_id == item_id), None)


QUERY_HELP = (
    "words search; agent:NAME status:new|in_review|final|disputed since:DATE until:DATE sample:N"
)


def _day(text: str, key: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time())
    except ValueError:
        raise BadInputError(f"{key}:{text} is not a date; write it as 2026-11-20.") from None


def _with_term(where: QueueFilter, key: str, value: str) -> QueueFilter:
    if key == "sample":
        if not value.isdigit():
            raise BadInputError(f"sample:{value} is not a sample number.")
        return replace(where, sample_id=int(value))
    if key == "since":
        return replace(where, since=_day(value, key))
    if key == "until":
        return replace(where, until=_day(value, key) + timedelta(days=1))
    if key == "status":
        return replace(where, status=checked_status(value))
    return replace(where, agent=value)  # the one key of QUERY_KEYS left


def queue_filter(text: str) -> QueueFilter:
    """The queue filter a search box holds: `key:value` terms (see QUERY_HELP) and words.

    A bare `until:` date includes that whole day.
    """
    where, words = QueueFilter(), []
    for term in text.split():
        key, sep, value = term.partition(":")
        if sep and key in QUERY_KEYS and value:
            where = _with_term(where, key, value)
        elif sep and value and key.isidentifier():
            raise unknown_key(key, value)
        else:
            words.append(term)
    return replace(where, search=" ".join(words))


def check_reviewer(login: str, ws: Workspace, agent_logins: set[str]) -> str:
    """The login's role when it may review (admin or supervisor); otherwise a clear refusal."""
    role = review_role(login, ws.section("access"), agent_logins)
    if role == "agent":
        raise AccessDeniedError(
            f"{login!r} is an agent's login; supervisor review is for supervisors.",
            hint="Agents replay their own calls with `qa replay` (agent mode).",
        )
    if not role:
        raise AccessDeniedError(
            f"The login {login!r} is not a supervisor or admin of this workspace.",
            hint=f"Add it to the supervisors list under access in {ws.root / 'qa.toml'}.",
        )
    return role


class ReviewService:
    """Queue pages, call detail and review changes, each written at once and audited."""

    def __init__(
        self,
        store: Store,
        reviewer: str,
        workspace: Workspace | None = None,
        role: str = "supervisor",
    ) -> None:
        self.store = store
        self.reviewer = reviewer
        self.workspace = workspace
        self.role = role  # supervisor or admin: for_login checks it

    def _may(self, action: str) -> None:
        """Refuse an action the permission table does not give this reviewer's role."""
        require_role(self.reviewer, self.role, action)

    @classmethod
    def for_login(cls, store: Store, ws: Workspace, login: str) -> ReviewService:
        """The service for `login`, refused unless qa.toml lists it as supervisor or admin."""
        role = check_reviewer(login, ws, {a.login for a in store.agents()})
        return cls(store, login, ws, role)

    def queue(
        self,
        where: QueueFilter,
        sort: QueueSort,
        offset: int = 0,
        limit: int = PAGE_SIZE,
        total: int | None = None,
    ) -> QueuePage:
        """One page of the queue and the queue's size (counted unless `total` is known).
        An `agent:` naming nobody with calls is refused with the agents there are."""
        self._may("review.queue")
        where = resolved_agent(where, self.store.queue_agents())
        rows = self.store.queue_page(where, sort, offset, limit)
        return QueuePage(
            tuple(rows), offset, self.store.queue_count(where) if total is None else total
        )

    def next_to_review(self, where: QueueFilter, sort: QueueSort, after: int) -> int | None:
        """The next scored, unfinished call of the queue after call `after` (None: none left)."""
        from qa.pipeline.review.next_steps import next_to_review

        return next_to_review(self.store, where, sort, after)

    def open_call(self, call_id: int) -> list[str]:
        """Hold this reviewer's lease on the call; the other logins that have it open."""
        from qa.pipeline.review.leases import open_call

        return open_call(self.store, call_id, self.reviewer)

    def close_call(self, call_id: int) -> None:
        """Release this reviewer's lease on the call."""
        from qa.pipeline.review.leases import close_call

        close_call(self.store, call_id, self.reviewer)

    def who_has_open(self, call_ids: list[int]) -> dict[int, list[str]]:
        """Other supervisors that have each call open now (for the queue)."""
        from qa.pipeline.review.leases import who_has_open

        return who_has_open(self.store, call_ids, self.reviewer)

    def changes_by_others(self, card: ReviewedCard) -> list[Change]:
        """Changes other people made to the card since the version `card` is."""
        changes = self.store.changes_since(card.id, card.version)
        return [c for c in changes if c.actor != self.reviewer]

    def stamp(self, call_id: int) -> tuple[object, ...]:
        """What changes when anyone changes the call (polled to reload it)."""
        from qa.pipeline.review.call_stamp import call_stamp

        return call_stamp(self.store, call_id)

    def queue_agents(self) -> list[tuple[str, str]]:
        """Agents with calls, for the agent filter."""
        return self.store.queue_agents()

    def call_detail(self, call_id: int) -> CallDetail:
        """A call with its transcript, reviewed scorecard, comments and playable audio."""
        self._may("review.open_call")
        call = self.store.call(call_id)
        transcript = self.store.transcript(call_id)
        agent = self.store.agent(call.meta.agent) if call.meta.agent else None
        audio, note = self._audio(call, transcript)
        return CallDetail(
            call=call,
            agent_name=agent.name if agent else call.meta.agent,
            transcript=transcript,
            card=self.store.reviewed_card(call_id),
            comments=tuple(self.store.comments(call_id)),
            audio=audio,
            audio_note=note,
            disputes=self._item_disputes(call_id),
        )

    def _item_disputes(self, call_id: int) -> tuple[Dispute, ...]:
        found = self.store.disputes(call_id)
        return tuple(d for d in found if d.status != ACKNOWLEDGED)

    def _audio(self, call: Call, transcript: Transcript | None) -> tuple[Path | None, str]:
        if not call.readable:
            return None, "The recording cannot be read; the transcript is all there is."
        if self.workspace is None:
            return Path(call.path), ""
        from qa.pipeline.redaction.redact import (
            playable_audio,  # writes redacted copies; only when playing
        )

        try:
            path = playable_audio(
                call, "supervisor", workspace=self.workspace, transcript=transcript
            )
        except QaError as error:
            return None, error.message
        return path, ""

    def card(self, call_id: int) -> ReviewedCard:
        """The call's current reviewed scorecard."""
        card = self.store.reviewed_card(call_id)
        if card is None:
            raise NotFoundError(
                f"Call {call_id} has no scorecard yet.", hint="Run `qa score` first."
            )
        return card

    def needs_reason(self, card: ReviewedCard, item_id: str, verdict: Verdict) -> bool:
        """True when setting this verdict overrides an automatic decision."""
        return reason_required(card.item(item_id).auto_verdict, verdict)

    def unchanged(self, card: ReviewedCard, item_id: str, verdict: Verdict) -> str:
        """What to say when the item already has this verdict ("" when setting it changes it)."""
        try:
            item = card.item(item_id).result
        except KeyError:
            return ""  # the store refuses an unknown item
        return unchanged_verdict(item.verdict, verdict, item.label or item_id)

    def set_verdict(
        self, call_id: int, card: ReviewedCard, item_id: str, verdict: Verdict, reason: str = ""
    ) -> ReviewedCard:
        """Set an item's verdict on the card version the reviewer saw; the card as it is now.

        The verdict the item already has writes nothing (no new version, no audit entry).
        """
        self._may("review.verdict")
        now = self.card(call_id)
        if now.version == card.version and self.unchanged(now, item_id, verdict):
            return now
        self.store.set_item_verdict(
            card.id,
            item_id,
            verdict,
            expected_version=card.version,
            actor=self.reviewer,
            reason=reason,
        )
        return self.card(call_id)

    def finalize(self, call_id: int, card: ReviewedCard) -> ReviewedCard:
        """Lock the card with its recomputed score."""
        self._may("review.finalize")
        self.store.finalize_card(card.id, expected_version=card.version, actor=self.reviewer)
        return self.card(call_id)

    def reopen(self, call_id: int, card: ReviewedCard, reason: str) -> ReviewedCard:
        """Unlock a final card (needs a reason)."""
        self._may("review.reopen")
        self.store.reopen_card(
            card.id, expected_version=card.version, actor=self.reviewer, reason=reason
        )
        return self.card(call_id)

    # Re-scoring: a new automatic version beside a reviewed card (pipeline/scoring/rescore.py)

    def pending_rescore(self, call_id: int) -> PendingRescore | None:
        """The new automatic version waiting for this reviewer's decision, if there is one."""
        self._may("review.rescore_decision")
        from qa.pipeline.scoring.rescore import pending_rescore

        if self.store.proposal(call_id) is None:
            return None
        return pending_rescore(self.store, self._identity(), str(call_id))

    def accept_rescore(self, call_id: int, reason: str = "") -> ReviewedCard:
        """Take the new automatic verdicts into the review (the card is in review again)."""
        self._may("review.rescore_decision")
        from qa.pipeline.scoring.rescore import accept_rescore

        return accept_rescore(self.store, self._identity(), str(call_id), reason)

    def keep_review(self, call_id: int, reason: str = "") -> ReviewedCard:
        """Keep the review as it is; the new automatic version is set aside."""
        self._may("review.rescore_decision")
        from qa.pipeline.scoring.rescore import keep_review

        keep_review(self.store, self._identity(), str(call_id), reason)
        return self.card(call_id)

    def _identity(self) -> Identity:
        return Identity(self.reviewer, self.role)

    def comment(
        self, call_id: int, text: str, item_id: str = "", at_seconds: float | None = None
    ) -> tuple[Comment, ...]:
        """Add a comment on the call or one item; the call's comments now."""
        self._may("review.comment")
        self.store.add_comment(call_id, self.reviewer, text, item_id=item_id, at_seconds=at_seconds)
        return tuple(self.store.comments(call_id))

    # Reports, exports and metrics: the CLI's code (pipeline/reports/queue_reports.py, metrics.py)

    def _workspace(self) -> Workspace:
        if self.workspace is None:
            raise WorkspaceError(
                "This review was opened without a workspace; reports and exports need one.",
                hint="Open the review with `qa review` inside the workspace.",
            )
        return self.workspace

    def team_report(self, where: QueueFilter, include_provisional: bool = False) -> QueueReport:
        """`qa report` by agent, item and week per agent, over the queue's filter; means over
        final scorecards unless `include_provisional`."""
        self._may("review.report")
        from qa.pipeline.reports.queue_reports import queue_export_filter, queue_report

        ws = self._workspace()
        chosen = queue_export_filter(ws, self.store, self.reviewer, where)
        return queue_report(ws, self.store, chosen, include_provisional)

    def export_path(self, fmt: str) -> Path:
        """The file an export in `fmt` goes to unless another is typed."""
        from qa.pipeline.reports.queue_reports import export_path

        return export_path(self._workspace(), fmt)

    def export(self, where: QueueFilter, fmt: str, out: str) -> ExportDone:
        """Export the queue's calls as `qa export` does (an agent's login sees only its own)."""
        self._may("review.export")
        from qa.pipeline.reports.queue_reports import export_queue, queue_export_filter

        ws = self._workspace()
        chosen = queue_export_filter(ws, self.store, self.reviewer, where)
        return export_queue(ws, self.store, chosen, fmt, out)

    def call_metrics(self, call_id: int) -> CallMetrics | None:
        """The call's stored metrics (talk, hold, overtalk, pace, pitch), if it was measured."""
        self._may("review.metrics")
        from qa.pipeline.reports.metrics import (
            stored_metrics,  # deferred: the metrics stage loads numpy
        )

        return stored_metrics(self.store, call_id)
