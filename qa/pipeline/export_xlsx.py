"""XLSX export: Summary (per agent), Calls and Items sheets; frozen headers, filters, colours."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qa.domain.export_records import ScoredCall
from qa.domain.reporting import GroupFigures, by_agent
from qa.pipeline.export_rows import CALL_COLUMNS, ITEM_COLUMNS, call_row, item_columns, item_row

RED, GREEN, AMBER = "FFC7CE", "C6EFCE", "FFEB9C"  # Excel's own "bad", "good", "neutral" fills
SUMMARY_COLUMNS = (
    "agent",
    "name",
    "team",
    "calls",
    "mean_score",
    "pass_rate",
    "auto_fails",
    "offer_calls",
    "offer_rate",
    "offer_goal",
    "mean_talk_ratio",
    "mean_longest_hold_s",
    "monotone_share",
)


def cell(value: Any) -> Any:
    """Excel keeps no time zones: times are written as naive UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def summary_row(row: GroupFigures, team: str, goal: float) -> list[Any]:
    """One agent's figures."""
    return [
        row.key,
        row.label,
        team,
        row.calls,
        row.mean_score,
        row.pass_rate,
        row.auto_fails,
        row.offer_calls,
        row.offer_rate,
        goal,
        row.mean_talk_ratio,
        row.mean_longest_hold,
        row.monotone_share,
    ]


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def _sheet(
    book: Any, title: str, header: Sequence[str], rows: Iterable[list[Any]]
) -> tuple[Any, int]:
    """A write-only sheet with a frozen, filterable header; returns it and its last row."""
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append(list(header))
    count = 1
    for row in rows:
        sheet.append([cell(v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{_column(len(header))}{count}"
    return sheet, count


def _span(column: int, last: int) -> str:
    letter = _column(column)
    return f"{letter}2:{letter}{max(last, 2)}"


def _colour_text(sheet: Any, last: int, column: int, colours: dict[str, str]) -> None:
    from openpyxl.formatting.rule import CellIsRule

    span = _span(column, last)
    for text, colour in colours.items():
        rule = CellIsRule(operator="equal", formula=[f'"{text}"'], fill=_fill(colour))
        sheet.conditional_formatting.add(span, rule)


def _colour_below(sheet: Any, last: int, column: int, limit: float) -> None:
    from openpyxl.formatting.rule import CellIsRule

    span = _span(column, last)
    rule = CellIsRule(operator="lessThan", formula=[str(limit)], fill=_fill(RED))
    sheet.conditional_formatting.add(span, rule)


VERDICT_COLOURS = {"pass": GREEN, "fail": RED, "uncertain": AMBER, "pending": AMBER}


def write_xlsx(calls: Sequence[ScoredCall], path: Path, offer_goal: float) -> None:
    """Write the three sheets to `path`."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streams rows: 10,000 scorecards stay fast and small
    teams = {c.agent_id: c.team for c in calls}
    summary = [summary_row(r, teams.get(r.key, ""), offer_goal) for r in by_agent(calls)]
    sheet, last = _sheet(book, "Summary", SUMMARY_COLUMNS, summary)
    _colour_below(sheet, last, SUMMARY_COLUMNS.index("offer_rate") + 1, offer_goal)
    item_ids = item_columns(calls)
    rows = (call_row(c, item_ids) for c in calls)
    sheet, last = _sheet(book, "Calls", [*CALL_COLUMNS, *item_ids], rows)
    _colour_text(sheet, last, CALL_COLUMNS.index("result") + 1, {"pass": GREEN, "fail": RED})
    for offset in range(len(item_ids)):
        _colour_text(sheet, last, len(CALL_COLUMNS) + offset + 1, VERDICT_COLOURS)
    rows = (item_row(c, i) for c in calls for i in c.items)
    sheet, last = _sheet(book, "Items", ITEM_COLUMNS, rows)
    _colour_text(sheet, last, ITEM_COLUMNS.index("verdict") + 1, VERDICT_COLOURS)
    book.save(str(path))
