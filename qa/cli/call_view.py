"""How calls look on the terminal and in --json: escaped paths, rows, and the §8 JSON objects."""

from __future__ import annotations

import os
from typing import Any

from qa.domain.call import Call
from qa.domain.paths import printable_path


def shown_path(path: str) -> str:
    """A path to print: relative to the current folder when under it; odd bytes as \\xNN."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = path
    return printable_path(path if relative.startswith("..") else relative)


def call_summary(call: Call) -> dict[str, Any]:
    """One call as a `qa calls --json` entry."""
    return {
        "id": call.id,
        "call_id": call.meta.call_id,
        "file": printable_path(call.path),
        "agent": call.meta.agent,
        "started_at": call.meta.started_at.isoformat() if call.meta.started_at else None,
        "status": call.status.value,
        "transcript": call.transcript_state.value,
        "score": call.score,
        "score_final": _score_final(call),
        "readable": call.readable,
        "problem": call.problem,
    }


def _score_final(call: Call) -> bool | None:
    """True once a supervisor finalized the scorecard, False while the score is provisional,
    None when the call has no score."""
    return None if call.score is None else call.score_final


def call_details(call: Call) -> dict[str, Any]:
    """One call's file facts and metadata, as the `call` object of `qa show --json`."""
    audio = call.audio
    return {
        "id": call.id,
        "file": printable_path(call.path),
        "sha256": call.sha256,
        "size": call.size,
        "readable": call.readable,
        "duration": audio.duration if audio else None,
        "channels": audio.channels if audio else None,
        "sample_rate": audio.sample_rate if audio else None,
        "codec": audio.codec if audio else None,
        "status": call.status.value,
        "transcript": call.transcript_state.value,
        "score": call.score,
        "score_final": _score_final(call),
        "problem": call.problem,
        **call.meta.as_dict(),
    }
