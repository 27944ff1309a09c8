"""Accuracy of automatic verdicts against verdicts people gave: per-item F1, kappa, confusion.

An automatic `uncertain` sends the item to a supervisor; it counts as "not pass" (so it is right
when the label is fail, wrong when the label is pass). Precision, recall and F1 are of the
`pass` verdict; kappa compares pass / fail / na with uncertain read as fail. A `pending` label
marks a manual item (scored by a supervisor): it is kept apart, not compared.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from qa.domain.calibration.agreement import cohen_kappa
from qa.domain.scorecard import ItemResult, Scorecard, Verdict

LABEL_VERDICTS = ("pass", "fail", "na")
MANUAL_LABEL = "pending"  # a manual item: nothing automatic to measure


@dataclass(frozen=True, slots=True)
class Label:
    """What a person decided for one item of one call."""

    call: str
    item: str
    verdict: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A call and item where the automatic verdict differs from the label."""

    label: Label
    result: ItemResult


@dataclass(frozen=True, slots=True)
class ItemAccuracy:
    """How well automatic scoring did on one rubric item."""

    item: str
    calls: int
    precision: float
    recall: float
    f1: float
    kappa: float
    uncertain: int
    false_passes: int  # labelled fail or na, scored pass: the costly mistake


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Per-item accuracy, the label x verdict confusion counts, and every disagreement."""

    items: tuple[ItemAccuracy, ...]
    confusion: dict[tuple[str, str], int]
    disagreements: tuple[Disagreement, ...]
    missing: tuple[Label, ...]  # labels for calls or items that were not scored
    manual: tuple[Label, ...] = ()  # `pending` labels: manual items, not measured


def read_labels(text: str, source: str = "labels.csv") -> list[Label]:
    """Rows `call,item,verdict` (a header row is required); raises ValueError naming the row.

    `verdict` is pass, fail, na, or pending for a manual item.
    """
    rows = list(csv.DictReader(io.StringIO(text)))
    labels = []
    for number, row in enumerate(rows, start=2):
        verdict = (row.get("verdict") or "").strip().lower()
        known = verdict in LABEL_VERDICTS or verdict == MANUAL_LABEL
        if not known or not row.get("call") or not row.get("item"):
            raise ValueError(
                f"{source}:{number}: need call,item,verdict with verdict pass, fail, na or pending"
            )
        labels.append(Label(row["call"].strip(), row["item"].strip(), verdict))
    return labels


def _collapsed(verdict: Verdict) -> str:
    return "fail" if verdict == Verdict.UNCERTAIN else verdict.value


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _accuracy(item: str, pairs: list[tuple[Label, ItemResult]]) -> ItemAccuracy:
    said = [lab.verdict == "pass" for lab, _ in pairs]
    got = [res.verdict == Verdict.PASS for _, res in pairs]
    tp = sum(s and g for s, g in zip(said, got, strict=True))
    precision, recall = _ratio(tp, sum(got)), _ratio(tp, sum(said))
    f1 = _ratio(2 * tp, sum(got) + sum(said))
    kappa = cohen_kappa(
        [lab.verdict for lab, _ in pairs], [_collapsed(r.verdict) for _, r in pairs]
    )
    uncertain = sum(r.verdict == Verdict.UNCERTAIN for _, r in pairs)
    false_passes = sum(g and not s for s, g in zip(said, got, strict=True))
    return ItemAccuracy(item, len(pairs), precision, recall, f1, kappa, uncertain, false_passes)


def evaluate(labels: list[Label], cards: dict[str, Scorecard]) -> EvalReport:
    """Compare labels with the scorecards of the same calls (keyed by call name)."""
    by_item: dict[str, list[tuple[Label, ItemResult]]] = {}
    missing: list[Label] = []
    manual = [label for label in labels if label.verdict == MANUAL_LABEL]
    for label in labels:
        if label.verdict == MANUAL_LABEL:
            continue
        card = cards.get(label.call)
        result = next((i for i in card.items if i.item_id == label.item), None) if card else None
        if result is None:
            missing.append(label)
            continue
        by_item.setdefault(label.item, []).append((label, result))
    pairs = [p for group in by_item.values() for p in group]
    confusion = Counter((lab.verdict, res.verdict.value) for lab, res in pairs)
    return EvalReport(
        items=tuple(_accuracy(item, group) for item, group in by_item.items()),
        confusion=dict(confusion),
        disagreements=tuple(
            Disagreement(lab, res) for lab, res in pairs if res.verdict.value != lab.verdict
        ),
        missing=tuple(missing),
        manual=tuple(manual),
    )
