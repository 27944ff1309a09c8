"""XLSX export: Summary (per agent), Calls and Items sheets; frozen headers, filters, colours."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from qa.domain.export.records import ScoredCall
from qa.domain.reports.reporting import GroupFigures, by_agent
from qa.pipeline.export.rows import CALL_COLUMNS, ITEM_COLUMNS, call_row, item_columns, item_row
from qa.pipeline.export.xlsx_rows import CellWriter, splice_rows

RED, GREEN, AMBER = "FFC7CE", "C6EFCE", "FFEB9C"  # Excel's own "bad", "good", "neutral" fills
HEADER = "D9E1F2"  # pale blue behind the frozen header row
DATE_FORMAT = "yyyy-mm-dd hh:mm"
SUMMARY_COLUMNS = (
    "agent",
    "name",
    "team",
    "calls",
    "final_calls",
    "provisional_left_out",  # scorecards not final yet, not in the mean and pass rate
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


def summary_row(row: GroupFigures, team: str, goal: float) -> list[Any]:
    """One agent's figures."""
    return [
        row.key,
        row.label,
        team,
        row.calls,
        row.final_calls,
        row.left_out,
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


def _header_cell(sheet: Any, name: str) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=name)
    cell.font = Font(bold=True)
    cell.fill = _fill(HEADER)
    return cell


def _sheet(book: Any, title: str, header: Sequence[str], rows: int) -> tuple[Any, int]:
    """A write-only sheet holding only its frozen, filterable header; returns it and its last row.

    The `rows` data rows are spliced in after openpyxl saves (export_xlsx_rows).
    """
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, name) for name in header])
    last = rows + 1
    sheet.auto_filter.ref = f"A1:{_column(len(header))}{max(last, 2)}"
    return sheet, last


def _date_style(sheet: Any) -> int:
    """The workbook's style index for dates, registered so openpyxl writes it to styles.xml."""
    from openpyxl.cell import WriteOnlyCell

    probe = WriteOnlyCell(sheet, value=datetime(2026, 1, 1))
    probe.number_format = DATE_FORMAT
    return int(probe.style_id)


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


def _letters(count: int) -> list[str]:
    return [_column(i) for i in range(1, count + 1)]


def write_xlsx(
    calls: Sequence[ScoredCall], path: Path, offer_goal: float, include_provisional: bool = False
) -> None:
    """Write the three sheets to `path`; the summary's means count final scorecards only,
    unless `include_provisional`."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    teams = {c.agent_id: c.team for c in calls}
    agents = by_agent(calls, include_provisional)
    summary = [summary_row(r, teams.get(r.key, ""), offer_goal) for r in agents]
    item_ids = item_columns(calls)
    call_header = [*CALL_COLUMNS, *item_ids]
    sheet, last = _sheet(book, "Summary", SUMMARY_COLUMNS, len(summary))
    _colour_below(sheet, last, SUMMARY_COLUMNS.index("offer_rate") + 1, offer_goal)
    cells = CellWriter(_date_style(sheet))
    rows = {"Summary": cells.rows(summary, _letters(len(SUMMARY_COLUMNS)))}
    sheet, last = _sheet(book, "Calls", call_header, len(calls))
    _colour_text(sheet, last, CALL_COLUMNS.index("result") + 1, {"pass": GREEN, "fail": RED})
    for offset in range(len(item_ids)):
        _colour_text(sheet, last, len(CALL_COLUMNS) + offset + 1, VERDICT_COLOURS)
    wide = (call_row(c, item_ids) for c in calls)
    rows["Calls"] = cells.rows(wide, _letters(len(call_header)))
    sheet, last = _sheet(book, "Items", ITEM_COLUMNS, sum(len(c.items) for c in calls))
    _colour_text(sheet, last, ITEM_COLUMNS.index("verdict") + 1, VERDICT_COLOURS)
    long = (item_row(c, i) for c in calls for i in c.items)
    rows["Items"] = cells.rows(long, _letters(len(ITEM_COLUMNS)))
    layout = io.BytesIO()
    book.save(layout)
    splice_rows(layout, path, rows)
