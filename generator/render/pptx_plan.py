"""Slides decided as plain data: which blocks and table rows go on which slide, where and how tall.

The deck writer (`pptx.py`) only stamps this plan into python-pptx; everything here is computed
without opening a file: text heights from `pptx_layout`'s line wrapping, table rows per slide
from `split_rows`, continuation titles, the sub-heading a table takes along to a fresh slide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from pptx.util import Inches, Pt

from ..document import (
    Bullets,
    Chart,
    Cover,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Report,
    Table,
)
from ..textwidth import title_lines
from .cell_breaks import list_items, list_lines
from .pptx_layout import MIN_ROWS, fit_widths, line_factor, split_rows, wrapped_lines

BODY_PT = 16
COVER_TITLE_PT = 36
NOTE_PT = 14
TABLE_PT = 12
TABLE_HEADER_PT = 12
FOOTER_PT = 11
HEADING_PT = 18
SLIDE_TITLE_PT = 26
OPENING_PT = 16
OPENING_SEPARATOR = "  ·  "
OPENING_KINDS = frozenset({"briefing"})
"""Reports whose first slide opens with their first section (the key messages and the
decisions) under the meeting's title and date, instead of a title slide: the briefing."""
HEADING_H = Inches(0.5)
TITLE_TOP, TITLE_H = Inches(0.3), Inches(0.9)
FIGURES_H = Inches(1.3)
CELL_MARGIN_X = Inches(0.06)
CELL_MARGIN_Y = Inches(0.04)
_CELL_PADDING = 2 * CELL_MARGIN_Y + Pt(4)
"""A row's height less its lines: the cell margins above and below, and 4 pt."""
_BOX_INSETS, _BOX_PADDING = Inches(0.2), Inches(0.15)
"""A text box's left and right insets together; its height less its lines."""
EMPTY_CELL = "—"
"""What an empty table cell shows, so that a reader sees it was left empty on purpose."""


def text_lines(text: str, size_pt: float, width_emu: int) -> int:
    """How many lines `text` takes in a box `width_emu` wide (each `\\n` starts a new line)."""
    return wrapped_lines(text, size_pt, width_emu / 12700)


@lru_cache(maxsize=16384)
def _cell_items(text: str) -> tuple[str, ...]:
    """`list_items(text)`, kept: the same cell texts come back in every table and deck."""
    return tuple(list_items(text))


@dataclass(frozen=True)
class Frame:
    """The part of a content slide that blocks fill (EMU)."""

    left: int
    top: int
    width: int
    bottom: int


@dataclass(frozen=True)
class TableMetrics:
    """A table's column widths, header height and row heights (EMU)."""

    widths: list[int]
    header_h: int
    heights: list[int]
    texts: list[list[str]] = field(default_factory=list)
    """Each row's cell texts as written: an empty cell shows EMPTY_CELL, a list of names is
    broken between names (`cell_breaks.list_lines`), as the heights were measured."""


@dataclass
class Item:
    """One thing drawn on a slide. `kind` is "text" (a text box of `texts`, one paragraph
    each), "bullets", "figures", "chart", "table" (rows `rows` of `block`), "cover" (the
    title slide's title lines and lines in `texts`, `size` title lines) or "opening_title"
    (the slide title broken into `texts`, `height` tall)."""

    kind: str
    top: int
    height: int
    texts: tuple[str, ...] = ()
    left: int = 0
    width: int = 0
    size: float = 0
    bold: bool = False
    colour: str | None = None
    """A theme colour's name (primary, muted, accent), or None."""
    block: object = None
    rows: tuple[int, int] = (0, 0)
    metrics: TableMetrics | None = None
    keep: bool = False
    """After drawing this table chunk the slide, without rows, is the table's continuation
    slide that later ones copy."""


@dataclass
class SlidePlan:
    """One slide: its layout ("cover" or "content"), title, items and shown number."""

    layout: str
    title: str
    items: list[Item] = field(default_factory=list)
    number: int | None = None
    """The slide number its footer shows; None on the title slide (no footer)."""
    copies_continuation: bool = False
    """A copy of the table's continuation slide (title, caption, header) with its rows."""


