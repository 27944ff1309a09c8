"""Automatic scoring of the twelve demo calls as pocketsphinx heard them, against their truth.

`tests/labelled/demo_pocketsphinx/` holds what `qa run --all --engine pocketsphinx` transcribed
from `recordings/` (exported with `qa show CALL --json`), the `<stem>.json` sidecars and
`recordings/truth.csv` as `labels.csv`: real recognition errors ("acne wireless", "this calm
maybe recorded", "pre a" for Priya), not simulated ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.evaluation import EvalReport
from qa.domain.rubric_parse import load_rubric
from qa.pipeline.check import evaluate_folder, read_transcript_file

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "tests" / "labelled" / "demo_pocketsphinx"
RUBRIC = REPO / "rubrics" / "acme_inbound.toml"
# Calls (of 12) where the automatic verdict equals the label. The misses: garbled greetings ("you
# breach acne wireless, this is create"; "thank you for calling actually wireless", on C-1006 and
# on the mono call C-1010, whose voices are separated like a stereo call's channels since issue
# 17) and a garbled disclosure ("this collins it harder for quality") are uncertain.
AGREEING = {
    "greeting": 9,
    "disclosure": 11,
    "protection_offer": 12,
    "suggested_offers": 12,
    "courtesy": 12,
    "closing": 12,
}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate_folder(DEMO, load_rubric(RUBRIC))


def test_every_item_agrees_with_the_truth_on_most_calls(report: EvalReport) -> None:
    wrong = {item: 0 for item in AGREEING}
    for d in report.disagreements:
        wrong[d.label.item] += 1
    assert {item: 12 - n for item, n in wrong.items()} == AGREEING, [
        f"{d.label.call} {d.label.item}: {d.result.verdict.value} {d.result.reason}"
        for d in report.disagreements
    ]


def test_nothing_passes_that_should_not_and_disagreements_go_to_a_supervisor(
    report: EvalReport,
) -> None:
    assert all(acc.false_passes == 0 for acc in report.items)
    assert {d.result.verdict.value for d in report.disagreements} == {"uncertain"}
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
    assert "12 pending label(s) skipped" in done.stdout and "not scored" not in done.stdout
