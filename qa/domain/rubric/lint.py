"""What a rubric file may contain, and problems reported with file, line, item and key."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from qa.domain.rubric.rubric import KINDS, PLACEHOLDERS, SPEAKER_CHOICES, SpeakerChoice, Window

TOP_KEYS = ("name", "version", "pass_mark", "business", "description", "defaults", "items")
DEFAULT_KEYS = ("threshold", "speaker", "points")
CUE_KEYS = ("any", "speaker", "threshold")
ITEM_KEYS = (
    *("id", "label", "section", "points", "critical", "within", "speaker", "threshold"),
    *("when", "before", "applies_to", "hint", "min", "max", *KINDS),
)

_WITHIN_EDGE = re.compile(r"^(first|last)\s+(\d+(?:\.\d+)?)\s*(s|sec|m|min)$")
_WITHIN_RANGE = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(s|sec|m|min)?\s*-\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min)$"
)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_ITEM_HEADER = re.compile(r"^\s*\[\[\s*items\s*\]\]")
_ANY_HEADER = re.compile(r"^\s*\[")


@dataclass(frozen=True, slots=True)
class RubricProblem:
    """One thing wrong with a rubric file."""

    source: str
    message: str
    line: int | None = None
    column: int | None = None
    item_id: str = ""
    key: str = ""

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        item = f"item '{self.item_id}': " if self.item_id else ""
        return f"{where}: {item}{self.message}"


def _seconds(value: str, unit: str | None) -> float:
    return float(value) * (60.0 if unit in ("m", "min") else 1.0)


def parse_window(text: str) -> Window | None:
    """A `within` string as a Window, or None when it is not one of the three forms."""
    cleaned = text.strip().lower()
    edge = _WITHIN_EDGE.match(cleaned)
    if edge:
        anchor: Literal["first", "last"] = "first" if edge.group(1) == "first" else "last"
        return Window(anchor, 0.0, _seconds(edge.group(2), edge.group(3)), text)
    span = _WITHIN_RANGE.match(cleaned)
    if span:
        unit = span.group(4)
        start, end = _seconds(span.group(1), span.group(2) or unit), _seconds(span.group(3), unit)
        return Window("range", start, end, text) if start < end else None
    return None


def suggest(key: str, valid: tuple[str, ...]) -> str:
    """ "`withn` — did you mean `within`?" (or just the unknown key when nothing is close)."""
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    return f"unknown key `{key}` — did you mean `{close[0]}`?" if close else f"unknown key `{key}`"


def unknown_placeholders(phrase: str, business: bool) -> list[str]:
    """Placeholders in a phrase that nothing fills (`{business}` needs a `business` list)."""
    names = _PLACEHOLDER.findall(phrase)
    known = [p for p in PLACEHOLDERS if business or p != "business"]
    bad = [n for n in names if n.strip() not in known]
    if phrase.count("{") != len(names) or phrase.count("}") != len(names):
        bad.append(phrase)
    return bad


def toml_position(error: Exception) -> tuple[int | None, int | None]:
    """Line and column of a tomllib error (Python 3.11 puts them only in the message)."""
    found = _TOML_POSITION.search(str(error))
    return (int(found.group(1)), int(found.group(2))) if found else (None, None)


def _key_line(lines: list[str], first: int, key: str, stop: re.Pattern[str]) -> int | None:
    pattern = re.compile(rf"(^|[\s{{,])\"?{re.escape(key)}\"?\s*=")
    for number in range(first, len(lines)):
        if number > first and stop.match(lines[number]):
            break
        if pattern.search(lines[number]):
            return number + 1
    return None


@dataclass
class ProblemList:
    """Collects every problem of one rubric text, finding the line each one is on."""

    source: str
    text: str
    problems: list[RubricProblem] = field(default_factory=list)

    def add(self, message: str, item: int | None = None, item_id: str = "", key: str = "") -> None:
        """Record a problem of item number `item` (None: the top level or [defaults])."""
        line = self._locate(item, key) if key else None
        self.problems.append(RubricProblem(self.source, message, line, None, item_id, key))

    def _locate(self, item: int | None, key: str) -> int | None:
        lines = self.text.splitlines()
        if item is None:  # top level or [defaults]: anywhere before the first [[items]]
            return _key_line(lines, 0, key, _ITEM_HEADER)
        headers = [n for n, line in enumerate(lines) if _ITEM_HEADER.match(line)]
        return _key_line(lines, headers[item], key, _ANY_HEADER) if item < len(headers) else None

    def unknown_keys(
        self, table: dict[str, Any], valid: tuple[str, ...], item: int | None, item_id: str = ""
    ) -> None:
        """One problem per key of `table` that the format does not know."""
        for key in table:
            if key not in valid:
                self.add(suggest(key, valid), item, item_id, key)


class Reader:
    """Typed reads of one TOML table; wrong types become problems, not exceptions."""

    def __init__(self, problems: ProblemList, item: int | None, item_id: str = "") -> None:
        self.problems, self.item, self.item_id = problems, item, item_id

    def bad(self, key: str, message: str) -> None:
        self.problems.add(f"`{key}` {message}", self.item, self.item_id, key)

    def text(self, raw: dict[str, Any], key: str, default: str = "") -> str:
        value = raw.get(key, default)
        if isinstance(value, str):
            return value
        self.bad(key, "must be a string")
        return default

    def number(self, raw: dict[str, Any], key: str, default: float, top: float | None) -> float:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.bad(key, "must be a number")
            return default
        if value < 0 or (top is not None and value > top):
            self.bad(key, f"must be between 0 and {top:g}" if top else "must not be negative")
            return default
        return float(value)

    def flag(self, raw: dict[str, Any], key: str) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.bad(key, "must be true or false")
        return value is True

    def speaker(self, raw: dict[str, Any], key: str, default: SpeakerChoice) -> SpeakerChoice:
        value = raw.get(key, default)
        for choice in SPEAKER_CHOICES:
            if value == choice:
                return choice
        self.bad(key, f"must be agent, customer or any (got {value!r})")
        return default

    def phrases(self, raw: dict[str, Any], key: str, business: bool) -> tuple[str, ...]:
        value = raw.get(key)
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            self.bad(key, "must be a list of phrases (strings)")
            return ()
        if not value or not all(p.strip() for p in value):
            self.bad(key, "has an empty phrase list or an empty phrase")
        for phrase in value:
            for name in unknown_placeholders(phrase, business):
                self.bad(key, f"uses unknown placeholder `{{{name}}}` in {phrase!r}")
        return tuple(p for p in value if p.strip())
