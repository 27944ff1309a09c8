"""`qa check`, `qa rubric lint` and `qa eval` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from qa.cli import app
from qa.errors import BadInputError

REPO = Path(__file__).resolve().parents[3]
RUBRIC = str(REPO / "rubrics" / "acme_inbound.toml")
runner = CliRunner()


def _transcript(
    tmp_path: Path, name: str = "call.json", agent_line: str = "my name is Sarah"
) -> Path:
    data = {
        "format": "qa-transcript/1",
        "duration": 40.0,
        "segments": [
            {
                "start": 0.5,
                "end": 6.0,
                "speaker": "agent",
                "text": f"Thank you for calling Acme Wireless, {agent_line}. "
                "This call may be recorded.",
            },
            {
                "start": 7.0,
                "end": 9.0,
                "speaker": "customer",
                "text": "I want to upgrade my phone.",
            },
            {
                "start": 10.0,
                "end": 14.0,
                "speaker": "agent",
                "text": "Would you like device protection? We also have a family plan.",
            },
            {
                "start": 30.0,
                "end": 33.0,
                "speaker": "agent",
                "text": "Is there anything else I can help you with?",
            },
        ],
    }
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_check_json_is_the_scorecard(tmp_path: Path) -> None:
    path = _transcript(tmp_path)
    done = runner.invoke(
        app,
        [
            "check",
            str(path),
            "--rubric",
            RUBRIC,
            "--agent",
            "Sarah Kim",
            "--meta",
            "offers=family plan,",
            "--meta",
            "call_id=C-9",
            "--json",
        ],
    )
    assert done.exit_code == 0, done.output
    card = json.loads(done.stdout)
    assert card["call"] == {"call_id": "C-9", "agent": "Sarah Kim"}
    assert {i["id"]: i["verdict"] for i in card["items"]}["suggested_offers"] == "pass"
    assert card["items"][0]["evidence"][0]["text"] == "Thank you for calling Acme Wireless,"
    # every automatic item passed; only demeanor awaits a supervisor: 100 over the decided items
    assert card["provisional"] and card["score"] == 100.0
    low, high = card["score_range"]
    assert low < 100.0 == high


def test_check_resolves_the_agent_id_from_the_workspace(
    tmp_path: Path, monkeypatch: object
) -> None:
    (tmp_path / "qa.toml").write_text("")
    (tmp_path / "agents.toml").write_text(
        '[[agents]]\nid = "sarah.k"\nname = "Sarah Kim"\naliases = ["Sara"]\n'
    )
    path = _transcript(tmp_path, agent_line="my name is Sara")
    done = runner.invoke(
        app,
        [
            "-w",
            str(tmp_path),
            "check",
            str(path),
            "--rubric",
            RUBRIC,
            "--agent",
            "sarah.k",
            "--json",
        ],
    )
    assert done.exit_code == 0, done.output
    card = json.loads(done.stdout)
    assert card["call"]["agent"] == "Sarah Kim" and card["items"][0]["verdict"] == "pass"


def test_check_human_output_shows_verdicts_and_quotes(tmp_path: Path) -> None:
    path = _transcript(tmp_path, agent_line="my name is Sam")
    done = runner.invoke(app, ["check", str(path), "--rubric", RUBRIC, "--agent", "Sarah Kim"])
    assert done.exit_code == 0, done.output
    assert "uncertain" in done.stdout and "sam" in done.stdout and "Score" in done.stdout


def test_check_bad_transcript_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}')
    done = runner.invoke(app, ["check", str(bad), "--rubric", RUBRIC])
    assert isinstance(done.exception, BadInputError)  # qa.cli.main prints it, exit code 2
    assert "format must be" in done.exception.message and done.exception.exit_code == 2


def test_lint_exit_codes(tmp_path: Path) -> None:
    assert runner.invoke(app, ["rubric", "lint", RUBRIC]).exit_code == 0
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "B"\n[[items]]\nid = "a"\nwithn = "first 3s"\nany = []\n')
    done = runner.invoke(app, ["rubric", "lint", str(broken)])
    assert done.exit_code == 1
    assert "did you mean `within`?" in done.output and "empty phrase list" in done.output


def test_eval_prints_accuracy_and_disagreements(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(REPO / "tests" / "labelled" / "clean", folder)
    for extra in sorted(folder.glob("call_0[1-9]*.json")):
        extra.unlink()  # ten calls keep the test fast
    done = runner.invoke(app, ["eval", str(folder), "--rubric", RUBRIC])
    assert done.exit_code == 0, done.output
    assert "greeting" in done.stdout and "kappa" in done.stdout and "disagreement" in done.stdout
    assert "not scored" in done.stdout  # labels of the removed calls are reported
