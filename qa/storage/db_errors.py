"""Database failures a person can fix (read-only file, full disk, a role without rights, a number
no id can be), as one QaError; anything else is left to show as the bug it is."""

from __future__ import annotations

from qa.errors import BadInputError, QaError, WorkspaceError

ID_HINT = "Ids are whole numbers up to 2147483647; `qa calls` lists them."
WRITABLE_HINT = (
    "Make the database file and its folder writable for this login (SQLite writes "
    "qa.db-wal and qa.db-shm beside qa.db), or work on a copy."
)
ROLE_HINT = (
    "This database role may only read (an agent's role); run it with a supervisor's or "
    "admin's database_url."
)

# SQLite reports these as plain OperationalError texts.
SQLITE_PROBLEMS = {
    "attempt to write a readonly database": ("The database is read-only.", WRITABLE_HINT),
    "unable to open database file": ("The database file cannot be opened.", WRITABLE_HINT),
    "readonly database": ("The database is read-only.", WRITABLE_HINT),
    "database or disk is full": (
        "The disk holding the database is full.", "Free some space, then run it again.",
    ),
    "disk i/o error": ("The database file could not be read or written (disk I/O error).",
                       "Check the disk and that its folder is writable, then run it again."),
}  # fmt: skip

# PostgreSQL SQLSTATE classes and codes we can explain.
POSTGRES_PROBLEMS = {
    "42501": ("The database refused the change: {detail}.", ROLE_HINT),
    "25006": ("The database is read-only: {detail}.", "Connect to the primary server."),
    "22003": ("A number given is too large for this database: {detail}.", ID_HINT),
    "53100": ("The database server's disk is full.", "Ask its administrator to free space."),
}


def _sqlite(text: str) -> QaError | None:
    lowered = text.lower()
    for known, (message, hint) in SQLITE_PROBLEMS.items():
        if known in lowered:
            return WorkspaceError(message, hint=hint)
    return None


def _postgres(orig: BaseException) -> QaError | None:
    code = str(getattr(orig, "sqlstate", "") or "")
    diag = getattr(orig, "diag", None)
    detail = str(getattr(diag, "message_primary", "") or orig).strip().splitlines()[0]
    if code in POSTGRES_PROBLEMS:
        message, hint = POSTGRES_PROBLEMS[code]
        return WorkspaceError(message.format(detail=detail), hint=hint)
    if code.startswith("08"):  # connection exceptions
        return WorkspaceError(
            f"Lost the connection to the database: {detail}.",
            hint="Check that the server runs and database_url in qa.toml.",
        )
    return None


def database_error(exc: BaseException) -> QaError | None:
    """The QaError for a database failure a person can fix; None when it is not one."""
    from sqlalchemy.exc import DBAPIError  # deferred: only once something has failed

    if isinstance(exc, OverflowError) and "sqlite" in str(exc).lower():
        return BadInputError("A number given is too large to be an id.", hint=ID_HINT)
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig if exc.orig is not None else exc
    if getattr(orig, "sqlstate", None):
        return _postgres(orig)
    return _sqlite(str(orig))
