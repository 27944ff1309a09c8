"""Building the engine an EngineSpec names (apart from the protocol, which engines import)."""

from __future__ import annotations

from qa.engines.base import Engine, EngineSpec


def build_engine(spec: EngineSpec) -> Engine:
    """A ready engine for the spec (loads the model; do it once per process)."""
    if spec.kind == "whisper":
        from qa.engines.whisper.models import find_weights

        if find_weights(spec.model, spec.backend).backend == "faster-whisper":
            from qa.engines.whisper.faster_engine import FasterWhisperEngine

            return FasterWhisperEngine(spec)
        from qa.engines.whisper.openai_engine import WhisperEngine

        return WhisperEngine(spec)
    from qa.engines.sphinx import PocketsphinxEngine

    return PocketsphinxEngine()
