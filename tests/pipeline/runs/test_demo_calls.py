"""The committed demo recordings match their script, their sidecars and their labelled truth."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import av
import numpy as np
import pytest

from qa.domain.agents import Agent

ROOT = Path(__file__).resolve().parents[3]
RECORDINGS = ROOT / "recordings"
SAMPLE_RATE = 16_000  # Hz
MAX_FOLDER_BYTES = 10_000_000
FRAME = 320  # samples: 20 ms at 16 kHz
VERDICTS = {"pass", "fail", "na", "pending"}
Decoded = dict[str, tuple[np.ndarray, int]]  # stem -> (channels x samples int16, rate)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_demo_calls", ROOT / "scripts" / "make_demo_calls.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
CALLS = {call.stem: call for call in SCRIPT.CALLS}


def _truth() -> list[dict[str, str]]:
    with (RECORDINGS / "truth.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _decode(path: Path) -> tuple[np.ndarray, int]:
    """Samples as (channels, n) int16, and the sample rate."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        channels = len(stream.layout.channels)
        rate = stream.rate
        flat = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(stream)])
    return flat.reshape(-1, channels).T.astype(np.int16), rate


@pytest.fixture(scope="module")
def audio() -> Decoded:
    return {stem: _decode(RECORDINGS / f"{stem}.flac") for stem in CALLS}


