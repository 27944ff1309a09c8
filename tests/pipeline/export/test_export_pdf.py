"""The PDF a coach hands over: reviewed calls only (unless asked), nothing printed over
anything else, the change trail in people's words, and no near-empty summary page."""
# ruff: noqa: F811  (the `centre` fixture is imported, then named as a test argument)

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from qa.domain.scorecard import Verdict
from qa.storage.store import Store
from qa.storage.tables.tables import ItemResultRow
from tests.pipeline.export.test_export_data import Centre, centre  # noqa: F401

Box = tuple[float, float, float, float, str]  # left, bottom, right, top (points), text
FONT_STYLE = {"/Helvetica": "", "/Helvetica-Bold": "B", "/Helvetica-Oblique": "I"}
# Rubric labels run long in real centres; this one is wider than any column it is printed in.
LONG_LABEL = "Gives the recording disclosure word for word before any account details are discussed"


def _long_label(store: Store) -> None:
    with store.session() as session:
        for row in session.exec(select(ItemResultRow).where(ItemResultRow.item_id == "disclosure")):
            row.label = LONG_LABEL
            session.add(row)
        session.commit()


def _decide(store: Store, call_id: int, item_id: str, verdict: Verdict, who: str, why: str) -> None:
    card = store.reviewed_card(call_id)
    assert card is not None
    store.set_item_verdict(
        card.id, item_id, verdict, expected_version=card.version, actor=who, reason=why
    )


def _finalize(store: Store, call_id: int, who: str) -> None:
    card = store.reviewed_card(call_id)
    assert card is not None
    store.finalize_card(card.id, expected_version=card.version, actor=who)


@pytest.fixture
def reviewed(centre: Centre) -> Centre:
    """C-1 final (maria); C-4 and C-5 scored in part by lee, finalized by maria."""
    ids = centre.ids
    with centre.store() as store:
        _long_label(store)
        _decide(store, ids["C-4"], "suggested_offers", Verdict.PASS, "lee", "offered at 0:40")
        _decide(store, ids["C-5"], "greeting", Verdict.PASS, "lee", "")
        _decide(store, ids["C-5"], "closing", Verdict.PASS, "maria", "")  # already pass
        _finalize(store, ids["C-4"], "maria")
        _finalize(store, ids["C-5"], "maria")
    return centre


def _export(centre: Centre, tmp_path: Path, *flags: str) -> tuple[Path, str]:
    out = tmp_path / "coaching.pdf"
    ran = centre.qa("export", "--format", "pdf", "--out", str(out), *flags)
    assert ran.code == 0, ran.error or ran.out
    return out, ran.out


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def _boxes(path: Path) -> list[list[Box]]:
    """Every piece of text on each page with the box it takes (measured in its own font)."""
    from fpdf import FPDF
    from pypdf import PdfReader

    measure = FPDF(unit="pt")
    return [_page_boxes(page, measure) for page in PdfReader(path).pages]


def _page_boxes(page: Any, measure: Any) -> list[Box]:
    found: list[Box] = []

    def seen(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        name = font.get("/BaseFont", "/Helvetica") if font else "/Helvetica"
        measure.set_font("Helvetica", FONT_STYLE.get(name, ""), size)
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        width = measure.get_string_width(text.rstrip())
        found.append((x, y - 0.2 * size, x + width, y + 0.75 * size, text.strip()))

    page.extract_text(visitor_text=seen)
    return found


def _overlapping(boxes: list[Box]) -> list[tuple[str, str]]:
    slack = 0.5  # points: glyph boxes of neighbouring lines may touch
    clashes = []
    for n, (l1, b1, r1, t1, s1) in enumerate(boxes):
        for l2, b2, r2, t2, s2 in boxes[n + 1 :]:
            if l1 < r2 - slack and l2 < r1 - slack and b1 < t2 - slack and b2 < t1 - slack:
                clashes.append((s1, s2))
    return clashes


def test_unreviewed_calls_are_left_out_and_the_export_says_so(
    reviewed: Centre, tmp_path: Path
) -> None:
    path, said = _export(reviewed, tmp_path)
    text = "\n".join(_pages(path))
    assert all(f"Scorecard - call {ref}\n" in text for ref in ("C-1", "C-4", "C-5"))
    assert "call C-2" not in text and "call C-3" not in text
    assert "PENDING" not in text and "Provisional score" not in text
    assert "Exported 3 scorecards (all final)" in said
    assert "2 calls not reviewed yet left out" in said and "--include-provisional" in said


def test_unreviewed_calls_asked_for_are_marked_provisional(
    reviewed: Centre, tmp_path: Path
) -> None:
    path, said = _export(reviewed, tmp_path, "--include-provisional")
    page = next(p for p in _pages(path) if "Scorecard - call C-2" in p)
    assert "Provisional score" in page and "PROVISIONAL" in page and "Not reviewed yet" in page
    assert "Exported 5 scorecards" in said
    assert "Exported 5 scorecards (3 final, 2 provisional)" in said


@pytest.mark.parametrize("flags", [(), ("--include-provisional",)])
def test_no_text_is_printed_over_other_text(
    reviewed: Centre, tmp_path: Path, flags: tuple[str, ...]
) -> None:
    path, _ = _export(reviewed, tmp_path, *flags)
    for number, boxes in enumerate(_boxes(path), start=1):
        assert boxes, f"page {number} is empty"
        assert _overlapping(boxes) == [], f"page {number}"


def test_the_change_trail_has_only_real_changes_with_who_and_why(
    reviewed: Centre, tmp_path: Path
) -> None:
    path, _ = _export(reviewed, tmp_path)
    pages = _pages(path)
    c4 = next(p for p in pages if "Scorecard - call C-4" in p)
    assert "Changed from fail to pass by lee: offered at 0:40" in c4
    assert "Finalized by: maria; items also decided by lee" in c4
    c5 = next(p for p in pages if "Scorecard - call C-5" in p)
    assert "Decided pass by lee (automatic scoring was unsure)" in c5
    assert "pass to pass" not in c5 and "no reason given" not in "\n".join(pages)


def test_a_short_period_gets_a_table_not_a_near_empty_chart_page(
    reviewed: Centre, tmp_path: Path
) -> None:
    path, _ = _export(reviewed, tmp_path)
    pages = _pages(path)
    sarah = pages[0]
    assert "Agent summary - Sarah Kim" in sarah and "Score trend" not in sarah
    assert "Mean score per week" in sarah and "2026-W45" in sarah
    assert "Scorecard - call C-1" in sarah  # the first scorecard follows on the summary's page
    assert len(pages) <= 4  # two agents, three scorecards


def test_no_page_holds_only_the_tail_of_a_scorecard(reviewed: Centre, tmp_path: Path) -> None:
    """A scorecard continues the summary's page only when all of it fits there: however long
    its comments grow, no page starts with a scorecard's last lines (an "Agent response" alone)."""
    for count in range(1, 21):  # still one page on its own; longer cards may run on
        with reviewed.store() as store:
            store.add_comment(reviewed.ids["C-1"], "maria", f"Coaching note {count}.")
        path, _ = _export(reviewed, tmp_path)
        for number, page in enumerate(_pages(path), start=1):
            first = page.strip().splitlines()[0]
            assert first.startswith(("Agent summary", "Scorecard")), (count, number, first)
