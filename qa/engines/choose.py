"""Which engine a run uses (`--engine auto` decides from what is on disk) and why."""

from __future__ import annotations

from dataclasses import dataclass, replace

from qa.engines.base import EngineSpec
from qa.engines.whisper.models import PACKAGE, WhisperWeights, find_weights, packaged_model
from qa.errors import BadInputError, EngineUnavailableError

ENGINE_CHOICES = ("auto", "whisper", "pocketsphinx", "file")
_FILES = "transcript files used where present"


@dataclass(frozen=True, slots=True)
class EnginePlan:
    """How a batch turns calls into transcripts."""

    spec: EngineSpec | None  # the speech engine; None when only transcript files are used
    use_files: bool  # a transcript beside the recording is used instead of speech recognition
    reason: str  # shown to the user: which engine runs and why
    fallback: bool = False  # auto settled for a lesser engine; the reason is a warning

    @property
    def label(self) -> str:
        """The engine in a few words for a summary line: `Whisper tiny.en (faster-whisper)`."""
        if self.spec is None:
            return ""  # the transcripts were read, not heard
        if self.spec.kind == "pocketsphinx":
            return "pocketsphinx"
        name = self.spec.model.rstrip("/").rsplit("/", 1)[-1].removesuffix(".pt")
        return f"Whisper {name} ({self.spec.backend})"


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
        weights = find_weights(base.model, base.backend)
        return EnginePlan(_whisper(base, weights), False, describe(weights))
    return _auto(base)


def describe(weights: WhisperWeights) -> str:
    """What runs, for the user: `Whisper tiny.en (faster-whisper, /path)`."""
    return f"Whisper {weights.label} ({weights.backend}, {weights.path})"


def _whisper(base: EngineSpec, weights: WhisperWeights) -> EngineSpec:
    return replace(base, kind="whisper", backend=weights.backend)


def _auto(base: EngineSpec) -> EnginePlan:
    try:
        weights = find_weights(base.model, base.backend)
    except EngineUnavailableError as missing:
        return _without_configured(base, missing)
    return EnginePlan(_whisper(base, weights), True, f"{describe(weights)}; {_FILES}")


def _without_configured(base: EngineSpec, missing: EngineUnavailableError) -> EnginePlan:
    """The configured model is not on this machine: the packaged tiny.en, else pocketsphinx."""
    packaged = packaged_model() if base.backend != "openai-whisper" else None
    if packaged is not None:
        name, folder = packaged
        weights = WhisperWeights("faster-whisper", folder, name)
        spec = replace(_whisper(base, weights), model=name)
        reason = (
            f"{describe(weights)}, the model installed with {PACKAGE}, because "
            f"{missing.message.rstrip('.')}; {_FILES}"
        )
        return EnginePlan(spec, True, reason, fallback=True)
    reason = (
        f"pocketsphinx, because {missing.message.rstrip('.')} (install `callqa[weights]` for "
        f"Whisper tiny.en, or pass --model with a faster-whisper folder or a .pt file); {_FILES}"
    )
    return EnginePlan(replace(base, kind="pocketsphinx"), True, reason, fallback=True)
