"""Long Whisper segments become one segment per sentence, cut at full stops and pauses."""

from __future__ import annotations

from pathlib import Path

from qa.domain.transcript import Segment, Word
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call
from qa.engines.whisper.sentences import ends_sentence, split_sentences
from tests.engines.conftest import NAMES


def segment(*words: tuple[float, float, str]) -> Segment:
    timed = tuple(Word(a, b, t, 0.9) for a, b, t in words)
    return Segment(
        timed[0].start, timed[-1].end, "agent", " ".join(w.text for w in timed), 0.9, timed
    )


def test_sentences_and_pauses_cut_a_segment_but_mr_does_not() -> None:
    long = segment(
        (28.7, 29.0, "Thank"), (29.0, 29.2, "you,"), (29.3, 29.5, "Mr."), (29.5, 29.9, "Reed."),
        (30.1, 30.3, "I"), (30.3, 30.6, "have"), (30.6, 31.0, "added"), (31.0, 31.4, "it"),
        (32.4, 32.6, "Our"), (32.6, 33.0, "plan"), (33.0, 33.5, "saves"), (33.5, 34.0, "$10."),
    )  # fmt: skip
    pieces = split_sentences(long)
    assert [p.text for p in pieces] == [
        "Thank you, Mr. Reed.",
        "I have added it",
        "Our plan saves $10.",
    ]
    assert [(p.start, p.end) for p in pieces] == [(28.7, 29.9), (30.1, 31.4), (32.4, 34.0)]
    assert all(p.words for p in pieces)


def test_what_ends_a_sentence() -> None:
    assert ends_sentence("today?") and ends_sentence("Sarah.") and ends_sentence('"Done."')
    assert not ends_sentence("Mr.") and not ends_sentence("Dr.") and not ends_sentence("$52.99")


def test_evidence_points_at_the_sentence_on_real_audio(greeting_call: Path) -> None:
    engine = build_engine(EngineSpec("whisper", model="tiny.en", device="cpu"))
    transcript = transcribe_call(greeting_call, engine, vocabulary=NAMES)
    agent = [s for s in transcript.segments if s.speaker == "agent"]
    disclosure = next(s for s in agent if "recorded" in s.text)
    assert disclosure.text.startswith("Please note") and disclosure.end - disclosure.start < 4.0
    assert all(s.end - s.start < 8.0 for s in agent)
