"""Simulated speech-recognition errors: seeded word substitutions, deletions and insertions.

Substitutions favour what real engines get wrong: homophones and near-homophones, then
spelling-level slips that keep the first letter (Sarah -> Sara, recorded -> recordid).
Corrupted words get lower confidence, as real engines report.
"""

from __future__ import annotations

import copy
import random
from typing import Any

SUBSTITUTE, DELETE = 0.6, 0.2  # shares of the error budget; the rest are insertions
HOMOPHONES = {
    "for": ["four", "far"], "to": ["two", "too"], "you": ["ya", "yo"], "your": ["you're", "yor"],
    "calling": ["call in", "colin"], "recorded": ["record it", "recoded"], "call": ["cal", "caul"],
    "protection": ["projection", "protections"], "plan": ["plant", "planned"],
    "help": ["health", "held"], "anything": ["any thing", "anythin"], "else": ["elves", "ells"],
    "name": ["named", "nay"], "thank": ["think", "tank"], "this": ["the", "these"],
    "may": ["my", "mae"], "be": ["bee", "b"], "with": ["width", "wit"],
    "device": ["devise", "advice"],
    "family": ["famly", "fam"], "calm": ["come", "clam"], "down": ["dawn", "town"],
    "is": ["his", "as"], "reached": ["rich", "reach"], "quality": ["quantity", "qualty"],
    "wireless": ["wirelessly", "wire less"], "acme": ["acne", "acmee"], "sarah": ["sara", "sera"],
    "daniel": ["danielle", "danial"], "priya": ["pria", "freya"], "tom": ["tomb", "thom"],
    "problem": ["problems", "probably"], "there": ["their", "they're"], "can": ["could", "cam"],
    "pass": ["past", "bass"], "storage": ["storge", "story"], "international": ["nationals"],
}  # fmt: skip
INSERTIONS = ("the", "a", "and", "so", "i", "it", "uh", "that", "you")
VOWELS = "aeiou"


def _slip(word: str, rng: random.Random) -> str:
    """A spelling-level error that keeps the first letter."""
    if len(word) < 3:
        return word + rng.choice(VOWELS)
    at = rng.randrange(1, len(word))
    kind = rng.randrange(3)
    if kind == 0 and word[at] in VOWELS:
        return word[:at] + rng.choice(VOWELS.replace(word[at], "")) + word[at + 1 :]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def substitute(word: str, rng: random.Random) -> str:
    """A phonetically close word for `word` (keeps its capital and trailing punctuation)."""
    core = word.rstrip(".,?!")
    tail = word[len(core) :]
    options = HOMOPHONES.get(core.lower())
    new = rng.choice(options) if options and rng.random() < 0.7 else _slip(core.lower(), rng)
    if core[:1].isupper():
        new = new[:1].upper() + new[1:]
    return new + tail


def _noisy_words(
    words: list[dict[str, Any]], wer: float, rng: random.Random
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for word in words:
        roll = rng.random()
        if roll >= wer:
            out.append({**word, "confidence": round(rng.uniform(0.8, 0.99), 3)})
        elif roll < wer * SUBSTITUTE:
            out.append({**word, "text": substitute(word["text"], rng),
                        "confidence": round(rng.uniform(0.35, 0.75), 3)})  # fmt: skip
        elif roll < wer * (SUBSTITUTE + DELETE):
            continue
        else:
            out.append({**word, "confidence": round(rng.uniform(0.8, 0.99), 3)})
            mid = (word["start"] + word["end"]) / 2
            extra = {"start": mid, "end": word["end"], "text": rng.choice(INSERTIONS)}
            out.append({**extra, "confidence": round(rng.uniform(0.3, 0.7), 3)})
    return out


def add_noise(transcript: dict[str, Any], wer: float, seed: int) -> dict[str, Any]:
    """A copy of a qa-transcript/1 dict (with words) at about `wer` word error rate."""
    rng = random.Random(seed)
    noisy = copy.deepcopy(transcript)
    for segment in noisy["segments"]:
        segment["words"] = _noisy_words(segment.get("words", []), wer, rng)
        segment["text"] = " ".join(w["text"] for w in segment["words"])
    noisy["engine"] = f"simulated-asr:wer={wer:g}"
    return noisy
