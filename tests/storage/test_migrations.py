"""The schema comes from Alembic migrations, applied on first use; SQLite gets its pragmas."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import qa.storage.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from qa.storage.migrate import current_revision, head_revision, upgrade
from qa.storage.store import Store

TABLES = {
    "agents",
    "calls",
    "transcripts",
    "segments",
    "rubrics",
    "scorecards",
    "item_results",
    "reviews",
    "comments",
    "disputes",
    "samples",
    "sample_members",
    "audit_events",
}


def test_a_fresh_database_is_migrated_to_head(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    assert TABLES <= set(inspect(store.engine).get_table_names())
    assert upgrade(store.engine) is False  # already at head: nothing to do


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_the_tables_package_describes_exactly_the_migrated_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert set(SQLModel.metadata.tables) >= TABLES | {"call_metrics", "calibrations"}


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_review_queue_columns_are_indexed(store: Store) -> None:
    indexed = {tuple(i["column_names"]) for i in inspect(store.engine).get_indexes("calls")}
    for column in ("status", "agent_id", "started_at", "transcript_state"):
        assert (column,) in indexed
    members = {
        tuple(i["column_names"]) for i in inspect(store.engine).get_indexes("sample_members")
    }
    assert ("call_id",) in members


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'qa.db'}")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    store.close()


def test_opening_twice_keeps_the_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'qa.db'}"
    with Store.open(url) as first:
        first.save_rubric("A", "1", "c" * 64, "t")
    with Store.open(url) as second:
        assert second.rubric_text("c" * 64) == "t"
