"""What every part of the store shares: the engine and a unit-of-work session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from qa.errors import NotFoundError

# Row ids are PostgreSQL `integer`s; a larger number names no row (and would overflow a query).
MAX_ROW_ID = 2**31 - 1


def is_row_id(value: int) -> bool:
    """True when `value` can be a row id at all."""
    return 0 < value <= MAX_ROW_ID


class StoreBase:
    """Holds the engine; subclasses (mixins) add the queries for one kind of record."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends cleanly and rolls back otherwise."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise


def not_found(what: str, key: object, hint: str = "List them with `qa calls`.") -> NotFoundError:
    """The error for a record that does not exist."""
    return NotFoundError(f"No {what} {key} in this workspace's database.", hint=hint)
