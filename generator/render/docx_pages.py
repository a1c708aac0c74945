"""Where a Word report's pages break, decided before writing: contents pages, table chunks.

Word documents carry no page layout: the reader's suite lays them out with its own fonts.
This module estimates that layout from the template's paragraph styles (sizes, spacing, exact
line heights), the page set-up and the table column widths (`table_layout`), erring on the
tall side for tables (exact line heights, a safety margin). The writer splits each
long table where a page is predicted to end, less a safety margin, and starts its continuation
on a new page under a caption "<area name>（续）" with the header row again; so the estimate
only has to hold within a page, and the contents page numbers follow from the same plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn

from ..document import Bullets, Chart, Heading, KeyFigures, PageBreak, Paragraph, Report, Table
from .cell_breaks import list_lines
from .docx_tables import cell_text_width, continued_caption
from .table_layout import em_measure

FONT_LINE_EM = 1.45
"""A single line's height in ems for a style without an exact line height (Microsoft YaHei's
1.32; Noto Sans CJK's 1.45, LibreOffice's stand-in on Linux: the taller)."""
SAFETY = 0.12
"""The share of a page a table chunk leaves free below its predicted end (other fonts, other
line breaks); a near-full page in one suite must not overflow in another."""
MIN_ROWS_HERE = 3
"""A table starts on the page it reaches when its header and this many rows fit there; the
rest continues on the next page under "（续）" (never a page left half empty for a table)."""
SMALL_TABLE_ROWS = 5
"""A table of at most this many rows that fits on a fresh page moves there whole instead."""
ROW_PADDING_PT = 6.5
"""A task-table row's height besides its lines: cell margins above and below and a border."""


@dataclass(frozen=True)
class StyleMetrics:
    """What a paragraph style gives a line and the space around it (points)."""

    size: float
    before: float
    after: float
    line: float  # one line's height
    contextual: bool = False  # no space between paragraphs of this style (list items)

    def height(self, lines: int) -> float:
        return self.before + self.after + lines * self.line


def style_metrics(document, name: str, default_size: float = 10.5) -> StyleMetrics:
    """A paragraph style's metrics, each value taken from the nearest style that sets it."""
    style = document.styles[name]
    size = before = after = spacing = rule = None
    while style is not None:
        fmt = style.paragraph_format
        size = size if size is not None else (style.font.size.pt if style.font.size else None)
        before = before if before is not None else (
            fmt.space_before.pt if fmt.space_before is not None else None)
        after = after if after is not None else (
            fmt.space_after.pt if fmt.space_after is not None else None)
        if spacing is None and fmt.line_spacing is not None:
            spacing, rule = fmt.line_spacing, fmt.line_spacing_rule
        style = style.base_style
    size = size or default_size
    ppr = document.styles[name].element.pPr
    contextual = ppr is not None and ppr.find(qn("w:contextualSpacing")) is not None
    if rule in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST):
        line = spacing.pt
    else:
        line = size * FONT_LINE_EM * (spacing if isinstance(spacing, float) else 1.0)
    return StyleMetrics(size, before or 0.0, after or 0.0, line, contextual)


@dataclass
class PagePlan:
    """The decided layout: the page each section starts on, and per table (by position in
    its section) the row ranges of its chunks, each chunk after the first on a new page."""

    section_pages: list[int] = field(default_factory=list)
    chunks: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)
    breaks: set[tuple[int, int]] = field(default_factory=set)
    """(section, block position; -1: the section heading) that start a new page."""


class Paginator:
    """Follows the writer's blocks down the pages; the writer calls it as it decides."""

    def __init__(self, metrics, frame: tuple[float, float]):
        self.metrics = metrics  # style name → StyleMetrics
        self.width, self.height = frame
        self.page, self.y = 1, 0.0
        self._measures: dict[float, Callable[[str], float]] = {}
        self._cells: dict[tuple[float, float], dict[str, int]] = {}

    def new_page(self, frame: tuple[float, float] | None = None) -> None:
        self.page, self.y = self.page + 1, 0.0
        if frame is not None:
            self.width, self.height = frame

    def lines(self, text: str, size: float, width: float, slack: float = 0.97) -> int:
        """Lines of `text` at `size` in `width` points (a paragraph keeps 3% for other line
        breaks; a table cell's column was sized by the same estimate: slack 1)."""
        room = max(width * slack, size)
        # Surely one line each, without measuring: `em_measure(1, auto_space=True)` gives a
        # line of n characters at most 1.08 n ems (wide characters 1, others 0.56, a gap of
        # 0.3 at each switch between them: at most twice the rarer kind) and 0.4 more per %.
        if (1.1 * len(text) + 0.31 + 0.4 * text.count("%")) * size <= room:
            return text.count("\n") + 1
        measure = self._measures.get(size)
        if measure is None:
            measure = self._measures[size] = em_measure(size, auto_space=True)
        count = 0
        for line in text.split("\n"):
            count += max(1, math.ceil(measure(line) / room))
        return count

    def cell_lines(self, size: float, room: float) -> dict[str, int]:
        """A memo of table cells' line counts at `size` in a column whose text is `room`
        points wide (list cells broken between names): tables repeat units, dates, statuses."""
        known = self._cells.get((size, room))
        if known is None:
            known = self._cells[size, room] = {}
        return known

    def paragraph_height(self, text: str, style: str, indent_em: float = 0.0) -> float:
        m = self.metrics[style]
        return m.height(self.lines(text, m.size, self.width - indent_em * m.size))

    def room(self) -> float:
        """How far down a page a table chunk may reach."""
        return self.height * (1 - SAFETY)

    def add(self, height: float) -> None:
        """A block that moves to the next page whole when it does not fit."""
        if self.y > 0 and self.y + height > self.height:
            self.new_page()
        self.y += height

    def page_break(self) -> None:
        """A paragraph holding a page break: what follows starts a page below an empty line."""
        self.new_page()
        self.y = self.metrics["Normal"].height(1)


