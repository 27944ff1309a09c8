"""Disputes and acknowledgements: agents answer final scorecards, supervisors settle them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.calibration.evaluation import read_labels
from qa.domain.call import ReviewStatus
from qa.domain.review.review import CardState
from qa.domain.scorecard import Verdict
from qa.errors import AccessDeniedError, BadInputError, ConflictError, NotFoundError
from qa.pipeline.access.identity import Identity
from qa.pipeline.disputes import disputes
from qa.pipeline.review.review import ReviewService, queue_filter
from qa.pipeline.scoring.check import read_transcript_file
from qa.storage.queue import QueueSort
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.pipeline.disputes.test_replay_data import SUPERVISOR, reviewed

SARAH = Identity("sarah", "agent", "sarah.k")
TOM = Identity("tom", "agent", "tom.b")
MARIA = Identity(SUPERVISOR, "supervisor")


@pytest.fixture
def ids(store: Store, tmp_path: Path) -> dict[str, int]:
    return reviewed(store, tmp_path)


def _status(store: Store, call_id: int) -> ReviewStatus:
    return store.call(call_id).status


def _actions(store: Store, call_id: int) -> list[str]:
    return [e["action"] for e in store.audit_events("call", str(call_id))]


def test_a_dispute_puts_the_call_in_the_supervisors_queue(store: Store, ids: dict) -> None:
    found = disputes.dispute_item(store, SARAH, "C-1001", "closing", "I offered more help at 10s")
    assert found.open and found.raised_by == "sarah" and found.item_id == "closing"
    assert _status(store, ids["C-1001"]) == ReviewStatus.DISPUTED
    assert [d.id for d in disputes.open_disputes(store, MARIA)] == [found.id]
    assert "dispute" in _actions(store, ids["C-1001"])


def test_overturning_changes_the_verdict_and_recomputes_the_score(store: Store, ids: dict) -> None:
    before = store.reviewed_card(ids["C-1001"])
    assert before is not None and before.item("closing").result.verdict == Verdict.FAIL
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "I offered more help")
    done = disputes.resolve(
        store, MARIA, "C-1001", "closing", overturn=True, reason="heard it at 10.2s"
    )
    assert done.dispute.status == "overturned" and done.dispute.resolved_by == SUPERVISOR
    assert done.card.item("closing").result.verdict == Verdict.PASS
    assert done.card.state == CardState.FINAL
    assert done.card.scorecard.score == 100.0 > before.scorecard.score
    assert _status(store, ids["C-1001"]) == ReviewStatus.FINAL
    assert disputes.open_disputes(store, MARIA) == []
    assert {"dispute", "dispute_overturned"} <= set(_actions(store, ids["C-1001"]))
    changes = store.changes_since(done.card.id, before.version)
    assert [c.action for c in changes] == ["reopen", "set_verdict", "finalize"]


def test_upholding_keeps_the_verdict_and_tells_the_agent_why(store: Store, ids: dict) -> None:
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "I offered more help")
    done = disputes.resolve(store, MARIA, "C-1001", "closing", overturn=False, reason="not heard")
    assert done.card.item("closing").result.verdict == Verdict.FAIL
    seen = store.disputes(ids["C-1001"])
    assert [(d.status, d.resolution) for d in seen] == [("upheld", "not heard")]
    assert _status(store, ids["C-1001"]) == ReviewStatus.FINAL


def test_the_call_stays_disputed_while_any_item_is_open(store: Store, ids: dict) -> None:
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "said it")
    disputes.dispute_item(store, SARAH, "C-1001", "demeanor", "I was friendly")
    disputes.resolve(store, MARIA, "C-1001", "closing", overturn=True, reason="yes")
    assert _status(store, ids["C-1001"]) == ReviewStatus.DISPUTED
    disputes.resolve(store, MARIA, "C-1001", "demeanor", overturn=False, reason="fine as is")
    assert _status(store, ids["C-1001"]) == ReviewStatus.FINAL


@pytest.mark.parametrize(
    ("ref", "item", "reason", "words"),
    [
        ("C-1003", "closing", "x", "not final"),
        ("C-1001", "nope", "x", "No item 'nope'"),
        ("C-1001", "closing", "  ", "needs a reason"),
    ],
)
def test_a_dispute_that_cannot_stand_is_refused_and_nothing_is_written(
    store: Store, ids: dict, ref: str, item: str, reason: str, words: str
) -> None:
    with pytest.raises(BadInputError, match=words):
        disputes.dispute_item(store, SARAH, ref, item, reason)
    assert store.disputes() == []
    assert _status(store, ids[ref]) != ReviewStatus.DISPUTED


def test_an_item_is_disputed_once_at_a_time(store: Store, ids: dict) -> None:
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "said it")
    with pytest.raises(BadInputError, match="already disputed"):
        disputes.dispute_item(store, SARAH, "C-1001", "closing", "really")


def test_acknowledging_closes_the_scorecard_to_disputes(store: Store, ids: dict) -> None:
    done = disputes.acknowledge(store, SARAH, "C-1001")
    assert done.status == "acknowledged"
    with pytest.raises(BadInputError, match="already acknowledged"):
        disputes.acknowledge(store, SARAH, "C-1001")
    with pytest.raises(BadInputError, match="acknowledged"):
        disputes.dispute_item(store, SARAH, "C-1001", "closing", "changed my mind")
    assert "acknowledge" in _actions(store, ids["C-1001"])
    assert _status(store, ids["C-1001"]) == ReviewStatus.FINAL


def test_only_agents_dispute_and_only_supervisors_resolve(store: Store, ids: dict) -> None:
    with pytest.raises(BadInputError, match="Only the agent"):
        disputes.dispute_item(store, MARIA, "C-1001", "closing", "x")
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "x")
    with pytest.raises(AccessDeniedError):
        disputes.resolve(store, SARAH, "C-1001", "closing", overturn=True, reason="me")
    with pytest.raises(AccessDeniedError):
        disputes.open_disputes(store, SARAH)


def test_an_agent_cannot_dispute_another_agents_call(store: Store, ids: dict) -> None:
    with pytest.raises(NotFoundError, match="No call 'C-1002'"):
        disputes.dispute_item(store, SARAH, "C-1002", "closing", "x")
    with pytest.raises(NotFoundError) as other:
        disputes.acknowledge(store, SARAH, str(ids["C-1002"]))
    with pytest.raises(NotFoundError) as missing:
        disputes.acknowledge(store, SARAH, "999")
    assert other.value.message == missing.value.message.replace("999", str(ids["C-1002"]))


def test_resolving_needs_an_open_dispute_of_that_item(store: Store, ids: dict) -> None:
    with pytest.raises(NotFoundError, match="No open dispute of item 'closing'"):
        disputes.resolve(store, MARIA, "C-1001", "closing", overturn=True, reason="x")


def test_an_overturn_on_a_card_someone_changed_meanwhile_writes_nothing(
    store: Store, ids: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "said it")
    real_card, seen = disputes.ReviewService.card, []

    def stale(service: disputes.ReviewService, call_id: int):  # type: ignore[no-untyped-def]
        card = seen[0] if seen else real_card(service, call_id)
        if not seen:  # another supervisor reopens it just after we read it
            store.reopen_card(card.id, expected_version=card.version, actor="other", reason="x")
            seen.append(card)
        return card  # the version read before the other supervisor's change

    monkeypatch.setattr(disputes.ReviewService, "card", stale)
    with pytest.raises(ConflictError):
        disputes.resolve(store, MARIA, "C-1001", "closing", overturn=True, reason="x")
    assert [d.status for d in store.disputes()] == ["open"]


def test_overturned_disputes_become_labelled_cases_for_qa_eval(
    store: Store, ids: dict, workspace: Workspace, tmp_path: Path
) -> None:
    disputes.dispute_item(store, SARAH, "C-1001", "closing", "said it")
    disputes.dispute_item(store, TOM, "C-1002", "greeting", "x")
    disputes.resolve(store, MARIA, "C-1001", "closing", overturn=True, reason="heard it")
    disputes.resolve(store, MARIA, "C-1002", "greeting", overturn=False, reason="right")
    out = tmp_path / "eval"
    done = disputes.export_eval(store, MARIA, out)
    assert (done.calls, done.labels) == (1, 1)
    labels = read_labels((out / "labels.csv").read_text(encoding="utf-8"))
    assert [(lab.item, lab.verdict) for lab in labels] == [("closing", "pass")]
    case = read_transcript_file(out / f"{labels[0].call}.json")
    assert case.meta["agent"] == "sarah.k" and len(case.transcript.segments) == 6
    rubric = workspace.rubrics_dir / "acme_inbound.toml"
    result = CliRunner().invoke(app, ["eval", str(out), "--rubric", str(rubric)])
    assert result.exit_code == 0, result.output
    assert "closing" in result.output and "disagreement" in result.output


def test_the_command_line_flow_from_dispute_to_eval_cases(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(workspace.database_url) as store:
        ids = reviewed(store, tmp_path)
    runner = CliRunner()
    monkeypatch.setenv("QA_LOGIN", "sarah")
    said = runner.invoke(app, ["dispute", "C-1001", "--item", "closing", "--reason", "asked"])
    assert said.exit_code == 0, said.output
    refused = runner.invoke(app, ["resolve", "C-1001", "--item", "closing", "--overturn",
                                  "--reason", "mine"])  # fmt: skip
    assert isinstance(refused.exception, AccessDeniedError)
    monkeypatch.setenv("QA_LOGIN", SUPERVISOR)
    with Store.open(workspace.database_url) as store:
        queue = ReviewService(store, SUPERVISOR).queue(queue_filter("status:disputed"), QueueSort())
        assert [r.call_ref for r in queue.rows] == ["C-1001"]
    listed = runner.invoke(app, ["disputes", "list"])
    assert "asked" in listed.output and "closing" in listed.output
    both = runner.invoke(app, ["resolve", "C-1001", "--item", "closing", "--reason", "x"])
    assert both.exit_code != 0 and "exactly one" in str(both.exception)
    done = runner.invoke(app, ["resolve", "C-1001", "--item", "closing", "--overturn",
                               "--reason", "heard it"])  # fmt: skip
    assert done.exit_code == 0 and "overturned; score now 100" in done.output
    out = tmp_path / "cases"
    exported = runner.invoke(app, ["disputes", "export-eval", str(out)])
    assert "1 label from 1 call written" in exported.output
    grant = runner.invoke(app, ["db", "grant-agent", "sarah"])
    assert grant.exit_code != 0 and "only on PostgreSQL" in grant.exception.message
    assert ids["C-1001"] == 1
