"""Call metadata from loose key/value sources: sidecar JSON, manifest rows, filename patterns."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from qa.domain.call import CallMeta

TIME_KEYS = ("started_at", "date", "time", "datetime")  # what a pattern or sidecar may call it
OFFER_SEPARATORS = (";", "|")  # a manifest cell lists several offers separated by one of these

# strftime directives a filename pattern may use, and what each matches.
_DIRECTIVES = {
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "m": r"\d{1,2}",
    "d": r"\d{1,2}",
    "H": r"\d{1,2}",
    "I": r"\d{1,2}",
    "M": r"\d{1,2}",
    "S": r"\d{1,2}",
    "f": r"\d{1,6}",
    "j": r"\d{1,3}",
    "p": r"(?:AM|PM|am|pm)",
    "b": r"[A-Za-z]{3}",
    "z": r"(?:[+-]\d{4}|Z)",
    "%": "%",
}
_FIELD = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def _date_regex(fmt: str) -> str:
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            if fmt[i + 1] not in _DIRECTIVES:
                raise ValueError(f"filename_pattern: unsupported date directive %{fmt[i + 1]}")
            out.append(_DIRECTIVES[fmt[i + 1]])
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class FilenamePattern:
    """A pattern such as "{date:%Y%m%d-%H%M%S}_{agent}_{call_id}" matched against file stems."""

    text: str
    regex: re.Pattern[str]
    date_formats: tuple[tuple[str, str], ...]  # (field, strftime format)

    @classmethod
    def compile(cls, text: str) -> FilenamePattern:
        """Compile a pattern; ValueError names what is wrong with it."""
        parts, formats, names, end = ["^"], [], set(), 0
        for match in _FIELD.finditer(text):
            parts.append(re.escape(text[end : match.start()]))
            name, fmt = match.group(1), match.group(2)
            if name in names:
                raise ValueError(f"filename_pattern: field {{{name}}} appears twice")
            names.add(name)
            body = _date_regex(fmt) if fmt else r".+?"
            parts.append(f"(?P<{name}>{body})")
            if fmt:
                formats.append((name, fmt))
            end = match.end()
        parts.append(re.escape(text[end:]) + "$")
        return cls(text=text, regex=re.compile("".join(parts)), date_formats=tuple(formats))

    def fields(self, stem: str) -> dict[str, Any]:
        """The fields a file stem gives (dates parsed); empty when the stem does not match."""
        match = self.regex.match(stem)
        if match is None:
            return {}
        found: dict[str, Any] = dict(match.groupdict())
        for name, fmt in self.date_formats:
            try:
                found[name] = datetime.strptime(found[name], fmt)
            except ValueError:
                del found[name]
        return found


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _offers(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        for separator in OFFER_SEPARATORS:
            value = value.replace(separator, ",")
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise ValueError(f"offers must be a list of names (got {value!r})")
    return tuple(o for o in (_text(v) for v in value) if o)


def _started_at(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"started_at {value!r} is not an ISO date and time") from None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _time_value(raw: Mapping[str, Any]) -> Any:
    return next((raw[k] for k in TIME_KEYS if raw.get(k) not in (None, "")), None)


def meta_from_fields(raw: Mapping[str, Any]) -> tuple[CallMeta, list[str]]:
    """CallMeta from merged key/values; bad values are dropped and described in the list."""
    problems: list[str] = []
    try:
        started = _started_at(_time_value(raw))
    except ValueError as exc:
        started, problems = None, [*problems, str(exc)]
    try:
        offers = _offers(raw.get("offers") or [])
    except ValueError as exc:
        offers, problems = (), [*problems, str(exc)]
    known = {"call_id", "agent", "queue", "direction", "offers", *TIME_KEYS}
    meta = CallMeta(
        call_id=_text(raw.get("call_id")),
        agent=_text(raw.get("agent")),
        started_at=started,
        queue=_text(raw.get("queue")),
        direction=_text(raw.get("direction")),
        offers=offers,
        extra={k: _plain(v) for k, v in raw.items() if k not in known and v not in (None, "")},
    )
    return meta, problems


def merge_sources(*sources: Mapping[str, Any]) -> dict[str, Any]:
    """Merge metadata sources, later ones winning key by key; empty values never win."""
    merged: dict[str, Any] = {}
    for source in sources:
        merged.update({k: v for k, v in source.items() if v not in (None, "", [])})
    return merged
