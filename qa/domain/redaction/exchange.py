"""Personal data read across turns: an answer to the agent's request, and a card number split by
a long pause or finished by the other speaker. Per-speaker detection cannot see either."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qa.domain.matching.spoken_numbers import luhn_valid
from qa.domain.redaction import cues
from qa.domain.redaction.cues import Kind
from qa.domain.redaction.runs import Run, find_runs
from qa.domain.redaction.tokens import Token, segment_tokens
from qa.domain.transcript import Segment, Transcript

ASK_WINDOW_S = 20.0  # an answer starts within this long after the request
ASKS = ((Kind.CVV, cues.CVV_CUES), (Kind.EXPIRY, cues.EXPIRY_CUES), (Kind.CARD, cues.CARD_CUES))
# A card read in parts: the caller pauses to find the card, or the agent reads the rest back.
SPLIT_GAP_S = 30.0  # longest silence between two parts of one card number
SPLIT_GAP_TOKENS = 8  # other words ("uh huh", "go on") between two parts
CARD_DIGITS = (13, 19)
CUE_REACH = 12
TokenAt = tuple[int, int]  # a token's segment and character offset


def _asked_kind(tokens: list[Token]) -> Kind | None:
    """The kind of data a turn asks for: the cue said last wins ("thanks, and the expiry?")."""
    latest: tuple[int, Kind] | None = None
    for kind, phrases in ASKS:
        for end in cues.cue_ends(tokens, phrases):
            if latest is None or end > latest[0]:
                latest = (end, kind)
    return latest[1] if latest else None


def _reply(segments: Sequence[Segment], asking: int) -> int | None:
    ask = segments[asking]
    for index in range(asking + 1, len(segments)):
        reply = segments[index]
        if reply.start - ask.end > ASK_WINDOW_S:
            return None
        if reply.speaker != ask.speaker:
            return index
    return None


def asked_segments(transcript: Transcript) -> dict[int, Kind]:
    """Segment index -> the kind of data the other speaker asked for right before it."""
    segments, asked = transcript.segments, {}
    for index, segment in enumerate(segments):
        kind = _asked_kind(segment_tokens(index, segment))
        reply = _reply(segments, index) if kind else None
        if kind is not None and reply is not None:
            asked[reply] = kind
    return asked


def stream_asks(stream: list[Token], asked: dict[int, Kind]) -> dict[int, Kind]:
    """Token index (in one speaker's stream) where each answer to a request begins."""
    found: dict[int, Kind] = {}
    for index, token in enumerate(stream):
        kind = asked.get(token.segment)
        if kind is not None and (index == 0 or stream[index - 1].segment != token.segment):
            found[index] = kind
    return found


def _joinable(tokens: list[Token], segments: Sequence[Segment], a: Run, b: Run) -> bool:
    left, right = tokens[a.last], tokens[b.first]
    gap = segments[right.segment].start - segments[left.segment].end
    # words only: Whisper's "-1 -1" puts a dash before every digit, which says nothing
    words = [t for t in tokens[a.last + 1 : b.first] if t.kind != "symbol"]
    return len(words) <= SPLIT_GAP_TOKENS and gap <= SPLIT_GAP_S


def _card_parts(tokens: list[Token], parts: list[Run], phones: set[int]) -> bool:
    digits = "".join(r.digits for r in parts)
    low, high = CARD_DIGITS
    if not low <= len(digits) <= high:
        return False
    cued = cues.cue_before(tokens, cues.CARD_CUES, parts[0].first, CUE_REACH)
    # A part taken for a phone number joins a card only when the card was announced.
    was_phone = any(i in phones for r in parts for i in range(r.first, r.last + 1))
    return cued or (luhn_valid(digits) and not was_phone)


def _longest_card(
    tokens: list[Token], runs: list[Run], segments: Sequence[Segment], phones: set[int]
) -> int:
    """How many runs from the first make a card (0 when none do)."""
    best, total = 0, 0
    for k, run in enumerate(runs):
        if k and not _joinable(tokens, segments, runs[k - 1], run):
            break
        total += len(run.digits)
        if total > CARD_DIGITS[1]:
            break
        if _card_parts(tokens, runs[: k + 1], phones):
            best = k + 1
    return best


def split_cards(transcript: Transcript, claimed: Mapping[TokenAt, Kind]) -> list[list[Token]]:
    """Card numbers read in parts across a long pause or two speakers: the tokens of each part
    not yet found as a card.

    `claimed` gives the kind of each token (segment, character offset) already found. A card
    may grow by what follows it, and a "phone number" right after "my card number is" may turn
    out to be the card's second half: the caller replaces such findings by these parts.
    """
    parts: list[list[Token]] = []
    reusable = (Kind.CARD, Kind.PHONE)
    for tokens in _conversation(transcript):
        kinds = [claimed.get((t.segment, t.start)) for t in tokens]
        taken = {i for i, kind in enumerate(kinds) if kind is not None and kind not in reusable}
        phones = {i for i, kind in enumerate(kinds) if kind is Kind.PHONE}
        runs = [r for r in find_runs(tokens, taken) if not _is_amount(tokens, r)]
        index = 0
        while index < len(runs):
            count = _longest_card(tokens, runs[index:], transcript.segments, phones)
            for run in runs[index : index + count]:
                # digits only: a filler between parts may be the other speaker's "okay"
                part = [t for p in run.pieces for t in tokens[p.first : p.last + 1]]
                new = [t for t in part if claimed.get((t.segment, t.start)) is not Kind.CARD]
                parts += [new] if new else []
            index += count or 1
    return parts


def _is_amount(tokens: list[Token], run: Run) -> bool:
    """A price ("$10", "ten dollars") never finishes a card the other speaker began."""
    before = tokens[run.first - 1].text if run.first > 0 else ""
    after = tokens[run.last + 1].text if run.last + 1 < len(tokens) else ""
    return before == "$" or after in cues.AMOUNT_WORDS


def _conversation(transcript: Transcript) -> list[list[Token]]:
    """Both speakers' tokens in time order, cut where nobody speaks for SPLIT_GAP_S."""
    chunks: list[list[Token]] = []
    last_end = None
    for index, segment in enumerate(transcript.segments):
        if last_end is None or segment.start - last_end > SPLIT_GAP_S:
            chunks.append([])
        chunks[-1].extend(segment_tokens(index, segment))
        last_end = segment.end if last_end is None else max(last_end, segment.end)
    return [c for c in chunks if c]
