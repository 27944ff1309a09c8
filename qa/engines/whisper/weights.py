"""Where openai-whisper checkpoints are found: its cache for a model name, or a local .pt file."""

from __future__ import annotations

import os
from pathlib import Path

# Model name -> checkpoint file name in the cache (as openai-whisper's download URLs name them).
_ALIASES = {"large": "large-v3", "turbo": "large-v3-turbo"}
MODEL_NAMES = (
    "tiny.en", "tiny", "base.en", "base", "small.en", "small", "medium.en", "medium",
    "large-v1", "large-v2", "large-v3", "large", "large-v3-turbo", "turbo",
)  # fmt: skip


def cache_dir() -> Path:
    """Whisper's download folder (~/.cache/whisper, or under $XDG_CACHE_HOME)."""
    base = os.getenv("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "whisper"


def is_model_path(model: str) -> bool:
    """True when `model` names a checkpoint file rather than a model name."""
    return model.endswith(".pt") or os.sep in model


def weights_file(model: str) -> Path:
    """The file the weights of `model` load from (it may not exist)."""
    if is_model_path(model):
        return Path(model).expanduser()
    return cache_dir() / f"{_ALIASES.get(model, model)}.pt"
