"""Finding personal data in one speaker's token stream: cards, codes, SSNs, phones, e-mail, DOB."""

from __future__ import annotations

from collections.abc import Mapping

from qa.domain.matching.spoken_numbers import Piece, luhn_valid, read_numbers
from qa.domain.redaction import cues
from qa.domain.redaction.cues import Hit, Kind
from qa.domain.redaction.dates import DateReader, is_birth_date, is_expiry_date
from qa.domain.redaction.email import find_emails
from qa.domain.redaction.iban import find_ibans
from qa.domain.redaction.runs import GROUP_PAUSE_S, Run, find_runs
from qa.domain.redaction.tokens import Token

# Issuers use these lengths, most common first: Visa/Mastercard 16, Amex 15, Visa 13/19.
CARD_LENGTHS = (16, 15, 19, 13, 14, 17, 18)
MAX_CARD_TAIL = 10  # digits read after a card in one breath: expiry (4-6) and code (3-4)
CUE_REACH = 10  # tokens between a cue ("security code") and the number it announces
CARD_FOLLOW_REACH = 15  # tokens after a card within which its expiry and code are read
REFERENCE_REACH = 6
CARD_LEAD_REACH = 4  # "card number <is uh it's> 5102": the digits right after the cue
MAX_LEAD_FRAGMENT = 4  # digits just before a card in the same run that are taken into it
ANSWER_REACH = 12  # tokens into the reply within which the answer to a request is read
MAX_ANSWER_DIGITS = 6  # an expiry (MMYYYY) or a code; a longer reply ends with the answer
Asked = Mapping[int, Kind]
# Speech engines write a spoken digit as its homophone: pocketsphinx hears the caller's "four
# one one one ..." as "for one one one ...". Such a word right before a card is taken into it.
DIGIT_HOMOPHONES = {"for": "4", "to": "2", "too": "2", "won": "1", "ate": "8"}


def _expiry_digits(digits: str) -> bool:
    month_ok = len(digits) in (4, 6) and 1 <= int(digits[:2]) <= 12
    return month_ok and (len(digits) == 4 or digits[2:4] == "20")


