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
from qa.pipeline.access.identity import Identity
from qa.pipeline.disputes import disputes
from qa.pipeline.disputes.replay import AgentReplayService
from qa.storage.postgres.rls import grant_agent, role_name
from qa.storage.store import Store
from tests.pipeline.disputes.test_replay_data import reviewed

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


def _refused(url: str, sql: str) -> str:
    """Run `sql` as the role in `url`; the error it must raise, as text."""
    engine = create_engine(url)
    try:
        with pytest.raises((ProgrammingError, DBAPIError)) as refused, engine.begin() as c:
            c.execute(text(sql))
    finally:
        engine.dispose()
    return str(refused.value.orig)


def test_an_agent_role_cannot_write_into_another_agents_call(agents: dict) -> None:
    sarah = _as_role(agents["url"], agents["roles"]["sarah.k"])
    tom_call, own_call = agents["ids"]["C-1002"], agents["ids"]["C-1001"]
    for sql in (
        "INSERT INTO disputes (call_id, item_id, raised_by, reason, status, resolution, "
        f"resolved_by, created_at) VALUES ({tom_call}, 'closing', 'x', 'x', 'open', '', '', "
        "now())",
        f"UPDATE calls SET status = 'final' WHERE id = {own_call}",
        "SELECT * FROM samples",
        f"DELETE FROM disputes WHERE call_id = {own_call}",
    ):
        _refused(sarah, sql)
    statuses = _rows(agents["url"], "SELECT call_ref, status FROM calls ORDER BY call_ref")
    assert statuses[:2] == [("C-1001", "final"), ("C-1002", "final")]


def _forgeries(ids: dict[str, int], tom_login: str) -> list[str]:
    own, theirs = ids["C-1001"], ids["C-1002"]
    cards = "(SELECT current_scorecard_id FROM calls WHERE id = {})"
    return [
        # a dispute on her own call, already settled "by root"
        "INSERT INTO disputes (call_id, scorecard_id, item_id, raised_by, reason, status, "
        "resolution, resolved_by, created_at) VALUES "
        f"({own}, {cards.format(own)}, 'closing', 'x', 'x', 'overturned', 'ok', 'root', now())",
        # an audit event dated 2020 on another agent's call
        "INSERT INTO audit_events (at, actor, action, entity, entity_id, reason) VALUES "
        f"('2020-01-01', 'root', 'override', 'call', '{theirs}', 'forged')",
        # a self-assessment under another login
        "INSERT INTO self_assessments (call_id, item_id, verdict, login, created_at) VALUES "
        f"({own}, 'closing', 'pass', '{tom_login}', now())",
        # probing whether a scorecard id exists through a foreign-key error
        "INSERT INTO self_assessments (call_id, scorecard_id, item_id, verdict, login, "
        f"created_at) VALUES ({own}, 999999, 'closing', 'pass', 'x', now())",
        # a state no command can undo
        f"UPDATE calls SET status = 'disputed' WHERE id = {own}",
        "UPDATE audit_events SET reason = 'x'",
        "DELETE FROM audit_events",
        f"UPDATE disputes SET status = 'overturned' WHERE call_id = {own}",
        "DELETE FROM self_assessments",
        "UPDATE agent_roles SET agent_id = 'tom.b'",
    ]


@pytest.mark.parametrize("who", ["sarah.k", "tom.b"])
def test_every_forgery_by_raw_sql_is_refused(agents: dict, who: str) -> None:
    url, ids = agents["url"], agents["ids"]
    other = "tom.b" if who == "sarah.k" else "sarah.k"
    role = _as_role(url, agents["roles"][who])
    before = {t: _rows(url, f"SELECT count(*) FROM {t}")[0][0] for t in CALL_DATA}
    for sql in _forgeries(ids, agents["logins"][other]):
        message = _refused(role, sql)
        assert "foreign key" not in message and "999999" not in message, sql
    after = {t: _rows(url, f"SELECT count(*) FROM {t}")[0][0] for t in CALL_DATA}
    assert after == before
    assert _rows(url, "SELECT count(*) FROM audit_events WHERE at < '2021-01-01'") == [(0,)]
    statuses = dict(_rows(url, "SELECT call_ref, status FROM calls"))
    assert statuses == {"C-1001": "final", "C-1002": "final", "C-1003": "new"} | {
        k: v for k, v in statuses.items() if k == "C-1003"
    }


def test_the_functions_check_ownership_and_state(agents: dict) -> None:
    url, ids = agents["url"], agents["ids"]
    sarah = _as_role(url, agents["roles"]["sarah.k"])
    tom_call, unfinished = ids["C-1002"], ids["C-1003"]
    foreign = _refused(sarah, f"SELECT qa_raise_dispute({tom_call}, 'closing', 'x')")
    missing = _refused(sarah, "SELECT qa_raise_dispute(99999999, 'closing', 'x')")
    first = foreign.splitlines()[0].replace(str(tom_call), "N")
    assert first == missing.splitlines()[0].replace("99999999", "N")  # same answer for both
    assert "not final" in _refused(sarah, f"SELECT qa_raise_dispute({unfinished}, 'closing', 'x')")
    assert "No item" in _refused(sarah, f"SELECT qa_raise_dispute({ids['C-1001']}, 'nope', 'x')")
    _refused(sarah, f"SELECT qa_self_assess({tom_call}, 'closing', 'pass')")
    _refused(sarah, f"SELECT qa_acknowledge({tom_call})")
    assert "agent" in _refused(url, f"SELECT qa_acknowledge({tom_call})")  # root is no agent
    assert _rows(url, "SELECT count(*) FROM disputes") == [(0,)]


