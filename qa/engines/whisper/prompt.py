"""The rubric's names as Whisper's initial prompt, so it spells the business and the agent right."""

from __future__ import annotations

from collections.abc import Sequence


def vocabulary_prompt(vocabulary: Sequence[str]) -> str | None:
    """The names the model should expect, as Whisper's initial prompt (None when there are none)."""
    names = list(dict.fromkeys(v.strip() for v in vocabulary if v.strip()))
    return ", ".join(names) + "." if names else None
