"""Database engines: URL normalising, SQLite pragmas, and which dialect we talk to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from qa.errors import WorkspaceError

SQLITE_BUSY_TIMEOUT_MS = 10_000  # wait this long for another writer before "database is locked"


def normalise_url(url: str) -> str:
    """The SQLAlchemy URL for `url`: bare PostgreSQL URLs get the psycopg (v3) driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; full fsync per commit is slow
    cursor.close()


def _check_sqlite_folder(url: str) -> None:
    database = make_url(url).database or ""
    if database and database != ":memory:" and not Path(database).parent.is_dir():
        raise WorkspaceError(
            f"The folder for the database {database} does not exist.",
            hint="Create the folder, or set database_url in qa.toml.",
        )


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get WAL, foreign keys and a busy timeout."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse message
        raise WorkspaceError(
            f"The database URL {url!r} cannot be parsed.",
            hint="Use sqlite:///path/qa.db or postgresql+psycopg://user@host/db.",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_folder(url)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)
