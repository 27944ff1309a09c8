"""Redacted audio: card numbers are silent in the copy people play, everything else is untouched."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from qa.domain.call import Call, CallMeta
from qa.domain.redaction.redaction import RedactionPolicy, redact_transcript
from qa.domain.transcript import Segment, Transcript, Word
from qa.errors import AccessDeniedError, WorkspaceError
from qa.pipeline.redaction.audio import padded_spans, read_samples
from qa.pipeline.redaction.redact import (
    playable_audio,
    playback,
    redacted_audio_path,
    redaction_policy,
)
from qa.workspace import Workspace, open_workspace

RATE = 8000  # Hz
SECONDS = 6.0
CARD_WORDS = "four five three two oh one five one one two eight three oh three six six".split()
CARD_START = 2.0  # seconds; each word takes 0.1 s


def _write_wav(path: Path, channels: int = 2) -> np.ndarray:
    """Loud noise on every channel (no sample is zero), so silence is unmistakable."""
    rng = np.random.default_rng(7)
    samples = rng.integers(1000, 20000, size=(channels, int(SECONDS * RATE)), dtype=np.int16)
    samples *= rng.choice(np.array([-1, 1], dtype=np.int16), size=samples.shape)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.T.tobytes())
    return samples


def _transcript(words: bool = True) -> Transcript:
    said = ["my", "card", "is", *CARD_WORDS]
    start = CARD_START - 0.3
    timed = tuple(Word(start + i * 0.1, start + i * 0.1 + 0.08, w) for i, w in enumerate(said))
    text = " ".join(said)
    segment = Segment(
        start, start + 0.1 * len(said), "customer", text, words=timed if words else ()
    )
    stored = redact_transcript(Transcript((segment,), duration=SECONDS), RedactionPolicy())
    return stored.transcript


def _call(path: Path) -> Call:
    return Call(
        id=1, path=str(path), sha256="ab" * 32, size=path.stat().st_size, meta=CallMeta("C-1")
    )


@pytest.fixture
def recording(workspace: Workspace) -> tuple[Call, np.ndarray]:
    path = workspace.recordings_dir / "call.wav"
    samples = _write_wav(path)
    return _call(path), samples


def _with_settings(ws: Workspace, text: str) -> Workspace:
    settings = ws.root / "qa.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return open_workspace(ws.root)


class TestRedactedCopy:
    """The copy supervisors and agents play."""

    def test_card_span_is_silent_and_the_rest_unchanged(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        call, original = recording
        played = playback(workspace, call, "agent", _transcript())
        assert played.redacted and played.warning == ""
        assert played.path == workspace.root / ".qa" / "redacted" / f"{call.sha256}.flac"
        copy, rate, _, fmt = read_samples(played.path)
        assert (rate, fmt, copy.shape) == (RATE, "s16", original.shape)
        start, end = CARD_START - 0.25, CARD_START + 0.1 * len(CARD_WORDS) - 0.02 + 0.25
        first, last = int(np.floor(start * RATE)), int(np.ceil(end * RATE))
        assert not copy[:, first:last].any()
        assert np.array_equal(copy[:, :first], original[:, :first])
        assert np.array_equal(copy[:, last:], original[:, last:])

    def test_padding_comes_from_qa_toml(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        ws = _with_settings(workspace, "[redaction]\npad_ms = 0\n")
        call, original = recording
        copy, *_ = read_samples(playback(ws, call, "supervisor", _transcript()).path)
        before = int(CARD_START * RATE) - 1
        assert np.array_equal(copy[:, before], original[:, before])
        assert not copy[:, before + 2].any()

    def test_copy_is_rewritten_when_findings_change(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        call, original = recording
        first = playback(workspace, call, "agent", _transcript()).path
        read_samples(first)
        ws = _with_settings(workspace, "[redaction]\npad_ms = 1000\n")
        copy, *_ = read_samples(playback(ws, call, "agent", _transcript()).path)
        assert not copy[:, int((CARD_START - 0.9) * RATE)].any()

    def test_no_findings_plays_the_original(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        call, _ = recording
        clean = Transcript((Segment(0.0, 1.0, "agent", "thank you for calling"),))
        played = playback(
            workspace, call, "agent", redact_transcript(clean, RedactionPolicy()).transcript
        )
        assert played.path == Path(call.path) and not played.redacted

    def test_24_bit_recordings_stay_24_bit(self, workspace: Workspace) -> None:
        path = workspace.recordings_dir / "deep.wav"
        subprocess.run(
            [
                "sox",
                "-n",
                "-r",
                "16000",
                "-c",
                "1",
                "-b",
                "24",
                str(path),
                "synth",
                "6",
                "sine",
                "300",
            ],
            check=True,
        )
        copy, rate, _, fmt = read_samples(
            playback(workspace, _call(path), "agent", _transcript()).path
        )
        original, *_ = read_samples(path)
        assert (rate, fmt, copy.shape) == (16000, "s32", original.shape)
        assert np.array_equal(copy[:, :16000], original[:, :16000])


class TestFailClosed:
    """A call whose personal data cannot be located exactly is never played silently."""

    def test_agent_is_refused_without_word_times(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        call, _ = recording
        with pytest.raises(AccessDeniedError, match="redaction is incomplete"):
            playback(workspace, call, "agent", _transcript(words=False))

    def test_supervisor_is_warned_and_hears_the_segment_silenced(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        call, _ = recording
        played = playback(workspace, call, "supervisor", _transcript(words=False))
        assert played.redacted and "card number redacted at 00:01" in played.warning
        copy, *_ = read_samples(played.path)
        segment = _transcript(words=False).segments[0]
        assert not copy[:, int(segment.start * RATE) : int(segment.end * RATE)].any()

    def test_agent_is_refused_before_transcription(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        with pytest.raises(AccessDeniedError, match="not transcribed"):
            playback(workspace, recording[0], "agent", None)

    def test_admin_gets_the_original_only_when_kept(
        self, workspace: Workspace, recording: tuple[Call, np.ndarray]
    ) -> None:
        call, _ = recording
        assert playable_audio(call, "admin", workspace=workspace, transcript=_transcript()) != Path(
            call.path
        )
        ws = _with_settings(workspace, "[redaction]\nkeep_original_for_admins = true\n")
        assert playable_audio(call, "admin", workspace=ws, transcript=_transcript()) == Path(
            call.path
        )
        assert playable_audio(call, "agent", workspace=ws, transcript=_transcript()) == (
            redacted_audio_path(ws, call)
        )

    def test_bad_policy_is_one_clear_error(self, workspace: Workspace) -> None:
        ws = _with_settings(workspace, '[redaction]\nkinds = ["credit"]\n')
        with pytest.raises(WorkspaceError, match="unknown kind 'credit'"):
            redaction_policy(ws)


def test_padded_spans_merge_and_clip() -> None:
    assert padded_spans([(1.0, 2.0), (2.3, 3.0), (0.1, 0.2)], 250, duration=2.9) == [
        (0.0, 0.45),
        (0.75, 2.9),
    ]


PLANTED_CARD = "4532015112830366"


def _plant_transcript(path: Path, words: bool = True) -> None:
    """A transcript file beside the recording: the customer reads a card in two segments."""
    first, second = CARD_WORDS[:8], CARD_WORDS[8:]

    def seg(start: float, speaker: str, said: list[str]) -> dict[str, object]:
        timed = [
            {"start": start + i * 0.1, "end": start + i * 0.1 + 0.08, "text": w}
            for i, w in enumerate(said)
        ]  # noqa: E501
        out: dict[str, object] = {
            "start": start,
            "end": start + 0.1 * len(said),
            "speaker": speaker,
            "text": " ".join(said),
        }  # noqa: E501
        return {**out, "words": timed} if words else out

    doc = {
        "format": "qa-transcript/1",
        "duration": SECONDS,
        "segments": [
            seg(0.5, "agent", ["what", "is", "the", "card", "number"]),
            seg(CARD_START, "customer", first),
            seg(CARD_START + 0.85, "agent", ["okay"]),
            seg(CARD_START + 1.0, "customer", second),
            seg(4.0, "customer", ["and", "the", "security", "code", "is", "one", "two", "three"]),
        ],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")


def _database_text(db: Path) -> str:
    """Every value of every table of a SQLite database, as one text."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(repr(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)


