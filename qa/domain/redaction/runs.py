"""Runs of digits in a token stream: a number read out in one go, with where its groups break."""

from __future__ import annotations

from dataclasses import dataclass

from qa.domain.matching.spoken_numbers import Piece, read_numbers
from qa.domain.redaction.cues import is_filler
from qa.domain.redaction.tokens import Token

# A pause this long between spoken digits is a group break ("4532 <pause> 0151").
GROUP_PAUSE_S = 0.7


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive numbers with only fillers between them; `breaks` are digit offsets of groups."""

    pieces: tuple[Piece, ...]
    breaks: frozenset[int]

    @property
    def digits(self) -> str:
        """All digits of the run, in order."""
        return "".join(p.digits for p in self.pieces)

    @property
    def first(self) -> int:
        """Stream index of the first token."""
        return self.pieces[0].first

    @property
    def last(self) -> int:
        """Stream index of the last token."""
        return self.pieces[-1].last

    def offsets(self) -> list[int]:
        """Digit offset at which each piece starts."""
        out, total = [], 0
        for piece in self.pieces:
            out.append(total)
            total += len(piece.digits)
        return out

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range of the pieces holding digits start..end (whole pieces); None if empty."""
        chosen = [
            p
            for p, at in zip(self.pieces, self.offsets(), strict=True)
            if at < end and at + len(p.digits) > start
        ]
        return (chosen[0].first, chosen[-1].last) if chosen else None

    def pieces_from(self, start: int) -> tuple[Piece, ...]:
        """The pieces that begin at or after digit offset `start`."""
        return tuple(p for p, at in zip(self.pieces, self.offsets(), strict=True) if at >= start)


def _is_break(tokens: list[Token], before: Piece, after: Piece) -> bool:
    left, right = tokens[before.last], tokens[after.first]
    if after.first > before.last + 1 or left.segment != right.segment:
        return True
    if left.kind == "number" and right.kind == "number":
        return True  # written groups: "4532 0151"
    return bool(left.time and right.time and right.time[0] - left.time[1] >= GROUP_PAUSE_S)


def pauses_after(tokens: list[Token]) -> frozenset[int]:
    """Indexes of tokens followed by a pause (or the end of their segment)."""
    return frozenset(
        i
        for i, (left, right) in enumerate(zip(tokens, tokens[1:], strict=False))
        if left.segment != right.segment
        or bool(left.time and right.time and right.time[0] - left.time[1] >= GROUP_PAUSE_S)
    )


def _close(tokens: list[Token], pieces: list[Piece]) -> Run | None:
    if not pieces or all(p.weak for p in pieces):
        return None
    breaks, total = set(), 0
    for before, after in zip(pieces, pieces[1:], strict=False):
        total += len(before.digits)
        if _is_break(tokens, before, after):
            breaks.add(total)
    return Run(tuple(pieces), frozenset(breaks))


def _joins(tokens: list[Token], before: Piece, after: Piece, starts: frozenset[int]) -> bool:
    between = range(before.last + 1, after.first + 1)
    if starts.intersection(between):
        return False  # the reply to a new request ("and the expiry?") is a new number
    return all(is_filler(tokens[i]) for i in range(before.last + 1, after.first))


def find_runs(
    tokens: list[Token], taken: set[int], starts: frozenset[int] = frozenset()
) -> list[Run]:
    """The digit runs of a stream, leaving out tokens already `taken` by another finding.

    A run never spans a token of `starts`: where an answer to the other speaker's request begins.
    """
    pieces = [
        p
        for p in read_numbers([t.text for t in tokens], pauses=pauses_after(tokens))
        if not taken.intersection(range(p.first, p.last + 1))
    ]
    runs: list[Run] = []
    current: list[Piece] = []
    for piece in pieces:
        if current and not _joins(tokens, current[-1], piece, starts):
            run = _close(tokens, current)
            runs += [run] if run else []
            current = []
        current.append(piece)
    run = _close(tokens, current)
    return runs + ([run] if run else [])
