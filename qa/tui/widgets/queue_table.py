"""The queue's table of calls: one line per call, drawn from strips built once per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

PADDING = 1  # blank cells either side of a column, as in Textual's DataTable
HEADER = 1  # lines above the first row
NO_STYLE = Style()


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the key it sorts by, its heading, its width in cells, and its alignment."""

    key: str
    heading: str
    width: int
    right: bool = False  # numbers line up on the right


@dataclass(frozen=True, slots=True)
class Cell:
    """What one column of a row shows, and in which Rich style."""

    text: str
    style: str = ""


def fit(text: str, column: Column) -> str:
    """`text` padded or cut (with an ellipsis) to the column's width, with its padding."""
    width = column.width
    if cell_len(text) > width:  # a wide character may not fit the last cell: a blank takes it
        text = set_cell_size(text, width - 1).rstrip() + "…"
    if column.right:
        text = " " * (width - cell_len(text)) + text
    else:
        text = set_cell_size(text, width)
    return f"{' ' * PADDING}{text}{' ' * PADDING}"


class QueueTable(ScrollView, can_focus=True):
    """A table of one-line rows with a row cursor, drawn with Textual's Line API.

    Textual's DataTable renders each cell through Rich (Padding, Text, Console.render_lines);
    at ~200 cells a page that was most of a PageDown in the queue (docs/benchmarks.md, "Review
    UI"). Here a row's line (one segment per cell) is built when it is first drawn and cached
    until the rows, the theme, the focus or the width change; the cursor's row is the same
    cells with the cursor's colours laid over, so moving it redraws two lines.
    """

    DEFAULT_CSS = """
    QueueTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .queue-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .queue-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .queue-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .queue-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .queue-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .queue-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES = {"queue-table--header", "queue-table--even-row", "queue-table--cursor"}
    BINDINGS = [
        Binding("enter", "select", "Open", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "first", "First row", show=False),
        Binding("ctrl+end", "last", "Last row", show=False),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor was moved (by a key or a click) to this row, or pushed against an end."""

        row: int

    @dataclass
    class Selected(Message):
        """Enter (or a click on the cursor's row) chose this row."""

        row: int

    @dataclass
    class HeadingSelected(Message):
        """A column heading was clicked."""

        key: str

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.rows: tuple[tuple[Cell, ...], ...] = ()
        self._strips: dict[tuple[int, bool], Strip] = {}  # (row, under the cursor) → its line
        self._palette: dict[str, Style] = {}  # component class ("" for the table) → its style
        self._cursor = 0
        # the last column's right padding is only margin: it may fall off the screen's edge
        self._width = sum(c.width + 2 * PADDING for c in self.columns) - PADDING

    @property
    def cursor_row(self) -> int:
        """The row under the cursor (0 when the table is empty)."""
        return self._cursor

    @property
    def row_count(self) -> int:
        """How many rows the table holds."""
        return len(self.rows)

    @property
    def page_height(self) -> int:
        """How many rows the table shows at once."""
        return max(1, self.scrollable_content_region.height - HEADER)

    def show(self, rows: Sequence[Sequence[Cell]], cursor: int = 0) -> None:
        """Replace the rows; the cursor goes to `cursor` and keeps its line on the screen."""
        line = min(max(self._cursor - round(self.scroll_y), 0), self.page_height - 1)
        self.rows = tuple(tuple(row) for row in rows)
        self._strips.clear()
        self._cursor = min(max(cursor, 0), max(len(self.rows) - 1, 0))
        self.virtual_size = Size(self._width, len(self.rows) + HEADER)
        self.scroll_to(y=self._cursor - line, animate=False, force=True)
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row` (kept inside the table), scroll it into view, and tell."""
        old, self._cursor = self._cursor, min(max(row, 0), max(len(self.rows) - 1, 0))
        if old != self._cursor:
            self.refresh_line(old + HEADER)
            self.refresh_line(self._cursor + HEADER)
        self._scroll_to_cursor()
        if self.rows:
            self.post_message(self.Highlighted(self._cursor))

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True)
        elif self._cursor >= top + self.page_height:
            self.scroll_to(y=self._cursor - self.page_height + 1, animate=False, force=True)

    def action_cursor_up(self) -> None:
        """One row up."""
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """One row down."""
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        """One screen up."""
        self.scroll_to(y=self.scroll_y - self.page_height, animate=False, force=True)
        self.move_cursor(self._cursor - self.page_height)

    def action_page_down(self) -> None:
        """One screen down."""
        self.scroll_to(y=self.scroll_y + self.page_height, animate=False, force=True)
        self.move_cursor(self._cursor + self.page_height)

    def action_first(self) -> None:
        """The first row held."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """The last row held."""
        self.move_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        """Choose the cursor's row."""
        if self.rows:
            self.post_message(self.Selected(self._cursor))

    def on_click(self, event: events.Click) -> None:
        """A heading sorts by its column; a row takes the cursor, or is chosen if it had it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < HEADER:
            key = self._column_at(offset.x + round(self.scroll_x))
            if key is not None:
                self.post_message(self.HeadingSelected(key))
        elif (row := offset.y - HEADER + round(self.scroll_y)) < len(self.rows):
            if row == self._cursor:
                self.action_select()
            else:
                self.move_cursor(row)

    def _column_at(self, x: int) -> str | None:
        for column in self.columns:
            x -= column.width + 2 * PADDING
            if x < 0:
                return column.key
        return None

    def notify_style_update(self) -> None:
        """Theme or focus changed: the cached lines carry the old colours."""
        super().notify_style_update()
        self._strips.clear()
        self._palette.clear()

    def on_resize(self) -> None:
        """The lines fill the width of the table."""
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        """The headings on the first line, then the rows from the scroll position."""
        row = y - HEADER + round(self.scroll_y) if y >= HEADER else -1
        if row >= len(self.rows):
            return Strip.blank(self.size.width, self._style())
        key = (row, row == self._cursor)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._line(*key)
        return strip.crop(round(self.scroll_x))

    def _line(self, row: int, cursor: bool) -> Strip:
        if row < 0:
            return self._header_strip()
        return self._cursor_strip(row) if cursor else self._row_strip(row, self._row_style(row))

    def _row_style(self, row: int) -> Style:
        """Zebra stripes: every other row on a slightly different background."""
        return self._style("" if row % 2 else "queue-table--even-row")

    def _style(self, component: str = "") -> Style:
        """The table's style, or one of its component classes' (read once per theme and focus)."""
        style = self._palette.get(component)
        if style is None:
            found = self.get_component_rich_style(component) if component else self.rich_style
            style = self._palette[component] = found
        return style

    def _cursor_strip(self, row: int) -> Strip:
        """The row in the cursor's colours (its own styles keep their weight, not their colours)."""
        cursor = self._style("queue-table--cursor")
        colours = Style.from_color(cursor.color, cursor.bgcolor)
        return self._row_strip(row, self._row_style(row) + cursor, colours)

    def _row_strip(self, row: int, style: Style, over: Style = NO_STYLE) -> Strip:
        cells = zip(self.rows[row], self.columns, strict=True)
        segments = [Segment(fit(c.text, k), style + Style.parse(c.style) + over) for c, k in cells]
        return self._filled(segments, style + over)

    def _header_strip(self) -> Strip:
        style = self._style("queue-table--header")
        texts = (fit(c.heading, c) for c in self.columns)
        return self._filled([Segment(text, style) for text in texts], style)

    def _filled(self, segments: list[Segment], style: Style) -> Strip:
        """The line, with `style` carried on to the right edge of the table."""
        width, drawn = max(self.size.width, self._width), self._width + PADDING
        segments.append(Segment(" " * max(width - drawn, 0), style))
        return Strip(segments, max(width, drawn)).crop(0, width).simplify()