class TestAfterARun:
    """Transcription stores only redacted text; `qa redact` makes and verifies the audio."""

    def test_no_planted_card_survives_anywhere(self, workspace: Workspace) -> None:
        from typer.testing import CliRunner

        from qa.cli import app
        from qa.pipeline.access.open_store import open_store
        from qa.pipeline.ingest.ingest import ingest
        from qa.pipeline.transcription.transcribe import TranscribeRequest, transcribe_calls

        audio = workspace.recordings_dir / "call.wav"
        original = _write_wav(audio)
        _plant_transcript(audio.with_name("call.transcript.json"))
        with open_store(workspace) as store:
            ingest(store, [str(workspace.recordings_dir)])
            assert transcribe_calls(store, workspace, TranscribeRequest(engine="file")).done == 1
            call = store.calls()[0]
            stored = store.transcript(call.id)
        assert stored is not None
        assert [s.text for s in stored.segments][1:] == [
            "[CARD]", "okay", "[CARD]", "and the security code is [CVV]",
        ]  # fmt: skip
        assert [r["kind"] for r in stored.extra["redactions"]] == ["card", "card", "cvv"]

        runner = CliRunner()
        done = runner.invoke(app, ["--workspace", str(workspace.root), "redact", "--verify"])
        assert done.exit_code == 0, done.output
        assert "card number redacted at 00:02" in done.output
        assert "verified: silent, 0 numbers heard" in done.output

        with open_store(workspace) as store:
            events = store.audit_events("call", str(call.id))
            copy, *_ = read_samples(redacted_audio_path(workspace, store.call(call.id)))
        assert [e["action"] for e in events] == ["redact_audio", "verify_redaction"]
        assert copy.shape == original.shape
        assert not copy[:, int(1.75 * RATE) : int(4.03 * RATE)].any()  # both parts of the card
        assert copy[:, int(4.1 * RATE)].all()  # "and the security code is" stays
        assert not copy[:, int(4.25 * RATE) : int(5.03 * RATE)].any()  # the code

        shown = runner.invoke(
            app, ["--workspace", str(workspace.root), "show", str(call.id), "--json"]
        )  # noqa: E501
        everything = _database_text(workspace.root / "qa.db") + shown.output
        spoken = " ".join(CARD_WORDS)
        assert "[CARD]" in everything
        for secret in (PLANTED_CARD, spoken, " ".join(CARD_WORDS[:8]), " ".join(CARD_WORDS[8:])):
            assert secret not in everything
        assert "one two three" not in everything

    def test_without_word_times_the_call_needs_attention(self, workspace: Workspace) -> None:
        from typer.testing import CliRunner

        from qa.cli import app
        from qa.pipeline.access.open_store import open_store
        from qa.pipeline.ingest.ingest import ingest
        from qa.pipeline.transcription.transcribe import TranscribeRequest, transcribe_calls

        audio = workspace.recordings_dir / "call.wav"
        _write_wav(audio)
        _plant_transcript(audio.with_name("call.transcript.json"), words=False)
        with open_store(workspace) as store:
            ingest(store, [str(workspace.recordings_dir)])
            transcribe_calls(store, workspace, TranscribeRequest(engine="file"))
            call = store.calls()[0]
        done = CliRunner().invoke(app, ["--workspace", str(workspace.root), "redact"])
        assert done.exit_code == 1
        assert "redaction incomplete" in done.output
        with pytest.raises(AccessDeniedError):
            playable_audio(call, "agent", workspace=workspace)
