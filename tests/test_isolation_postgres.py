"""Isolation in PostgreSQL itself: agents connect as their own roles and row-level security
keeps each to their own calls, even through raw SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from qa.domain.agents import Agent
from qa.domain.call import ReviewStatus
from qa.domain.scorecard import Verdict
from qa.pipeline import disputes
from qa.pipeline.agent_replay import AgentReplayService
from qa.pipeline.identity import Identity
from qa.storage.rls import grant_agent, role_name
from qa.storage.store import Store
from tests.test_replay_data import reviewed

pytestmark = pytest.mark.postgres

CALL_DATA = ("transcripts", "segments", "scorecards", "item_results", "reviews", "disputes")


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _as_role(url: str, role: str) -> str:
    return url.replace("root@", f"{role}@", 1)


@pytest.fixture
def agents(postgres_schema_url: str, tmp_path: Path) -> Iterator[dict[str, object]]:
    """Sarah's and Tom's calls in a fresh schema, and a database role for each of them."""
    suffix = uuid.uuid4().hex[:8]
    logins = {"sarah.k": f"sarah{suffix}", "tom.b": f"tom{suffix}"}
    with Store.open(postgres_schema_url) as store:
        ids = reviewed(store, tmp_path)
        store.save_agents(
            [
                Agent("sarah.k", "Sarah Kim", ("Sara",), logins["sarah.k"]),
                Agent("tom.b", "Tom Berg", (), logins["tom.b"]),
            ]
        )
        roles = {a: grant_agent(store.engine, login, a) for a, login in logins.items()}
    yield {"ids": ids, "logins": logins, "roles": roles, "url": postgres_schema_url}
    with psycopg.connect(_plain(postgres_schema_url), autocommit=True) as admin:
        for role in roles.values():
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql))]
    finally:
        engine.dispose()


def test_each_agent_role_sees_only_its_own_calls_through_raw_sql(agents: dict) -> None:
    roles, url = agents["roles"], agents["url"]
    sarah, tom = _as_role(url, roles["sarah.k"]), _as_role(url, roles["tom.b"])
    assert sorted(r[0] for r in _rows(sarah, "SELECT call_ref FROM calls")) == ["C-1001", "C-1003"]
    assert [r[0] for r in _rows(tom, "SELECT call_ref FROM calls")] == ["C-1002"]
    every = _rows(url, "SELECT count(*) FROM scorecards")[0][0]
    for table in CALL_DATA:
        total = _rows(url, f"SELECT count(*) FROM {table}")[0][0]
        mine = _rows(sarah, f"SELECT count(*) FROM {table}")[0][0]
        theirs = _rows(tom, f"SELECT count(*) FROM {table}")[0][0]
        assert mine + theirs == total, table
    assert _rows(tom, "SELECT count(*) FROM scorecards")[0][0] == every - 2
    tom_call = agents["ids"]["C-1002"]
    assert _rows(sarah, f"SELECT * FROM segments s JOIN transcripts t ON t.id = s.transcript_id "
                        f"WHERE t.call_id = {tom_call}") == []  # fmt: skip


def test_an_agent_role_cannot_write_into_another_agents_call(agents: dict) -> None:
    sarah = _as_role(agents["url"], agents["roles"]["sarah.k"])
    tom_call, own_call = agents["ids"]["C-1002"], agents["ids"]["C-1001"]
    engine = create_engine(sarah)
    try:
        for sql in (
            "INSERT INTO disputes (call_id, item_id, raised_by, reason, status, resolution, "
            f"resolved_by, created_at) VALUES ({tom_call}, 'closing', 'x', 'x', 'open', '', '', "
            "now())",
            f"UPDATE calls SET status = 'final' WHERE id = {own_call}",
            "SELECT * FROM samples",
            f"DELETE FROM disputes WHERE call_id = {own_call}",
        ):
            with pytest.raises((ProgrammingError, DBAPIError)), engine.begin() as connection:
                connection.execute(text(sql))
        with engine.begin() as connection:  # it may mark its own call disputed, and no other
            for call in (own_call, tom_call):
                connection.execute(text(f"UPDATE calls SET status = 'disputed' WHERE id = {call}"))
    finally:
        engine.dispose()
    statuses = _rows(agents["url"], "SELECT call_ref, status FROM calls ORDER BY call_ref")
    assert statuses[:2] == [("C-1001", "disputed"), ("C-1002", "final")]


def test_the_agent_app_works_on_its_own_role(agents: dict) -> None:
    sarah_login = agents["logins"]["sarah.k"]
    ids, url = agents["ids"], _as_role(agents["url"], agents["roles"]["sarah.k"])
    with Store.open(url) as store:
        who = Identity(sarah_login, "agent", "sarah.k")
        service = AgentReplayService(store, who)
        assert [c.call_ref for c in service.calls()] == ["C-1001"]
        service.self_assess(ids["C-1001"], "closing", Verdict.PASS)
        detail = service.dispute(ids["C-1001"], "closing", "I offered more help")
        assert detail.revealed and detail.differs("closing")
        assert store.call(ids["C-1001"]).status == ReviewStatus.DISPUTED
        with pytest.raises(Exception, match="No call"):
            disputes.dispute_item(store, who, str(ids["C-1002"]), "closing", "x")
    with Store.open(agents["url"]) as admin:
        found = disputes.open_disputes(admin, Identity("root", "admin"))
        assert [(d.call_id, d.raised_by) for d in found] == [(ids["C-1001"], sarah_login)]
    seen = _rows(url, "SELECT DISTINCT actor FROM audit_events")
    assert seen == [(sarah_login,)]  # the supervisors' audit trail stays theirs


def test_role_names_are_safe_identifiers() -> None:
    assert role_name("Sarah.K-1") == "qa_agent_sarah_k_1"
    assert len(role_name("x" * 100)) == 63
