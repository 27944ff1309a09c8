"""Re-scoring never replaces a review: a finished review survives `qa score --all` and
`qa run --all` with a changed rubric; the new automatic version waits beside it for a supervisor."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.review.review import ReviewedCard
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from tests.pipeline.runs.test_run import two_call_workspace
from tests.qa_main import run_qa

OLD_GREETING = (
    'all = [["thank you for calling {business}", "you\'ve reached {business}", '
    '"welcome to {business}"],'
)
NEW_GREETING = 'all = [["good morning from {business}"],'


@pytest.fixture
def reviewed(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """C-1001 reviewed and final (one override with a reason, a comment); C-1008 untouched."""
    root = two_call_workspace(tmp_path, database_url, monkeypatch)
    assert run_qa("run", "--engine", "file").exit_code == 0
    _ok("verdict", "C-1001", "demeanor", "pass")
    _ok("verdict", "C-1001", "closing", "fail", "--reason", "Closing was rushed, heard at 0:50")
    with Store.open(database_url) as store:
        call_id = store.call_by_ref("C-1001").id
        ReviewService(store, "root").comment(call_id, "Great opening; coach the closing.")
    _ok("finalize", "C-1001")
    return root


def _ok(*args: str) -> str:
    done = run_qa(*args)
    assert done.exit_code == 0, done.stdout + done.stderr
    return done.stdout


def _snapshot(url: str) -> tuple[ReviewedCard | None, list[object], str]:
    with Store.open(url) as store:
        call_id = store.call_by_ref("C-1001").id
        return store.reviewed_card(call_id), store.comments(call_id), store.call(call_id).status


def _change_rubric(root: Path) -> None:
    path = root / "rubrics" / "acme_inbound.toml"
    text = path.read_text(encoding="utf-8")
    assert OLD_GREETING in text
    path.write_text(text.replace(OLD_GREETING, NEW_GREETING), encoding="utf-8")


def test_a_final_review_survives_rescoring_with_a_changed_rubric(
    reviewed: Path, database_url: str
) -> None:
    card, comments, status = _snapshot(database_url)
    assert card is not None and card.state == "final"
    _change_rubric(reviewed)

    rescored = _ok("score", "--all")
    assert "1 reviewed call kept; 1 would now differ" in rescored
    assert "greeting: pass (review) → " in rescored  # the new greeting is not said
    assert "→ pass (automatic)" not in rescored
    assert "closing" not in rescored  # the supervisor's override stands under either rubric
    _ok("run", "--all", "--engine", "file")

    after, comments_after, status_after = _snapshot(database_url)
    assert after == card  # same id, version, state, score, verdicts, overrides and reasons
    assert comments_after == comments and status_after == status == "final"
    assert after is not None and after.item("closing").override_reason.startswith("Closing")
    with Store.open(database_url) as store:
        other = store.scorecard(store.call_by_ref("C-1008").id)
        assert other is not None and other.items[0].verdict.value != "pass"  # unreviewed: rescored


def test_a_supervisor_keeps_the_review_or_accepts_the_new_verdicts(
    reviewed: Path, database_url: str
) -> None:
    card, _, _ = _snapshot(database_url)
    _change_rubric(reviewed)
    _ok("score")
    listed = _ok("rescore", "list")
    assert "C-1001" in listed and "greeting" in listed and "C-1008" not in listed

    _ok("rescore", "keep", "C-1001", "--reason", "The old greeting rule applies to November")
    assert _snapshot(database_url)[0] == card
    assert "0 reviewed calls" in _ok("rescore", "list")
    assert "kept" not in _ok("score")  # a declined version is not proposed again

    _ok("score", "--all")
    _ok("rescore", "accept", "C-1001", "--reason", "Coach to the new greeting")
    accepted, comments, status = _snapshot(database_url)
    assert accepted is not None and card is not None
    assert accepted.id != card.id and accepted.state == "in_review" and status == "in_review"
    assert accepted.item("greeting").result.verdict.value in ("fail", "uncertain")
    # where the automatic verdict did not change, the supervisor's decision stays, with its reason
    assert accepted.item("closing").result.verdict.value == "fail"
    assert accepted.item("closing").override_reason.startswith("Closing was rushed")
    assert accepted.item("demeanor").result.verdict.value == "pass"
    assert comments  # the comments stay on the call
    with Store.open(database_url) as store:
        history = store.scorecard_history(store.call_by_ref("C-1001").id)
        assert any(h.score == card.scorecard.score for h in history)  # the old review is kept
    actions = _audit_actions(database_url)
    assert {"propose_rescore", "keep_review", "accept_rescore"} <= actions


def _audit_actions(url: str) -> set[str]:
    from sqlmodel import Session, select

    from qa.storage.tables.tables import AuditEventRow

    with Store.open(url) as store, Session(store.engine) as session:
        return {e.action for e in session.exec(select(AuditEventRow)).all()}


def test_review_commands_refuse_bad_input_in_one_line(reviewed: Path) -> None:
    override = run_qa("verdict", "C-1008", "courtesy", "pass")
    assert override.exit_code == 2 and "needs a reason" in override.stderr
    unknown = run_qa("verdict", "C-1008", "nosuch", "pass")
    assert unknown.exit_code == 2 and "No item 'nosuch'" in unknown.stderr
    reopen = run_qa("reopen", "C-1001", "--reason", "recheck")
    assert reopen.exit_code == 0, reopen.stderr
    assert "in_review" in reopen.stdout


def test_the_review_service_offers_the_same_decision(reviewed: Path, database_url: str) -> None:
    _change_rubric(reviewed)
    _ok("score")
    with Store.open(database_url) as store:
        call_id = store.call_by_ref("C-1001").id
        service = ReviewService(store, "root")
        pending = service.pending_rescore(call_id)
        assert pending is not None and [c.item_id for c in pending.changes] == ["greeting"]
        kept = service.keep_review(call_id, "November rules")
        assert kept.state == "final" and service.pending_rescore(call_id) is None


def test_the_store_refuses_to_replace_a_reviewed_scorecard(
    reviewed: Path, database_url: str
) -> None:
    from qa.errors import ConflictError

    with Store.open(database_url) as store:
        call_id = store.call_by_ref("C-1001").id
        card = store.scorecard(call_id)
        assert card is not None
        with pytest.raises(ConflictError):
            store.save_scorecard(call_id, card)
    assert _snapshot(database_url)[0] is not None
