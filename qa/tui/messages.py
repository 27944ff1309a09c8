"""Messages the workers post back to the screens, named for what happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from qa.domain.metrics.metrics import CallMetrics
from qa.domain.review.review import Comment, ReviewedCard
from qa.errors import QaError
from qa.pipeline.export.export import ExportDone
from qa.pipeline.reports.queue_reports import QueueReport
from qa.pipeline.review.review import CallDetail, QueuePage


@dataclass
class QueuePageLoaded(Message):
    """A page of the review queue came back from the database."""

    page: QueuePage
    keep_call: int | None = None  # the call the cursor should stay on
    ticket: int = 0  # which request this answers; stale answers are dropped


@dataclass
class QueueRefused(Message):
    """The queue's filter was refused (an unknown agent); `problem` says what is valid."""

    problem: str
    ticket: int = 0


@dataclass
class CallLoaded(Message):
    """A call's transcript, scorecard and comments came back (after a read, or a change)."""

    detail: CallDetail
    note: str = ""  # what the change did, to show the supervisor
    note_seconds: float = 3.0  # how long the note stays: someone else's change needs reading


@dataclass
class CardSaved(Message):
    """A change to the scorecard was written; this is the card as it now stands."""

    card: ReviewedCard
    note: str


@dataclass
class CommentsSaved(Message):
    """A comment was written; these are the call's comments now."""

    comments: tuple[Comment, ...]


@dataclass
class ChangeRefused(Message):
    """The database refused a change (a conflict, a rule); nothing was written."""

    error: QaError


@dataclass
class AudioLoaded(Message):
    """The recording decoded (or could not be played: `problem` says why)."""

    problem: str = ""


@dataclass
class RequestRefused(Message):
    """A report, export or read could not be done (bad filter, no workspace); nothing changed."""

    error: QaError


@dataclass
class ReportLoaded(Message):
    """The team report over the queue's filter came back from the database."""

    report: QueueReport


@dataclass
class ExportWritten(Message):
    """An export file was written (atomically) where it says."""

    done: ExportDone


@dataclass
class MetricsLoaded(Message):
    """A call's stored metrics came back (None: the call was never measured)."""

    metrics: CallMetrics | None
