"""Dates said or written after a cue: "born on the fourth of july nineteen ninety", "exp 04/26"."""

from __future__ import annotations

from dataclasses import dataclass

from qa.domain.matching.spoken_numbers import Piece, month_number, ordinal_value
from qa.domain.redaction.tokens import Token

DATE_GLUE = frozenset({"of", "the", "slash", "/", "-", ".", "and", "uh", "um", "in"})
MAX_LEAD_TOKENS = 4  # "date of birth <is uh it's> ..."
MAX_DATE_TOKENS = 12


@dataclass(frozen=True, slots=True)
class DateSpan:
    """Tokens first..last that read as a date, with what they hold."""

    first: int
    last: int
    digits: int  # how many digits the numbers in it have
    has_month: bool  # a month name, or a written date such as 04/26


def _written_date(token: Token) -> bool:
    return token.kind == "numeric" and ("/" in token.text or "." in token.text)


class DateReader:
    """Reads dates in one token stream, given the numbers found in it."""

    def __init__(self, tokens: list[Token], pieces: list[Piece], taken: set[int]) -> None:
        self.tokens = tokens
        self.taken = taken
        self.digits_at = {p.first: len(p.digits) for p in pieces}
        self.in_number = {i for p in pieces for i in range(p.first, p.last + 1)}

    def _core(self, i: int) -> bool:
        text = self.tokens[i].text
        return (
            i in self.in_number
            or month_number(text) is not None
            or ordinal_value(text) is not None
            or _written_date(self.tokens[i])
        )

    def _summary(self, first: int, last: int) -> DateSpan:
        span = range(first, last + 1)
        has_month = any(
            month_number(self.tokens[i].text) is not None or _written_date(self.tokens[i])
            for i in span
        )
        return DateSpan(first, last, sum(self.digits_at.get(i, 0) for i in span), has_month)

    def span_after(self, cue_end: int) -> DateSpan | None:
        """The date that starts within a few tokens after `cue_end`, if one does."""
        i = cue_end + 1
        while i < len(self.tokens) and not self._core(i):
            if i - cue_end > MAX_LEAD_TOKENS or i in self.taken:
                return None
            i += 1
        if i >= len(self.tokens) or i in self.taken:
            return None
        first = last = i
        for j in range(i + 1, min(len(self.tokens), first + MAX_DATE_TOKENS)):
            if j in self.taken or not (self._core(j) or self.tokens[j].text in DATE_GLUE):
                break
            last = j if self._core(j) else last
        return self._summary(first, last)


def is_birth_date(span: DateSpan) -> bool:
    """A plausible date of birth: a month named, or at least a year's worth of digits."""
    return (span.has_month or span.digits >= 4) and span.digits <= 8


def is_expiry_date(span: DateSpan) -> bool:
    """A plausible card expiry: a month named, or 3-6 digits (4/26, 0426, 042026)."""
    return span.has_month or 3 <= span.digits <= 6
