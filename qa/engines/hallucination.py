"""Rules that drop recognised text which is likely invented by the model rather than heard."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from qa.domain.transcript import Segment

# Whisper's own fallback thresholds (openai/whisper transcribe.py defaults): a window whose
# no-speech probability is high while the decoder was unsure is silence, not speech.
NO_SPEECH_PROB = 0.6
LOW_AVG_LOGPROB = -1.0
# gzip ratio above this means highly repetitive text, the classic looping failure.
MAX_COMPRESSION_RATIO = 2.4
# The same phrase three times in a row ("thank you. thank you. thank you.") is a loop.
REPEATS = 3
_MAX_PHRASE_WORDS = 6
_DIGIT_WORDS = {
    "zero",
    "oh",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold())


def _repeats_at(words: list[str], start: int, size: int) -> int:
    phrase = words[start : start + size]
    count = 1
    while words[start + count * size : start + (count + 1) * size] == phrase:
        count += 1
    return count


def _is_digits(phrase: list[str]) -> bool:
    return all(word.isdigit() or word in _DIGIT_WORDS for word in phrase)


def repeats_phrase(text: str, times: int = REPEATS) -> bool:
    """True when some phrase of 1-6 words occurs `times` or more times back to back.

    Digits are not phrases: "four one one one, one one one one" is a card number read out
    (a digit run is a loop only past MAX_DIGIT_RUN, see trim_digit_runs).
    """
    words = _words(text)
    for size in range(1, _MAX_PHRASE_WORDS + 1):
        for start in range(0, len(words) - size * times + 1):
            phrase = words[start : start + size]
            if not _is_digits(phrase) and _repeats_at(words, start, size) >= times:
                return True
    return False


def looks_hallucinated(
    text: str,
    no_speech_prob: float = 0.0,
    avg_logprob: float = 0.0,
    compression_ratio: float = 1.0,
) -> bool:
    """Whether a recognised segment should be dropped rather than kept in the transcript."""
    silent = no_speech_prob > NO_SPEECH_PROB and avg_logprob < LOW_AVG_LOGPROB
    looping = compression_ratio > MAX_COMPRESSION_RATIO or repeats_phrase(_trim(text))
    return silent or looping or not _words(text)


# Lines Whisper learnt from subtitled videos and writes over silence or music; never a call's.
STOCK_LINES = (
    "thanks for watching", "thank you for watching", "please subscribe", "like and subscribe",
    "subscribe to", "see you in the next video", "subtitles by", "captions by",
    "transcribed by", "translated by",
)  # fmt: skip
# Short sign-offs Whisper adds at the end of a window or a call (C-1001 ended with an invented
# "Thank you." at 61.4 s, after the last words). Said on calls too: dropped only when unsure.
SIGN_OFFS = ("thank you", "thanks", "thank you very much", "bye", "goodbye", "you", "okay", "so")
SIGN_OFF_MIN_SECONDS = 0.25  # a real "thank you" takes longer to say than this
SIGN_OFF_MIN_CONFIDENCE = 0.5  # mean word probability under which a lone sign-off is a guess
REPEAT_WITHIN_SECONDS = 1.0  # a line repeating the one just before, this close, is an echo
# One digit repeated more times than a card number has digits (19 at most, 16 usually; the
# test Visa 4111 1111 1111 1111 has fifteen 1s) is a loop: "4-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1".
MAX_DIGIT_RUN = 16
_DIGIT_RUN = re.compile(r"(\d)(?:[-\s.,]*\1){" + str(MAX_DIGIT_RUN) + ",}")


def _plain(text: str) -> str:
    return " ".join(_words(text))


def is_stock_line(text: str) -> bool:
    """True for a subtitle-credit line ("Thanks for watching!") that no call contains."""
    plain = _plain(text)
    return any(line in plain for line in STOCK_LINES)


def is_unsure_sign_off(segment: Segment) -> bool:
    """A lone "Thank you." that is too short or too unsure to have been said."""
    if _plain(segment.text) not in SIGN_OFFS:
        return False
    known = [w.confidence for w in segment.words if w.confidence is not None]
    unsure = bool(known) and sum(known) / len(known) < SIGN_OFF_MIN_CONFIDENCE
    return unsure or segment.end - segment.start < SIGN_OFF_MIN_SECONDS


# People say at most about 5-6 words a second; Whisper's word times squeeze fast speech, so the
# bar is higher. A line of several words packed into less time than that, which the model was
# also unsure of, was never said: tiny.en wrote "This is the first time I've been working on
# this." into 0.1 s after a caller's "thanks." on C-1001 (mean word probability 0.22).
MAX_WORDS_PER_SECOND = 8.0
UNSAID_MIN_WORDS = 3  # "Yes, sure." may be squeezed into a word boundary; a sentence may not
UNSAID_MAX_CONFIDENCE = 0.5  # mean word probability; a confident fast line is kept


def _mean_confidence(segment: Segment) -> float | None:
    known = [w.confidence for w in segment.words if w.confidence is not None]
    return sum(known) / len(known) if known else segment.confidence


def has_no_time_to_be_said(segment: Segment) -> bool:
    """A line of several unsure words squeezed into less time than anyone takes to say them."""
    words = len(_words(segment.text))
    if words < UNSAID_MIN_WORDS:
        return False
    confidence = _mean_confidence(segment)
    unsure = confidence is not None and confidence < UNSAID_MAX_CONFIDENCE
    return unsure and segment.end - segment.start < words / MAX_WORDS_PER_SECOND


def echoes(segment: Segment, before: Segment | None) -> bool:
    """True when a line repeats the end of the line just before it, right after it."""
    if before is None or segment.start - before.end > REPEAT_WITHIN_SECONDS:
        return False
    plain = _plain(segment.text)
    return bool(plain) and _plain(before.text).endswith(plain)


def trim_digit_runs(segment: Segment) -> Segment:
    """A looping run of one digit cut back to four, in the text and in the words."""
    if not _DIGIT_RUN.search(segment.text):
        return segment
    words = tuple(replace(w, text=_trim(w.text)) for w in segment.words)
    return replace(segment, text=_trim(segment.text), words=words)


def _trim(text: str) -> str:
    return _DIGIT_RUN.sub(lambda m: "-".join(m.group(1) * 4), text)


def keep_heard(segments: Sequence[Segment]) -> list[Segment]:
    """One speaker's segments in time order without the lines Whisper invented."""
    kept: list[Segment] = []
    for segment in sorted(segments, key=lambda s: (s.start, s.end)):
        before = kept[-1] if kept else None
        if is_stock_line(segment.text) or is_unsure_sign_off(segment) or echoes(segment, before):
            continue
        if has_no_time_to_be_said(segment):
            continue
        kept.append(trim_digit_runs(segment))
    return kept


def keep_heard_calls(segments: Sequence[Segment]) -> list[Segment]:
    """A call's segments without invented lines, each speaker's checked against their own."""
    speakers = dict.fromkeys(s.speaker for s in segments)
    return [
        kept for who in speakers for kept in keep_heard([s for s in segments if s.speaker == who])
    ]
