"""Mono recordings scored like stereo ones: real demo audio, pocketsphinx, voice separation."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from qa.domain.rubric.parse import load_rubric
from qa.domain.scorecard import Verdict
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Transcript
from qa.engines.audio import decode
from qa.engines.call import transcribe_audio
from qa.engines.sphinx import PocketsphinxEngine
from qa.pipeline.access.agents import read_agents_file

REPO = Path(__file__).resolve().parents[3]
RUBRIC = load_rubric(REPO / "rubrics" / "acme_inbound.toml")
AGENTS = {a.id: a for a in read_agents_file(REPO / "agents.toml")}
pytestmark = pytest.mark.slow  # pocketsphinx on a minute of audio: 20-60 s per call here


def _truth(stem: str) -> dict[str, str]:
    with (REPO / "recordings" / "truth.csv").open() as rows:
        return {r["item"]: r["verdict"] for r in csv.DictReader(rows) if r["call"] == stem}


def _scored(stem: str, audio: np.ndarray, agent_id: str) -> tuple[Transcript, dict[str, Verdict]]:
    agent = AGENTS[agent_id]
    names = (*RUBRIC.business, *agent.spoken_names)
    transcript = transcribe_audio(audio, PocketsphinxEngine(), None, names)
    card = score_call(transcript, RUBRIC, agent, {"offers": []})
    return transcript, {i.item_id: i.verdict for i in card.items}


def _no_false_pass(verdicts: dict[str, Verdict], truth: dict[str, str]) -> None:
    wrong = [i for i, v in verdicts.items() if v == Verdict.PASS and truth[i] == "fail"]
    assert not wrong


def test_the_demo_mono_call_is_separated_and_scored_like_a_stereo_call() -> None:
    audio = decode(REPO / "recordings" / "C-1010_mono.flac")[0]
    transcript, verdicts = _scored("C-1010_mono", audio, "james.o")
    assert transcript.speakers is not None and transcript.speakers.method == "diarization"
    assert (transcript.speakers.confidence or 0) >= 0.8
    assert transcript.segments[0].speaker == "agent"
    assert verdicts["disclosure"] == verdicts["closing"] == Verdict.PASS
    _no_false_pass(verdicts, _truth("C-1010_mono"))


def test_a_stereo_call_with_both_voices_on_both_channels_is_separated_by_voice() -> None:
    """C-1007 (protection not offered) as a recorder that copies the mix to both channels."""
    stereo = decode(REPO / "recordings" / "C-1007_protection-missed.flac")[0]
    mixed = np.stack([stereo.mean(axis=0), 0.8 * stereo.mean(axis=0)])
    transcript, verdicts = _scored("C-1007_protection-missed", mixed, "tom.b")
    assert transcript.speakers is not None and transcript.speakers.method == "diarization"
    assert "both voices on both channels" in transcript.speakers.note
    assert verdicts["protection_offer"] == Verdict.FAIL  # the customer's trigger, no offer
    _no_false_pass(verdicts, _truth("C-1007_protection-missed"))
