"""Failures of the environment — a read-only or full disk, a database role without rights, a
number no id can be — told as one sentence and a hint instead of a traceback."""

from __future__ import annotations

import errno
from pathlib import Path

from qa.errors import BadInputError, QaError
from qa.storage.db_errors import database_error


def file_error(exc: OSError, path: Path | str, doing: str = "write") -> QaError:
    """An OSError on a file we write or read, as one sentence naming the file."""
    where = str(path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BadInputError(
            f"No space left to {doing} {where}: the disk is full.",
            hint="Free some space, or choose a file on another disk.",
        )
    if exc.errno == errno.EROFS:
        return BadInputError(
            f"Cannot {doing} {where}: the disk is mounted read-only.",
            hint="Choose a file on a writable disk.",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return BadInputError(
            f"Cannot {doing} {where}: permission denied.",
            hint="Choose a folder this login may write to, or fix its permissions.",
        )
    return BadInputError(f"Cannot {doing} {where}: {exc.strerror or exc}.")


def explain(exc: BaseException) -> QaError | None:
    """What to tell a person about an unexpected failure, or None for a bug (let it show)."""
    if isinstance(exc, OSError) and exc.errno in (
        errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
    ):  # fmt: skip
        return file_error(exc, exc.filename or "a file", "write")
    return database_error(exc)
