"""Storage: tables (qa/storage/tables/), engines, Alembic migrations and the one door to the data:
`qa.storage.store.Store`, whose mixins return domain records."""
