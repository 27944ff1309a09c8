"""Speaker separation of one-channel audio: voice embeddings over speech, clustered into voices.

The voice encoder is resemblyzer's GE2E model (Wan et al. 2018, "Generalized end-to-end loss for
speaker verification"), whose weights ship inside its wheel, so it runs offline. Short windows of
voiced audio (the speech regions the transcriber's VAD found) are embedded, the embeddings are
clustered into two voices, and the frame labels are smoothed into turns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.engines.audio import SAMPLE_RATE
from qa.engines.speakers.voice_encoder import embed, mel_frames

FRAME_SECONDS = 0.01  # the encoder's mel frames (10 ms step)
WINDOW_FRAMES = 120  # 1.2 s per embedding: short enough for quick turns, long enough for a voice
HOP_FRAMES = 30  # a new window every 0.3 s inside speech
MIN_REGION_FRAMES = 30  # regions under 0.3 s take the label of their neighbour
# A voice must hold its turn this long inside one stretch of speech; shorter flips are the
# embedding wavering, not a new speaker (people answer in pauses, which split regions anyway).
MIN_TURN_SECONDS = 0.8
TARGET_DBFS = -30.0  # resemblyzer's own volume normalisation target
# Two voices whose centroids are this similar (cosine) are one voice heard in two moods. Measured
# on the demo calls (bench/diarization.py): two speakers mixed 0.62-0.72, 0.67-0.79 telephone-band;
# an agent's channel alone split in two 0.86-0.97. (A flite customer voice alone can split at
# 0.66-0.79 by sentence type: a single short voice may pass for two; docs/mono.md says so.)
SAME_VOICE_SIMILARITY = 0.82
# A third voice must be this far from both others: two-speaker calls split in three keep one pair
# at 0.79 and above; four voices joined measured 0.60-0.66.
THIRD_VOICE_SIMILARITY = 0.75
# Telephone band pulls voices together (a flite and a piper voice measured 0.87), so similar
# centroids alone do not make one voice: the split must also cut across stretches of speech.
# Two voices take turns, so their windows agree within a stretch (purity 1.00 on every demo
# call); one voice split in two disagrees inside its stretches (0.63-0.97 measured).
TURN_PURITY = 0.98
SURELY_SAME_SIMILARITY = 0.93  # above this, one voice whatever the turns look like
MIN_CLUSTER_SHARE = 0.05  # smaller clusters are stray windows (a cough, a click): dropped, redone
# A window whose similarity to both voices differs by less than this is marked overlapping speech
# when it sits between turns of the two voices.
OVERLAP_MARGIN = 0.02
MIN_THIRD_VOICE_SHARE = 0.12  # a third cluster this big, and far from both, is a third voice
Span = tuple[int, int]  # [start, end) in samples


@dataclass(frozen=True, slots=True)
class VoiceTurn:
    """A stretch where one voice (0 or 1) speaks; times in seconds from the start of the call."""

    start: float
    end: float
    voice: int


@dataclass(frozen=True, slots=True)
class Diarization:
    """Who spoke when on a one-channel call, as voice numbers, with what made it hard."""

    turns: tuple[VoiceTurn, ...]
    voices: int  # 0 (no speech), 1, 2, or 3 for "three or more"
    similarity: float  # cosine similarity of the two voices' centroids (1.0 for one voice)
    overlaps: tuple[tuple[float, float], ...] = ()
    frame_voice: np.ndarray | None = None  # per 10 ms frame: -1 silence, 0 or 1

    def voice_at(self, start: float, end: float) -> int:
        """The voice heard most in [start, end] (-1 when nobody is heard there)."""
        if self.frame_voice is None or not len(self.frame_voice):
            return -1
        first = int(start / FRAME_SECONDS)
        last = max(first + 1, int(np.ceil(end / FRAME_SECONDS)))
        labels = self.frame_voice[first:last]
        counts = np.bincount(labels[labels >= 0], minlength=2)
        if counts.sum():
            return int(counts.argmax())
        return self._nearest(first, last)

    def _nearest(self, first: int, last: int) -> int:
        assert self.frame_voice is not None
        voiced = np.flatnonzero(self.frame_voice >= 0)
        if not len(voiced):
            return -1
        middle = (first + last) / 2
        return int(self.frame_voice[voiced[np.abs(voiced - middle).argmin()]])


def _mel(audio: np.ndarray) -> np.ndarray:
    """The encoder's mel frames of one region, its loudness brought to the training level."""
    rms = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2))) or 1e-9
    return mel_frames(audio * np.float32(10 ** (TARGET_DBFS / 20) / rms))


