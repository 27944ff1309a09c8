"""Alembic environment: migrate the engine handed over in config.attributes (never from a .ini)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import qa.storage.tables  # noqa: F401  (registers every table on SQLModel.metadata)

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=engine.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
