"""Accuracy figures of automatic scoring against labels: F1 of pass, kappa, disagreements."""

from __future__ import annotations

import pytest

from qa.domain.calibration.evaluation import Label, evaluate, read_labels
from qa.domain.scorecard import ItemResult, RubricRef, Scorecard, Verdict

REF = RubricRef("R", "1", "x")


def _card(verdict: str) -> Scorecard:
    return Scorecard(REF, (ItemResult("greeting", "Greeting", "", Verdict(verdict), 10.0),))


def test_uncertain_counts_as_not_pass_and_false_passes_are_counted() -> None:
    labels = [
        Label("a", "greeting", "pass"),
        Label("b", "greeting", "fail"),
        Label("c", "greeting", "fail"),
        Label("d", "greeting", "pass"),
        Label("e", "greeting", "na"),
    ]
    cards = {
        "a": _card("pass"),
        "b": _card("uncertain"),
        "c": _card("pass"),
        "d": _card("fail"),
        "e": _card("na"),
    }
    report = evaluate(labels + [Label("zz", "greeting", "pass")], cards)
    (acc,) = report.items
    assert (acc.precision, acc.recall, round(acc.f1, 3)) == (0.5, 0.5, 0.5)
    assert acc.uncertain == 1 and acc.false_passes == 1 and acc.calls == 5
    assert report.confusion[("fail", "uncertain")] == 1
    assert {d.label.call for d in report.disagreements} == {"b", "c", "d"}
    assert [m.call for m in report.missing] == ["zz"]


def test_perfect_agreement() -> None:
    labels = [Label("a", "greeting", "pass"), Label("b", "greeting", "fail")]
    report = evaluate(labels, {"a": _card("pass"), "b": _card("fail")})
    assert report.items[0].f1 == 1.0 and report.items[0].kappa == 1.0 and not report.disagreements


def test_pending_labels_are_manual_items_kept_apart() -> None:
    labels = read_labels("call,item,verdict\na,greeting,pass\na,demeanor,pending\n")
    report = evaluate(labels, {"a": _card("pass")})
    assert [m.item for m in report.manual] == ["demeanor"] and not report.missing
    assert report.items[0].calls == 1 and not report.disagreements


def test_read_labels() -> None:
    labels = read_labels("call,item,verdict\nc1,greeting,PASS\nc2,closing,na\n")
    assert labels == [Label("c1", "greeting", "pass"), Label("c2", "closing", "na")]
    with pytest.raises(ValueError, match="labels.csv:3"):
        read_labels("call,item,verdict\nc1,greeting,pass\nc2,closing,maybe\n")