def test_an_agent_dispute_through_the_function_is_whole_and_audited(agents: dict) -> None:
    url, own = agents["url"], agents["ids"]["C-1001"]
    sarah = _as_role(url, agents["roles"]["sarah.k"])
    engine = create_engine(sarah)
    try:
        with engine.begin() as connection:
            made = connection.execute(
                text("SELECT qa_raise_dispute(:c, 'closing', 'I offered more help')"), {"c": own}
            ).scalar_one()
    finally:
        engine.dispose()
    row = _rows(url, f"SELECT raised_by, status, item_id FROM disputes WHERE id = {made}")
    assert row == [(agents["logins"]["sarah.k"], "open", "closing")]
    assert _rows(url, f"SELECT status FROM calls WHERE id = {own}") == [("disputed",)]
    events = _rows(url, "SELECT actor, action, at > now() - interval '1 hour' FROM audit_events")
    assert (agents["logins"]["sarah.k"], "dispute", True) in events
    again = _refused(sarah, f"SELECT qa_raise_dispute({own}, 'closing', 'again')")
    assert "already disputed" in again


def test_the_audit_log_is_append_only_for_every_role_but_its_owner(agents: dict) -> None:
    url = agents["url"]
    supervisor = f"qa_sup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_plain(url), autocommit=True) as admin:
        schema = admin.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        admin.execute(f'CREATE ROLE "{supervisor}" LOGIN')
        admin.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{supervisor}"')
        admin.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA "{schema}" TO "{supervisor}"')
        admin.execute("INSERT INTO audit_events (at, actor, action, entity, entity_id, reason) "
                      "VALUES (now(), 'root', 'x', 'call', '1', '')")  # fmt: skip
    try:
        as_supervisor = _as_role(url, supervisor)
        assert "append-only" in _refused(as_supervisor, "UPDATE audit_events SET reason = 'x'")
        assert "append-only" in _refused(as_supervisor, "DELETE FROM audit_events")
        _refused(as_supervisor, "TRUNCATE audit_events")
    finally:
        with psycopg.connect(_plain(url), autocommit=True) as admin:
            admin.execute(f'DROP OWNED BY "{supervisor}"')
            admin.execute(f'DROP ROLE "{supervisor}"')


def test_no_table_shows_another_agents_rows(agents: dict) -> None:
    url, roles, logins = agents["url"], agents["roles"], agents["logins"]
    sarah = _as_role(url, roles["sarah.k"])
    assert _rows(sarah, "SELECT id FROM agents") == [("sarah.k",)]
    assert _rows(sarah, "SELECT login FROM agent_roles") == [(logins["sarah.k"],)]
    tom_call = agents["ids"]["C-1002"]
    for table in ("transcripts", "scorecards", "comments", "disputes", "sample_members",
                  "call_metrics", "self_assessments"):  # fmt: skip
        assert _rows(sarah, f"SELECT * FROM {table} WHERE call_id = {tom_call}") == [], table
    assert _rows(sarah, f"SELECT * FROM calls WHERE id = {tom_call}") == []
    assert _rows(sarah, f"SELECT * FROM audit_events WHERE actor <> '{logins['sarah.k']}'") == []


def test_installing_twice_changes_nothing(agents: dict) -> None:
    from qa.storage.migrate import upgrade

    url = agents["url"]
    with Store.open(url) as store:
        upgrade(store.engine)
        again = grant_agent(store.engine, agents["logins"]["sarah.k"], "sarah.k")
        assert again == agents["roles"]["sarah.k"]
    sarah = _as_role(url, again)
    _refused(sarah, f"UPDATE calls SET status = 'disputed' WHERE id = {agents['ids']['C-1001']}")
    assert sorted(r[0] for r in _rows(sarah, "SELECT call_ref FROM calls")) == ["C-1001", "C-1003"]


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


def test_an_agent_acknowledges_through_its_own_role(agents: dict) -> None:
    tom_login, ids = agents["logins"]["tom.b"], agents["ids"]
    url = _as_role(agents["url"], agents["roles"]["tom.b"])
    with Store.open(url) as store:
        service = AgentReplayService(store, Identity(tom_login, "agent", "tom.b"))
        detail = service.acknowledge(ids["C-1002"])
        assert detail.acknowledged
        with pytest.raises(Exception, match="already acknowledged"):
            service.acknowledge(ids["C-1002"])
    rows = _rows(agents["url"], "SELECT raised_by, status FROM disputes")
    assert rows == [(tom_login, "acknowledged")]
    actions = _rows(agents["url"], f"SELECT action FROM audit_events WHERE actor = '{tom_login}'")
    assert sorted(a for (a,) in actions) == ["acknowledge", "reveal_scorecard"]


def test_a_revoked_agent_role_can_neither_read_nor_call(agents: dict) -> None:
    from qa.storage.postgres.rls import revoke_agent

    url, own = agents["url"], agents["ids"]["C-1001"]
    with Store.open(url) as store:
        revoke_agent(store.engine, agents["logins"]["sarah.k"])
    sarah = _as_role(url, agents["roles"]["sarah.k"])
    _refused(sarah, "SELECT * FROM calls")  # no schema usage: the tables are not even there
    _refused(sarah, f"SELECT qa_raise_dispute({own}, 'closing', 'x')")
    assert _rows(url, "SELECT count(*) FROM disputes") == [(0,)]
