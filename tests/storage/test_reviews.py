"""Review persistence: overrides with reasons, finalize/reopen, comments, audit, and conflicts."""

from __future__ import annotations

import pytest

from qa.domain.call import ReviewStatus
from qa.domain.review.review import CardState
from qa.domain.scorecard import Verdict
from qa.errors import BadInputError, ConflictError
from qa.storage.store import Store
from tests.storage.records import file_record, register, scorecard


def _card(store: Store, greeting: Verdict = Verdict.PASS, closing: Verdict = Verdict.FAIL):  # type: ignore[no-untyped-def]
    (call_id,) = register(store, file_record("/r/a.wav", call_id="C-1"))
    store.save_scorecard(call_id, scorecard(greeting, closing))
    card = store.reviewed_card(call_id)
    assert card is not None
    return call_id, card


def test_an_override_keeps_the_automatic_verdict_and_recomputes_the_score(store: Store) -> None:
    call_id, card = _card(store)
    assert card.scorecard.score == pytest.approx(66.7)
    version = store.set_item_verdict(
        card.id, "closing", Verdict.PASS, expected_version=card.version, actor="maria", reason="ok"
    )
    after = store.reviewed_card(call_id)
    assert after is not None and after.version == version == card.version + 1
    closing = after.item("closing")
    assert (closing.auto_verdict, closing.result.verdict) == (Verdict.FAIL, Verdict.PASS)
    assert closing.override_reason == "ok" and closing.reviewer == "maria"
    assert after.scorecard.score == 100.0 and after.auto_score == pytest.approx(66.7)
    assert after.state == CardState.IN_REVIEW
    assert store.call(call_id).status == ReviewStatus.IN_REVIEW
    assert store.call(call_id).score == 100.0


def test_overriding_without_a_reason_is_refused_and_nothing_changes(store: Store) -> None:
    call_id, card = _card(store)
    with pytest.raises(BadInputError, match="needs a reason"):
        store.set_item_verdict(
            card.id, "closing", Verdict.PASS, expected_version=card.version, actor="maria"
        )
    assert store.reviewed_card(call_id) == card
    assert store.audit_events("scorecard", str(card.id)) == []


def test_resolving_an_uncertain_item_needs_no_reason(store: Store) -> None:
    call_id, card = _card(store, greeting=Verdict.UNCERTAIN)
    store.set_item_verdict(
        card.id, "greeting", Verdict.PASS, expected_version=card.version, actor="maria"
    )
    card = store.reviewed_card(call_id)
    assert card is not None and card.item("greeting").result.verdict == Verdict.PASS


def test_every_change_is_audited_with_before_after_and_reason(store: Store) -> None:
    _, card = _card(store)
    store.set_item_verdict(
        card.id, "closing", Verdict.NA, expected_version=1, actor="maria", reason="no close"
    )
    (event,) = store.audit_events("scorecard", str(card.id))
    assert event["actor"] == "maria" and event["action"] == "set_verdict"
    assert event["before"] == {"item": "closing", "value": "fail"}
    assert event["after"] == {"item": "closing", "value": "na", "version": 2}
    assert event["reason"] == "no close" and event["at"] is not None


def test_finalize_needs_every_item_decided_then_locks(store: Store) -> None:
    call_id, card = _card(store, greeting=Verdict.UNCERTAIN)
    with pytest.raises(BadInputError, match="uncertain or pending: Greets"):
        store.finalize_card(card.id, expected_version=1, actor="maria")
    v2 = store.set_item_verdict(card.id, "greeting", Verdict.FAIL, expected_version=1, actor="m")
    v3 = store.finalize_card(card.id, expected_version=v2, actor="maria")
    final = store.reviewed_card(call_id)
    assert final is not None and final.state == CardState.FINAL and final.version == v3
    assert final.scorecard.score == 0.0 and final.reviewed_by == "maria"
    assert store.call(call_id).status == ReviewStatus.FINAL
    with pytest.raises(BadInputError, match="final; reopen it first"):
        store.set_item_verdict(card.id, "closing", Verdict.PASS, expected_version=v3, actor="m")


def test_reopening_needs_a_reason(store: Store) -> None:
    call_id, card = _card(store)
    version = store.finalize_card(card.id, expected_version=1, actor="maria")
    with pytest.raises(BadInputError, match="needs a reason"):
        store.reopen_card(card.id, expected_version=version, actor="maria", reason=" ")
    store.reopen_card(card.id, expected_version=version, actor="maria", reason="agent disputed")
    assert store.call(call_id).status == ReviewStatus.IN_REVIEW
    actions = [e["action"] for e in store.audit_events("scorecard", str(card.id))]
    assert actions == ["finalize", "reopen"]


def test_the_second_writer_gets_a_conflict_naming_the_first_change(store: Store) -> None:
    call_id, card = _card(store)
    store.set_item_verdict(
        card.id, "closing", Verdict.PASS, expected_version=1, actor="maria", reason="heard it"
    )
    with pytest.raises(ConflictError) as raised:
        store.set_item_verdict(
            card.id, "greeting", Verdict.FAIL, expected_version=1, actor="tom", reason="no name"
        )
    (change,) = raised.value.changes
    assert change.actor == "maria" and change.item_id == "closing" and change.after == "pass"
    assert "maria" in raised.value.message
    after = store.reviewed_card(call_id)
    assert after is not None and after.item("greeting").result.verdict == Verdict.PASS
    assert after.version == 2


def test_comments_on_the_call_and_on_an_item(store: Store) -> None:
    call_id, _ = _card(store)
    store.add_comment(call_id, "maria", "good call overall")
    store.add_comment(call_id, "maria", "say the name slower", item_id="greeting", at_seconds=1.0)
    comments = store.comments(call_id)
    assert [(c.item_id, c.text) for c in comments] == [
        ("", "good call overall"),
        ("greeting", "say the name slower"),
    ]
    with pytest.raises(BadInputError):
        store.add_comment(call_id, "maria", "   ")
    assert len(store.audit_events("call", str(call_id))) == 2
