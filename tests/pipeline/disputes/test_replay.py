"""Agent replay: self-assessment before the verdicts, then both side by side."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa.domain.scorecard import Verdict
from qa.domain.transcript import Segment
from qa.errors import BadInputError
from qa.pipeline.access.identity import Identity
from qa.pipeline.disputes.replay import AgentReplayService
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.pipeline.disputes.test_replay_data import CLOSING_HINT, TRANSCRIPT, reviewed

SARAH = Identity("sarah", "agent", "sarah.k")


@pytest.fixture
def ids(store: Store, tmp_path: Path) -> dict[str, int]:
    return reviewed(store, tmp_path)


@pytest.fixture
def service(store: Store, ids: dict) -> AgentReplayService:
    return AgentReplayService(store, SARAH)


def test_before_revealing_the_scorecard_shows_no_verdicts(
    service: AgentReplayService, ids: dict
) -> None:
    detail = service.detail(ids["C-1001"])
    assert not detail.revealed
    results = [i.result for i in detail.card.items]
    assert [r.item_id for r in results] == ["greeting", "disclosure", "closing", "demeanor"]
    assert {r.verdict for r in results} == {Verdict.PENDING}
    assert not any(r.evidence or r.reason or r.hint for r in results)
    assert detail.comments == ()


def test_self_scores_are_kept_apart_and_compared_after_revealing(
    service: AgentReplayService, store: Store, ids: dict
) -> None:
    official = store.scorecard(ids["C-1001"])
    service.self_assess(ids["C-1001"], "closing", Verdict.PASS)
    service.self_assess(ids["C-1001"], "greeting", Verdict.FAIL)
    service.self_assess(ids["C-1001"], "greeting", Verdict.PASS)  # changed my mind
    detail = service.reveal(ids["C-1001"])
    assert store.scorecard(ids["C-1001"]) == official
    assert detail.self_verdicts == {"closing": Verdict.PASS, "greeting": Verdict.PASS}
    assert [i.result.item_id for i in detail.card.items if detail.differs(i.result.item_id)] == [
        "closing"
    ]
    assert detail.card.item("closing").result.hint == CLOSING_HINT
    with pytest.raises(BadInputError, match="already seen"):
        service.self_assess(ids["C-1001"], "demeanor", Verdict.PASS)


@pytest.mark.parametrize(
    ("item", "verdict", "words"),
    [("closing", Verdict.UNCERTAIN, "pass, fail or na"), ("nope", Verdict.PASS, "No item")],
)
def test_a_self_score_must_be_a_decision_on_a_rubric_item(
    service: AgentReplayService, ids: dict, item: str, verdict: Verdict, words: str
) -> None:
    with pytest.raises(BadInputError, match=words):
        service.self_assess(ids["C-1001"], item, verdict)


def test_disputing_from_replay_reveals_and_records_the_outcome(
    service: AgentReplayService, ids: dict
) -> None:
    detail = service.dispute(ids["C-1001"], "closing", "I offered more help at 10s")
    assert detail.revealed
    dispute = detail.dispute_of("closing")
    assert dispute is not None and dispute.open and dispute.reason == "I offered more help at 10s"


def test_acknowledging_from_replay(service: AgentReplayService, ids: dict) -> None:
    assert service.acknowledge(ids["C-1001"]).acknowledged


def test_agents_never_hear_audio_whose_redaction_is_incomplete(
    store: Store, ids: dict, workspace: Workspace
) -> None:
    service = AgentReplayService(store, SARAH, workspace)
    assert service.detail(ids["C-1001"]).audio is not None  # nothing personal in it: plays
    card_read_out = Segment(3.0, 6.0, "customer", "my card is 4111 1111 1111 1111")
    store.save_transcript(ids["C-1001"], replace(TRANSCRIPT, segments=(card_read_out,)))
    detail = service.detail(ids["C-1001"])
    assert detail.audio is None and "redaction is incomplete" in detail.audio_note
