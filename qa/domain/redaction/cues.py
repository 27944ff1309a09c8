"""What personal data is, the words that announce it, and how to find a phrase in a token stream."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from qa.domain.redaction.tokens import Token


class Kind(StrEnum):
    """A kind of personal data that redaction hides."""

    CARD = "card"
    CVV = "cvv"
    EXPIRY = "expiry"
    SSN = "ssn"
    EMAIL = "email"
    PHONE = "phone"
    DOB = "dob"
    IBAN = "iban"

    @property
    def label(self) -> str:
        """What replaces the data in a transcript: [CARD], [CVV], ..."""
        return f"[{self.value.upper()}]"

    @property
    def description(self) -> str:
        """How a supervisor would name it: "card number"."""
        return DESCRIPTIONS[self]


DESCRIPTIONS = {
    Kind.CARD: "card number",
    Kind.CVV: "security code",
    Kind.EXPIRY: "expiry date",
    Kind.SSN: "social security number",
    Kind.EMAIL: "e-mail address",
    Kind.PHONE: "phone number",
    Kind.DOB: "date of birth",
    Kind.IBAN: "bank account number (IBAN)",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """Personal data found at stream tokens first..last (inclusive)."""

    kind: Kind
    first: int
    last: int


Cue = tuple[str, ...]


def _cues(*phrases: str) -> tuple[Cue, ...]:
    return tuple(tuple(p.split()) for p in phrases)


CVV_CUES = _cues(
    "security code", "cvv", "cvc", "cv2", "csc", "c v v", "c v c", "cvv2", "verification code",
    "card code", "digits on the back", "on the back of the card", "digit code",
)  # fmt: skip
EXPIRY_CUES = _cues(
    "expiry", "expiration", "expires", "expire", "expiring", "exp", "valid thru",
    "valid through", "good thru", "good through",
)  # fmt: skip
# What names a card number, said by the caller ("my card number is") or asked by the agent.
CARD_CUES = _cues(
    "card number", "card no", "long number", "number on the card", "credit card", "debit card",
    "card is", "card please", "the card", "your card",
)  # fmt: skip
SSN_CUES = _cues("social security", "social", "ssn", "s s n")
DOB_CUES = _cues(
    "date of birth", "born on", "born in", "birthday", "birth date", "birthdate", "dob", "d o b"
)
PHONE_CUES = _cues(
    "phone",
    "cell",
    "mobile",
    "telephone",
    "callback",
    "call back",
    "call me",
    "reach me",
    "text me",
)
# Numbers after these words are references, not personal data.
REFERENCE_CUES = _cues(
    "order", "account", "reference", "confirmation", "ticket", "case", "tracking", "invoice",
    "policy", "member", "serial", "model", "zip", "postal", "extension", "ext", "room", "flight",
)  # fmt: skip
AMOUNT_WORDS = frozenset({"dollars", "dollar", "bucks", "cents", "pounds", "euros", "percent"})
# Sounds and words that do not interrupt someone reading out a number.
FILLERS = frozenset({"um", "uh", "er", "erm", "ah", "hmm", "mm", "mhm", "and", "okay", "ok"})
RUN_SYMBOLS = frozenset({"-", ".", "_", "/"})


def is_filler(token: Token) -> bool:
    """True for tokens that may sit inside a number without ending it."""
    return token.text in FILLERS or (token.kind == "symbol" and token.text in RUN_SYMBOLS)


def cue_ends(tokens: list[Token], cues: tuple[Cue, ...]) -> list[int]:
    """Index of the last token of each place a cue phrase occurs (symbols are skipped)."""
    spoken = [i for i, t in enumerate(tokens) if t.kind != "symbol"]
    texts = [tokens[i].text for i in spoken]
    ends = []
    for k in range(len(texts)):
        if any(tuple(texts[k : k + len(cue)]) == cue for cue in cues):
            longest = max(len(c) for c in cues if tuple(texts[k : k + len(c)]) == c)
            ends.append(spoken[k + longest - 1])
    return ends


def cue_before(tokens: list[Token], cues: tuple[Cue, ...], index: int, reach: int) -> bool:
    """True when a cue ends within `reach` tokens before `index`."""
    return any(index - reach <= end < index for end in cue_ends(tokens, cues))
