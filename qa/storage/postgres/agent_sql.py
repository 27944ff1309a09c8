"""PostgreSQL guards for agents: checked SECURITY DEFINER functions, an append-only audit log.

An agent's role holds no INSERT, UPDATE or DELETE grant. What an agent may write — raise a
dispute on an own final call, score themselves before seeing the verdicts, acknowledge, note
that the verdicts were revealed — goes through the functions below. Each one finds the agent
from the connecting role (never from an argument), checks that the call is theirs and in the
right state, and writes its audit event with the server's clock in the same transaction.
A foreign or missing call gets the same answer, so the functions tell nothing about others.
Everything here is CREATE OR REPLACE / IF EXISTS: installing twice changes nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# The login role that called us. Inside a SECURITY DEFINER function current_user is the
# owner; `SET ROLE` (if used) shows in the `role` setting, a direct login in session_user.
CALLER = "COALESCE(NULLIF(NULLIF(current_setting('role'), 'none'), ''), session_user::text)"

AGENT_FUNCTIONS = (
    "qa_raise_dispute(bigint, text, text)",
    "qa_self_assess(bigint, text, text)",
    "qa_acknowledge(bigint)",
    "qa_reveal_scorecard(bigint)",
)
_HELPERS = ("qa_own_call(bigint)", "qa_my_agent()", "qa_audit_append_only()")

# The connecting agent's id (NULL for any other role); it tells nobody about anyone else.
_MY_AGENT = f"""
CREATE OR REPLACE FUNCTION {{s}}.qa_my_agent() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {{s}}, pg_temp AS $$
  SELECT agent_id FROM agent_roles WHERE role_name = {CALLER}
$$
"""

# The caller's login, agent and the call's current scorecard (state included), or an error
# that reads the same for a call that is missing and one that belongs to someone else.
_OWN_CALL = f"""
CREATE OR REPLACE FUNCTION {{s}}.qa_own_call(p_call bigint,
    OUT login text, OUT scorecard_id bigint, OUT card_state text, OUT call_status text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {{s}}, pg_temp AS $$
DECLARE v_agent text;
BEGIN
  SELECT r.login, r.agent_id INTO login, v_agent FROM agent_roles r
   WHERE r.role_name = {CALLER};
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Only an agent''s own database role may do this.' USING ERRCODE = '42501';
  END IF;
  SELECT c.current_scorecard_id, s.state, c.status INTO scorecard_id, card_state, call_status
    FROM calls c LEFT JOIN scorecards s ON s.id = c.current_scorecard_id
   WHERE c.id = p_call AND c.agent_id = v_agent;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'No call with id % among your calls.', p_call USING ERRCODE = 'P0002';
  END IF;
END $$
"""

_FINAL = """
  IF o.card_state IS DISTINCT FROM 'final' THEN
    RAISE EXCEPTION 'Call %''s scorecard is not final; you can % it once it is.', p_call, '{verb}'
      USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM disputes d WHERE d.call_id = p_call AND d.status = 'acknowledged'
             AND d.scorecard_id = o.scorecard_id) THEN
    RAISE EXCEPTION 'You acknowledged this scorecard; it can no longer be changed.'
      USING ERRCODE = '22023';
  END IF;
"""

_ITEM = """
  IF NOT EXISTS (SELECT 1 FROM item_results i WHERE i.scorecard_id = o.scorecard_id
                 AND i.item_id = p_item) THEN
    RAISE EXCEPTION 'No item % on this scorecard.', quote_literal(p_item) USING ERRCODE = '22023';
  END IF;
"""

_RAISE_DISPUTE = f"""
CREATE OR REPLACE FUNCTION {{s}}.qa_raise_dispute(p_call bigint, p_item text, p_reason text)
RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {{s}}, pg_temp AS $$
DECLARE o record; v_id bigint;
BEGIN
  SELECT * INTO o FROM {{s}}.qa_own_call(p_call);
  {_FINAL.format(verb="dispute")}
  {_ITEM}
  IF btrim(coalesce(p_reason, '')) = '' THEN
    RAISE EXCEPTION 'A dispute needs a reason.' USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM disputes d WHERE d.call_id = p_call AND d.item_id = p_item
             AND d.status = 'open') THEN
    RAISE EXCEPTION 'Item % is already disputed; wait for the outcome.', p_item
      USING ERRCODE = '22023';
  END IF;
  INSERT INTO disputes (call_id, scorecard_id, item_id, raised_by, reason, status, resolution,
                        resolved_by, created_at)
  VALUES (p_call, o.scorecard_id, p_item, o.login, btrim(p_reason), 'open', '', '', now())
  RETURNING id INTO v_id;
  UPDATE calls SET status = 'disputed' WHERE id = p_call;
  INSERT INTO audit_events (at, actor, action, entity, entity_id, after, reason)
  VALUES (now(), o.login, 'dispute', 'call', p_call::text,
          json_build_object('dispute', v_id, 'item', p_item), btrim(p_reason));
  RETURN v_id;
