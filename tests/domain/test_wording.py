"""Words a person reads: plurals, scores with their range, points, verdict changes."""

from __future__ import annotations

import pytest

from qa.domain.wording import change_words, plural, points_text, score_text


@pytest.mark.parametrize(
    ("count", "noun", "many", "said"),
    [(0, "call", "", "0 calls"), (1, "call", "", "1 call"), (2, "call", "", "2 calls"),
     (1, "call has", "calls have", "1 call has"), (3, "call has", "calls have", "3 calls have")],
)  # fmt: skip
def test_plurals(count: int, noun: str, many: str, said: str) -> None:
    assert plural(count, noun, many) == said


def test_scores_say_how_settled_they_are() -> None:
    assert score_text(None) == "—"
    assert score_text(92.5) == "92.5"
    assert score_text(87.5, (80.0, 100.0)) == "87.5, 80–100 until reviewed"
    assert score_text(87.5, (80.0, 100.0), short=True) == "87.5 (80–100)"
    assert score_text(0.0, (0.0, 0.0)) == "0"  # an auto-fail stays 0 whatever is decided


@pytest.mark.parametrize(
    ("verdict", "said"),
    [("pass", "15/15"), ("fail", "0/15"), ("na", "n/a"), ("uncertain", "–/15"),
     ("pending", "–/15")],
)  # fmt: skip
def test_points(verdict: str, said: str) -> None:
    assert points_text(verdict, 15.0 if verdict == "pass" else 0.0, 15.0) == said


@pytest.mark.parametrize(
    ("before", "after", "reason", "said"),
    [
        ("pending", "pass", "", "scored pass by maria"),
        ("uncertain", "fail", "", "decided fail by maria (automatic scoring was unsure)"),
        ("fail", "pass", "heard at 0:58", "changed from fail to pass by maria: heard at 0:58"),
        ("pass", "na", "", "changed from pass to n/a by maria (no reason given)"),
    ],
)
def test_changes_in_a_persons_words(before: str, after: str, reason: str, said: str) -> None:
    assert change_words(before, after, "maria", reason) == said


def test_a_list_marks_a_score_no_supervisor_finalized() -> None:
    from qa.domain.wording import PROVISIONAL_MARK, marked_score

    assert marked_score(92.5, final=True) == "92.5"
    assert marked_score(92.5, final=False) == f"{PROVISIONAL_MARK}92.5"
    assert marked_score(None, final=False) == "—"
