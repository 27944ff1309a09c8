"""Issue 8, done when: a card number read out on a call leaves no trace in the database, any
export format or the audio people replay, and a call whose number cannot be located in time is
never played to an agent. The real pipeline runs; then everything it wrote is searched."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.redaction.redaction import recorded_findings
from qa.errors import AccessDeniedError
from qa.pipeline.access.identity import Identity
from qa.pipeline.access.open_store import open_store
from qa.pipeline.disputes.replay import AgentReplayService
from qa.pipeline.redaction.audio import read_samples
from qa.pipeline.redaction.redact import (
    original_audio,
    playable_audio,
    playback,
    redaction_policy,
    silenced_spans,
)
from qa.workspace import Workspace, open_workspace
from tests.conftest import fresh_postgres_schema, write_recording

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
CARD_CALL = "C-1011_card-payment"  # the customer reads 4111 1111 1111 1111, 12/28, 737
PLANTED = "C-2001_planted"  # a hand-made transcript, no word times: redaction is incomplete
# Every form the number could survive in: digits (grouped or not) and spoken runs of its digits.
TRACES = [
    re.compile(r"4111[\s.-]?1111[\s.-]?1111[\s.-]?1111"),
    re.compile(r"4111[\s.-]?1111"),
    re.compile(r"\b(four|for)\s+one\s+one\s+one\s+one\b"),
    re.compile(r"\bone(\s+one){5}\b"),  # six of its ones in a row
]
PLANTED_SEGMENTS = [
    (0.5, "agent", "thank you for calling acme wireless my name is tom"),
    (4.0, "agent", "please note this call may be recorded for quality"),
    (8.0, "agent", "can i have the card number please"),
    (
        11.0,
        "customer",
        "sure it is four one one one one one one one one one one one one one one one",
    ),
    (18.0, "agent", "sorry could you type it in the chat"),
    (21.0, "customer", "ok 4111 1111 1111 1111"),
    (24.0, "customer", "and the other one is 4111111111111111"),
    (27.0, "agent", "is there anything else i can help you with"),
]


@dataclass
class Run:
    """The workspace after the pipeline ran, and how to call `qa` in it."""

    root: Path
    runner: CliRunner

    def qa(self, *args: str) -> str:
        done = self.runner.invoke(app, list(args))
        assert done.exit_code in (0, 1), f"qa {' '.join(args)}: {done.output}"
        return done.output

    @property
    def ws(self) -> Workspace:
        return open_workspace(self.root)


def _traces(text: str) -> list[str]:
    lowered = text.casefold()
    return [m.group(0) for pattern in TRACES for m in pattern.finditer(lowered)]


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "recordings").mkdir(parents=True)
    shutil.copytree(REPO / "rubrics", root / "rubrics")
    shutil.copy(REPO / "agents.toml", root / "agents.toml")
    head, _, _ = (REPO / "qa.toml").read_text(encoding="utf-8").partition("[sample]")
    (root / "qa.toml").write_text(head + "[sample]\nrate = 1.0\n", encoding="utf-8")
    for suffix in (".flac", ".json"):
        shutil.copy(REPO / "recordings" / f"{CARD_CALL}{suffix}", root / "recordings")
    return root


def _add_planted_call(root: Path) -> None:
    recordings = root / "recordings"
    write_recording(recordings / f"{PLANTED}.wav", seconds=30.0, channels=2, pitch=300.0)
    meta = {"call_id": "C-2001", "agent": "tom.b", "started_at": "2026-11-20T10:00:00+00:00",
            "queue": "support", "direction": "inbound", "offers": []}  # fmt: skip
    (recordings / f"{PLANTED}.json").write_text(json.dumps(meta), encoding="utf-8")
    segments = [{"start": t, "end": t + 2.5, "speaker": who, "text": text}
                for t, who, text in PLANTED_SEGMENTS]  # fmt: skip
    body = {"format": "qa-transcript/1", "duration": 30.0, "engine": "hand", "segments": segments}
    (recordings / f"{PLANTED}.transcript.json").write_text(json.dumps(body), encoding="utf-8")


@pytest.fixture(scope="module")
def schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for the whole module (the pipeline runs once per database)."""
    with fresh_postgres_schema("qa_sweep") as url:
        yield url


