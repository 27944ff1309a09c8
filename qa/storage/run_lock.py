"""One run at a time per database: a lock file beside a SQLite file, an advisory lock on PostgreSQL.

`qa run`, `qa ingest`, `qa transcribe` and `qa score` hold it while they work, so a second one
says who is running instead of doing the same work twice (or tripping over the first).
"""

from __future__ import annotations

try:
    import fcntl  # POSIX record locks
except ImportError:  # Windows: no lock files; one run at a time is up to the operator
    fcntl = None  # type: ignore[assignment]
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from qa.errors import QaError, WorkspaceError
from qa.storage.db_errors import WRITABLE_HINT

PG_RUN_LOCK = 0x7A11_0001  # first key of pg_advisory_lock(int, int); the second is the schema's
APPLICATION = "qa"  # application_name prefix: how another session finds who holds the lock
POLL_SECONDS = 0.5  # how often a run that waits for the lock tries it again


class RunInProgressError(QaError):
    """Another `qa` run works on this database right now; nothing was done."""


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds the run lock: what they run, their process id and host, and since when."""

    command: str
    pid: int
    host: str
    since: str  # HH:MM, local time of the holder

    @classmethod
    def me(cls, command: str) -> Holder:
        """This process, running `command`."""
        return cls(command, os.getpid(), socket.gethostname(), datetime.now().strftime("%H:%M"))

    def describe(self) -> str:
        """`qa run, pid 1234 on host, since 10:02`."""
        return f"qa {self.command}, pid {self.pid} on {self.host}, since {self.since}"


def busy(holder: Holder | None) -> RunInProgressError:
    """The error for a second run while `holder` works."""
    who = f" ({holder.describe()})" if holder else ""
    return RunInProgressError(
        f"Another run is in progress{who}; nothing was done.",
        hint="Wait for it to finish, or stop it, then run the command again.",
    )


Waiting = Callable[[Holder | None], None]  # told who holds the lock while a run waits for it


class _Patience:
    """How long a run waits for the lock; tells `waiting` once per holder it waits behind."""

    def __init__(self, seconds: float, waiting: Waiting | None) -> None:
        self.deadline = time.monotonic() + max(seconds, 0.0)
        self.waiting = waiting
        self.told: list[Holder | None] = []

    def again(self, holder: Holder | None) -> bool:
        """Sleep a little and say True to try again; False once the time is up."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            return False
        # A holder that has the lock but has not yet written who it is reads as None: say so
        # only when nobody was named before, so the person reads one line per run waited on.
        if self.waiting and holder not in self.told and (holder or not self.told):
            self.told.append(holder)
            self.waiting(holder)
        time.sleep(min(POLL_SECONDS, left))
        return True


# SQLite: a lock file beside the database ------------------------------------------------------


def lock_path(engine: Engine) -> Path:
    """The lock file of a SQLite database: `qa.db.lock` beside `qa.db`."""
    database = make_url(str(engine.url)).database or "qa.db"
    return Path(database).with_name(Path(database).name + ".lock")


def _read_holder(handle: Any) -> Holder | None:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "{}")
        return Holder(str(data["command"]), int(data["pid"]), str(data["host"]), str(data["since"]))
    except (ValueError, KeyError, TypeError):
        return None


@contextmanager
def _file_lock(path: Path, command: str, patience: _Patience) -> Iterator[None]:
    # POSIX record locks (lockf) belong to the process: the OS drops them when it dies, even by
    # SIGKILL, and worker processes it forks do not inherit them. A file left by a dead run is
    # therefore stale by construction and never blocks; its contents only tell who holds it.
    try:
        handle = path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise WorkspaceError(
            f"Cannot create the run lock {path}: {exc.strerror}; the database is read-only.",
            hint=WRITABLE_HINT,
        ) from exc
    with handle:
        while not _try_file_lock(handle):
            holder = _read_holder(handle)
            if not patience.again(holder):
                raise busy(holder)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(asdict(Holder.me(command))))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.lockf(handle, fcntl.LOCK_UN)


def _try_file_lock(handle: Any) -> bool:
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


# PostgreSQL: a session-level advisory lock, keyed by the schema ---------------------------------

HOLDER_QUERY = text(
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :key "
    "AND l.objid = (hashtext(current_schema()) & x'7fffffff'::int)::oid LIMIT 1"
)


def _parse_application(name: str) -> Holder | None:
    parts = name.split("|")
    if len(parts) != 5 or parts[0] != APPLICATION:
        return None
    return Holder(parts[1], int(parts[2]) if parts[2].isdigit() else 0, parts[3], parts[4])


def _try_advisory(connection: Connection) -> bool:
    got = connection.execute(
        text("SELECT pg_try_advisory_lock(:key, hashtext(current_schema()) & x'7fffffff'::int)"),
        {"key": PG_RUN_LOCK},
    )
    return bool(got.scalar_one())


@contextmanager
def _advisory_lock(engine: Engine, command: str, patience: _Patience) -> Iterator[None]:
    # The lock lives as long as this session: a run that dies (even by SIGKILL) loses its
    # connection and with it the lock, so it is never stale.
    me = Holder.me(command)
    name = "|".join((APPLICATION, me.command, str(me.pid), me.host, me.since))[:63]
    with engine.connect() as connection:
        connection.execute(text("SELECT set_config('application_name', :n, false)"), {"n": name})
        connection.commit()  # the name must outlive the transactions of the tries below
        while not _try_advisory(connection):
            found = connection.execute(HOLDER_QUERY, {"key": PG_RUN_LOCK}).scalar()
            connection.rollback()
            holder = _parse_application(str(found or ""))
            if not patience.again(holder):
                raise busy(holder)
        connection.commit()
        try:
            yield
        finally:
            connection.execute(
                text(
                    "SELECT pg_advisory_unlock(:key, hashtext(current_schema()) & x'7fffffff'::int)"
                ),
                {"key": PG_RUN_LOCK},
            )
            connection.commit()


@contextmanager
def one_run(
    engine: Engine, command: str, wait: float = 0.0, waiting: Waiting | None = None
) -> Iterator[None]:
    """Hold the database's run lock while the block runs. When another run holds it, wait up
    to `wait` seconds for it (`waiting` is told who holds it), then RunInProgressError."""
    patience = _Patience(wait, waiting)
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, command, patience):
            yield
        return
    if str(engine.url.database or ":memory:") == ":memory:" or fcntl is None:
        yield
        return
    with _file_lock(lock_path(engine), command, patience):
        yield
