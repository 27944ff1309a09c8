"""E-mail addresses, written ("j.smith@gmail.com") or spoken ("j dot smith at gmail dot com")."""

from __future__ import annotations

from qa.domain.matching.spoken_numbers import TEENS, TENS, UNITS
from qa.domain.redaction.cues import Hit, Kind
from qa.domain.redaction.tokens import Token

TOP_LEVEL = frozenset(
    "com net org edu gov mil int io co uk us ca au nz ie de fr es it nl be ch at se no dk fi pl "
    "in jp cn br mx info biz me tv ai app dev email online".split()
)
# Words that come before "at" in speech but are never the start of an address.
NOT_LOCAL = frozenset(
    "me is it's its email e mail address us you him her them was be at to it that number name "
    "here there i'm we're they're look looking arrive arrived".split()
)
NOT_DOMAIN = frozenset("the a an my your this that it home work least all once first last".split())
SPOKEN_CONNECTORS = frozenset({"dot", "underscore", "dash", "hyphen", "period"})
WRITTEN_CONNECTORS = frozenset({".", "_", "-"})
NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS)


def _connector(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if token.text in SPOKEN_CONNECTORS:
        return True
    # A written dot only joins when glued to its neighbours ("gmail.com", not "... at home. Com")
    glued = not token.spaced and i + 1 < len(tokens) and not tokens[i + 1].spaced
    return token.text in WRITTEN_CONNECTORS and glued


def _is_at(token: Token) -> bool:
    return token.text in ("at", "@")


def _part(token: Token) -> bool:
    return token.kind in ("word", "number") and token.text not in SPOKEN_CONNECTORS


def _domain_end(tokens: list[Token], at: int) -> int | None:
    """Last token of "gmail dot com" after the "at" at index `at`, if a domain follows."""
    i = at + 1
    if i >= len(tokens) or not _part(tokens[i]) or tokens[i].text in NOT_DOMAIN:
        return None
    written = tokens[at].text == "@"
    end = None
    while i + 2 < len(tokens) and _connector(tokens, i + 1) and _part(tokens[i + 2]):
        i += 2
        if tokens[i].text in TOP_LEVEL or (written and tokens[i].text.isalpha()):
            end = i
    return end


def _spelled(token: Token) -> bool:
    return len(token.text) == 1 or token.text in NUMBER_WORDS or token.kind == "number"


def _local_start(tokens: list[Token], at: int, written: bool) -> int | None:
    """First token of "john dot smith" before the "at"; None when no address part is there."""
    i = at - 1
    if i < 0 or not _part(tokens[i]) or (not written and tokens[i].text in NOT_LOCAL):
        return None
    while True:
        if i >= 2 and _connector(tokens, i - 1) and _part(tokens[i - 2]):
            i -= 2
        elif i >= 1 and _spelled(tokens[i]) and _spelled(tokens[i - 1]):
            i -= 1  # spelled out: "j o h n"
        else:
            return i
        if not written and tokens[i].text in NOT_LOCAL:
            return i + (2 if _connector(tokens, i + 1) else 1)


def find_emails(tokens: list[Token]) -> list[Hit]:
    """Every e-mail address in a stream, from its local part to its top-level domain."""
    hits: list[Hit] = []
    for at, token in enumerate(tokens):
        if not _is_at(token) or (hits and at <= hits[-1].last):
            continue
        end = _domain_end(tokens, at)
        start = _local_start(tokens, at, token.text == "@") if end is not None else None
        if end is not None and start is not None:
            hits.append(Hit(Kind.EMAIL, start, end))
    return hits
