"""Storage: tables, engines, Alembic migrations and the Store that returns domain records."""
