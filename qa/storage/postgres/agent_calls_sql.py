"""An agent's writes on PostgreSQL, made through the database's checked functions."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from qa.errors import BadInputError


@lru_cache(maxsize=32)
def _agent_role(engine: Engine) -> bool:
    with engine.connect() as connection:
        found = connection.execute(text("SELECT to_regprocedure('qa_my_agent()') IS NOT NULL"))
        if not found.scalar_one():
            return False
        return connection.execute(text("SELECT qa_my_agent()")).scalar_one() is not None


def through_functions(engine: Engine) -> bool:
    """True when this connection is an agent's own PostgreSQL role (it has no direct writes)."""
    return engine.dialect.name == "postgresql" and _agent_role(engine)


def call_function(engine: Engine, sql: str, **params: object) -> int | None:
    """Run one of the agent functions; its refusal becomes a BadInputError in its own words."""
    try:
        with engine.begin() as connection:
            value = connection.execute(text(sql), params).scalar()
    except DBAPIError as exc:
        diag = getattr(exc.orig, "diag", None)
        message = getattr(diag, "message_primary", None) or str(exc.orig)
        raise BadInputError(message) from exc
    return value if isinstance(value, int) else None  # void functions return ""
