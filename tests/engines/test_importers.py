"""Transcripts made elsewhere are read into our records, speakers mapped by qa.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.domain.transcript import Segment, Transcript, transcript_to_dict
from qa.engines.importers import find_transcript_file, read_transcript_file
from qa.errors import BadInputError

WHISPERX = {
    "segments": [
        {"start": 0.5, "end": 2.0, "text": " Thank you for calling Acme.", "speaker": "SPEAKER_00",
         "words": [{"word": "Thank", "start": 0.5, "end": 0.8, "score": 0.9},
                   {"word": "you", "start": 0.8, "end": 1.0, "score": 0.8},
                   {"word": "Acme."}]},
        {"start": 2.5, "end": 3.5, "text": "I need a new phone", "speaker": "SPEAKER_01"},
    ],
    "language": "en",
}  # fmt: skip

VTT = """WEBVTT

00:00:00.500 --> 00:00:02.000
<v Sarah Kim>Thank you for calling <b>Acme</b>.</v>

1
00:01:02.500 --> 00:01:03.500
<v Customer>I need a new phone
"""

SRT = """1
00:00:00,500 --> 00:00:02,000
Thank you for calling Acme.

2
01:00:02,500 --> 01:00:03,500
I need a new phone
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_qa_transcript_round_trips(tmp_path: Path) -> None:
    original = Transcript(
        segments=(Segment(1.0, 2.0, "agent", "hello", 0.9),), duration=3.0, engine="whisper:x"
    )
    path = write(tmp_path, "c.transcript.json", json.dumps(transcript_to_dict(original)))
    assert read_transcript_file(path) == original


def test_whisperx_speakers_are_mapped_and_untimed_words_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "c.transcript.json", json.dumps(WHISPERX))
    mapping = {"SPEAKER_00": "agent", "SPEAKER_01": "customer"}
    transcript = read_transcript_file(path, mapping)
    assert [s.speaker for s in transcript.segments] == ["agent", "customer"]
    assert [w.text for w in transcript.segments[0].words] == ["Thank", "you"]
    assert transcript.segments[0].words[0].confidence == pytest.approx(0.9)
    assert transcript.engine == "file:whisperx"


def test_whisperx_labels_without_a_mapping_are_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "c.transcript.json", json.dumps(WHISPERX))
    assert {s.speaker for s in read_transcript_file(path).segments} == {"unknown"}


def test_whisper_json_without_speakers(tmp_path: Path) -> None:
    raw = {"text": "hi", "segments": [{"start": 0.0, "end": 1.0, "text": " hi there"}]}
    transcript = read_transcript_file(write(tmp_path, "c.transcript.json", json.dumps(raw)))
    assert transcript.segments == (Segment(0.0, 1.0, "unknown", "hi there"),)
    assert transcript.engine == "file:whisper"


def test_webvtt_voice_tags_become_speakers(tmp_path: Path) -> None:
    path = write(tmp_path, "c.vtt", VTT)
    transcript = read_transcript_file(path, {"Sarah Kim": "agent", "Customer": "customer"})
    assert [(s.start, s.speaker, s.text) for s in transcript.segments] == [
        (0.5, "agent", "Thank you for calling Acme."),
        (62.5, "customer", "I need a new phone"),
    ]


def test_srt_cues_with_hours(tmp_path: Path) -> None:
    transcript = read_transcript_file(write(tmp_path, "c.srt", SRT))
    assert [s.start for s in transcript.segments] == [0.5, 3602.5]
    assert transcript.duration == pytest.approx(3603.5)


def test_the_transcript_beside_a_recording_is_found(tmp_path: Path) -> None:
    recording = tmp_path / "call-7.flac"
    assert find_transcript_file(recording) is None
    write(tmp_path, "call-7.srt", SRT)
    assert find_transcript_file(recording) == tmp_path / "call-7.srt"
    write(tmp_path, "call-7.transcript.json", "{}")
    assert find_transcript_file(recording) == tmp_path / "call-7.transcript.json"


@pytest.mark.parametrize(
    "text", ["{not json", '{"segments": "no"}', '{"format": "qa-transcript/9"}']
)
def test_a_bad_file_is_one_error_naming_it(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "bad.transcript.json", text)
    with pytest.raises(BadInputError, match="bad.transcript.json"):
        read_transcript_file(path)
