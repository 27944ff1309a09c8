"""Alembic migrations run from code (no alembic.ini): upgrade to head when the schema is behind."""

from __future__ import annotations

try:
    import fcntl  # POSIX record locks
except ImportError:  # Windows: no lock files; one run at a time is up to the operator
    fcntl = None  # type: ignore[assignment]
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from qa.errors import WorkspaceError
from qa.storage.db_errors import database_error

MIGRATIONS = Path(__file__).parent / "migrations"
PG_MIGRATION_LOCK = 0x7A11_CA11  # pg_advisory_lock key: one migrator at a time


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at our migrations, bound to `engine` (see migrations/env.py)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


SQLITE_LOCKED_RETRIES = 8  # a new file opened by two processes at once: SQLite may answer
# "database is locked" at once (switching a fresh file to WAL, a stale read snapshot) without
# waiting for busy_timeout; the upgrade is idempotent, so it is tried again after a pause.


def upgrade(engine: Engine) -> bool:
    """Bring the schema to head; returns True when migrations ran."""
    for attempt in range(SQLITE_LOCKED_RETRIES):
        try:
            return _upgrade(engine)
        except DBAPIError as exc:
            if engine.dialect.name != "sqlite" or "locked" not in str(exc.orig):
                raise _open_error(engine, exc) from exc
            if attempt == SQLITE_LOCKED_RETRIES - 1:
                raise _open_error(engine, exc) from exc
            time.sleep(0.25 * (attempt + 1))
    return False  # not reached: the last attempt returns or raises


def _upgrade(engine: Engine) -> bool:
    if current_revision(engine) == head_revision():
        return False
    if engine.dialect.name == "postgresql":
        return _upgrade_locked(engine)
    with _sqlite_migration_lock(engine):
        if current_revision(engine) == head_revision():
            return False  # another process migrated while this one waited
        command.upgrade(alembic_config(engine), "head")
    return True


def _open_error(engine: Engine, exc: DBAPIError) -> Exception:
    known = database_error(exc)
    if known is not None:
        return known
    return WorkspaceError(
        f"Cannot open or migrate the database {engine.url!r}: {exc.orig}",
        hint="Check database_url in qa.toml (or QA_DATABASE_URL) and that the server runs.",
    )


@contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """Wait for any other process migrating the same SQLite file (two first runs at once)."""
    database = str(engine.url.database or "")
    if not database or database == ":memory:" or fcntl is None:
        yield
        return
    path = Path(database).with_name(Path(database).name + ".migrate-lock")
    try:
        handle = path.open("a+b")
    except OSError:  # a read-only folder: migrating fails anyway, with its own clear error
        yield
        return
    with handle:
        fcntl.lockf(handle, fcntl.LOCK_EX)  # blocks; the OS releases it if the holder dies
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def _upgrade_locked(engine: Engine) -> bool:
    # Several workers may open a fresh database at once; the advisory lock lets one migrate.
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        connection.commit()
        try:
            if current_revision(engine) == head_revision():
                return False
            command.upgrade(alembic_config(engine), "head")
            return True
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_MIGRATION_LOCK})
            connection.commit()
