"""CSV export: one row per call with a column per item verdict, or (long) one per call and item."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from qa.domain.export.records import ScoredCall
from qa.pipeline.export.rows import (
    CALL_COLUMNS,
    ITEM_COLUMNS,
    call_row,
    item_columns,
    item_row,
)


def cell(value: Any) -> str:
    """A value as CSV text: ISO times, lowercase booleans, empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def wide_rows(calls: Sequence[ScoredCall]) -> Iterable[list[Any]]:
    """The header, then one row per call."""
    item_ids = item_columns(calls)
    yield [*CALL_COLUMNS, *item_ids]
    for call in calls:
        yield call_row(call, item_ids)


def long_rows(calls: Sequence[ScoredCall]) -> Iterable[list[Any]]:
    """The header, then one row per call and item."""
    yield list(ITEM_COLUMNS)
    for call in calls:
        for item in call.items:
            yield item_row(call, item)


def write_csv(calls: Sequence[ScoredCall], path: Path, long: bool = False) -> None:
    """Write the calls to `path` as UTF-8 CSV (with a BOM so spreadsheet apps read it right)."""
    rows = long_rows(calls) if long else wide_rows(calls)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        for row in rows:
            writer.writerow([cell(v) for v in row])
