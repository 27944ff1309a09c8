"""Words a person reads: counts with the right plural, scores with their provisional range."""

from __future__ import annotations


def plural(count: int, noun: str, many: str = "") -> str:
    """ "1 call", "2 calls", "0 calls"; `many` is an irregular plural ("1 reply", "2 replies")."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def score_text(
    score: float | None, score_range: tuple[float, float] | None = None, *, short: bool = False
) -> str:
    """ "92.5" for a decided card, "87.5, 80–100 until reviewed" while items await a person
    ("87.5 (80–100)" in a narrow column), "—" when there is no score."""
    if score is None:
        return "—"
    if score_range is None or score_range == (score, score):
        return f"{score:g}"
    low, high = score_range
    if short:
        return f"{score:g} ({low:g}–{high:g})"
    return f"{score:g}, {low:g}–{high:g} until reviewed"


PROVISIONAL_MARK = "~"  # before a score no supervisor has made final yet
PROVISIONAL_NOTE = f"{PROVISIONAL_MARK} provisional score (not final yet)"


def marked_score(score: float | None, final: bool) -> str:
    """A call's current score as lists show it: "92.5" once a supervisor finalized the
    scorecard, "~92.5" while it is provisional, "—" when there is no score."""
    shown = score_text(score)
    return shown if score is None or final else PROVISIONAL_MARK + shown


# Verdicts as a sentence says them ("n/a", not "na"; "unsure" for the machine's uncertain).
VERDICT_WORDS = {
    "pass": "pass",
    "fail": "fail",
    "na": "n/a",
    "uncertain": "unsure",
    "pending": "open",
}


def points_text(verdict: str, earned: float, points: float) -> str:
    """What an item shows for its points: "15/15", "0/15", "n/a" when it does not apply (it
    carries no points either way), "–/10" while a person has still to decide it."""
    if verdict == "na":
        return "n/a"
    if verdict in ("uncertain", "pending"):
        return f"–/{points:g}"
    return f"{earned:g}/{points:g}"


def change_words(before: str, after: str, who: str, reason: str = "") -> str:
    """A verdict change in a person's words: a manual item "scored pass by maria", an item the
    machine was unsure of "decided fail by maria (automatic scoring was unsure)", an override
    "changed from fail to pass by maria: heard it at 10.2s"."""
    by = f" by {who}" if who else ""
    shown = VERDICT_WORDS.get(after, after)
    if before == "pending":
        text = f"scored {shown}{by}"
    elif before == "uncertain":
        text = f"decided {shown}{by} (automatic scoring was unsure)"
    else:
        text = f"changed from {VERDICT_WORDS.get(before, before)} to {shown}{by}"
        return text + (f": {reason}" if reason else " (no reason given)")
    return text + (f": {reason}" if reason else "")