def _windows(mel: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Windows of WINDOW_FRAMES over a region's mel, each with its first frame in the region."""
    if len(mel) <= WINDOW_FRAMES:
        reps = int(np.ceil(WINDOW_FRAMES / max(len(mel), 1)))
        return [(0, np.tile(mel, (reps, 1))[:WINDOW_FRAMES])]  # a short reply, repeated
    starts = list(range(0, len(mel) - WINDOW_FRAMES + 1, HOP_FRAMES))
    if starts[-1] != len(mel) - WINDOW_FRAMES:
        starts.append(len(mel) - WINDOW_FRAMES)
    return [(s, mel[s : s + WINDOW_FRAMES]) for s in starts]


def embed_regions(
    channel: np.ndarray, regions: Sequence[Span]
) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """Embeddings (n, 256) of windows over speech, and each window's (region, first, last) frame."""
    mels: list[np.ndarray] = []
    where: list[tuple[int, int, int]] = []
    for index, (start, end) in enumerate(regions):
        mel = _mel(channel[start:end])
        if len(mel) < MIN_REGION_FRAMES:
            continue
        base = start // int(SAMPLE_RATE * FRAME_SECONDS)
        for first, window in _windows(mel):
            mels.append(window)
            where.append((index, base + first, base + min(first + WINDOW_FRAMES, len(mel))))
    if not mels:
        return np.zeros((0, 256), dtype=np.float32), where
    return embed(np.stack(mels)), where


def _kmeans(embeds: np.ndarray, k: int, rounds: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means, seeded by the farthest-first points (deterministic)."""
    mean = embeds.mean(axis=0)
    seeds = [int((embeds @ mean).argmin())]
    while len(seeds) < k:
        nearest = (embeds @ embeds[seeds].T).max(axis=1)
        seeds.append(int(nearest.argmin()))
    centroids = embeds[seeds].copy()
    labels = np.zeros(len(embeds), dtype=np.int64)
    for _ in range(rounds):
        labels = (embeds @ centroids.T).argmax(axis=1)
        for c in range(k):
            members = embeds[labels == c]
            if len(members):
                centroids[c] = members.mean(axis=0) / np.linalg.norm(members.mean(axis=0))
    return labels, centroids


def voice_centroids(embeds: np.ndarray, k: int) -> np.ndarray:
    """k voice centroids; clusters of stray windows are dropped and the rest clustered again,
    since farthest-first seeding would otherwise give one odd window a voice of its own."""
    keep = np.ones(len(embeds), dtype=bool)
    for _ in range(3):
        labels, centroids = _kmeans(embeds[keep], k)
        small = np.flatnonzero(np.bincount(labels, minlength=k) < MIN_CLUSTER_SHARE * keep.sum())
        if not len(small) or keep.sum() - np.isin(labels, small).sum() < 2 * k:
            return centroids
        keep[np.flatnonzero(keep)[np.isin(labels, small)]] = False
    return centroids


def turn_purity(labels: np.ndarray, where: Sequence[tuple[int, int, int]]) -> float:
    """Share of windows that agree with the majority of their stretch of speech."""
    regions = np.array([region for region, _, _ in where])
    agree = 0
    for region in np.unique(regions):
        counts = np.bincount(labels[regions == region], minlength=2)
        agree += counts.max()
    return agree / max(len(labels), 1)


def one_voice(
    embeds: np.ndarray, centroids: np.ndarray, where: Sequence[tuple[int, int, int]]
) -> bool:
    """Whether two clusters are one voice heard in two ways rather than two people."""
    similarity = float(centroids[0] @ centroids[-1])
    if len(centroids) < 2 or similarity >= SURELY_SAME_SIMILARITY:
        return True
    if similarity < SAME_VOICE_SIMILARITY:
        return False
    labels = (embeds @ centroids.T).argmax(axis=1)
    return turn_purity(labels, where) < TURN_PURITY


def _third_voice(embeds: np.ndarray) -> bool:
    """True when a third cluster is large and unlike both others (a transfer, a supervisor)."""
    if len(embeds) < 12:
        return False
    centroids = voice_centroids(embeds, 3)
    labels = (embeds @ centroids.T).argmax(axis=1)
    sims = centroids @ centroids.T
    shares = np.bincount(labels, minlength=3) / len(labels)
    apart = all(sims[i, j] < THIRD_VOICE_SIMILARITY for i in range(3) for j in range(i + 1, 3))
    return bool(apart and shares.min() >= MIN_THIRD_VOICE_SHARE)


def _frame_scores(
    margins: np.ndarray, where: Sequence[tuple[int, int, int]], frames: int
) -> np.ndarray:
    """Per frame, the mean margin (voice 0 minus voice 1 similarity) of the windows over it."""
    total, count = np.zeros(frames), np.zeros(frames)
    for margin, (_, first, last) in zip(margins, where, strict=True):
        total[first:last] += margin
        count[first:last] += 1
    out = np.full(frames, np.nan)
    np.divide(total, count, out=out, where=count > 0)
    return out


def _runs(labels: np.ndarray) -> list[tuple[int, int, int]]:
    """(first, last, label) runs of equal labels."""
    edges = np.flatnonzero(np.diff(labels)) + 1
    bounds = np.r_[0, edges, len(labels)]
    return [(int(a), int(b), int(labels[a])) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def smooth_turns(labels: np.ndarray, min_frames: int) -> np.ndarray:
    """Labels of one speech region with every run shorter than `min_frames` given to a neighbour."""
    labels = labels.copy()
    while True:
        runs = _runs(labels)
        if len(runs) < 2:
            return labels
        index = min(range(len(runs)), key=lambda i: runs[i][1] - runs[i][0])
        first, last, _ = runs[index]
        if last - first >= min_frames:
            return labels
        neighbours = [runs[i] for i in (index - 1, index + 1) if 0 <= i < len(runs)]
        longest = max(neighbours, key=lambda r: r[1] - r[0])
        labels[first:last] = longest[2]


def _turns(frame_voice: np.ndarray) -> tuple[VoiceTurn, ...]:
    return tuple(
        VoiceTurn(first * FRAME_SECONDS, last * FRAME_SECONDS, label)
        for first, last, label in _runs(frame_voice)
        if label >= 0
    )


def _overlaps(scores: np.ndarray, frame_voice: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Stretches where both voices fit equally well, between turns of the two voices."""
    unsure = (np.abs(np.nan_to_num(scores, nan=1.0)) < OVERLAP_MARGIN) & (frame_voice >= 0)
    found = []
    for first, last, flag in _runs(unsure.astype(np.int64)):
        near = frame_voice[max(0, first - 50) : last + 50]
        if flag and last - first >= 20 and {0, 1} <= set(near.tolist()):
            found.append((first * FRAME_SECONDS, last * FRAME_SECONDS))
    return tuple(found)


def _label_frames(scores: np.ndarray, regions: Sequence[Span], frames: int) -> np.ndarray:
    frame_voice = np.full(frames, -1, dtype=np.int64)
    step = int(SAMPLE_RATE * FRAME_SECONDS)
    for start, end in regions:
        first, last = start // step, min(frames, -(-end // step))
        region = scores[first:last]
        if np.isnan(region).all():
            continue
        labels = np.where(np.nan_to_num(region, nan=0.0) >= 0, 0, 1)
        frame_voice[first:last] = smooth_turns(labels, int(MIN_TURN_SECONDS / FRAME_SECONDS))
    return frame_voice


def _first_voice_zero(frame_voice: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Voices renumbered so voice 0 speaks first (the order the roles prior reads)."""
    voiced = frame_voice[frame_voice >= 0]
    if len(voiced) and voiced[0] == 1:
        frame_voice = np.where(frame_voice >= 0, 1 - frame_voice, frame_voice)
        scores = -scores
    return frame_voice, scores


def call_frames(samples: int) -> int:
    """Number of 10 ms frames of a channel of `samples` samples."""
    return -(-samples // int(SAMPLE_RATE * FRAME_SECONDS))


def diarize(channel: np.ndarray, regions: Sequence[Span]) -> Diarization:
    """Two voices of a one-channel call, given its speech regions (samples at 16 kHz)."""
    embeds, where = embed_regions(channel, regions)
    return diarize_embeddings(embeds, where, regions, call_frames(len(channel)))


def diarize_embeddings(
    embeds: np.ndarray,
    where: Sequence[tuple[int, int, int]],
    regions: Sequence[Span],
    frames: int,
) -> Diarization:
    """Two voices of a one-channel call from its speech windows' embeddings (`embed_regions`),
    so a long call's audio need not be held: only 1 KB per 0.3 s of speech is."""
    if len(embeds) == 0:
        return Diarization((), 0, 1.0, frame_voice=np.full(frames, -1, dtype=np.int64))
    centroids = voice_centroids(embeds, 2) if len(embeds) >= 4 else embeds[:1]
    similarity = float(centroids[0] @ centroids[-1])
    if one_voice(embeds, centroids, where):
        frame_voice = _label_frames(np.ones(frames), regions, frames)
        return Diarization(_turns(frame_voice), 1, similarity, frame_voice=frame_voice)
    margins = embeds @ centroids[0] - embeds @ centroids[1]
    scores = _frame_scores(margins, where, frames)
    frame_voice, scores = _first_voice_zero(_label_frames(scores, regions, frames), scores)
    voices = 3 if _third_voice(embeds) else 2
    return Diarization(
        _turns(frame_voice), voices, similarity, _overlaps(scores, frame_voice), frame_voice
    )
