"""File paths as text: what to store and print when a name holds bytes that are not UTF-8."""

from __future__ import annotations

import os


def printable_path(path: str) -> str:
    """A file path safe to store as text and print: undecodable bytes shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
