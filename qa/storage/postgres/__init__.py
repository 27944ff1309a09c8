"""PostgreSQL guards: agent roles with row-level security, and checked functions to write.

Open `rls.py` first, then `agent_sql.py`.
"""
