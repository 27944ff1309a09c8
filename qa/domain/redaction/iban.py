"""International bank account numbers (IBANs), written ("GB82 WEST 1234 ...") or spoken letter
by letter and digit by digit ("g b eight two w e s t one two ...")."""

from __future__ import annotations

from qa.domain.redaction.cues import Hit, Kind, cue_before
from qa.domain.redaction.tokens import Token

# Length of an IBAN per country (ISO 13616 registry); the country code fixes where it ends.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21, "CY": 28,
    "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22,
    "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PT": 25, "QA": 29, "RO": 24, "SA": 24, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27, "TR": 26,
}  # fmt: skip
IBAN_CUES = (("iban",), ("i", "b", "a", "n"), ("international", "bank", "account"))
SPOKEN_DIGITS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
MAX_WRITTEN_CHUNK = 4  # IBANs are written in groups of four
CUE_REACH = 8


def iban_valid(text: str) -> bool:
    """The ISO 7064 mod-97 check: the country and check digits moved to the end, as a number."""
    moved = text[4:] + text[:4]
    if not moved.isalnum() or not moved.isascii():
        return False
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _chars(token: Token) -> str:
    """What one token contributes to an IBAN ("" when it cannot be part of one)."""
    if token.text in SPOKEN_DIGITS:
        return SPOKEN_DIGITS[token.text]
    if token.kind == "number" or (token.kind == "word" and token.text.isalnum()):
        # a group of four, or a whole IBAN written without spaces; not an ordinary long word
        written = len(token.text) <= MAX_WRITTEN_CHUNK or any(c.isdigit() for c in token.text)
        return token.text.upper() if written else ""
    return ""


def _iban_at(tokens: list[Token], first: int, cued: bool) -> int | None:
    """The last token of an IBAN starting at `first`, or None."""
    text = ""
    for index in range(first, len(tokens)):
        if tokens[index].text == "-":
            continue
        chars = _chars(tokens[index])
        if not chars:
            return None
        text += chars
        head = text[:4]
        if len(head) == 4 and not (head[:2].isalpha() and head[2:].isdigit()):
            return None
        length = IBAN_LENGTHS.get(head[:2], 0) if len(head) == 4 else 0
        if length and len(text) == length:
            return index if iban_valid(text) or cued else None
        if length and len(text) > length:
            return None
    return None


def find_ibans(tokens: list[Token]) -> list[Hit]:
    """IBANs in one speaker's stream: the country's length and the mod-97 check, or a cue."""
    hits: list[Hit] = []
    index = 0
    while index < len(tokens):
        cued = cue_before(tokens, IBAN_CUES, index, CUE_REACH)
        last = _iban_at(tokens, index, cued) if _chars(tokens[index])[:1].isalpha() else None
        if last is None:
            index += 1
            continue
        hits.append(Hit(Kind.IBAN, index, last))
        index = last + 1
    return hits
