"""Which engine a run uses (`--engine auto` decides from what is on disk) and why."""

from __future__ import annotations

from dataclasses import dataclass, replace

from qa.engines.base import EngineSpec
from qa.engines.whisper_weights import require_weights, weights_available, weights_file
from qa.errors import BadInputError

ENGINE_CHOICES = ("auto", "whisper", "pocketsphinx", "file")


@dataclass(frozen=True, slots=True)
class EnginePlan:
    """How a batch turns calls into transcripts."""

    spec: EngineSpec | None  # the speech engine; None when only transcript files are used
    use_files: bool  # a transcript beside the recording is used instead of speech recognition
    reason: str  # shown to the user: which engine runs and why
    fallback: bool = False  # auto settled for a lesser engine; the reason is a warning


def plan_engine(requested: str, base: EngineSpec) -> EnginePlan:
    """The plan for `--engine requested`; `base` carries model, device and other settings."""
    if requested not in ENGINE_CHOICES:
        raise BadInputError(
            f"Unknown engine {requested!r}.", hint=f"Use one of: {', '.join(ENGINE_CHOICES)}."
        )
    if requested == "file":
        return EnginePlan(None, True, "transcript files beside the recordings")
    if requested == "pocketsphinx":
        return EnginePlan(replace(base, kind="pocketsphinx"), False, "pocketsphinx, as asked")
    if requested == "whisper":
        path = require_weights(base.model)
        return EnginePlan(replace(base, kind="whisper"), False, f"Whisper {base.model} ({path})")
    return _auto(base)


def _auto(base: EngineSpec) -> EnginePlan:
    if weights_available(base.model):
        path = weights_file(base.model)
        reason = f"Whisper {base.model} (weights at {path}); transcript files used where present"
        return EnginePlan(replace(base, kind="whisper"), True, reason)
    reason = (
        f"pocketsphinx, because no Whisper weights for {base.model} are at "
        f"{weights_file(base.model)} (place a .pt file there or pass --model FILE.pt for better "
        "accuracy); transcript files used where present"
    )
    return EnginePlan(replace(base, kind="pocketsphinx"), True, reason, fallback=True)
