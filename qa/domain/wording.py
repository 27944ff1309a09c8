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
