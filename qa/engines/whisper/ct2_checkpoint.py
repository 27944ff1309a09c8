"""A faster-whisper (CTranslate2) folder as an openai-whisper checkpoint of the same weights.

So one set of weights (e.g. the packaged tiny.en) runs on both backends: the openai-whisper path
is tested and benchmarked on real weights without a second download. `model.bin` (format
version 6) is: version, spec name, revision, variable count, then per variable its name, rank,
shape, dtype id, byte count and data; then aliases.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from qa.errors import EngineUnavailableError

MODEL_BIN_VERSION = 6
# CTranslate2's DataType enum order (include/ctranslate2/types.h).
_DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16)
_LAYER = re.compile(r"layer_(\d+)/")


def _string(f: BinaryIO) -> str:
    (length,) = struct.unpack("<H", f.read(2))
    return f.read(length)[:-1].decode("utf-8")  # stored with its NUL terminator


def _unpack(f: BinaryIO, fmt: str) -> Any:
    return struct.unpack("<" + fmt, f.read(struct.calcsize("<" + fmt)))


def _variable(f: BinaryIO) -> tuple[str, np.ndarray]:
    name = _string(f)
    (rank,) = _unpack(f, "B")
    shape = _unpack(f, f"{rank}I") if rank else ()
    dtype_id, size = _unpack(f, "BI")
    if dtype_id >= len(_DTYPES):
        raise EngineUnavailableError(f"model.bin: {name} has an unsupported type id {dtype_id}.")
    data = np.frombuffer(f.read(size), dtype=_DTYPES[dtype_id]).reshape(shape)
    return name, data


def read_model_bin(path: Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 `model.bin`, aliases resolved, by its name."""
    with path.open("rb") as f:
        (version,) = _unpack(f, "I")
        if version != MODEL_BIN_VERSION:
            raise EngineUnavailableError(
                f"{path} is CTranslate2 model format {version}; only {MODEL_BIN_VERSION} converts."
            )
        _string(f)  # spec name, "WhisperSpec"
        _revision, count = _unpack(f, "II")
        variables = dict(_variable(f) for _ in range(count))
        (aliases,) = _unpack(f, "I")
        for _ in range(aliases):
            alias, target = _string(f), _string(f)
            variables[alias] = variables[target]
    return variables


def _float(variables: dict[str, np.ndarray], name: str) -> np.ndarray:
    """A weight as float32; int8 weights are scaled back with their per-row `weight_scale`."""
    data = variables[name]
    if data.dtype == np.int8 and name.endswith("weight"):
        scale = variables[name.removesuffix("weight") + "weight_scale"].astype(np.float32)
        return data.astype(np.float32) / scale.reshape(-1, *([1] * (data.ndim - 1)))
    return data.astype(np.float32)


def _layers(variables: dict[str, np.ndarray], side: str) -> int:
    found = {int(m.group(1)) for n in variables if n.startswith(side) and (m := _LAYER.search(n))}
    return len(found)


class _StateDict:
    """openai-whisper parameter names filled from CTranslate2 variables."""

    def __init__(self, variables: dict[str, np.ndarray]) -> None:
        self.v = variables
        self.out: dict[str, np.ndarray] = {}

    def copy(self, ours: str, theirs: str) -> None:
        self.out[ours] = _float(self.v, theirs)

    def norm(self, ours: str, theirs: str) -> None:
        self.out[f"{ours}.weight"] = _float(self.v, f"{theirs}/gamma")
        self.out[f"{ours}.bias"] = _float(self.v, f"{theirs}/beta")

    def linear(self, ours: str, theirs: str) -> None:
        self.copy(f"{ours}.weight", f"{theirs}/weight")
        self.copy(f"{ours}.bias", f"{theirs}/bias")

    def split(self, ours: str, theirs: str, parts: tuple[str, ...]) -> None:
        """A fused projection (qkv or kv) as separate ones; Whisper's key has no bias."""
        weights = np.split(_float(self.v, f"{theirs}/weight"), len(parts))
        biases = np.split(_float(self.v, f"{theirs}/bias"), len(parts))
        for part, weight, bias in zip(parts, weights, biases, strict=True):
            self.out[f"{ours}.{part}.weight"] = weight
            if part != "key":
                self.out[f"{ours}.{part}.bias"] = bias

    def block(self, ours: str, theirs: str, cross: bool) -> None:
        self.split(f"{ours}.attn", f"{theirs}/self_attention/linear_0", ("query", "key", "value"))
        self.linear(f"{ours}.attn.out", f"{theirs}/self_attention/linear_1")
        self.norm(f"{ours}.attn_ln", f"{theirs}/self_attention/layer_norm")
        if cross:
            self.linear(f"{ours}.cross_attn.query", f"{theirs}/attention/linear_0")
            self.split(f"{ours}.cross_attn", f"{theirs}/attention/linear_1", ("key", "value"))
            self.linear(f"{ours}.cross_attn.out", f"{theirs}/attention/linear_2")
            self.norm(f"{ours}.cross_attn_ln", f"{theirs}/attention/layer_norm")
        self.linear(f"{ours}.mlp.0", f"{theirs}/ffn/linear_0")
        self.linear(f"{ours}.mlp.2", f"{theirs}/ffn/linear_1")
        self.norm(f"{ours}.mlp_ln", f"{theirs}/ffn/layer_norm")


def _dims(v: dict[str, np.ndarray]) -> dict[str, int]:
    return {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(v["encoder/conv1/weight"].shape[0]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": _layers(v, "encoder/"),
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(v["decoder/embeddings/weight"].shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": _layers(v, "decoder/"),
    }


def state_dict(variables: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """openai-whisper's `model_state_dict` (float32 arrays) from CTranslate2 Whisper variables."""
    sd = _StateDict(variables)
    for conv in ("conv1", "conv2"):
        sd.linear(f"encoder.{conv}", f"encoder/{conv}")
    sd.copy("encoder.positional_embedding", "encoder/position_encodings/encodings")
    for i in range(_layers(variables, "encoder/")):
        sd.block(f"encoder.blocks.{i}", f"encoder/layer_{i}", cross=False)
    sd.norm("encoder.ln_post", "encoder/layer_norm")
    sd.copy("decoder.token_embedding.weight", "decoder/embeddings/weight")
    sd.copy("decoder.positional_embedding", "decoder/position_encodings/encodings")
    for i in range(_layers(variables, "decoder/")):
        sd.block(f"decoder.blocks.{i}", f"decoder/layer_{i}", cross=True)
    sd.norm("decoder.ln", "decoder/layer_norm")
    return sd.out


def openai_checkpoint(folder: Path) -> dict[str, Any]:
    """The checkpoint `whisper.load_model` reads ({"dims", "model_state_dict"}), with the
    alignment heads of config.json (word timing reads their cross-attention)."""
    import torch

    variables = read_model_bin(folder / "model.bin")
    weights = {
        k: torch.from_numpy(np.ascontiguousarray(a)) for k, a in state_dict(variables).items()
    }
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    heads = [[int(layer), int(head)] for layer, head in config.get("alignment_heads", [])]
    return {"dims": _dims(variables), "model_state_dict": weights, "alignment_heads": heads}


def write_openai_checkpoint(folder: Path, out: Path) -> Path:
    """Convert a faster-whisper folder to an openai-whisper `.pt` file at `out`."""
    import torch

    torch.save(openai_checkpoint(folder), out)
    return out
