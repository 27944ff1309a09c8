"""Mono calls that cannot be split into agent and customer: one voice, three voices, music."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from qa.domain.speakers.roles import RoleCues
from qa.domain.transcript import Segment, Transcript, Word
from qa.engines.audio import decode
from qa.engines.speakers.diarization import Diarization, VoiceTurn, diarize
from qa.engines.speakers.separate import ONE_VOICE_NOTE, THREE_VOICES_NOTE, name_voices
from qa.engines.vad import speech_regions

CUES = RoleCues({"business": ("Acme Wireless",), "agent": ("Sarah",)})
WORDS = "thank you for calling acme wireless my name is sarah".split()
CALL = Transcript(
    (
        Segment(
            0.0,
            5.0,
            "unknown",
            " ".join(WORDS),
            None,
            tuple(Word(0.5 * n, 0.5 * n + 0.4, w) for n, w in enumerate(WORDS)),
        ),  # fmt: skip
    ),
    6.0,
)


def _found(voices: int) -> Diarization:
    frame_voice = np.full(600, -1)
    frame_voice[:250], frame_voice[250:500] = 0, 1 if voices > 1 else 0
    turns = (VoiceTurn(0.0, 2.5, 0), VoiceTurn(2.5, 5.0, 1 if voices > 1 else 0))
    return Diarization(turns, voices, 0.6, frame_voice=frame_voice)


def test_one_voice_leaves_speakers_unknown_with_a_note() -> None:
    named = name_voices(CALL, _found(1), CUES)
    assert named.is_mono and named.speakers is not None
    assert named.speakers.method == "none" and named.speakers.note == ONE_VOICE_NOTE


def test_three_voices_separate_but_are_never_trusted() -> None:
    named = name_voices(CALL, _found(3), CUES)
    assert named.speakers is not None and named.speakers.note == THREE_VOICES_NOTE
    assert named.speakers.confidence is not None and named.speakers.confidence <= 0.5


def test_a_segment_spanning_both_voices_is_split_at_the_word_where_the_voice_changes() -> None:
    named = name_voices(CALL, _found(2), CUES)
    assert [s.text for s in named.segments] == [
        "thank you for calling acme",
        "wireless my name is sarah",
    ]
    assert len({s.speaker for s in named.segments}) == 2


def test_music_alone_is_no_voice_to_split(tmp_path: Path) -> None:
    music = tmp_path / "hold.wav"
    notes = [("synth", "0.6", "sine", f) for f in ("523", "659", "784", "659")] * 4
    parts = []
    for n, note in enumerate(notes):
        part = tmp_path / f"n{n}.wav"
        subprocess.run(
            ["sox", "-n", "-r", "16000", "-c", "1", str(part), *note, "gain", "-20"], check=True
        )
        parts.append(str(part))
    subprocess.run(["sox", *parts, str(music)], check=True)
    channel = decode(music)[0][0]
    found = diarize(channel, speech_regions(channel))
    assert found.voices <= 1
