"""The environment fails, the user reads one sentence with a hint: read-only database or folder,
ids no row can have, a PostgreSQL role without write rights, a full disk on export."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from qa.storage.postgres.rls import grant_agent
from qa.storage.store import Store
from tests.pipeline.runs.test_run import two_call_workspace
from tests.qa_main import run_qa


@pytest.fixture
def scored(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two transcribed and scored calls; the login is root (the demo admin)."""
    root = two_call_workspace(tmp_path, database_url, monkeypatch)
    done = run_qa("run", "--engine", "file")
    assert done.exit_code == 0, done.stderr
    return root


def _one_clear_error(done: object, *words: str) -> None:
    stderr = getattr(done, "stderr", "")
    assert getattr(done, "exit_code", None) == 2, stderr
    assert getattr(done, "exception", None) is None or isinstance(
        getattr(done, "exception", None), SystemExit
    ), getattr(done, "exception", None)
    assert stderr.startswith("error: ") and "Traceback" not in stderr
    assert 1 <= len(stderr.strip().splitlines()) <= 2 and "hint: " in stderr
    for word in words:
        assert word in stderr


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """`path` (a file or folder) read-only, for root too: a read-only bind mount."""
    bound = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip("needs mount (root) to make a path read-only for every user")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


@contextmanager
def _tiny_disk(path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs at `path`."""
    path.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(path)],
                      capture_output=True).returncode != 0:  # fmt: skip
        pytest.skip("needs mount (root) for a small disk")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def _fill(path: Path) -> None:
    """Write zeros to `path` until the disk is full."""
    with path.open("wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 1024)
        except OSError:
            pass


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_read_only_database_file_is_one_sentence(scored: Path, tmp_path: Path) -> None:
    with _read_only(tmp_path / "qa.db"):  # the database_url fixture's file
        _one_clear_error(run_qa("score", "--all"), "read-only", "writable")
    assert run_qa("score", "--all").exit_code == 0  # nothing was spoiled


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_read_only_workspace_folder_is_one_sentence(scored: Path, tmp_path: Path) -> None:
    with _read_only(tmp_path):  # the workspace and the database file beside it
        _one_clear_error(run_qa("score", "--all"), "database", "writable")


def test_ids_no_row_can_have_are_no_such_call(scored: Path) -> None:
    for ref in ("99999999999999999999", "3000000000"):
        done = run_qa("show", ref)
        _one_clear_error(done, "No call", ref)
    huge = run_qa("sample", "--show", "99999999999999999999")
    _one_clear_error(huge, "No sample")


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_write_commands_as_an_agent_database_role_are_one_sentence(
    scored: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = f"sarah{uuid.uuid4().hex[:8]}"
    with Store.open(database_url) as store:
        role = grant_agent(store.engine, login, "sarah.k")
    try:
        monkeypatch.setenv("QA_DATABASE_URL", database_url.replace("root@", f"{role}@", 1))
        _one_clear_error(run_qa("score", "--all"), "refused the change", "database_url")
        _one_clear_error(run_qa("ingest"), "refused the change")
    finally:
        plain = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_full_disk_on_export_is_one_sentence_and_keeps_the_old_file(
    scored: Path, tmp_path: Path
) -> None:
    with _tiny_disk(tmp_path / "tiny") as disk:
        done = run_qa("export", "--format", "csv", "--out", str(disk / "old.csv"))
        assert done.exit_code == 0, done.stderr
        old = (disk / "old.csv").read_bytes()
        _fill(disk / "filler")
        full = run_qa("export", "--format", "pdf", "--out", str(disk / "old.csv"))
        _one_clear_error(full, "No space left", "old.csv")
        assert (disk / "old.csv").read_bytes() == old
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "old.csv"]
    assert os.path.ismount(tmp_path / "tiny") is False
