"""Automatic scoring of the twelve demo calls as pocketsphinx heard them, against their truth.

`tests/labelled/demo_pocketsphinx/` holds what `qa run --all --engine pocketsphinx` transcribed
from `recordings/` (exported with `qa show CALL --json`), the `<stem>.json` sidecars and
`recordings/truth.csv` as `labels.csv`: real recognition errors ("acne wireless", "this calm
maybe recorded", "pre a" for Priya), not simulated ones.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.calibration.evaluation import EvalReport
from qa.domain.rubric.parse import load_rubric
from qa.pipeline.scoring.check import evaluate_folder, read_transcript_file

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "tests" / "labelled" / "demo_pocketsphinx"
RUBRIC = REPO / "rubrics" / "acme_inbound.toml"
# Floors: calls (of 12) where the automatic verdict equals the label, as low as it may fall.
# An improvement raises the count and passes; the misses when written: garbled greetings ("you
# breach acne wireless, this is create"; "thank you for calling actually wireless") and a garbled
# disclosure ("this collins it harder for quality") are uncertain.
# (The mono call C-1010's voices are separated like a stereo call's channels since issue 17.)
AGREEING_FLOOR = {
    "greeting": 9,
    "disclosure": 11,
    "protection_offer": 12,
    "suggested_offers": 12,
    "courtesy": 12,
    "closing": 12,
}
GARBLED = REPO / "tests" / "labelled" / "garbled_names"
sys.path.insert(0, str(REPO / "tests" / "labelled"))
import make_garbled  # noqa: E402


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate_folder(DEMO, load_rubric(RUBRIC))


def test_every_item_agrees_with_the_truth_on_most_calls(report: EvalReport) -> None:
    wrong = dict.fromkeys(AGREEING_FLOOR, 0)
    for d in report.disagreements:
        wrong[d.label.item] += 1
    agreeing = {item: 12 - n for item, n in wrong.items()}
    assert all(agreeing[item] >= floor for item, floor in AGREEING_FLOOR.items()), [
        f"{d.label.call} {d.label.item}: {d.result.verdict.value} {d.result.reason}"
        for d in report.disagreements
    ]


def _hard_errors(report: EvalReport) -> list[str]:
    """Disagreements that reach nobody: a pass labelled fail, or a fail labelled pass."""
    return [
        f"{d.label.call} {d.label.item}: {d.result.verdict.value} {d.result.reason}"
        for d in report.disagreements
        if d.result.verdict.value != "uncertain"
    ]


def _garbled(folder: Path) -> EvalReport:
    return evaluate_folder(folder, load_rubric(folder / "rubric.toml"))


def test_garbled_names_go_to_a_supervisor_and_never_pass() -> None:
    """Business and agent names as recognisers garble them, answer-led greetings (labelled)."""
    report = _garbled(GARBLED)
    assert all(acc.false_passes == 0 for acc in report.items)
    assert not _hard_errors(report)
    f1 = {acc.item: acc.f1 for acc in report.items}
    assert f1["greeting"] >= 0.9 and f1["disclosure"] >= 0.95, f1


def test_a_fresh_garbled_set_never_passes_a_wrong_name(tmp_path: Path) -> None:
    """The same garbles drawn with a seed the scorer was not developed on."""
    folder = tmp_path / "garbled"
    make_garbled.write(folder, seed=4242)
    (folder / "rubric.toml").write_text((GARBLED / "rubric.toml").read_text())
    report = _garbled(folder)
    assert all(acc.false_passes == 0 for acc in report.items)
    assert not _hard_errors(report)


def test_nothing_passes_that_should_not_and_disagreements_go_to_a_supervisor(
    report: EvalReport,
) -> None:
    assert all(acc.false_passes == 0 for acc in report.items)
    assert not _hard_errors(report)
    assert len(report.manual) == 12 and not report.missing  # demeanor is manual everywhere


def test_sidecar_metadata_is_read_beside_the_transcript() -> None:
    call = read_transcript_file(DEMO / "C-1005_missed-upsell.transcript.json")
    assert call.meta["agent"] == "sarah.k"
    assert call.meta["offers"] == ["unlimited data", "family plan"]


def test_qa_eval_takes_the_truth_file_with_pending_labels() -> None:
    done = CliRunner().invoke(
        app,
        ["eval", str(DEMO), "--labels", str(REPO / "recordings" / "truth.csv"),
         "--rubric", str(RUBRIC)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "12 pending labels skipped" in done.stdout and "not scored" not in done.stdout
