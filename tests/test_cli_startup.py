"""The command line starts fast: help works and no heavy module is imported for it."""

import json
import subprocess
import sys

HEAVY = ("torch", "whisper", "textual", "dask", "distributed", "pocketsphinx")


def _modules_loaded_by(args: list[str]) -> set[str]:
    code = (
        "import sys, json\n"
        "from qa.cli import app\n"
        f"sys.argv = ['qa', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_does_not_import_heavy_modules() -> None:
    loaded = _modules_loaded_by(["--help"])
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_every_command_has_help_text() -> None:
    from typer.main import get_command

    from qa.cli import app

    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert (command.help or "").strip(), f"qa {name} has no help text"
        sub = getattr(command, "commands", {})
        for sub_name, sub_command in sub.items():
            assert (sub_command.help or "").strip(), f"qa {name} {sub_name} has no help text"


def test_python_dash_m_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "qa", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "init" in done.stdout


def test_an_error_is_one_sentence_on_stderr_with_exit_code_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        [sys.executable, "-m", "qa", "calls"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: No callqa workspace")
    assert "Traceback" not in done.stderr
    assert "hint: Run `qa init`" in done.stderr


# The database, audio and array libraries cost seconds to import; help must not wait for them.
STARTUP_HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "numpy", "av", *HEAVY)


def test_help_loads_no_database_audio_or_model_library() -> None:
    for args in (["--help"], ["ingest", "--help"], ["sample", "draw", "--help"]):
        loaded = _modules_loaded_by(args)
        heavy = sorted({m.split(".")[0] for m in loaded} & set(STARTUP_HEAVY))
        assert not heavy, f"qa {' '.join(args)} imported {heavy}"
