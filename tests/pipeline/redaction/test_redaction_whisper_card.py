"""Issue 15 item 6: a card read out and transcribed by real Whisper leaves no digit of it in the
database, the exports or the audio an agent replays. The real faster-whisper tiny.en transcript of
C-1011 (redaction off, so every digit is there) goes through `qa run --engine file`."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator

import pytest

from qa.pipeline.access.open_store import open_store
from qa.pipeline.redaction.audio import read_samples
from qa.pipeline.redaction.redact import original_audio, playable_audio
from tests.conftest import fresh_postgres_schema
from tests.pipeline.redaction.test_redaction_sweep import (
    CARD_CALL,
    REPO,
    Run,
    _database_text,
    _export_text,
    _traces,
    workspace_run,
)

pytestmark = pytest.mark.slow

RAW = REPO / "tests" / "labelled" / "whisper_raw" / f"{CARD_CALL}.transcript.json"
# Whisper's own forms of 4111 1111 1111 1111, 12/28 and 737: "4 -1-1-1-1", "-1 -1 -12 -28",
# "-7 -3 -7"; and the plain ones the sweep already looks for.
WHISPER_TRACES = [
    re.compile(r"\b4\s*-1\s*-1"),
    re.compile(r"(-1\b\s*){3}"),
    re.compile(r"-12\s*-28"),
    re.compile(r"-7\s*-3\s*-7"),
    re.compile(r"\b737\b"),
]


def _leaks(text: str) -> list[str]:
    found = [m.group(0) for p in WHISPER_TRACES for m in p.finditer(text)]
    return found + _traces(text)


def _spoken_digit_times() -> list[tuple[float, float]]:
    """When the customer said a digit, by Whisper's word times."""
    body = json.loads(RAW.read_text(encoding="utf-8"))
    return [
        (w["start"], w["end"])
        for s in body["segments"]
        if s["speaker"] == "customer"
        for w in s["words"]
        if re.search(r"\d", w["text"])
    ]


@pytest.fixture(scope="module")
def schema_url() -> Iterator[str]:
    with fresh_postgres_schema("qa_whisper_card") as url:
        yield url


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """The real Whisper transcript of the card call imported by `qa run --all --engine file`."""
    with workspace_run(request, tmp_path_factory, "whisper-") as done:
        shutil.copy(RAW, done.root / "recordings")
        done.qa("run", "--all", "--engine", "file")
        yield done


def test_the_traces_find_whisper_forms_in_the_raw_transcript() -> None:
    raw = RAW.read_text(encoding="utf-8")
    assert len(_leaks(raw)) >= 4  # the card, both its halves, the expiry and the code


def test_no_digit_of_the_card_expiry_or_code_in_any_table(run: Run) -> None:
    rows = _database_text(run)
    assert {"segments", "transcripts"} <= {table for table, _ in rows}
    with open_store(run.ws) as store:
        transcript = store.transcript(store.call_by_ref("C-1011").id)
    assert transcript is not None and any("[CARD]" in s.text for s in transcript.segments)
    assert [(table, found) for table, text in rows for found in _leaks(text)] == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_digit_of_the_card_expiry_or_code_in_an_export(run: Run, fmt: str) -> None:
    out = run.root / f"export.{fmt}"
    run.qa("export", "--format", fmt, "--out", str(out), *(("--long",) if fmt == "csv" else ()))
    text = _export_text(out, fmt)
    assert "C-1011" in text
    assert _leaks(text) == []


def test_every_spoken_digit_is_silent_in_the_agents_copy(run: Run) -> None:
    ws = run.ws
    with open_store(ws) as store:
        call = store.call_by_ref("C-1011")
    copy, rate, _, _ = read_samples(playable_audio(call, "agent", workspace=ws))
    original, _, _, _ = read_samples(original_audio(ws, call))
    times = _spoken_digit_times()
    assert len(times) >= 30
    for start, end in times:
        window = slice(int(start * rate), int(end * rate) + 1)
        assert not copy[:, window].any(), f"sound left at {start:.2f}-{end:.2f}s"
    assert original[:, int(24.9 * rate) : int(29.2 * rate)].any()  # the card was spoken there
