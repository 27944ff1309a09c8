"""Review rules: reasons for overrides, when finalize and reopen are allowed, who may review."""

from __future__ import annotations

import pytest

from qa.domain.review.review import (
    CardState,
    Change,
    finalize_refusal,
    reason_required,
    reopen_refusal,
    review_role,
    verdict_refusal,
    with_verdict,
)
from qa.domain.scorecard import ItemResult, RubricRef, Scorecard, Verdict

V = Verdict


@pytest.mark.parametrize(
    ("auto", "new", "needed"),
    [
        (V.PASS, V.FAIL, True),
        (V.FAIL, V.NA, True),
        (V.PASS, V.PASS, False),
        (V.UNCERTAIN, V.FAIL, False),
        (V.PENDING, V.PASS, False),
    ],
)
def test_only_overriding_a_decided_verdict_needs_a_reason(auto: V, new: V, needed: bool) -> None:
    assert reason_required(auto, new) is needed


def test_verdict_refusals() -> None:
    assert verdict_refusal(CardState.IN_REVIEW, V.PASS, V.FAIL, "").startswith("overriding")
    assert verdict_refusal(CardState.IN_REVIEW, V.PASS, V.FAIL, "no name") == ""
    assert "final" in verdict_refusal(CardState.FINAL, V.PASS, V.FAIL, "why")
    assert "not uncertain" in verdict_refusal(CardState.AUTOMATIC, V.PASS, V.UNCERTAIN, "x")


def _card(*verdicts: V) -> Scorecard:
    items = tuple(
        ItemResult(f"i{n}", "", "", v, 10, critical=n == 0) for n, v in enumerate(verdicts)
    )
    return Scorecard(RubricRef("r", "1", "x"), items)


def test_finalize_waits_for_open_items_and_the_score_follows_the_verdicts() -> None:
    card = _card(V.PASS, V.UNCERTAIN, V.PENDING)
    assert "2 items still uncertain or pending" in finalize_refusal(CardState.AUTOMATIC, card.items)
    decided = with_verdict(with_verdict(card, "i1", V.PASS), "i2", V.NA)
    assert finalize_refusal(CardState.IN_REVIEW, decided.items) == ""
    assert decided.score == 100.0
    assert with_verdict(decided, "i0", V.FAIL).score == 0.0  # critical fail: auto-fail
    with pytest.raises(KeyError):
        with_verdict(card, "nope", V.PASS)


def test_reopen_needs_a_final_card_and_a_reason() -> None:
    assert reopen_refusal(CardState.FINAL, "agent disputed") == ""
    assert "reason" in reopen_refusal(CardState.FINAL, "  ")
    assert "only a final" in reopen_refusal(CardState.IN_REVIEW, "x")


@pytest.mark.parametrize(
    ("login", "role"), [("Maria", "supervisor"), ("root", "admin"), ("sarah", "agent"), ("x", "")]
)
def test_roles_come_from_access_then_agent_logins(login: str, role: str) -> None:
    access = {"supervisors": ["maria"], "admins": ["root"]}
    assert review_role(login, access, {"sarah", ""}) == role


@pytest.mark.parametrize(
    ("action", "item_id", "before", "after", "said"),
    [
        ("finalize", "", "in_review", "final", "root finalized the scorecard"),
        ("reopen", "", "final", "in_review", "root reopened the scorecard"),
        ("set_verdict", "closing", "fail", "pass", "root set item closing to pass (was fail)"),
    ],
)
def test_changes_read_as_sentences(
    action: str, item_id: str, before: str, after: str, said: str
) -> None:
    change = Change("root", None, action, item_id, before, after, "", 2)
    assert change.describe() == said
