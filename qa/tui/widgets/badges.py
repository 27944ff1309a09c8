"""How verdicts, times, scores and speakers look, the same on every screen."""

from __future__ import annotations

from rich.text import Text

from qa.domain.scorecard import Verdict

VERDICT_STYLE = {
    Verdict.PASS: ("PASS", "bold black on green"),
    Verdict.FAIL: ("FAIL", "bold white on red"),
    Verdict.NA: ("N/A ", "black on grey70"),
    Verdict.UNCERTAIN: (" ?? ", "bold black on yellow"),
    Verdict.PENDING: ("TODO", "bold black on cyan"),
}
SPEAKER_STYLE = {"agent": "bold cyan", "customer": "bold magenta", "unknown": "bold white"}
SPEAKER_LABEL = {"agent": "AGENT", "customer": "CUST ", "unknown": "SPKR "}
STATUS_LABEL = {"new": "new", "in_review": "in review", "final": "final", "disputed": "disputed"}


def badge(verdict: Verdict) -> Text:
    """A coloured four-letter verdict badge.

    The colour is a span, not the Text's own style: text appended after the badge would take
    the Text's style, painting a whole item red or green and hiding the cursor (issue 16).
    """
    label, style = VERDICT_STYLE[verdict]
    return Text.assemble((f" {label} ", style))


def clock(seconds: float | None) -> str:
    """m:ss (or h:mm:ss) for a time in seconds; a dash when unknown."""
    if seconds is None:
        return "–"
    whole = int(max(seconds, 0.0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def score_text(score: float | None) -> str:
    """A score as the queue shows it."""
    return "–" if score is None else f"{score:.0f}"
