"""What taking new automatic verdicts would change in a review: only items whose automatic
verdict changed; a person's decision on an unchanged item stays."""

from __future__ import annotations

from qa.domain.review.rescore import ABSENT, carried_over, differences, touched


def test_an_unchanged_automatic_verdict_keeps_the_persons_decision() -> None:
    old_auto = {"greeting": "pass", "closing": "pass", "demeanor": "pending"}
    reviewed = {"greeting": "pass", "closing": "fail", "demeanor": "pass"}
    fresh = {"greeting": "fail", "closing": "pass", "demeanor": "pending"}
    assert carried_over(old_auto, reviewed, fresh) == {"closing": "fail", "demeanor": "pass"}
    changes = differences(old_auto, reviewed, fresh)
    assert [(c.item_id, c.reviewed, c.automatic) for c in changes] == [("greeting", "pass", "fail")]


def test_items_a_new_rubric_adds_or_drops_are_differences() -> None:
    changes = differences({"a": "pass"}, {"a": "pass"}, {"b": "fail"})
    assert {(c.item_id, c.reviewed, c.automatic) for c in changes} == {
        ("b", ABSENT, "fail"), ("a", "pass", ABSENT),
    }  # fmt: skip


def test_the_same_scoring_changes_nothing() -> None:
    auto = {"a": "pass", "b": "uncertain"}
    assert differences(auto, {"a": "fail", "b": "pass"}, auto) == ()


def test_a_touched_scorecard_is_one_a_person_worked_on() -> None:
    assert not touched("automatic", "new")
    assert touched("final", "final") and touched("", "disputed") and touched("in_review", "new")