@contextmanager
def workspace_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, label: str
) -> Iterator[Run]:
    """A fresh demo workspace as the current folder, on SQLite or on the module's PostgreSQL
    schema (`request.param`), commands run as root."""
    with pytest.MonkeyPatch.context() as env:
        for key in ("QA_DATABASE_URL", "QA_RECORDINGS", "QA_ENGINE", "QA_RUBRIC"):
            env.delenv(key, raising=False)
        if request.param == "postgres":
            env.setenv("QA_DATABASE_URL", request.getfixturevalue("schema_url"))
        env.setenv("QA_LOGIN", "root")
        root = _workspace(tmp_path_factory.mktemp(f"{label}{request.param}"))
        env.chdir(root)
        yield Run(root, CliRunner())


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Both calls through `qa run --all` (C-1011 by pocketsphinx), then `qa redact`."""
    with workspace_run(request, tmp_path_factory, "") as done:
        done.qa("run", "--all", "--engine", "pocketsphinx")  # the real recogniser's words
        _add_planted_call(done.root)
        done.qa("run", "--all", "--engine", "file")
        done.qa("redact")
        yield done


def _sqlite_text(db: Path) -> Iterator[tuple[str, str]]:
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for row in con.execute(f'select * from "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    yield table, str(value)


def _postgres_text(url: str) -> Iterator[tuple[str, str]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as db:
            tables = db.execute(text("select tablename from pg_tables "
                                     "where schemaname = current_schema()")).scalars()  # fmt: skip
            for table in list(tables):
                for row in db.execute(text(f'select t::text from "{table}" t')).scalars():
                    yield table, row  # the whole row as text: every column, JSON and bytea too
    finally:
        engine.dispose()


def _database_text(done: Run) -> list[tuple[str, str]]:
    url = done.ws.database_url
    if url.startswith("postgresql"):
        return list(_postgres_text(url))
    return list(_sqlite_text(done.root / "qa.db"))


def test_the_number_is_redacted_where_it_was_said(run: Run) -> None:
    with open_store(run.ws) as store:
        for ref in ("C-1011", "C-2001"):
            transcript = store.transcript(store.call_by_ref(ref).id)
            assert transcript is not None
            kinds = [f.kind.value for f in recorded_findings(transcript)]
            assert kinds.count("card") >= 1, (ref, kinds)
            assert any("[CARD]" in s.text for s in transcript.segments), ref
            if ref == "C-1011":  # pocketsphinx heard the first "four" as "for": it goes too
                assert sorted(kinds) == ["card", "cvv", "expiry"]
                assert not any("for [CARD]" in s.text for s in transcript.segments)


def test_the_search_finds_every_planted_form() -> None:
    said = " ".join(text for _, _, text in PLANTED_SEGMENTS)
    assert len(_traces(said)) >= 4  # the spoken run, the grouped and the plain digits


def test_no_trace_of_the_number_in_any_table(run: Run) -> None:
    rows = _database_text(run)
    tables = {table for table, _ in rows}
    assert {"segments", "transcripts", "item_results", "audit_events"} <= tables
    leaks = [(table, found) for table, text in rows for found in _traces(text)]
    assert leaks == []


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "pdf"])
def test_no_trace_of_the_number_in_any_export(run: Run, fmt: str) -> None:
    out = run.root / f"export.{fmt}"
    extra = ("--long",) if fmt == "csv" else ("--include-provisional",) if fmt == "pdf" else ()
    run.qa("export", "--format", fmt, "--out", str(out), *extra)  # the PDF: reviewed calls only
    text = _export_text(out, fmt)
    assert "C-2001" in text and "C-1011" in text  # both calls were exported
    assert _traces(text) == []


def _export_text(out: Path, fmt: str) -> str:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(out, read_only=True)
        return "\n".join(
            str(v) for s in book.worksheets for r in s.iter_rows(values_only=True) for v in r
        )
    if fmt == "pdf":
        from pypdf import PdfReader

        return "\n".join(p.extract_text() for p in PdfReader(out).pages)
    return out.read_text(encoding="utf-8-sig")


def test_the_replayed_audio_is_silent_where_the_number_was_read(run: Run) -> None:
    ws = run.ws
    with open_store(ws) as store:
        call = store.call_by_ref("C-1011")
        transcript = store.transcript(call.id)
    assert transcript is not None
    played = playable_audio(call, "agent", workspace=ws)
    assert played.parent == ws.root / ".qa" / "redacted"
    spans = silenced_spans(recorded_findings(transcript), redaction_policy(ws))
    card = next(f for f in recorded_findings(transcript) if f.kind.value == "card")
    assert any(s <= card.start and card.end <= e for s, e in spans)
    original, rate, _, _ = read_samples(original_audio(ws, call))
    copy, copy_rate, _, _ = read_samples(played)
    assert copy.shape == original.shape and copy_rate == rate
    for start, end in spans:
        window = slice(int(start * rate), int(end * rate) + 1)
        assert original[:, window].any(), "the card was spoken here in the original"
        assert not copy[:, window].any(), f"sound left between {start:.2f}s and {end:.2f}s"


def test_a_call_whose_number_has_no_word_times_is_never_played_to_its_agent(run: Run) -> None:
    ws = run.ws
    with open_store(ws) as store:
        call = store.call_by_ref("C-2001")
        transcript = store.transcript(call.id)
        assert transcript is not None
        assert not all(f.reliable for f in recorded_findings(transcript))
        with pytest.raises(AccessDeniedError, match="redaction is incomplete"):
            playable_audio(call, "agent", workspace=ws)
        replay = AgentReplayService(store, Identity("tom", "agent", "tom.b"), workspace=ws)
        detail = replay.detail(call.id)
        assert detail.audio is None and "redaction is incomplete" in detail.audio_note
    supervisor = playback(ws, call, "supervisor", transcript)
    assert supervisor.redacted and supervisor.warning.startswith("Redaction incomplete")
