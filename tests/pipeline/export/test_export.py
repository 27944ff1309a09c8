"""`qa export` as a supervisor uses it: every format read back and checked against the database."""
# ruff: noqa: F811  (the `centre` fixture is imported, then named as a test argument)

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from qa.domain.scorecard import Verdict
from tests.pipeline.export.test_export_data import (
    COMMENT,
    DISPUTE,
    GREETING_QUOTE,
    OVERRIDE_REASON,
    Centre,
    centre,  # noqa: F401  (fixture)
)

ITEM_IDS = ["greeting", "disclosure", "suggested_offers", "closing"]


def export(centre: Centre, tmp_path: Path, fmt: str, *flags: str, login: str = "tester") -> Path:
    """Run `qa export` and return the file it wrote."""
    out = tmp_path / f"export.{fmt}"
    ran = centre.qa("export", "--format", fmt, "--out", str(out), *flags, login=login)
    assert ran.code == 0, ran.error or ran.out
    return out


def csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of an exported CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as found:
        return list(csv.DictReader(found))


class TestCsv:
    """A spreadsheet-ready table: one row per call, one column per item verdict."""

    def test_one_row_per_call_matches_the_database(self, centre: Centre, tmp_path: Path) -> None:
        rows = csv_rows(export(centre, tmp_path, "csv"))
        assert [r["call_ref"] for r in rows] == ["C-1", "C-2", "C-3", "C-4", "C-5"]
        with centre.store() as store:
            for row in rows:
                card = store.reviewed_card(int(row["call_id"]))
                assert card is not None
                assert float(row["score"]) == card.scorecard.score
                assert float(row["auto_score"]) == card.auto_score
                assert row["result"] == ("pass" if card.scorecard.passed else "fail")
                assert row["auto_fail"] == str(card.scorecard.auto_fail).lower()
                assert row["card_state"] == card.state.value
                assert [row[i] for i in ITEM_IDS] == [
                    card.item(i).result.verdict.value for i in ITEM_IDS
                ]
        first = rows[0]
        assert (first["agent"], first["agent_name"], first["team"]) == (
            "sarah.k",
            "Sarah Kim",
            "Sales",
        )
        assert (first["rubric"], first["rubric_version"]) == ("Acme inbound", "2026.1")
        assert (first["status"], first["reviewer"], first["closing"]) == ("final", "maria", "pass")
        assert first["date"] == "2026-11-02T09:14:00+00:00"
        assert rows[4]["greeting"] == "uncertain" and rows[4]["provisional"] == "true"

    def test_long_gives_one_row_per_item_with_evidence_and_times(
        self, centre: Centre, tmp_path: Path
    ) -> None:
        rows = csv_rows(export(centre, tmp_path, "csv", "--long"))
        assert len(rows) == 5 * 4
        greeting, _, _, closing = rows[:4]
        assert greeting["evidence"] == GREETING_QUOTE  # the stored (redacted) quote, as stored
        assert (greeting["evidence_start"], greeting["evidence_end"]) == ("1.5", "4.2")
        assert (closing["auto_verdict"], closing["verdict"]) == ("fail", "pass")
        assert (closing["override_by"], closing["override_reason"]) == ("maria", OVERRIDE_REASON)
        assert closing["earned"] == "15.0" and closing["reason"] == "not heard"


def test_json_holds_everything(centre: Centre, tmp_path: Path) -> None:
    document = json.loads(export(centre, tmp_path, "json").read_text(encoding="utf-8"))
    assert document["format"] == "qa-export/1"
    calls = {c["call"]["call_id"]: c for c in document["calls"]}
    with centre.store() as store:
        for ref, exported in calls.items():
            card = store.reviewed_card(exported["call"]["id"])
            assert card is not None
            assert exported["scorecard"]["score"] == card.scorecard.score
            wanted = card.scorecard.score_range
            assert exported["scorecard"]["score_range"] == (list(wanted) if wanted else None)
            assert [
                (i["id"], i["verdict"], i["auto_verdict"]) for i in exported["scorecard"]["items"]
            ] == [
                (i.result.item_id, i.result.verdict.value, i.auto_verdict.value) for i in card.items
            ], ref
    # C-5's greeting is uncertain: 100 over the decided items, 66.7-100 once it is decided
    assert calls["C-5"]["scorecard"]["score_range"] == [66.7, 100.0]
    assert calls["C-1"]["scorecard"]["score_range"] is None
    first = calls["C-1"]
    assert first["scorecard"]["items"][0]["evidence"][0]["text"] == GREETING_QUOTE
    assert first["overrides"][0] | {"at": None} == {
        "item_id": "closing",
        "reviewer": "maria",
        "before": "fail",
        "after": "pass",
        "reason": OVERRIDE_REASON,
        "at": None,
    }
    assert first["comments"][0]["text"] == COMMENT and first["comments"][0]["item_id"] == "greeting"
    assert first["metrics"]["talk_ratio"] == 0.6
    assert calls["C-3"]["disputes"][0]["reason"] == DISPUTE
    assert calls["C-3"]["disputes"][0]["status"] == "open"
    assert calls["C-2"]["disputes"][0]["status"] == "acknowledged"