END $$
"""

_ACKNOWLEDGE = f"""
CREATE OR REPLACE FUNCTION {{s}}.qa_acknowledge(p_call bigint)
RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {{s}}, pg_temp AS $$
DECLARE o record; v_id bigint;
BEGIN
  SELECT * INTO o FROM {{s}}.qa_own_call(p_call);
  {_FINAL.format(verb="acknowledge")}
  IF EXISTS (SELECT 1 FROM disputes d WHERE d.call_id = p_call AND d.status = 'open') THEN
    RAISE EXCEPTION 'This scorecard has open disputes; wait for their outcome first.'
      USING ERRCODE = '22023';
  END IF;
  INSERT INTO disputes (call_id, scorecard_id, item_id, raised_by, reason, status, resolution,
                        resolved_by, created_at)
  VALUES (p_call, o.scorecard_id, '', o.login, '', 'acknowledged', '', '', now())
  RETURNING id INTO v_id;
  INSERT INTO audit_events (at, actor, action, entity, entity_id, after, reason)
  VALUES (now(), o.login, 'acknowledge', 'call', p_call::text,
          json_build_object('scorecard', o.scorecard_id), '');
  RETURN v_id;
END $$
"""

_REVEALED = """
  EXISTS (SELECT 1 FROM audit_events a WHERE a.entity = 'call' AND a.entity_id = p_call::text
          AND a.actor = o.login AND a.action = 'reveal_scorecard')
"""

_SELF_ASSESS = f"""
CREATE OR REPLACE FUNCTION {{s}}.qa_self_assess(p_call bigint, p_item text, p_verdict text)
RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {{s}}, pg_temp AS $$
DECLARE o record; v_id bigint;
BEGIN
  SELECT * INTO o FROM {{s}}.qa_own_call(p_call);
  IF o.scorecard_id IS NULL THEN
    RAISE EXCEPTION 'Call % has not been scored yet.', p_call USING ERRCODE = '22023';
  END IF;
  IF p_verdict IS NULL OR p_verdict NOT IN ('pass', 'fail', 'na') THEN
    RAISE EXCEPTION 'Score yourself pass, fail or na.' USING ERRCODE = '22023';
  END IF;
  {_ITEM}
  IF {_REVEALED} THEN
    RAISE EXCEPTION 'You have already seen the supervisor''s verdicts on this call.'
      USING ERRCODE = '22023';
  END IF;
  INSERT INTO self_assessments (call_id, scorecard_id, item_id, verdict, login, created_at)
  VALUES (p_call, o.scorecard_id, p_item, p_verdict, o.login, now())
  RETURNING id INTO v_id;
  INSERT INTO audit_events (at, actor, action, entity, entity_id, after, reason)
  VALUES (now(), o.login, 'self_assess', 'call', p_call::text,
          json_build_object('item', p_item, 'verdict', p_verdict), '');
  RETURN v_id;
END $$
"""

_REVEAL = f"""
CREATE OR REPLACE FUNCTION {{s}}.qa_reveal_scorecard(p_call bigint)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {{s}}, pg_temp AS $$
DECLARE o record;
BEGIN
  SELECT * INTO o FROM {{s}}.qa_own_call(p_call);
  IF o.scorecard_id IS NULL THEN
    RAISE EXCEPTION 'Call % has not been scored yet.', p_call USING ERRCODE = '22023';
  END IF;
  IF NOT {_REVEALED} THEN
    INSERT INTO audit_events (at, actor, action, entity, entity_id, after, reason)
    VALUES (now(), o.login, 'reveal_scorecard', 'call', p_call::text, '{{{{}}}}'::json, '');
  END IF;
