"""The XLSX export read back with openpyxl: layout a supervisor relies on, and awkward values."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from qa.domain.export.records import ItemRecord, ScoredCall
from qa.domain.scorecard import Evidence, Verdict
from qa.pipeline.export.to_xlsx import write_xlsx

AWKWARD = '  tom & jerry <said> \x07 "hi"  '  # XML specials, a control character, spaces kept
STARTED = datetime(2026, 11, 2, 9, 14, tzinfo=UTC)


def _item(item_id: str, verdict: Verdict, quote: str = "") -> ItemRecord:
    evidence = (Evidence("p", quote, "agent", 1.5, 4.2, 93.0),) if quote else ()
    return ItemRecord(item_id, item_id.title(), "Opening", 10, False, verdict, verdict, "", "",
                      evidence)  # fmt: skip


def _call(number: int, agent: str, verdicts: tuple[Verdict, Verdict]) -> ScoredCall:
    items = (_item("greeting", verdicts[0], AWKWARD), _item("closing", verdicts[1]))
    passed = verdicts == (Verdict.PASS, Verdict.PASS)
    return ScoredCall(number, f"C-{number}", agent, agent.title(), "Sales", STARTED, "sales", 60.0,
                      "new", "Acme inbound", "2026.1", 80.0, 100.0 if passed else 50.0, 50.0,
                      passed, False, False, "automatic", "", items)  # fmt: skip


@pytest.fixture
def book(tmp_path: Path) -> Any:
    from openpyxl import load_workbook

    calls = [
        _call(1, "sarah.k", (Verdict.PASS, Verdict.PASS)),
        _call(2, "sarah.k", (Verdict.FAIL, Verdict.UNCERTAIN)),
        _call(3, "tom.b", (Verdict.PASS, Verdict.NA)),
    ]
    out = tmp_path / "export.xlsx"
    write_xlsx(calls, out, 0.8)
    return load_workbook(out)


def _rules(sheet: Any) -> dict[str, list[tuple[str, list[str], str]]]:
    """Conditional formats by range: (operator, formula, fill colour) of each rule."""
    return {
        str(found.sqref): [
            (r.operator, list(r.formula), r.dxf.fill.fgColor.rgb[-6:]) for r in found.rules
        ]
        for found in sheet.conditional_formatting
    }


def _first_row(sheet: Any) -> dict[str, Any]:
    """The first data row by column name."""
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    values = next(sheet.iter_rows(min_row=2, values_only=True))
    return dict(zip(header, values, strict=True))


class TestLayout:
    """What a supervisor sees on opening the file: frozen bold headers, filters, colours."""

    def test_every_sheet_has_a_frozen_bold_header_and_a_filter_over_all_rows(
        self, book: Any
    ) -> None:
        rows = {"Summary": 2, "Calls": 3, "Items": 6}
        assert book.sheetnames == list(rows)
        for title, count in rows.items():
            sheet = book[title]
            header = next(sheet.iter_rows(max_row=1))
            assert sheet.freeze_panes == "A2"
            assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{count + 1}"
            assert sheet.max_row == count + 1
            assert all(c.font.b for c in header)

    def test_verdicts_and_results_are_coloured_over_every_row(self, book: Any) -> None:
        calls = _rules(book["Calls"])
        assert calls["L2:L4"] == [
            ("equal", ['"pass"'], "C6EFCE"),
            ("equal", ['"fail"'], "FFC7CE"),
        ]
        assert ("equal", ['"uncertain"'], "FFEB9C") in calls["S2:S4"]  # the closing column
        assert ("equal", ['"fail"'], "FFC7CE") in _rules(book["Items"])["J2:J7"]
        assert _rules(book["Summary"])["K2:K3"] == [("lessThan", ["0.8"], "FFC7CE")]


class TestValues:
    """Cells hold typed values: numbers, booleans, dates, and text exactly as stored."""

    def test_calls_row_is_typed(self, book: Any) -> None:
        first = _first_row(book["Calls"])
        assert first["call_id"] == 1 and first["score"] == 100.0
        assert first["auto_fail"] is False and first["result"] == "pass"
        assert first["date"] == STARTED.replace(tzinfo=None)  # Excel keeps no time zone: UTC
        assert first["reviewer"] is None  # empty text is an empty cell

    def test_evidence_text_survives_xml_specials_and_loses_only_control_characters(
        self, book: Any
    ) -> None:
        first = _first_row(book["Items"])
        assert first["evidence"] == AWKWARD.replace("\x07", "")
        assert (first["evidence_start"], first["evidence_end"]) == (1.5, 4.2)
        assert first["critical"] is False and first["points"] == 10

    def test_summary_figures(self, book: Any) -> None:
        rows = list(book["Summary"].iter_rows(min_row=2, values_only=True))
        assert [(r[0], r[3]) for r in rows] == [("sarah.k", 2), ("tom.b", 1)]


def test_no_calls_still_gives_three_sheets_with_headers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_xlsx([], tmp_path / "empty.xlsx", 0.8)
    book = load_workbook(tmp_path / "empty.xlsx")
    assert book.sheetnames == ["Summary", "Calls", "Items"]
    assert [s.max_row for s in book.worksheets] == [1, 1, 1]
