"""Reading a rubric TOML file into a Rubric, collecting every problem instead of the first."""

from __future__ import annotations

import difflib
import hashlib
import tomllib
from pathlib import Path
from typing import Any

from qa.domain.metrics.metrics import METRIC_NAMES
from qa.domain.rubric.lint import (
    CUE_KEYS,
    DEFAULT_KEYS,
    ITEM_KEYS,
    TOP_KEYS,
    ProblemList,
    Reader,
    RubricProblem,
    parse_window,
    toml_position,
)
from qa.domain.rubric.rubric import (
    DEFAULT_PASS_MARK,
    DEFAULT_POINTS,
    DEFAULT_THRESHOLD,
    KINDS,
    Cue,
    Item,
    ItemKind,
    Rubric,
    SpeakerChoice,
)
from qa.errors import RubricError


class InvalidRubricError(RubricError):
    """A rubric with problems; `problems` lists all of them."""

    def __init__(self, problems: list[RubricProblem]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}", hint="Run `qa rubric lint FILE` to see them all.")
        self.problems = problems


def _groups(reader: Reader, raw: dict[str, Any], business: bool) -> tuple[tuple[str, ...], ...]:
    value = raw.get("all")
    if not isinstance(value, list) or not value:
        reader.bad("all", "must be a non-empty list of phrase groups")
        return ()
    groups = [reader.phrases({"all": g}, "all", business) for g in value]
    return tuple(g for g in groups if g)


def _cue(
    reader: Reader, raw: dict[str, Any], key: str, threshold: float, business: bool
) -> Cue | None:
    table = raw.get(key)
    if table is None:
        return None
    if not isinstance(table, dict):
        reader.bad(key, 'must be a table such as { any = ["..."] }')
        return None
    reader.problems.unknown_keys(table, CUE_KEYS, reader.item, reader.item_id)
    default: SpeakerChoice = "customer" if key == "when" else "any"
    return Cue(
        phrases=reader.phrases(table, "any", business),
        speaker=reader.speaker(table, "speaker", default),
        threshold=reader.number(table, "threshold", threshold, 100.0),
    )