def test_xlsx_has_summary_calls_and_items_sheets(centre: Centre, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(export(centre, tmp_path, "xlsx"))
    assert book.sheetnames == ["Summary", "Calls", "Items"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert len(sheet.conditional_formatting) > 0
    summary = [
        dict(zip(_header(book["Summary"]), r, strict=True))
        for r in book["Summary"].iter_rows(min_row=2, values_only=True)
    ]
    sarah, tom = summary
    assert (sarah["name"], sarah["calls"], sarah["auto_fails"]) == ("Sarah Kim", 3, 1)
    # means over final scorecards: Sarah's C-1 (100); Tom has none yet
    assert (sarah["final_calls"], sarah["provisional_left_out"]) == (1, 2)
    assert sarah["mean_score"] == 100.0 and sarah["pass_rate"] == 1.0
    assert (tom["final_calls"], tom["provisional_left_out"], tom["mean_score"]) == (0, 2, None)
    assert (sarah["offer_rate"], tom["offer_rate"], tom["offer_goal"]) == (1.0, 0.5, 0.8)
    assert tom["mean_longest_hold_s"] == 70
    calls = list(book["Calls"].iter_rows(min_row=2, values_only=True))
    header = _header(book["Calls"])
    with centre.store() as store:
        for row in calls:
            found = dict(zip(header, row, strict=True))
            assert found["score"] == store.call(found["call_id"]).score
    assert book["Items"].max_row == 1 + 5 * 4


def _header(sheet) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in next(sheet.iter_rows(max_row=1))]


def test_pdf_has_a_summary_per_agent_and_a_page_per_scorecard(
    centre: Centre, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    path = export(centre, tmp_path, "pdf", "--include-provisional")
    pages = [p.extract_text() for p in PdfReader(path).pages]
    assert len(pages) == 5  # each agent's first scorecard continues its summary page
    assert "Agent summary - Sarah Kim" in pages[0] and "Mean score per week" in pages[0]
    assert "Up-sell offer rate 100% (goal 80%) meets goal" in pages[0]
    first = pages[0]
    assert "Scorecard - call C-1" in first and "Score 100.0%" in first and "Excellent" in first
    assert GREETING_QUOTE in first and "0:01.5 agent" in first
    assert OVERRIDE_REASON in first and COMMENT in first
    text = "\n".join(pages)
    assert DISPUTE in text and "Acknowledged by sarah.k" in text
    assert "Auto-fail" in pages[2] and "Agent summary - Tom Brown" in pages[3]


class TestWho:
    """Filters narrow the export; an agent's login only ever exports that agent's calls."""

    @pytest.mark.parametrize(
        ("flags", "expected"),
        [
            (("--agent", "tom"), ["C-4", "C-5"]),  # a login finds the agent
            (("--team", "Sales"), ["C-1", "C-2", "C-3"]),
            (("--until", "2026-11-04"), ["C-1", "C-2"]),  # a bare date includes the whole day
            (("--since", "2026-11-10", "--until", "2026-11-30"), ["C-3", "C-4"]),
            (("--status", "final"), ["C-1"]),
            (("--sample", "1"), ["C-1", "C-4"]),
        ],
    )
    def test_filters(
        self, centre: Centre, tmp_path: Path, flags: tuple[str, ...], expected: list[str]
    ) -> None:
        rows = csv_rows(export(centre, tmp_path, "csv", *flags))
        assert [r["call_ref"] for r in rows] == expected

    def test_an_agent_exports_only_their_own_calls(self, centre: Centre, tmp_path: Path) -> None:
        own = csv_rows(export(centre, tmp_path, "csv", login="tom"))
        assert [r["agent"] for r in own] == ["tom.b", "tom.b"]
        other = csv_rows(export(centre, tmp_path, "csv", "--agent", "sarah.k", login="tom"))
        assert other == []

    def test_a_stranger_may_not_export(self, centre: Centre, tmp_path: Path) -> None:
        ran = centre.qa("export", "--out", str(tmp_path / "x.csv"), login="mallory")
        assert ran.code == 2 and "mallory" in ran.error
        assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--format", "doc"), "Unknown export format"),
        (("--format", "json", "--long"), "--long applies to CSV only"),
        (("--since", "last week"), "is not a date"),
        (("--status", "closed"), "Unknown status"),
        (("--sample", "99"), "No sample 99"),
    ],
)
def test_bad_usage_is_one_sentence_and_exit_2(
    centre: Centre, tmp_path: Path, flags: tuple[str, ...], message: str
) -> None:
    ran = centre.qa("export", "--out", str(tmp_path / "x.out"), *flags)
    assert ran.code == 2 and message in ran.error
    assert list(tmp_path.iterdir()) == [] or not (tmp_path / "x.out").exists()


def test_a_missing_folder_is_refused(centre: Centre, tmp_path: Path) -> None:
    ran = centre.qa("export", "--out", str(tmp_path / "nowhere" / "x.csv"))
    assert ran.code == 2 and "does not exist" in ran.error


def test_verdict_values_are_the_domain_ones(centre: Centre, tmp_path: Path) -> None:
    rows = csv_rows(export(centre, tmp_path, "csv", "--long"))
    assert {r["verdict"] for r in rows} <= {v.value for v in Verdict}
