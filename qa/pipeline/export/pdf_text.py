"""Text on a PDF page: Latin-1 safe wording, times, and fast full-width lines (fpdf2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

LINE = 5.0  # mm: height of a body text line
BASELINE = 0.72  # share of a line's height where the text baseline sits (as cell() centres it)

# The built-in PDF fonts hold Latin-1 only; these are the characters transcripts use beyond it.
PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def latin(text: str) -> str:
    """Text the built-in fonts can show: typographic marks made plain, anything else as '?'."""
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def clock(seconds: float | None) -> str:
    """Seconds as m:ss.s (a recording position)."""
    if seconds is None:
        return ""
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def when(moment: datetime | None) -> str:
    """A call time as a supervisor reads it (UTC)."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown"


def new_document() -> Any:
    """An A4 document with automatic page breaks and the built-in Helvetica font."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.set_title("callqa scorecards")
    return pdf


def text_line(pdf: Any, text: str, size: float = 10, style: str = "", height: float = LINE) -> None:
    """One paragraph at the full width, wrapped."""
    pdf.set_font("Helvetica", style, size)
    shown = latin(text)
    if pdf.get_string_width(shown) < pdf.epw - 2 * pdf.c_margin:
        plain_line(pdf, shown, height)
    else:
        pdf.multi_cell(0, height, shown, new_x="LMARGIN", new_y="NEXT")


def plain_line(pdf: Any, text: str, height: float) -> None:
    """One line that fits, drawn as bare text: 10,000 pages need it several times faster than
    fpdf2's cell() or multi_cell() layout (see bench/export.py)."""
    if pdf.will_page_break(height):
        pdf.add_page()
    y = pdf.get_y()
    pdf.text(pdf.l_margin + pdf.c_margin, y + height * BASELINE, text)
    pdf.set_xy(pdf.l_margin, y + height)