def _applies_to(reader: Reader, raw: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = raw.get("applies_to", {})
    if not isinstance(table, dict):
        reader.bad("applies_to", 'must be a table such as { queue = ["sales"] }')
        return ()
    out = []
    for key, values in table.items():
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            reader.bad("applies_to", f"values of `{key}` must be strings")
            continue
        out.append((str(key), tuple(values)))
    return tuple(out)


def _kind(reader: Reader, raw: dict[str, Any]) -> ItemKind | None:
    present = [k for k in KINDS if k in raw]
    if len(present) == 1:
        return present[0]
    if not present:
        reader.bad("id", "has none of any/all/none/each/manual/metric; give exactly one")
    else:
        shown = " and ".join(f"`{k}`" for k in present)
        reader.bad(
            present[1],
            f"conflicts: {shown}; an item has exactly one of any/all/none/each/manual/metric",
        )
    return None


def _bound(reader: Reader, raw: dict[str, Any], key: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.bad(key, "must be a number")
        return None
    return float(value)


def _metric(reader: Reader, raw: dict[str, Any]) -> dict[str, Any]:
    """A `metric` item's name and its `min` / `max` bounds (at least one of them)."""
    name = reader.text(raw, "metric").strip()
    if name not in METRIC_NAMES:
        close = difflib.get_close_matches(name, METRIC_NAMES, n=1, cutoff=0.6)
        tip = f" — did you mean `{close[0]}`?" if close else f"; known: {', '.join(METRIC_NAMES)}"
        reader.bad("metric", f"names unknown metric {name!r}{tip}")
    low, high = _bound(reader, raw, "min"), _bound(reader, raw, "max")
    if low is None and high is None and "min" not in raw and "max" not in raw:
        reader.bad("metric", "needs `min`, `max` or both (the limits the value must keep to)")
    if low is not None and high is not None and low > high:
        reader.bad("min", f"is {low:g}, above `max` ({high:g})")
    return {"metric": name, "minimum": low, "maximum": high}


def _body(reader: Reader, raw: dict[str, Any], kind: ItemKind, business: bool) -> dict[str, Any]:
    if kind == "all":
        return {"groups": _groups(reader, raw, business)}
    if kind in ("any", "none"):
        return {"groups": (reader.phrases(raw, kind, business),)}
    if kind == "metric":
        return _metric(reader, raw)
    if kind == "each":
        key = reader.text(raw, "each")
        if not key.strip():
            reader.bad("each", 'must name a metadata key such as "offers"')
        return {"each_key": key.strip()}
    if raw.get("manual") is not True:
        reader.bad("manual", "must be true")
    return {}


def _item(
    problems: ProblemList, raw: Any, index: int, defaults: dict[str, Any], business: bool
) -> Item | None:
    if not isinstance(raw, dict):
        problems.add(f"items entry {index + 1} must be a table", index)
        return None
    item_id = str(raw["id"]) if isinstance(raw.get("id"), str) else ""
    reader = Reader(problems, index, item_id or f"#{index + 1}")
    if not item_id:
        reader.bad("id", "is missing; every item needs a unique string id")
    problems.unknown_keys(raw, ITEM_KEYS, index, reader.item_id)
    threshold = reader.number(raw, "threshold", defaults["threshold"], 100.0)
    within_text = reader.text(raw, "within")
    within = parse_window(within_text) if within_text else None
    if within_text and within is None:
        reader.bad("within", f'is {within_text!r}; use "first 30s", "last 45s" or "30s-90s"')
    kind = _kind(reader, raw)
    bodies = {k: _body(reader, raw, k, business) for k in KINDS if k in raw}
    for key in ("min", "max"):
        if key in raw and kind != "metric":
            reader.bad(key, "applies only to a `metric` item")
    item: dict[str, Any] = dict(
        id=item_id,
        label=reader.text(raw, "label", item_id),
        section=reader.text(raw, "section"),
        points=reader.number(raw, "points", defaults["points"], None),
        critical=reader.flag(raw, "critical"),
        within=within,
        speaker=reader.speaker(raw, "speaker", defaults["speaker"]),
        threshold=threshold,
        when=_cue(reader, raw, "when", threshold, business),
        before=_cue(reader, raw, "before", threshold, business),
        applies_to=_applies_to(reader, raw),
        hint=reader.text(raw, "hint"),
    )
    return Item(kind=kind, **item, **bodies[kind]) if kind else None


def _business(reader: Reader, data: dict[str, Any]) -> tuple[str, ...]:
    return reader.phrases(data, "business", False) if "business" in data else ()


def _defaults(reader: Reader, data: dict[str, Any]) -> dict[str, Any]:
    table = data.get("defaults", {})
    if not isinstance(table, dict):
        reader.bad("defaults", "must be a table")
        table = {}
    reader.problems.unknown_keys(table, DEFAULT_KEYS, None)
    return {
        "threshold": reader.number(table, "threshold", DEFAULT_THRESHOLD, 100.0),
        "speaker": reader.speaker(table, "speaker", "agent"),
        "points": reader.number(table, "points", DEFAULT_POINTS, None),
    }


def _rubric(problems: ProblemList, data: dict[str, Any]) -> Rubric:
    top = Reader(problems, None)
    problems.unknown_keys(data, TOP_KEYS, None)
    business = _business(top, data)
    defaults = _defaults(top, data)
    raw_items = data.get("items", [])
    if not isinstance(raw_items, list) or not raw_items:
        top.bad("items", "must hold at least one [[items]] table")
        raw_items = []
    items = [_item(problems, raw, n, defaults, bool(business)) for n, raw in enumerate(raw_items)]
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        item_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(item_id, str) and item_id in seen:
            problems.add(f"duplicate id `{item_id}`", index, item_id, "id")
        seen.add(str(item_id))
    if not top.text(data, "name").strip():
        top.bad("name", "is missing or empty")
    return Rubric(
        name=top.text(data, "name"),
        version=str(data.get("version", "1")),
        sha256=hashlib.sha256(problems.text.encode("utf-8")).hexdigest(),
        items=tuple(i for i in items if i),
        pass_mark=top.number(data, "pass_mark", DEFAULT_PASS_MARK, 100.0),
        business=business,
        source=problems.source,
    )


def check_rubric(text: str, source: str = "<rubric>") -> tuple[Rubric | None, list[RubricProblem]]:
    """The rubric and every problem found in it (the rubric is None when TOML cannot be read)."""
    problems = ProblemList(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = toml_position(exc)
        message = f"TOML syntax: {str(exc).split(' (at line')[0]}"
        return None, [RubricProblem(source, message, line, column)]
    rubric = _rubric(problems, data)
    return rubric, sorted(problems.problems, key=lambda p: p.line or 0)


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    """A rubric from TOML text; raises InvalidRubricError (a RubricError) listing every problem."""
    rubric, problems = check_rubric(text, source)
    if problems or rubric is None:
        raise InvalidRubricError(problems)
    return rubric


def read_rubric_text(path: Path) -> str:
    """A rubric file's text; an unreadable file is a RubricError."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"Cannot read rubric {path}: {exc}.", hint="Check the path.") from exc


def load_rubric(path: Path | str) -> Rubric:
    """The rubric in a TOML file."""
    return parse_rubric(read_rubric_text(Path(path)), str(path))
