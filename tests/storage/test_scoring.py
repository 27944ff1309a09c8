"""Transcripts, rubrics, scorecards (history, overrides, optimistic locking), samples and audit."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.domain.agents import Agent
from qa.domain.call import TranscriptState
from qa.domain.scorecard import Verdict
from qa.domain.transcript import Gap, Segment, Transcript, Word
from qa.errors import ConflictError, NotFoundError
from qa.storage.store import Store
from tests.storage.records import RUBRIC, file_record, register, scorecard

TRANSCRIPT = Transcript(
    segments=(
        Segment(
            0.5, 2.0, "agent", "thank you for calling acme", 0.9, (Word(0.5, 0.9, "thank", 0.95),)
        ),
        Segment(2.5, 4.0, "customer", "hi i need a new phone"),
    ),
    duration=61.2,
    engine="whisper:base.en",
    extra={"vocabulary": ["acme"]},
)


def test_agents_are_upserted_by_id(store: Store) -> None:
    sarah = Agent("sarah.k", "Sarah Kim", ("Sara",), "sarah", "Sales")
    assert store.save_agents([sarah, Agent("tom.b", "Tom Berg")]) == 2
    assert store.save_agents([sarah]) == 0  # unchanged: nothing written
    assert store.save_agents([Agent("tom.b", "Tom Berg", team="Care")]) == 1
    assert store.agent("sarah.k") == sarah
    assert [a.team for a in store.agents()] == ["Sales", "Care"]
    assert store.agent("nobody") is None


def test_a_transcript_round_trips_and_replaces_the_old_one(store: Store) -> None:
    (call_id,) = register(store, file_record("/r/a.wav"))
    assert store.transcript(call_id) is None
    store.save_transcript(call_id, Transcript(segments=(), duration=1.0))
    store.save_transcript(call_id, TRANSCRIPT)
    assert store.transcript(call_id) == TRANSCRIPT
    assert store.call(call_id).transcript_state == TranscriptState.DONE


def test_failed_transcription_is_recorded_and_retried(store: Store) -> None:
    a, b, _ = register(
        store,
        file_record("/r/a.wav"),
        file_record("/r/b.wav"),
        file_record("/r/c.wav", readable=False),
    )
    store.save_transcript(a, TRANSCRIPT)
    store.mark_transcript_failed(b, "engine crashed")
    assert store.call(b).transcript_state == TranscriptState.FAILED
    assert store.call(b).problem == "engine crashed"
    assert [c.id for c in store.calls_to_transcribe()] == [b]  # unreadable c is never offered
    store.save_transcript(b, TRANSCRIPT)
    assert store.call(b).problem == ""


def test_rubrics_are_stored_once_per_content_hash(store: Store) -> None:
    first = store.save_rubric("Acme", "1", "a" * 64, "name = 'Acme'")
    assert store.save_rubric("Acme", "1", "a" * 64, "name = 'Acme'") == first
    assert store.save_rubric("Acme", "2", "b" * 64, "other") != first
    assert store.rubric_text("a" * 64) == "name = 'Acme'"


def test_scorecards_keep_history_and_the_newest_is_current(store: Store) -> None:
    (call_id,) = register(store, file_record("/r/a.wav"))
    store.save_rubric(RUBRIC.name, RUBRIC.version, RUBRIC.sha256, "text")
    assert store.scorecard(call_id) is None
    store.save_scorecard(call_id, scorecard(closing=Verdict.PASS))
    store.save_scorecard(call_id, scorecard())
    assert store.scorecard(call_id) == scorecard()
    assert [s.score for s in store.scorecard_history(call_id)] == [100.0, 66.7]
    assert store.call(call_id).score == 66.7
    assert store.calls()[0].score == 66.7


def test_a_scorecard_keeps_the_gaps_that_left_a_verdict_undecided(store: Store) -> None:
    (call_id,) = register(store, file_record("/r/a.wav"))
    card = replace(scorecard(), gaps=(Gap(32.4, 41.2, "agent"), Gap(50.0, 57.5, "unknown")))
    store.save_scorecard(call_id, card)
    assert store.scorecard(call_id) == card
    store.save_scorecard(call_id, scorecard())  # re-scored without them: the new card has none
    rescored = store.scorecard(call_id)
    assert rescored is not None and rescored.gaps == ()
    assert store.scorecard_history(call_id)[0].gaps == card.gaps


def test_a_scorecard_saved_before_its_rubric_text_gets_it_later(store: Store) -> None:
    (call_id,) = register(store, file_record("/r/a.wav"))
    store.save_scorecard(call_id, scorecard())
    store.save_rubric(RUBRIC.name, RUBRIC.version, RUBRIC.sha256, "the text")
    assert store.rubric_text(RUBRIC.sha256) == "the text"


def test_an_override_changes_the_current_verdict_and_keeps_the_automatic_one(store: Store) -> None:
    (call_id,) = register(store, file_record("/r/a.wav"))
    store.save_scorecard(call_id, scorecard())
    card_id, version = store.current_scorecard_version(call_id) or (0, 0)
    assert store.set_verdict(card_id, "closing", Verdict.PASS, version) == version + 1
    assert store.call(call_id).score == 100.0
    with pytest.raises(ConflictError):
        store.set_verdict(card_id, "closing", Verdict.FAIL, version)  # stale version
    from sqlmodel import select

    from qa.storage.tables.tables import ItemResultRow

    with store.session() as session:
        row = session.exec(select(ItemResultRow).where(ItemResultRow.item_id == "closing")).one()
    assert (row.auto_verdict, row.verdict) == ("fail", "pass")


def test_samples_keep_their_members_in_draw_order(store: Store) -> None:
    a, b, c = register(store, *(file_record(f"/r/{n}.wav") for n in "abc"))
    sample_id = store.save_sample(
        {"count": 2}, 42, "tester", {"sarah.k": 2, "tom.b": 1}, [(c, "tom.b"), (a, "sarah.k")]
    )
    record = store.sample(sample_id)
    assert record.call_ids == (c, a) and record.seed == 42 and record.open
    assert record.population == {"sarah.k": 2, "tom.b": 1}
    assert record.drawn_at.tzinfo is not None
    assert [x.id for x in store.calls(sample_id=sample_id)] == [c, a]
    assert [s.id for s in store.samples()] == [sample_id]
    with pytest.raises(NotFoundError):
        store.sample(sample_id + 1)


def test_audit_events_are_appended(store: Store) -> None:
    store.record_audit(
        "sam", "override", "item", "7", {"verdict": "fail"}, {"verdict": "pass"}, "heard it"
    )
    store.record_audit("sam", "finalize", "scorecard", "3", None, None)
    events = store.audit_events()
    assert [e["action"] for e in events] == ["override", "finalize"]
    assert events[0]["before"] == {"verdict": "fail"} and events[0]["reason"] == "heard it"
    assert [e["action"] for e in store.audit_events("scorecard", "3")] == ["finalize"]
