"""PostgreSQL guards: agent roles with row-level security, and the checked functions agents write

through. Open `rls.py` first.
"""
