"""Calls in the store: registering, looking up by id or reference, and the filtered lists."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

import pytest

from qa.domain.call import ReviewStatus, TranscriptState
from qa.errors import BadInputError, NotFoundError
from qa.storage.store import Store
from tests.storage.records import file_record, register

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_registered_call_comes_back_as_it_went_in(store: Store) -> None:
    when = datetime(2026, 11, 20, 10, 14, tzinfo=timezone(timedelta(hours=1)))
    (call_id,) = register(store, file_record("/rec/a.wav", call_id="C-1", started_at=when))
    call = store.call(call_id)
    assert call.path == "/rec/a.wav"
    assert call.meta.call_id == "C-1" and call.meta.agent == "sarah.k"
    assert call.meta.started_at == when  # same instant, kept in UTC
    assert call.meta.started_at.tzinfo is not None
    assert call.meta.offers == ("x",)
    assert call.audio is not None and call.audio.sample_rate == 8000
    assert call.status == ReviewStatus.NEW and call.transcript_state == TranscriptState.PENDING
    assert call.score is None


def test_unknown_call_id_is_a_not_found_error(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.call(404)


def test_call_by_ref_takes_a_db_id_a_call_id_or_a_file_name(store: Store) -> None:
    a, b = register(
        store, file_record("/rec/x/a_1.wav", call_id="C-7"), file_record("/rec/b.wav", call_id="9")
    )
    assert store.call_by_ref(str(a)).id == a
    assert store.call_by_ref("C-7").id == a
    assert store.call_by_ref("a_1").id == a
    assert store.call_by_ref("b.wav").id == b
    assert store.call_by_ref("9").id == b  # no db id 9, so the metadata call_id
    with pytest.raises(NotFoundError):
        store.call_by_ref("C-8")
    with pytest.raises(NotFoundError):
        store.call_by_ref("a%1")  # LIKE wildcards are escaped


def test_call_by_ref_refuses_to_guess_between_two_calls(store: Store) -> None:
    register(store, file_record("/x/same.wav"), file_record("/y/same.wav"))
    with pytest.raises(BadInputError, match="2 calls match"):
        store.call_by_ref("same")


def test_filters_by_status_agent_queue_and_readability(store: Store) -> None:
    a, b, c = register(
        store,
        file_record("/r/a.wav", agent="sarah.k"),
        file_record("/r/b.wav", agent="tom.b", queue="care"),
        file_record("/r/c.wav", readable=False, problem="not audio"),
    )
    store.set_status(b, ReviewStatus.FINAL)
    assert [x.id for x in store.calls(status="final")] == [b]
    assert [x.id for x in store.calls(agent="tom.b")] == [b]
    assert [x.id for x in store.calls(queue="care")] == [b]
    assert [x.id for x in store.calls(unreadable=True)] == [c]
    assert {x.id for x in store.calls(unreadable=False)} == {a, b}
    assert [x.id for x in store.calls(problems=True)] == [c]
    assert store.call(c).problem == "not audio" and not store.call(c).readable


def test_since_is_inclusive_and_until_exclusive(store: Store) -> None:
    ids = register(
        store, *(file_record(f"/r/{h}.wav", started_at=T0 + timedelta(hours=h)) for h in range(4))
    )
    found = store.calls(since=T0 + timedelta(hours=1), until=T0 + timedelta(hours=3))
    assert [c.id for c in found] == ids[1:3]
    local = timezone(timedelta(hours=-5))
    assert [c.id for c in store.calls(since=(T0 + timedelta(hours=3)).astimezone(local))] == ids[3:]


def test_non_utf8_file_names_round_trip(store: Store) -> None:
    odd = os.fsdecode(b"/rec/caf\xe9 call 1.wav")
    (call_id,) = register(store, file_record(odd))
    assert store.call(call_id).path == odd
    assert os.fsencode(store.call(call_id).path) == b"/rec/caf\xe9 call 1.wav"


def test_known_files_reports_the_stamp_of_each_file(store: Store) -> None:
    (call_id,) = register(store, file_record("/r/a.wav", sha="f" * 64))
    (stamp,) = store.known_files()
    assert (stamp.call_id, stamp.path, stamp.sha256, stamp.size) == (
        call_id,
        "/r/a.wav",
        "f" * 64,
        1000,
    )
    assert stamp.readable


def test_moving_a_file_keeps_the_call(store: Store) -> None:
    (call_id,) = register(store, file_record("/r/a.wav", sha="e" * 64))
    store.move_file(call_id, file_record("/new/a.wav", sha="e" * 64))
    assert store.call(call_id).path == "/new/a.wav"
    assert store.count_calls() == 1


def test_transcript_gaps_and_speaker_separation_survive_storage(store: Store) -> None:
    """Gaps and how speakers were told apart are kept with the transcript."""
    from qa.domain.transcript import Gap, Segment, SpeakerSeparation, Transcript

    (call_id,) = register(store, file_record("/rec/gaps.wav"))
    transcript = Transcript(
        segments=(Segment(0.5, 2.0, "agent", "hello"),),
        duration=10.0,
        gaps=(Gap(3.0, 7.5, "agent"),),
        speakers=SpeakerSeparation("diarization", 0.93, "two voices"),
    )
    store.save_transcript(call_id, transcript)
    back = store.transcript(call_id)
    assert back is not None
    assert back.gaps == (Gap(3.0, 7.5, "agent"),)
    assert back.speakers == SpeakerSeparation("diarization", 0.93, "two voices")
