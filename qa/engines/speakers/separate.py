"""One-channel calls: the transcript split between two voices, and the agent's voice named.

Runs in the transcription worker right after the engine, with the audio and the speech windows
the engine used; the role decision itself is the domain's (qa/domain/speakers/roles.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from qa.domain.speakers.roles import (
    THREE_VOICES_CAP,
    FirstVoice,
    RoleCues,
    ScriptPhrases,
    decide_roles,
    role_cues,
)
from qa.domain.transcript import (
    Gap,
    Segment,
    Speaker,
    SpeakerSeparation,
    Transcript,
    Word,
    segment_of_words,
)
from qa.engines.speakers.diarization import Diarization, diarize
from qa.engines.vad import Window

ONE_VOICE_NOTE = "one voice only (a voicemail, or a silent line?)"
THREE_VOICES_NOTE = "three or more voices (a transfer, or a third person on the line?)"
NO_SPEECH_NOTE = "no speech heard"
FIRST_VOICE_KEY = "mono_first_voice"  # qa.toml [channels]: who speaks first on a mono call


def speech_spans(windows: Sequence[Window]) -> list[tuple[int, int]]:
    """The speech regions (samples) inside the engine's windows."""
    return sorted(span for window in windows for span in window.spans)


def _fill(voices: list[int]) -> list[int]:
    """Words heard where no voice was labelled take the voice of the nearest labelled word."""
    known = [i for i, v in enumerate(voices) if v >= 0]
    if not known:
        return [0] * len(voices)
    return [
        v if v >= 0 else voices[min(known, key=lambda k: abs(k - i))] for i, v in enumerate(voices)
    ]


def split_by_voice(segment: Segment, found: Diarization) -> list[tuple[int, Segment]]:
    """The segment as (voice, segment) pieces: split where its words change voice."""
    if not segment.words:
        voice = found.voice_at(segment.start, segment.end)
        return [(max(voice, 0), segment)]
    voices = _fill([found.voice_at(w.start, w.end) for w in segment.words])
    pieces: list[tuple[int, list[Word]]] = []
    for voice, word in zip(voices, segment.words, strict=True):
        if pieces and pieces[-1][0] == voice:
            pieces[-1][1].append(word)
        else:
            pieces.append((voice, [word]))
    if len(pieces) == 1:
        return [(pieces[0][0], segment)]
    return [(voice, segment_of_words(segment, words)) for voice, words in pieces]


def first_voice(channel_map: Mapping[str, str]) -> FirstVoice:
    """The workspace's prior for who speaks first on a mono call (default: the agent answers)."""
    value = str(channel_map.get(FIRST_VOICE_KEY, "agent")).lower()
    return "customer" if value == "customer" else "unknown" if value == "unknown" else "agent"


def _separation(found: Diarization, confidence: float, note: str) -> SpeakerSeparation:
    if found.voices >= 3:
        return SpeakerSeparation(
            "diarization", min(confidence, THREE_VOICES_CAP), THREE_VOICES_NOTE
        )
    return SpeakerSeparation("diarization", confidence, note)


def _unseparated(transcript: Transcript, note: str) -> Transcript:
    return replace(transcript, speakers=SpeakerSeparation("none", None, note))


def name_voices(
    transcript: Transcript, found: Diarization, cues: RoleCues, note: str = ""
) -> Transcript:
    """The transcript with each voice's words under agent or customer, and how sure that is."""
    if found.voices == 0:
        return _unseparated(transcript, NO_SPEECH_NOTE)
    if found.voices == 1:
        return _unseparated(transcript, ONE_VOICE_NOTE)
    pieces = [p for segment in transcript.segments for p in split_by_voice(segment, found)]
    decision = decide_roles(
        [s for v, s in pieces if v == 0], [s for v, s in pieces if v == 1], cues
    )
    roles: tuple[Speaker, Speaker] = (
        ("customer", "agent") if decision.swap else ("agent", "customer")
    )
    segments = tuple(replace(s, speaker=roles[v]) for v, s in pieces)
    gaps = tuple(
        Gap(g.start, g.end, roles[max(found.voice_at(g.start, g.end), 0)]) for g in transcript.gaps
    )
    extra = dict(transcript.extra)
    if found.overlaps:
        extra["overlapping_speech"] = [[round(s, 2), round(e, 2)] for s, e in found.overlaps]
    separated = replace(
        transcript, gaps=gaps, extra=extra, speakers=_separation(found, decision.confidence, note)
    )
    return separated.with_segments(segments)


def separate_speakers(
    channel: np.ndarray,
    windows: Sequence[Window],
    transcript: Transcript,
    vocabulary: Sequence[str],
    channel_map: Mapping[str, str],
    note: str = "",
    fallback: Speaker = "unknown",
    script: ScriptPhrases = ScriptPhrases(),
) -> Transcript:
    """A one-channel call's transcript with agent and customer told apart by their voices.

    `fallback` is who the channel map puts on the only speaking channel of a stereo file: with
    one voice heard, the channel map is right after all. `script` is what the rubric has each
    side say, listened for beside the built-in cues.
    """
    found = diarize(channel, speech_spans(windows))
    return name_speakers(found, transcript, vocabulary, channel_map, note, fallback, script)


def name_speakers(
    found: Diarization,
    transcript: Transcript,
    vocabulary: Sequence[str],
    channel_map: Mapping[str, str],
    note: str = "",
    fallback: Speaker = "unknown",
    script: ScriptPhrases = ScriptPhrases(),
) -> Transcript:
    """The transcript's words under agent and customer, by the voices `found` (see above)."""
    if found.voices == 1 and fallback != "unknown":
        segments = tuple(replace(s, speaker=fallback) for s in transcript.segments)
        separation = SpeakerSeparation("channels", None, f"{note}; one voice, the {fallback}'s")
        return replace(transcript, segments=segments, speakers=separation)
    names = tuple(vocabulary)  # business and agent names: either may fill either placeholder
    cues = role_cues({"business": names, "agent": names}, script, first_voice(channel_map))
    return name_voices(transcript, found, cues, note)