def _active(channel: np.ndarray) -> np.ndarray:
    """Per 20 ms frame: does the channel carry any sound at all?"""
    usable = channel[: len(channel) // FRAME * FRAME].reshape(-1, FRAME)
    loud: np.ndarray = np.abs(usable).max(axis=1) > 0
    return loud


def _stretches(flags: np.ndarray, min_gap: int = 25) -> list[tuple[int, int]]:
    """(first, end) frames of sound, joined across gaps shorter than `min_gap` frames (0.5 s)."""
    found: list[tuple[int, int]] = []
    for frame in np.flatnonzero(flags):
        if found and frame - found[-1][1] < min_gap:
            found[-1] = (found[-1][0], int(frame) + 1)
        else:
            found.append((int(frame), int(frame) + 1))
    return found


class TestTruth:
    """truth.csv labels every rubric item of every scripted call."""

    def test_every_call_has_one_verdict_per_rubric_item(self) -> None:
        rubric = tomllib.loads((ROOT / "rubrics" / "acme_inbound.toml").read_text("utf-8"))
        items = [item["id"] for item in rubric["items"]]
        rows = _truth()
        assert list(rows[0]) == ["call", "item", "verdict"]
        for stem in CALLS:
            assert [r["item"] for r in rows if r["call"] == stem] == items
        assert {r["call"] for r in rows} == set(CALLS)
        assert {r["verdict"] for r in rows} <= VERDICTS

    def test_manual_items_are_pending_and_each_fault_is_labelled(self) -> None:
        rows = _truth()
        assert {r["verdict"] for r in rows if r["item"] == "demeanor"} == {"pending"}
        failed = {r["item"] for r in rows if r["verdict"] == "fail"}
        assert failed == {
            "greeting",
            "protection_offer",
            "suggested_offers",
            "courtesy",
            "closing",
        }
        perfect = {r["item"]: r["verdict"] for r in rows if r["call"] == "C-1001_perfect"}
        assert "fail" not in perfect.values()


class TestSidecars:
    """Each recording has DESIGN.md §5 metadata naming an agent from agents.toml."""

    @pytest.mark.parametrize("stem", sorted(CALLS))
    def test_sidecar_names_a_known_agent_queue_and_week(self, stem: str) -> None:
        agents = tomllib.loads((ROOT / "agents.toml").read_text("utf-8"))["agents"]
        known = {Agent(**a).id for a in agents}
        meta = json.loads((RECORDINGS / f"{stem}.json").read_text("utf-8"))
        assert set(meta) >= {"call_id", "agent", "started_at", "queue", "direction", "offers"}
        assert meta["agent"] in known
        assert meta["queue"] in {"sales", "support"}
        started = datetime.fromisoformat(meta["started_at"])
        assert datetime(2026, 11, 16, tzinfo=UTC) <= started < datetime(2026, 11, 21, tzinfo=UTC)
        assert stem.startswith(meta["call_id"])

    def test_every_agent_has_enough_calls_to_sample_two(self) -> None:
        per_agent: dict[str, int] = {}
        for stem in CALLS:
            agent = json.loads((RECORDINGS / f"{stem}.json").read_text("utf-8"))["agent"]
            per_agent[agent] = per_agent.get(agent, 0) + 1
        assert len(per_agent) >= 3 and min(per_agent.values()) >= 2


class TestAudio:
    """The FLAC files are 16 kHz calls of 30-90 s, one speaker per channel."""

    @pytest.mark.parametrize("stem", sorted(CALLS))
    def test_format_and_length(self, stem: str, audio: Decoded) -> None:
        samples, rate = audio[stem]
        assert rate == SAMPLE_RATE
        assert samples.shape[0] == CALLS[stem].channels
        assert 30 <= samples.shape[1] / rate <= 90

    def test_only_the_mono_call_is_mono(self, audio: Decoded) -> None:
        mono = {stem for stem, (samples, _) in audio.items() if samples.shape[0] == 1}
        assert mono == {"C-1010_mono"}

    @pytest.mark.parametrize("stem", sorted(s for s, c in CALLS.items() if c.channels == 2))
    def test_left_is_silent_whenever_the_right_has_sound(self, stem: str, audio: Decoded) -> None:
        left, right = audio[stem][0]
        assert not np.any((left != 0) & (right != 0)), "agent and customer overlap"
        assert _active(left).sum() * FRAME / SAMPLE_RATE > 10  # seconds of agent speech
        assert _active(right).sum() * FRAME / SAMPLE_RATE > 3  # seconds of customer speech
        assert np.argmax(_active(left)) < np.argmax(_active(right)), "the agent answers first"

    def test_hold_plays_soft_music_for_40_to_60_seconds(self, audio: Decoded) -> None:
        left, right = audio["C-1009_long-hold"][0]
        turns = _stretches(_active(left))
        gap, resumed = max((b[0] - a[1], b[0]) for a, b in zip(turns, turns[1:], strict=False))
        assert 40 <= gap * FRAME / SAMPLE_RATE <= 60
        hold = right[(resumed - 40 * SAMPLE_RATE // FRAME) * FRAME : resumed * FRAME]
        assert _active(hold).mean() > 0.9  # music, not dead air
        assert np.abs(hold).max() / 32768 < 0.1  # soft, under the -12 dBFS speech

    def test_missed_closing_greeting_lies_outside_the_last_45_seconds(self, audio: Decoded) -> None:
        # Otherwise "thank you for calling Acme Wireless" in the greeting would pass the closing.
        left, right = audio["C-1004_missed-closing"][0]
        greeting_end = _stretches(_active(left))[0][1]
        last_sound = _stretches(_active(left) | _active(right))[-1][1]
        assert (last_sound - greeting_end) * FRAME / SAMPLE_RATE > 45 + 3

    def test_folder_stays_under_10_mb(self) -> None:
        total = sum(p.stat().st_size for p in RECORDINGS.rglob("*") if p.is_file())
        assert total < MAX_FOLDER_BYTES


@pytest.mark.skipif(not (shutil.which("flite") and shutil.which("sox")), reason="needs flite, sox")
def test_regenerating_gives_the_same_bytes(tmp_path: Path) -> None:
    """The script is deterministic: the committed files are exactly what it makes."""
    SCRIPT.main(["--out", str(tmp_path), "--only", "C-1010", "C-1008"])
    for name in ("C-1010_mono.flac", "C-1010_mono.json", "C-1008_prohibited-phrase.flac"):
        assert (tmp_path / name).read_bytes() == (RECORDINGS / name).read_bytes(), name
    assert (tmp_path / "truth.csv").read_bytes() == (RECORDINGS / "truth.csv").read_bytes()
