"""The stereo demo calls mixed down to one channel, separated by voice, scored like their stereo
versions.

`tests/labelled/demo_mono_pocketsphinx/` holds what `python bench/diarization.py --save DIR`
transcribed (pocketsphinx, then voice separation) from each stereo demo call summed to mono, and
C-1010 (recorded mono); sidecars, agents and truth as in `tests/labelled/demo_pocketsphinx/`,
which holds the stereo transcripts of the same calls.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.rubric.parse import load_rubric
from qa.domain.scorecard import Scorecard, Verdict
from qa.pipeline.access.agents import read_agents_file
from qa.pipeline.scoring.check import evaluate_folder, read_transcript_file, score_folder

REPO = Path(__file__).resolve().parents[3]
MONO = REPO / "tests" / "labelled" / "demo_mono_pocketsphinx"
STEREO = REPO / "tests" / "labelled" / "demo_pocketsphinx"
RUBRIC = load_rubric(REPO / "rubrics" / "acme_inbound.toml")


def _cards(folder: Path) -> dict[str, Scorecard]:
    return score_folder(folder, RUBRIC, read_agents_file(folder / "agents.toml"))


@pytest.fixture(scope="module")
def cards() -> tuple[dict[str, Scorecard], dict[str, Scorecard]]:
    return _cards(MONO), _cards(STEREO)


def test_every_demo_call_is_there_and_separated_with_confidence() -> None:
    files = sorted(MONO.glob("*.transcript.json"))
    assert len(files) == 12
    for path in files:
        separation = read_transcript_file(path).transcript.speakers
        assert separation is not None and separation.method == "diarization", path.name
        assert (separation.confidence or 0.0) >= 0.8, path.name


def test_each_mixed_call_scores_within_one_item_of_its_stereo_version(
    cards: tuple[dict[str, Scorecard], dict[str, Scorecard]],
) -> None:
    mono, stereo = cards
    assert mono.keys() == stereo.keys()
    for call, card in mono.items():
        theirs = {i.item_id: i.verdict for i in stereo[call].items}
        differ = [i.item_id for i in card.items if i.verdict != theirs[i.item_id]]
        assert len(differ) <= 1, (call, differ)


def test_no_false_pass_and_every_disagreement_goes_to_a_supervisor_or_fails_safe() -> None:
    report = evaluate_folder(MONO, RUBRIC)
    assert all(acc.false_passes == 0 for acc in report.items)
    assert {d.result.verdict for d in report.disagreements} <= {Verdict.UNCERTAIN, Verdict.FAIL}