class Planner:
    """Lays a Report out on slides: each section starts a slide and flows onto more as needed."""

    def __init__(self, report: Report, frame: Frame, line: float, cover_title_width_pt: float):
        self.report, self.frame, self.line = report, frame, line
        self.cover_title_width_pt = cover_title_width_pt
        self.slides: list[SlidePlan] = []
        self.y = 0
        self.subheading = self.section_title = ""
        self._following = None
        self._lead_in: list[Item] = []
        """Items of a heading just planned and the notes after it: what a table starting on
        the next slide takes along."""
        self._metrics: tuple | None = None

    @classmethod
    def for_slide(cls, report: Report, width: int, height: int, faces: tuple[str, ...],
                  cover_title_width_pt: float) -> Planner:
        margin = Inches(0.55)
        frame = Frame(margin, Inches(1.35), width - 2 * margin, height - Inches(0.6))
        return cls(report, frame, line_factor(*faces), cover_title_width_pt)

    def plan(self) -> list[SlidePlan]:
        sections = self.report.sections
        title_slide = not (self.report.kind in OPENING_KINDS and sections)
        if title_slide:
            self._cover(self.report.cover)
        for number, section in enumerate(sections):
            self.section_title, self.subheading = section.title, ""
            if number == 0 and not title_slide:
                self._opening(self.report.cover)
            else:
                self._new_slide(section.title)
            for block, following in zip(section.blocks, (*section.blocks[1:], None),
                                        strict=True):
                self._following = following
                self._block(block)
        for number, slide in enumerate(self.slides, start=1):
            if not (number == 1 and title_slide):
                slide.number = number
        return self.slides

    # -- slides ---------------------------------------------------------------------------

    def _new_slide(self, title: str, layout: str = "content") -> SlidePlan:
        self.slides.append(SlidePlan(layout, title))
        self.y = self.frame.top
        return self.slides[-1]

    def _add(self, item: Item) -> Item:
        self.slides[-1].items.append(item)
        return item

    def _text(self, top: int, height: int, texts: list[str], size: float, bold: bool = False,
              colour: str | None = None, left: int | None = None,
              width: int | None = None) -> Item:
        return self._add(Item("text", top, height, tuple(texts),
                              self.frame.left if left is None else left,
                              self.frame.width if width is None else width, size, bold, colour))

    def _cover(self, cover: Cover) -> None:
        lines = [cover.subtitle, *cover.lines] if cover.subtitle else list(cover.lines)
        title = title_lines(cover.title, COVER_TITLE_PT, self.cover_title_width_pt)
        self._new_slide(cover.title, "cover")
        self._add(Item("cover", 0, 0, (*title, *lines), size=len(title)))
        if cover.marking:
            self._text(Inches(0.3), Inches(0.5), [cover.marking], 16, bold=True,
                       colour="accent", width=Inches(4))

    def _opening(self, cover: Cover) -> None:
        """Slide one without a title slide: the meeting's title as the slide title (broken at
        a natural place when it needs two lines) and, on one muted line under it, the report's
        name and as many of the cover's lines (date and place, as-of date, organisation) as
        fit; the first section's blocks follow without its heading."""
        title = title_lines(cover.title, SLIDE_TITLE_PT, self.frame.width / 12700 - 14.4)
        self._new_slide(cover.title)
        title_h = TITLE_H
        if len(title) > 1:  # two lines: a taller title box, the lines as paragraphs
            title_h = int(Pt(SLIDE_TITLE_PT * self.line) * len(title) + Inches(0.2))
            self._add(Item("opening_title", TITLE_TOP, title_h, tuple(title)))
        parts = [t for t in (cover.subtitle, *cover.lines) if t]
        while len(parts) > 1 and text_lines(OPENING_SEPARATOR.join(parts), OPENING_PT,
                                            self.frame.width - Inches(0.2)) > 1:
            parts.pop()
        line = OPENING_SEPARATOR.join(parts)
        top = TITLE_TOP + title_h
        height = self._text_height([line], OPENING_PT, self.frame.width)
        self._text(top, height, [line], OPENING_PT, colour="muted")
        self.y = top + height + Inches(0.1)

    def _continue(self) -> SlidePlan:
        return self._new_slide(self.section_title + self.report.info.continued_label)

    @property
    def space(self) -> int:
        return self.frame.bottom - self.y

    def _ensure(self, height: int) -> None:
        """Starts a continuation slide unless `height` fits below what the slide holds."""
        if height > self.space and self.y > self.frame.top:
            self._continue()

    # -- blocks ---------------------------------------------------------------------------

    def _block(self, block) -> None:
        lead_in, self._lead_in = self._lead_in, []
        if isinstance(block, Heading):
            if block.level >= 2:
                self.subheading = block.text
            self._ensure(HEADING_H + self._room_under_heading())
            self._lead_in = [self._heading(block)]
        elif isinstance(block, Paragraph):
            size = {"note": NOTE_PT, "lead": BODY_PT + 2}.get(block.style, BODY_PT)
            colour = "muted" if block.style == "note" else None
            height = self._text_height([block.text], size, self.frame.width)
            self._ensure(height)
            item = self._text(self.y, height, [block.text], size, colour=colour)
            item.block = block
            if lead_in and block.style == "note":
                self._lead_in = [*lead_in, item]
            self.y += height + Inches(0.1)
        elif isinstance(block, Bullets):
            self._bullets(block)
        elif isinstance(block, KeyFigures):
            self._ensure(FIGURES_H)
            self._add(Item("figures", self.y, FIGURES_H, block=block))
            self.y += FIGURES_H + Inches(0.25)
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, Table):
            self._table(block, lead_in)
        elif isinstance(block, PageBreak):
            self._continue()
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    def _heading(self, block: Heading) -> Item:
        item = self._text(self.y, HEADING_H, [block.text], HEADING_PT, bold=True,
                          colour="primary")
        item.block = block
        self.y += HEADING_H
        return item

    def _room_under_heading(self) -> int:
        """What a heading keeps with it on its slide: the header and first rows of the table
        that follows it (all of a short one), at most 2.2 in."""
        table = self._following
        if not isinstance(table, Table) or not table.rows:
            return Inches(2.2)
        metrics = self.table_metrics(table)
        return min(Inches(2.2), metrics.header_h + sum(metrics.heights[:MIN_ROWS])
                   + Inches(0.15))

    def table_metrics(self, block: Table) -> TableMetrics:
        """The table's column widths, header height and row heights (kept for the table
        last asked for: a heading asks before its table is planned)."""
        if self._metrics is not None and self._metrics[0] is block:
            return self._metrics[1]
        total = sum(c.weight for c in block.columns)
        widths = [int(self.frame.width * c.weight / total) for c in block.columns]
        # each column's texts once (`fit_widths` asks only for their longest and widest)
        widths = fit_widths(widths, [[column.header] + [text for cell in dict.fromkeys(
                                         row[j].text for row in block.rows)
                                         for text in _cell_items(cell)]
                                     for j, column in enumerate(block.columns)],
                            TABLE_PT, 2 * CELL_MARGIN_X)
        rooms = [(w - 2 * CELL_MARGIN_X) / 12700 for w in widths]  # points
        header_h = self._row_height([c.header for c in block.columns], rooms, TABLE_HEADER_PT)
        texts = [[list_lines(c.text, room, TABLE_PT) if c.text else EMPTY_CELL
                  for c, room in zip(row, rooms, strict=True)] for row in block.rows]
        heights = [self._row_height(row, rooms, TABLE_PT) for row in texts]
        metrics = TableMetrics(widths, header_h, heights, texts)
        self._metrics = (block, metrics)
        return metrics

    def _row_height(self, texts: list[str], rooms: list[float], size: float) -> int:
        """The height of a row of `texts` in columns with `rooms` points for text."""
        lines = max(map(wrapped_lines, texts, repeat(size, len(rooms)), rooms))
        return int(Pt(size * self.line) * lines + _CELL_PADDING)

    def _text_height(self, paragraphs: list[str], size: float, width: int) -> int:
        room = (width - _BOX_INSETS) / 12700  # points
        lines = sum(wrapped_lines(p, size, room) for p in paragraphs)
        return int(Pt(size * self.line) * lines + _BOX_PADDING)

    def _bullets(self, block: Bullets) -> None:
        pending: list[str] = []
        height = Inches(0.1)
        for text in block.items:
            h = self._text_height([text], BODY_PT, self.frame.width - Inches(0.35)) \
                - Inches(0.1) + Pt(6)
            if pending and height + h > self.space:
                self._bullet_box(pending, height)
                self._continue()
                pending, height = [], Inches(0.1)
            elif not pending and h > self.space:
                self._continue()
            pending.append(text)
            height += h
        if pending:
            self._bullet_box(pending, height)

    def _bullet_box(self, texts: list[str], height: int) -> None:
        self._add(Item("bullets", self.y, height, tuple(texts), self.frame.left,
                       self.frame.width, BODY_PT))
        self.y += height + Inches(0.1)

    def _chart(self, block: Chart) -> None:
        wanted = (Inches(4.8) if block.kind == "line" else
                  Inches(0.9) + Inches(0.42) * len(block.categories) * len(block.series))
        wanted = min(wanted, self.frame.bottom - self.frame.top)
        if self.space < min(wanted, Inches(2.8)):
            self._continue()
        height = min(wanted, self.space)
        self._add(Item("chart", self.y, height, block=block))
        self.y += height + Inches(0.1)

    def _table(self, block: Table, lead_in: list[Item]) -> None:
        """The table in chunks of rows planned by `split_rows`. A table that starts on a
        fresh slide takes along the sub-heading (and notes) planned just before it
        (`lead_in`)."""
        if not block.rows:
            if block.empty_text:
                self._block(Paragraph(block.empty_text, "note"))
            return
        metrics = self.table_metrics(block)
        header_h, heights = metrics.header_h, metrics.heights
        # A continuation slide names what continues: the table's caption or the sub-heading
        # above it (a unit pack's area), with "（续）", under the section's continued title.
        label = block.caption or self.subheading
        caption = label + self.report.info.continued_label if label else ""
        caption_h = HEADING_H if caption else 0
        full = self.frame.bottom - self.frame.top - header_h - caption_h
        carried = sum(self._lead_in_height(i) for i in lead_in) if lead_in else caption_h
        fresh, chunks = split_rows(heights, self.space - header_h, full,
                                   fresh_space=full + caption_h - carried)
        moved = []  # the sub-heading and notes, when the table starts on the next slide
        if fresh and lead_in and self.y > self.frame.top:
            items = self.slides[-1].items
            for item in lead_in:
                items.remove(item)
                moved.append(item.block)
        kept = False  # a continuation slide of this table exists, to be copied
        for k, (start, end) in enumerate(chunks):
            new_slide = fresh or k > 0
            copy = new_slide and kept
            if new_slide:
                slide = self._continue()
                slide.copies_continuation = copy
                if copy:
                    self.y += caption_h
                elif k == 0 and moved:
                    for lead_block in moved:  # on a fresh slide: no further slide
                        self._block(lead_block)
                    self._lead_in = []
                elif caption:
                    self._text(self.y, HEADING_H, [caption], HEADING_PT, bold=True,
                               colour="primary")
                    self.y += HEADING_H
            keep = new_slide and not copy and not (k == 0 and moved)
            kept = kept or keep
            self._add(Item("table", self.y, header_h + sum(heights[start:end]), block=block,
                           rows=(start, end), metrics=metrics, keep=keep))
            self.y += header_h + sum(heights[start:end]) + Inches(0.15)

    def _lead_in_height(self, item: Item) -> int:
        """The height a heading or note takes above a table."""
        if isinstance(item.block, Heading):
            return HEADING_H
        return self._text_height([item.block.text], NOTE_PT, self.frame.width) + Inches(0.1)


__all__ = ["Frame", "Item", "Planner", "SlidePlan", "TableMetrics", "text_lines"]