def _ssn_digits(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _nanp(digits: str) -> bool:
    """A North American number: area code and exchange do not start with 0 or 1."""
    return len(digits) == 10 and digits[0] not in "01" and digits[3] not in "01"


def _joined(pieces: tuple[Piece, ...]) -> str:
    return "".join(p.digits for p in pieces)


def card_window(run: Run) -> tuple[int, int] | None:
    """Digit offsets of a Luhn-valid card at the start of a run (a leading "oh" may be skipped).

    The whole run is tried first; a card with its expiry or code read straight after it is
    split only at a group break, so that an invalid number does not turn valid by trimming.
    """
    digits, n = run.digits, len(run.digits)
    starts = [0] + ([len(run.pieces[0].digits)] if run.pieces[0].weak else [])
    for start in starts:
        if 13 <= n - start <= 19 and luhn_valid(digits[start:]):
            return start, n
    cuts = set(range(1, n)) if n > 19 else run.breaks
    for start in starts:
        for length in CARD_LENGTHS:
            end = start + length
            if end in cuts and 3 <= n - end <= MAX_CARD_TAIL and luhn_valid(digits[start:end]):
                return start, end
    return None


def cards_in_long_run(run: Run) -> list[tuple[int, int]]:
    """Luhn-valid stretches of a run too long to be one card; errs toward redacting."""
    digits, found, start = run.digits, [], 0
    while start <= len(digits) - 13:
        length = next(
            (
                k
                for k in CARD_LENGTHS
                if start + k <= len(digits) and luhn_valid(digits[start : start + k])
            ),
            0,
        )
        found += [(start, start + length)] if length else []
        start += length or 1
    return found


def card_details(pieces: tuple[Piece, ...]) -> list[tuple[Kind, tuple[Piece, ...]]]:
    """Expiry date and security code read after a card, split where the pieces allow."""
    digits = _joined(pieces)
    for k in range(1, len(pieces)):
        head, rest = _joined(pieces[:k]), _joined(pieces[k:])
        if _expiry_digits(head) and len(rest) in (3, 4):
            return [(Kind.EXPIRY, pieces[:k]), (Kind.CVV, pieces[k:])]
        if len(head) in (3, 4) and _expiry_digits(rest):
            return [(Kind.CVV, pieces[:k]), (Kind.EXPIRY, pieces[k:])]
    if _expiry_digits(digits):
        return [(Kind.EXPIRY, pieces)]
    return [(Kind.CVV, pieces)] if 3 <= len(digits) <= MAX_CARD_TAIL else []


class StreamScan:
    """The findings of one stream, and the tokens they already cover."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.hits: list[Hit] = []
        self.taken: set[int] = set()

    def free(self, first: int, last: int) -> bool:
        """True when no finding covers any token first..last."""
        return not self.taken.intersection(range(first, last + 1))

    def claim(self, kind: Kind, first: int, last: int) -> None:
        """Record a finding, unless part of it is already covered."""
        if self.free(first, last):
            self.hits.append(Hit(kind, first, last))
            self.taken.update(range(first, last + 1))

    def claim_pieces(self, kind: Kind, pieces: tuple[Piece, ...]) -> None:
        """Record a finding made of whole number pieces."""
        if pieces:
            self.claim(kind, pieces[0].first, pieces[-1].last)

    def is_amount(self, run: Run) -> bool:
        """True for "$49.99" or "forty nine dollars": prices are not personal data."""
        after = self.tokens[run.last + 1].text if run.last + 1 < len(self.tokens) else ""
        before = self.tokens[run.first - 1].text if run.first > 0 else ""
        return after in cues.AMOUNT_WORDS or before == "$"

    def is_reference(self, run: Run) -> bool:
        """True for order, account and other reference numbers."""
        return cues.cue_before(self.tokens, cues.REFERENCE_CUES, run.first, REFERENCE_REACH)

    def runs_after(self, runs: list[Run], index: int, reach: int) -> list[Run]:
        """Free runs that start within `reach` tokens after `index`."""
        return [
            r
            for r in runs
            if index < r.first <= index + reach
            and self.free(r.first, r.last)
            and not self.is_amount(r)
        ]


def with_homophone(scan: StreamScan, run: Run) -> Run:
    """The run with the digit homophone said just before it in the same breath ("for one one
    ..."), as a weak first piece: a card is read with it first, then without it."""
    first = run.first
    if first == 0 or not scan.free(first - 1, first - 1):
        return run
    before, after = scan.tokens[first - 1], scan.tokens[first]
    digit = DIGIT_HOMOPHONES.get(before.text)
    paused = bool(before.time and after.time and after.time[0] - before.time[1] >= GROUP_PAUSE_S)
    if digit is None or paused or before.segment != after.segment:
        return run
    breaks = frozenset(b + 1 for b in run.breaks)
    return Run((Piece(first - 1, first - 1, digit, weak=True), *run.pieces), breaks)


def cued_card(scan: StreamScan, run: Run) -> tuple[int, int] | None:
    """A 13-19 digit run right after "card number": a card even when one digit was misheard
    and the Luhn check fails (card data must never be stored)."""
    n = len(run.digits)
    if n >= min(CARD_LENGTHS) and cues.cue_before(
        scan.tokens, cues.CARD_CUES, run.first, CUE_REACH
    ):
        return 0, n
    return None


def _lead_in(run: Run, start: int) -> int:
    """A card's start moved back over a lone fragment before it in the same run: Whisper writes
    "4 -1-1-1..." and the Luhn-valid stretch may begin a digit or two late."""
    return 0 if start <= MAX_LEAD_FRAGMENT else start


def _cards(scan: StreamScan, runs: list[Run]) -> list[Hit]:
    """Cards in every run, with the expiry and code read in the same breath."""
    cards = []
    for run in (with_homophone(scan, r) for r in runs):
        window = card_window(run)
        windows = [window] if window else cards_in_long_run(run) if len(run.digits) > 19 else []
        if not windows and (cued := cued_card(scan, run)):
            windows = [cued]
        for start, end in windows:
            span = run.covering(_lead_in(run, start), end)
            if span is not None:
                scan.claim(Kind.CARD, *span)
                cards.append(Hit(Kind.CARD, *span))
        if window:
            tail = tuple(p for p in run.pieces_from(window[1]) if scan.free(p.first, p.last))
            for kind, pieces in card_details(tail):
                scan.claim_pieces(kind, pieces)
    return cards


def _after_card(scan: StreamScan, card: Hit, runs: list[Run], dates: DateReader) -> None:
    """Expiry and security code read shortly after a card ("... expires april twenty six")."""
    span = dates.span_after(card.last)
    if span is not None and span.has_month and span.first - card.last <= CUE_REACH:
        scan.claim(Kind.EXPIRY, span.first, span.last)
    following = scan.runs_after(runs, card.last, CARD_FOLLOW_REACH)[:2]
    for run in following:
        if len(run.digits) <= 9 and not scan.is_reference(run):
            for kind, pieces in card_details(run.pieces):
                scan.claim_pieces(kind, pieces)


def _cued(scan: StreamScan, runs: list[Run], dates: DateReader) -> None:
    """Codes, expiry dates and SSNs announced by what was said just before them."""
    tokens = scan.tokens
    for end in cues.cue_ends(tokens, cues.CVV_CUES):
        for run in scan.runs_after(runs, end, CUE_REACH)[:1]:
            if len(run.digits) in (3, 4):
                scan.claim(Kind.CVV, run.first, run.last)
    for end in cues.cue_ends(tokens, cues.EXPIRY_CUES):
        span = dates.span_after(end)
        if span is not None and is_expiry_date(span):
            scan.claim(Kind.EXPIRY, span.first, span.last)
    for end in cues.cue_ends(tokens, cues.SSN_CUES):
        for run in scan.runs_after(runs, end, CUE_REACH)[:1]:
            if len(run.digits) == 4 or (len(run.digits) == 9 and _ssn_digits(run.digits)):
                scan.claim(Kind.SSN, run.first, run.last)


def _written_ssn(scan: StreamScan, run: Run) -> bool:
    """ "123-45-6789": three written groups joined by dashes."""
    shape = tuple(len(p.digits) for p in run.pieces)
    written = all(scan.tokens[p.first].kind == "number" for p in run.pieces)
    dashes = all(t.text == "-" for t in scan.tokens[run.first : run.last + 1] if t.kind == "symbol")
    return shape == (3, 2, 4) and written and dashes and _ssn_digits(run.digits)


def _is_phone(scan: StreamScan, run: Run) -> bool:
    if cues.cue_before(scan.tokens, cues.CARD_CUES, run.first, CARD_LEAD_REACH):
        return False  # "my card number is 5102 ...": the start of a card read in parts
    digits, n = run.digits, len(run.digits)
    plus = run.first > 0 and scan.tokens[run.first - 1].text == "+"
    cued = cues.cue_before(scan.tokens, cues.PHONE_CUES, run.first, CUE_REACH)
    north_american = _nanp(digits) or (n == 11 and digits[0] == "1" and _nanp(digits[1:]))
    local = n == 7 and digits[0] not in "01"
    return north_american or (plus and 8 <= n <= 15) or (cued and (local or 10 <= n <= 13))


def _ssn_and_phones(scan: StreamScan, runs: list[Run]) -> None:
    for run in runs:
        if not scan.free(run.first, run.last) or scan.is_amount(run):
            continue
        if _written_ssn(scan, run):
            scan.claim(Kind.SSN, run.first, run.last)
        elif not scan.is_reference(run) and _is_phone(scan, run):
            scan.claim(Kind.PHONE, run.first, run.last)


def _answer(scan: StreamScan, run: Run, kind: Kind) -> bool:
    n = len(run.digits)
    if kind is Kind.CVV and n in (3, 4):
        return True
    if kind is Kind.EXPIRY and _expiry_digits(run.digits):
        return True
    return kind is Kind.CARD and n >= 12


def _answers(scan: StreamScan, runs: list[Run], dates: DateReader, asked: Asked) -> None:
    """Digits that answer what the other speaker just asked for ("and the security code?"),
    redacted as that kind even though the answer itself names nothing."""
    for index, kind in sorted(asked.items()):
        near = [r for r in scan.runs_after(runs, index - 1, ANSWER_REACH)][:1]
        if near and kind is not Kind.CARD and len(near[0].digits) > MAX_ANSWER_DIGITS:
            _answer_tail(scan, near[0], kind)
            continue
        if kind is Kind.EXPIRY:
            span = dates.span_after(index - 1)
            if span is not None and span.first - index <= ANSWER_REACH and is_expiry_date(span):
                scan.claim(Kind.EXPIRY, span.first, span.last)
                continue
        for run in near:
            if _answer(scan, run, kind):
                scan.claim(kind, run.first, run.last)


def _answer_tail(scan: StreamScan, run: Run, kind: Kind) -> None:
    """The asked-for code or date at the end of a longer reply: Whisper may put the last digits
    of a card in front of the expiry ("-1 -1 -1 -12 -28"); the head is left to join the card."""
    for k in range(1, len(run.pieces)):
        tail = Run(run.pieces[k:], frozenset())
        if _answer(scan, tail, kind):
            scan.claim_pieces(kind, tail.pieces)
            return


def find_in_stream(tokens: list[Token], asked: Asked | None = None) -> list[Hit]:
    """Every piece of personal data in one speaker's stream, each token in at most one finding.

    `asked` maps a token index to the kind the other speaker asked for just before it.
    """
    scan = StreamScan(tokens)
    for found in (*find_emails(tokens), *find_ibans(tokens)):
        scan.claim(found.kind, found.first, found.last)
    dates = DateReader(tokens, read_numbers([t.text for t in tokens]), scan.taken)
    for end in cues.cue_ends(tokens, cues.DOB_CUES):
        span = dates.span_after(end)
        if span is not None and is_birth_date(span):
            scan.claim(Kind.DOB, span.first, span.last)
    runs = find_runs(tokens, scan.taken, frozenset(asked or {}))
    for card in _cards(scan, runs):
        _after_card(scan, card, runs, dates)
    _answers(scan, runs, dates, asked or {})
    _cued(scan, runs, dates)
    _ssn_and_phones(scan, runs)
    return sorted(scan.hits, key=lambda h: h.first)
