"""Calibration statistics: how often raters agree on an item's verdict, and how far beyond chance.

Kappa is (observed - chance) / (1 - chance). When chance agreement is 1 (every rater always gave
the one same verdict) the ratio is 0/0; we define kappa as 1.0 there, because observed agreement
is then perfect too. Note the paradox this hides: high percent agreement on a verdict that is
nearly always given can still yield a low kappa. Show both, as calibration sessions do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

NOT_RATED = frozenset({"pending"})  # verdicts that mean nobody has scored the item yet


def _chance_corrected(observed: float, chance: float) -> float:
    return 1.0 if chance >= 1.0 else (observed - chance) / (1.0 - chance)


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's kappa of two raters who rated the same subjects (first[i] and second[i])."""
    if len(first) != len(second) or not first:
        raise ValueError("Cohen's kappa needs two equally long, non-empty lists of ratings")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    share_a, share_b = Counter(first), Counter(second)
    chance = sum(share_a[c] * share_b[c] for c in share_a) / (n * n)
    return _chance_corrected(observed, chance)


def _pair_agreement(ratings: Sequence[Hashable]) -> float:
    """Share of agreeing pairs among one subject's ratings (Fleiss' P_i)."""
    n = len(ratings)
    return sum(c * (c - 1) for c in Counter(ratings).values()) / (n * n - n)


def _rated(subjects: Sequence[Sequence[Hashable]]) -> list[Sequence[Hashable]]:
    rated = [s for s in subjects if len(s) >= 2]
    if not rated:
        raise ValueError("agreement needs at least one subject rated by two or more raters")
    return rated


def percent_agreement(subjects: Sequence[Sequence[Hashable]]) -> float:
    """Share of agreeing rater pairs, averaged over subjects with two or more ratings (0-1).

    For two raters this is simply the share of subjects they rated alike.
    """
    rated = _rated(subjects)
    return sum(_pair_agreement(s) for s in rated) / len(rated)


def fleiss_kappa(subjects: Sequence[Sequence[Hashable]]) -> float:
    """Fleiss' kappa (Fleiss 1971); each subject is the list of ratings it received.

    Subjects with fewer than two ratings are skipped. With an equal number of raters per subject
    this is exactly Fleiss' statistic; with unequal numbers, category shares are taken over all
    ratings and each subject's pair agreement over its own raters (the usual generalisation).
    """
    rated = _rated(subjects)
    totals = Counter(r for s in rated for r in s)
    count = sum(totals.values())
    chance = sum((c / count) ** 2 for c in totals.values())
    observed = sum(_pair_agreement(s) for s in rated) / len(rated)
    return _chance_corrected(observed, chance)


@dataclass(frozen=True, slots=True)
class Rating:
    """One rater's verdict on one rubric item of one call."""

    call: str
    item: str
    rater: str  # a supervisor's login, or the automatic scorer's name
    verdict: str


@dataclass(frozen=True, slots=True)
class ItemAgreement:
    """How well raters agreed on one rubric item over the calls they all scored."""

    item: str
    calls: int  # calls with two or more ratings of this item
    raters: int
    percent: float | None  # 0-1; None when no call was rated twice
    kappa: float | None
    method: str  # "cohen" for two raters, "fleiss" for more, "" when not computable


def _by_item(ratings: Iterable[Rating]) -> dict[str, dict[str, dict[str, str]]]:
    """item -> call -> rater -> verdict; a later rating by the same rater replaces an earlier."""
    table: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for r in ratings:
        if r.verdict not in NOT_RATED:
            table[r.item][r.call][r.rater] = r.verdict
    return table


def _agreement(item: str, calls: dict[str, dict[str, str]]) -> ItemAgreement:
    shared = [by_rater for by_rater in calls.values() if len(by_rater) >= 2]
    raters = sorted({rater for by_rater in shared for rater in by_rater})
    if not shared:
        return ItemAgreement(item, 0, len(raters), None, None, "")
    subjects = [list(by_rater.values()) for by_rater in shared]
    if len(raters) == 2:
        first = [by_rater[raters[0]] for by_rater in shared]
        second = [by_rater[raters[1]] for by_rater in shared]
        kappa, method = cohen_kappa(first, second), "cohen"
    else:
        kappa, method = fleiss_kappa(subjects), "fleiss"
    return ItemAgreement(item, len(shared), len(raters), percent_agreement(subjects), kappa, method)


def item_agreement(ratings: Iterable[Rating]) -> list[ItemAgreement]:
    """Agreement per rubric item (sorted by item id) among the raters of the same calls."""
    return [_agreement(item, calls) for item, calls in sorted(_by_item(ratings).items())]


def scorer_agreement(ratings: Iterable[Rating], scorer: str) -> list[ItemAgreement]:
    """Per item, agreement of supervisors with the automatic scorer (`scorer` is its rater name).

    Every (supervisor, call) pair with a scorer verdict on the same call counts once; Cohen's kappa
    is taken over those pooled pairs. Filter `ratings` to one supervisor for a personal figure.
    """
    return [_against(item, calls, scorer) for item, calls in sorted(_by_item(ratings).items())]


def _against(item: str, calls: dict[str, dict[str, str]], scorer: str) -> ItemAgreement:
    shared = [by_rater for by_rater in calls.values() if scorer in by_rater and len(by_rater) > 1]
    pairs = [
        (verdict, by_rater[scorer])
        for by_rater in shared
        for rater, verdict in by_rater.items()
        if rater != scorer
    ]
    supervisors = len({rater for by_rater in shared for rater in by_rater} - {scorer})
    if not pairs:
        return ItemAgreement(item, 0, supervisors, None, None, "")
    human, machine = [p[0] for p in pairs], [p[1] for p in pairs]
    percent = sum(a == b for a, b in pairs) / len(pairs)
    return ItemAgreement(
        item, len(shared), supervisors, percent, cohen_kappa(human, machine), "cohen"
    )
