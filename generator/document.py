"""A small, format-neutral document model: what a report says, not how a format draws it.

Every text here is plain text (never markup); renderers escape it for their format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union

Tone = Literal["neutral", "good", "done", "warn", "bad"]


@dataclass(frozen=True)
class DocumentInfo:
    """Document properties and running header/footer text."""

    title: str
    subject: str
    author: str
    language: str
    created: dt.date
    keywords: str = ""
    marking: str | None = None
    header: str = ""
    category: str = ""
    meeting: str = ""
    as_of_text: str = ""
    """The as-of date as the report writes it, with its label (e.g. 数据截至 2020年9月30日)."""
    page_label: str = "{page} / {pages}"
    """Footer text; `{page}` and `{pages}` are filled in by the renderer."""
    orientation: Literal["portrait", "landscape"] = "portrait"
    """Landscape suits wide task tables; renderers of paged formats turn the page."""
    continued_label: str = " (continued)"
    """Appended to a slide title when a table continues on another slide."""


@dataclass(frozen=True)
class Cover:
    """The title block: a full page in the status report, the top of page one in the briefing."""

    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    marking: str | None = None
    full_page: bool = True


@dataclass(frozen=True)
class Heading:
    """A section or sub-section heading; level 1 or 2."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; `style` is one of body, lead, note."""

    text: str
    style: Literal["body", "lead", "note"] = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class KeyFigure:
    """One headline number with its label."""

    label: str
    value: str
    tone: Tone = "neutral"


@dataclass(frozen=True)
class KeyFigures:
    """A row of headline numbers."""

    items: tuple[KeyFigure, ...]


@dataclass(frozen=True)
class Series:
    """One series of a chart: a name and one value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of percentages: horizontal bars by category (progress by area), or lines over
    time (progress across updates; categories are then the dates, in order)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    max_value: float = 100.0
    number_format: str = '0"%"'
    kind: Literal["bar", "line"] = "bar"
    dates: tuple[dt.date, ...] = ()
    """For a line chart over time: the date of each category, so that points are spaced by
    time (a date axis); the categories are then the dates as the report writes them."""
    date_format: str = "yyyy-mm-dd"
    """How Office writes the date axis labels (an Excel number format)."""
    reference: int | None = None
    """Index of the series that is a reference (time elapsed), drawn as a dashed line."""


@dataclass(frozen=True)
class Column:
    """A table column: header text, relative width, alignment."""

    header: str
    weight: float = 1.0
    align: Literal["left", "center", "right"] = "left"


@dataclass(frozen=True)
class Cell:
    """A table cell: plain text and an optional tone for status colouring."""

    text: str
    tone: Tone | None = None


@dataclass(frozen=True)
class Table:
    """A table whose header row repeats on every page or slide it spans."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    empty_text: str = ""

    def __post_init__(self) -> None:
        # Equal cells become one object. Units, dates, statuses and empty notes repeat down a
        # table and across a meeting's reports; shared, they are pickled once per report
        # (a meeting build sends its reports to the workers pickled): a 1,000-task meeting's
        # reports pickle ≈ 30% faster and unpickle ≈ 3× faster. Cells are immutable.
        shared = _SHARED_CELLS
        if len(shared) > 100_000:
            shared.clear()
        object.__setattr__(self, "rows", tuple(tuple(shared.setdefault((c.text, c.tone), c)
                                                     for c in row) for row in self.rows))


_SHARED_CELLS: dict[tuple[str, Tone | None], Cell] = {}


def cell(text: str, tone: Tone | None = None) -> Cell:
    """`Cell(text, tone)`, the shared one when an equal cell exists (no new object to make
    and drop: a 1,000-task meeting's tables hold ≈ 20,000 cells)."""
    found = _SHARED_CELLS.get((text, tone))
    return found if found is not None else Cell(text, tone)


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (DOCX/PDF) or slide (PPTX)."""


@dataclass(frozen=True)
class Contents:
    """A table of contents of the sections, on a page of its own (paged formats only)."""

    title: str


Block = Union[Cover, Heading, Paragraph, Bullets, KeyFigures, Chart, Table, PageBreak,  # noqa: UP007
              Contents]


@dataclass(frozen=True)
class Section:
    """A titled group of blocks; a PPTX renderer turns each into one or more slides."""

    title: str
    blocks: tuple[Block, ...]
    bookmark: str = ""


@dataclass(frozen=True)
class Report:
    """A whole report: properties, an optional cover and its sections."""

    kind: str
    info: DocumentInfo
    cover: Cover
    sections: tuple[Section, ...] = field(default_factory=tuple)
    contents: Contents | None = None
    """When set, paged formats put a table of contents after the cover."""

    def texts(self) -> list[str]:
        """Every piece of text in the report (for font-coverage checks and tests)."""
        out = [self.info.title, self.info.header, self.cover.title, self.cover.subtitle,
               *self.cover.lines, self.cover.marking or ""]
        for section in self.sections:
            out.append(section.title)
            for block in section.blocks:
                out.extend(_block_texts(block))
        return [t for t in out if t]


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, Bullets):
        return list(block.items)
    if isinstance(block, KeyFigures):
        return [t for f in block.items for t in (f.label, f.value)]
    if isinstance(block, Chart):
        return [block.title, *block.categories, *(s.name for s in block.series)]
    if isinstance(block, Table):
        return [block.caption, block.empty_text, *(c.header for c in block.columns),
                *(cell.text for row in block.rows for cell in row)]
    return []