def table_rows(pager: Paginator, block: Table, widths_pt: list[float]) -> tuple[float, list[float]]:
    """(header row height, each row's height) in points for a task table."""
    text, head = pager.metrics["Table Text"], pager.metrics["Table Header"]
    rooms = [cell_text_width(w) for w in widths_pt]
    tallest = max((pager.lines(c.header, head.size, room + 1e-6, 1.0)
                   for c, room in zip(block.columns, rooms, strict=False)), default=1)
    header = head.height(tallest) + ROW_PADDING_PT
    size, lines = text.size, pager.lines
    columns = [(room, room + 1e-6, pager.cell_lines(size, room)) for room in rooms]
    heights: dict[int, float] = {}  # a row's height by its line count
    rows = []
    for cells in block.rows:  # one pass per row, each distinct cell text measured once
        tallest = 1
        for cell, (room, box, known) in zip(cells, columns, strict=False):
            count = known.get(cell.text)
            if count is None:
                count = known[cell.text] = lines(list_lines(cell.text, room, size), size, box,
                                                 1.0)
            if count > tallest:
                tallest = count
        height = heights.get(tallest)
        if height is None:
            height = heights[tallest] = text.height(tallest) + ROW_PADDING_PT
        rows.append(height)
    return header, rows


def chunk_rows(pager: Paginator, header: float, rows: list[float], continued: float
               ) -> list[tuple[int, int]]:
    """Row ranges of a table's chunks from where the page is now, each later one on a new
    page below its caption (`continued`) and header; every chunk leaves SAFETY of the page
    free and holds at least two rows (or all when fewer)."""
    chunks: list[tuple[int, int]] = []
    start = 0
    room = pager.room()
    pager.y += header
    while start < len(rows):
        end = start
        while end < len(rows) and (end - start < 2 or pager.y + rows[end] <= room):
            pager.y += rows[end]
            end += 1
        if end == len(rows) - 1 and end - start > 2:
            pager.y -= rows[end - 1]  # never a last row alone: one more moves with it
            end -= 1
        chunks.append((start, end))
        start = end
        if start < len(rows):
            pager.new_page()
            pager.y = continued + header
    return chunks


