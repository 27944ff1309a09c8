"""The one error hierarchy: every failure a user can cause or fix is a QaError."""


class QaError(Exception):
    """A problem to report as one clear sentence plus a hint; exit code 2 by default."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class WorkspaceError(QaError):
    """No workspace, or its settings are invalid."""


class BadInputError(QaError):
    """A file or argument the user gave cannot be used."""


class NotFoundError(QaError):
    """A call, sample or agent that was asked for does not exist (or is not visible)."""


class RubricError(QaError):
    """A rubric file that cannot be parsed or does not follow the format."""


class EngineUnavailableError(QaError):
    """A speech-to-text engine that cannot run here (no weights, missing package)."""


class ConflictError(QaError):
    """Someone else changed the record since it was read; nothing was overwritten."""

    def __init__(self, message: str, hint: str = "", changes: tuple[object, ...] = ()) -> None:
        super().__init__(message, hint)
        self.changes = changes  # what the other person changed, oldest first


class AccessDeniedError(QaError):
    """The login running the tool may not do this."""
