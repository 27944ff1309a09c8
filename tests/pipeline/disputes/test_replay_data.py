"""Fixed agent-replay data (no tests here): two agents, three calls, two of them reviewed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from qa.domain.agents import Agent
from qa.domain.review.review import CardState
from qa.domain.scorecard import Evidence, ItemResult, RubricRef, Scorecard, Verdict
from qa.storage.store import Store
from tests.tui.data import TRANSCRIPT, _record, tone

RUBRIC = RubricRef(name="Acme inbound", version="2026.1", sha256="ab" * 32)
AGENTS = [
    Agent("sarah.k", "Sarah Kim", ("Sara",), "sarah", "Sales"),
    Agent("tom.b", "Tom Berg", (), "tom", "Care"),
]
CLOSING_HINT = "Ask 'is there anything else I can help you with' before you say goodbye."
SUPERVISOR = "tester"  # the login `qa init` lists as admin and supervisor


def scorecard() -> Scorecard:
    """Greeting and disclosure pass, closing fails (with a coaching hint), tone for a person."""
    greeting = Evidence("thank you for calling {business}", "thank you for calling acme wireless",
                        "agent", 0.5, 2.0, 96.0)  # fmt: skip
    return Scorecard(
        rubric=RUBRIC,
        items=(
            ItemResult(
                "greeting",
                "Greets with business and own name",
                "Opening",
                Verdict.PASS,
                20,
                evidence=(greeting,),
            ),  # fmt: skip
            ItemResult(
                "disclosure", "Recording disclosure", "Opening", Verdict.PASS, 10, critical=True
            ),  # fmt: skip
            ItemResult(
                "closing",
                "Offers more help before closing",
                "Closing",
                Verdict.FAIL,
                15,
                reason="not heard in the last 45s",
                hint=CLOSING_HINT,
            ),  # fmt: skip
            ItemResult("demeanor", "Friendly tone", "Closing", Verdict.PENDING, 10),
        ),
        call={"call_id": "C-1001", "agent": "Sarah Kim"},
    )


def finalize(store: Store, call_id: int, actor: str = SUPERVISOR) -> None:
    """Review a call as a supervisor would: decide the manual item, then finalize."""
    card = store.reviewed_card(call_id)
    assert card is not None
    version = store.set_item_verdict(
        card.id, "demeanor", Verdict.PASS, expected_version=card.version, actor=actor
    )
    store.finalize_card(card.id, expected_version=version, actor=actor)
    final = store.reviewed_card(call_id)
    assert final is not None and final.state == CardState.FINAL


def reviewed(store: Store, folder: Path) -> dict[str, int]:
    """C-1001 and C-1003 are Sarah's, C-1002 Tom's; all but C-1003 final. Ids by call_id."""
    store.save_agents(AGENTS)
    audio = folder / "call.wav"
    if not audio.exists():
        tone(audio)
    days = {"C-1001": 20, "C-1002": 21, "C-1003": 22}
    agents = {"C-1001": "sarah.k", "C-1002": "tom.b", "C-1003": "sarah.k"}
    store.save_files(
        [
            _record(
                audio if ref == "C-1001" else folder / f"{ref}.wav",
                ref,
                agents[ref],
                "sales",
                datetime(2026, 11, days[ref], 9, 0, tzinfo=UTC),
            )  # fmt: skip
            for ref in days
        ]
    )
    ids = {c.meta.call_id: c.id for c in store.calls()}
    for call_id in ids.values():
        store.save_transcript(call_id, TRANSCRIPT)
        store.save_scorecard(call_id, scorecard())
    finalize(store, ids["C-1001"])
    finalize(store, ids["C-1002"])
    return ids