def plan_pages(report: Report, frames, metrics, widths, turns: bool) -> PagePlan:
    """The page plan of `report` as the Word writer writes it. `frames(landscape)` gives the
    text frame (width, height in points) of a page; `widths(table, width_pt)` a table's column
    widths in points and whether it fits; `turns`: sections with too-wide tables go on
    landscape pages (a portrait theme).

    A heading and the paragraphs that lead into a table, chart, figures or list move with
    it to a new page when they and what they introduce do not fit, through a page break the
    writer puts in, so that every suite follows the plan (the estimate errs on the tall side:
    a suite that would have fitted them leaves the rest of the page blank instead of moving
    every later page number). A table starts where it is when its header and first
    `MIN_ROWS_HERE` rows fit, continuing on the next page; a small table that fits on a fresh
    page moves there whole."""
    pager = Paginator(metrics, frames(False))
    plan = PagePlan()
    _cover(pager, report)
    if report.contents is not None:
        pager.add(pager.paragraph_height(report.contents.title, "Heading 1"))
        for _ in report.sections or [None]:
            pager.add(pager.metrics["Normal"].height(1))
        pager.page_break()
    upright = frames(False)[0]
    turned = False
    for index, section in enumerate(report.sections):
        if turns:
            wide = any(isinstance(b, Table) and b.rows and not widths(b, upright)[1]
                       for b in section.blocks)
            if wide != turned:
                pager.add(metrics["Note"].height(1))
                pager.new_page(frames(wide))
                turned = wide
        chain = [(-1, pager.paragraph_height(section.title, "Heading 1"))]
        for position, block in enumerate(section.blocks):
            if isinstance(block, (Heading, Paragraph)):
                chain.append((position, _block_height(pager, block)))
                continue
            if isinstance(block, Table) and block.rows:
                caption = (pager.paragraph_height(block.caption, "Note")
                           if block.caption else 0.0)
                header, rows = table_rows(pager, block, widths(block, pager.width)[0])
                whole = caption + header + sum(rows)
                lead = _chain_height(chain) + whole
                must = _chain_height(chain) + caption + header + sum(rows[:MIN_ROWS_HERE])
                fresh = pager.height * (1 - SAFETY)
                small = len(rows) <= SMALL_TABLE_ROWS and lead <= fresh
                if pager.y > 0 and (pager.y + must > pager.room()
                                    or (pager.y + lead > pager.room() and small)):
                    plan.breaks.add((index, (chain or [(position, 0.0)])[0][0]))
                    pager.new_page()
                _place_chain(pager, plan, chain)
                pager.y += caption
                again = pager.paragraph_height(continued_caption(report, section, block),
                                               "Note")
                plan.chunks[index, position] = chunk_rows(pager, header, rows, again)
                pager.add(metrics["Note"].height(1))
                chain = []
                continue
            height = _block_height(pager, block)
            if chart_heading(block, section.title):
                height += pager.paragraph_height(block.title, "Heading 2")
            first = (pager.paragraph_height(block.items[0], "List Bullet", 2.0)
                     if isinstance(block, Bullets) and len(block.items) > 8 else height)
            if pager.y > 0 and pager.y + _chain_height(chain) + first > pager.height:
                plan.breaks.add((index, (chain or [(position, 0.0)])[0][0]))
                pager.new_page()
            _place_chain(pager, plan, chain)
            chain = []
            pager.add(height)
        if chain:
            if pager.y > 0 and pager.y + chain[0][1] > pager.height:
                pager.new_page()
            _place_chain(pager, plan, chain)
    return plan


def chart_heading(block, section_title: str) -> bool:
    """Whether a chart gets its title as a heading over it in Word (the PDF draws it in the
    chart): when it has one that is not its section's own title."""
    return isinstance(block, Chart) and bool(block.title) and block.title != section_title


def _chain_height(chain: list[tuple[int, float]]) -> float:
    return sum(height for _, height in chain)


def _place_chain(pager: Paginator, plan: PagePlan, chain: list[tuple[int, float]]) -> None:
    """The kept paragraphs on the page as it is now (the section heading among them)."""
    for position, height in chain:
        if position == -1:
            plan.section_pages.append(pager.page)
        pager.y += height


def _cover(pager: Paginator, report: Report) -> None:
    cover = report.cover
    if cover.full_page:
        pager.page_break()
        return
    pager.add(pager.paragraph_height(cover.title, "Title"))
    if cover.subtitle:
        pager.add(pager.paragraph_height(cover.subtitle, "Subtitle"))
    for line in cover.lines:
        pager.add(pager.paragraph_height(line, "Cover Line"))


def _block_height(pager: Paginator, block) -> float:
    m = pager.metrics
    if isinstance(block, Heading):
        return pager.paragraph_height(block.text, "Heading 2" if block.level > 1 else "Heading 1")
    if isinstance(block, Paragraph):
        return pager.paragraph_height(block.text, {"lead": "Lead", "note": "Note"}.get(
            block.style, "Normal"))
    if isinstance(block, Bullets):
        heights = sum(pager.paragraph_height(item, "List Bullet", 2.0) for item in block.items)
        item = m["List Bullet"]
        if item.contextual:  # the space around the list only
            heights -= (item.before + item.after) * (len(block.items) - 1)
        return heights
    if isinstance(block, KeyFigures):
        return m["Figure Value"].height(1) + m["Figure Label"].height(1) + m["Note"].height(1)
    if isinstance(block, Chart):
        mm = 72 / 25.4
        plot = (44 * mm + 4 * mm * len(block.series) if block.kind == "line" else
                18 * mm + 4.0 * mm * len(block.categories) * max(1, len(block.series)))
        return plot + m["Normal"].before + m["Normal"].after + 4.0
    if isinstance(block, PageBreak):
        pager.page_break()
        return 0.0
    if isinstance(block, Table):  # an empty table: its note
        return pager.paragraph_height(block.empty_text, "Note") if block.empty_text else 0.0
    return 0.0


__all__ = ["PagePlan", "Paginator", "StyleMetrics", "chart_heading", "plan_pages",
           "style_metrics"]
