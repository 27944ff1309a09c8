"""The permission table: every command of `qa --help`, run as an admin, a supervisor, an agent
and an unknown login, is allowed or refused as the table says; a refusal is one line on stderr,
exit 2, and prints no data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.main import get_command

from qa.cli import app
from qa.pipeline.access.permissions import COMMANDS, TUI_ACTIONS, allowed
from tests.pipeline.runs.test_run import PERFECT, RUDE, _transcript_file, _workspace
from tests.qa_main import run_qa

LOGINS = {"admin": "root", "supervisor": "maria", "agent": "sarah", "unknown": "mallory"}
INTERACTIVE = {"review", "replay"}  # open a terminal UI when allowed: only refusals are run

# What each command is run with (paths relative to the workspace; {tmp} is a scratch folder).
ARGS: dict[str, list[str]] = {
    "init": ["init", "{tmp}/new"],
    "check": [
        "check",
        "recordings/C-1001_perfect.transcript.json",
        "-r",
        "rubrics/acme_inbound.toml",
    ],
    "eval": ["eval", "recordings", "--rubric", "rubrics/acme_inbound.toml"],
    "rubric lint": ["rubric", "lint", "rubrics/acme_inbound.toml"],
    "ingest": ["ingest"],
    "sample draw": ["sample", "draw", "--count", "1"],
    "sample list": ["sample", "list"],
    "sample show": ["sample", "show", "1"],
    "sample close": ["sample", "close", "9"],  # no sample 9: refused, or "No sample 9"
    "transcribe": ["transcribe", "--engine", "file"],
    "score": ["score"],
    "run": ["run", "--engine", "file"],
    "rescore list": ["rescore", "list"],
    "rescore accept": ["rescore", "accept", "C-1001"],
    "rescore keep": ["rescore", "keep", "C-1001"],
    "verdict": ["verdict", "C-1008", "demeanor", "pass"],
    "finalize": ["finalize", "C-1008"],
    "reopen": ["reopen", "C-1008", "--reason", "recheck"],
    "resolve": ["resolve", "C-1001", "--item", "greeting", "--uphold", "--reason", "stands"],
    "disputes list": ["disputes", "list"],
    "disputes export-eval": ["disputes", "export-eval", "{tmp}/eval"],
    "redact": ["redact", "C-1008"],
    "calibrate start": ["calibrate", "start", "1", "--supervisors", "maria"],
    "calibrate score": ["calibrate", "score", "C-1001", "--item", "greeting", "--verdict", "pass"],
    "calibrate report": ["calibrate", "report", "1"],
    "calls": ["calls"],
    "show": ["show", "C-1001"],
    "export": ["export", "--out", "{tmp}/out.csv"],
    "report": ["report"],
    "review": ["review"],
    "replay": ["replay"],
    "self-assess": ["self-assess", "C-1001", "--item", "greeting", "--verdict", "pass"],
    "acknowledge": ["acknowledge", "C-1001"],
    "dispute": ["dispute", "C-1001", "--item", "greeting", "--reason", "I said it"],
    "agents list": ["agents", "list"],
    "agents import": ["agents", "import", "agents.toml"],
    "db upgrade": ["db", "upgrade"],
    "db grant-agent": ["db", "grant-agent", "sarah"],
    "db revoke-agent": ["db", "revoke-agent", "sarah"],
    "speakers swap": ["speakers", "swap", "C-1010"],
}


def _command_names() -> set[str]:
    names: set[str] = set()
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):  # a group: its subcommands are the commands
            names |= {f"{name} {sub}" for sub in command.commands}
        else:
            names.add(name)
    return names


def test_every_command_is_in_the_table_and_in_this_test() -> None:
    assert _command_names() == set(COMMANDS) == set(ARGS)


def test_docs_print_the_table() -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "security.md").read_text()
    for command in COMMANDS:
        assert f"| `qa {command}` |" in docs, command
    for action in TUI_ACTIONS:
        assert f"| `{action}` |" in docs, action


def test_every_entry_names_known_roles() -> None:
    known = {"admin", "supervisor", "agent", "anyone"}
    for roles in [*COMMANDS.values(), *TUI_ACTIONS.values()]:
        assert roles and roles <= known


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """C-1001 (Sarah's) and C-1008 (Tom's), scored; root is the admin, maria a supervisor."""
    tmp = tmp_path_factory.mktemp("perm")
    root = _workspace(tmp, ["C-1001_perfect", "C-1008_prohibited-phrase"], "rate = 1.0")
    settings = (root / "qa.toml").read_text(encoding="utf-8")
    settings = settings.replace('admins = ["root", "supervisor"]', 'admins = ["root"]')
    settings = settings.replace('supervisors = ["root", "supervisor"]', 'supervisors = ["maria"]')
    (root / "qa.toml").write_text(settings, encoding="utf-8")
    _transcript_file(root, "C-1001_perfect", PERFECT)
    _transcript_file(root, "C-1008_prohibited-phrase", RUDE)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("QA_LOGIN", "root")
        done = run_qa("run", "--engine", "file")
        assert done.exit_code == 0, done.stderr
    yield root


def _refused(done: object) -> bool:
    return getattr(done, "stderr", "").startswith("refused:")


@pytest.mark.parametrize("role", list(LOGINS))
@pytest.mark.parametrize("command", sorted(ARGS))
def test_each_role_runs_or_is_refused_as_the_table_says(
    scored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, role: str
) -> None:
    may = allowed(role, command) if role != "unknown" else allowed("", command)
    if may and command in INTERACTIVE:
        pytest.skip("opens the terminal UI; its refusals are run for the other roles")
    monkeypatch.chdir(scored)
    monkeypatch.setenv("QA_LOGIN", LOGINS[role])
    done = run_qa(*(a.replace("{tmp}", str(tmp_path)) for a in ARGS[command]))
    if may:
        assert not _refused(done), done.stderr
        assert done.exit_code in (0, 1, 2), done.stderr
        assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
        return
    assert done.exit_code == 2
    assert _refused(done), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stdout == ""


def _as(login: str, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    monkeypatch.chdir(root)
    monkeypatch.setenv("QA_LOGIN", login)


def test_an_agent_learns_nothing_about_other_calls_from_redact(
    scored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as("sarah", monkeypatch, scored)
    other, missing, every = run_qa("redact", "C-1008"), run_qa("redact", "C-9999"), run_qa("redact")
    assert other.stderr == missing.stderr == every.stderr
    assert other.exit_code == missing.exit_code == every.exit_code == 2
    assert "C-1008" not in other.stderr and other.stdout == every.stdout == ""


def test_an_agent_cannot_score_run_or_sample_and_reviews_stay(
    scored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qa.storage.store import Store

    with Store.open(f"sqlite:///{scored / 'qa.db'}") as store:
        before = [store.scorecard_history(c.id) for c in store.calls()]
        samples = len(store.samples())
    _as("sarah", monkeypatch, scored)
    for args in (["score", "--all"], ["run", "--all", "--engine", "file"], ["sample", "-n", "1"]):
        done = run_qa(*args)
        assert done.exit_code == 2 and _refused(done) and done.stdout == ""
        assert "C-1008" not in done.stderr and "Tom" not in done.stderr
    with Store.open(f"sqlite:///{scored / 'qa.db'}") as store:
        assert [store.scorecard_history(c.id) for c in store.calls()] == before
        assert len(store.samples()) == samples


def test_review_ui_services_check_the_table(scored: Path) -> None:
    from qa.errors import AccessDeniedError
    from qa.pipeline.review.review import ReviewService
    from qa.storage.store import Store

    with Store.open(f"sqlite:///{scored / 'qa.db'}") as store:
        as_agent = ReviewService(store, "sarah", role="agent")
        call_id = store.call_by_ref("C-1008").id
        with pytest.raises(AccessDeniedError):
            as_agent.call_detail(call_id)
        with pytest.raises(AccessDeniedError):
            as_agent.comment(call_id, "looks fine")
        assert not store.comments(call_id)