END $$
"""

# Only the table's owner (the application's migrating role) may rewrite history.
_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION {s}.qa_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_user::text <> (SELECT pg_get_userbyid(c.relowner) FROM pg_class c
                            WHERE c.oid = TG_RELID) THEN
    RAISE EXCEPTION 'The audit log is append-only: % refused.', TG_OP USING ERRCODE = '42501';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$
"""

_TRIGGERS = (
    "DROP TRIGGER IF EXISTS qa_audit_append_only ON {s}.audit_events",
    "CREATE TRIGGER qa_audit_append_only BEFORE UPDATE OR DELETE ON {s}.audit_events "
    "FOR EACH ROW EXECUTE FUNCTION {s}.qa_audit_append_only()",
    "DROP TRIGGER IF EXISTS qa_audit_no_truncate ON {s}.audit_events",
    "CREATE TRIGGER qa_audit_no_truncate BEFORE TRUNCATE ON {s}.audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION {s}.qa_audit_append_only()",
)

# Agents see only their own directory entry and role mapping. The policies ask a definer
# function, since a policy on agent_roles that reads agent_roles would recurse.
NOT_AGENT = "{s}.qa_my_agent() IS NULL"
_DIRECTORY_POLICIES = {
    "agents": f"{NOT_AGENT} OR id = {{s}}.qa_my_agent()",
    "agent_roles": f"{NOT_AGENT} OR role_name = current_user::text",
}


def _run(connection: Connection, sql: str) -> None:
    # The driver reads `%` as a placeholder marker; plpgsql's RAISE needs it literally.
    connection.exec_driver_sql(sql.replace("%", "%%"))


def _schema(connection: Connection) -> str:
    name = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    return '"' + name.replace('"', '""') + '"'


def install_agent_functions(connection: Connection) -> None:
    """Create (or replace) the agents' write functions, the audit guard and directory policies."""
    s = _schema(connection)
    for sql in (_MY_AGENT, _OWN_CALL, _RAISE_DISPUTE, _ACKNOWLEDGE, _SELF_ASSESS, _REVEAL):
        _run(connection, sql.format(s=s))
    _run(connection, _APPEND_ONLY.format(s=s))
    for sql in _TRIGGERS:
        _run(connection, sql.format(s=s))
    for function in (*AGENT_FUNCTIONS, *_HELPERS):
        _run(connection, f"REVOKE ALL ON FUNCTION {s}.{function} FROM PUBLIC")
    _run(connection, f"GRANT EXECUTE ON FUNCTION {s}.qa_my_agent() TO PUBLIC")  # policies call it
    _run(connection, f"REVOKE UPDATE, DELETE, TRUNCATE ON {s}.audit_events FROM PUBLIC")
    for table, own in _DIRECTORY_POLICIES.items():
        _run(connection, f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY")
        _run(connection, f"DROP POLICY IF EXISTS qa_agent_own_rows ON {s}.{table}")
        _run(
            connection, f"CREATE POLICY qa_agent_own_rows ON {s}.{table} USING ({own.format(s=s)})"
        )
    roles = connection.execute(text("SELECT role_name FROM agent_roles")).scalars().all()
    for role in roles:
        if connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).first():
            restrict_agent_role(connection, str(role))


def restrict_agent_role(connection: Connection, role: str) -> None:
    """Take the agent's direct writes away and let it call the checked functions instead."""
    s, quoted = _schema(connection), '"' + role.replace('"', '""') + '"'
    for table in ("disputes", "self_assessments", "audit_events", "calls"):
        _run(connection, f"REVOKE INSERT, UPDATE, DELETE ON {s}.{table} FROM {quoted}")
    _run(connection, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {quoted}")
    for function in AGENT_FUNCTIONS:
        _run(connection, f"GRANT EXECUTE ON FUNCTION {s}.{function} TO {quoted}")


def remove_agent_functions(connection: Connection) -> None:
    """Undo install_agent_functions (for a downgrade)."""
    s = _schema(connection)
    for table in _DIRECTORY_POLICIES:
        _run(connection, f"DROP POLICY IF EXISTS qa_agent_own_rows ON {s}.{table}")
        _run(connection, f"ALTER TABLE {s}.{table} DISABLE ROW LEVEL SECURITY")
    for sql in _TRIGGERS[::2]:
        _run(connection, sql.format(s=s))
    for function in (*AGENT_FUNCTIONS, *_HELPERS):
        _run(connection, f"DROP FUNCTION IF EXISTS {s}.{function}")
