"""PDF renderer (reportlab platypus): embedded CJK font, vector charts, repeating table headers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak

from ..conventions import language_tag, tone_colour
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
from ..theme import Theme, fill_running_text
from .pdf_cells import FigureRow, GridTable, TextFlow
from .pdf_charts import line_chart
from .pdf_text import (
    FontSet,
    font_set,
    missing_glyphs,
    register_fonts,
    theme_font_key,
)
from .pdf_writing import faster_writing
from .table_layout import estimated_widths

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

# Compressed streams stay binary: ASCII85 makes them 25% larger and costs time on every page.
rl_config.useA85 = 0

_PAGE_SIZES = {"A4": A4, "A3": A3, "letter": letter, "A4-landscape": landscape(A4),
               "A3-landscape": landscape(A3)}
_ALIGN_NAMES = {TA_LEFT: "left", TA_CENTER: "center", TA_RIGHT: "right"}


def preload(theme: Theme) -> None:
    """Reads the theme's fonts once, before workers are forked (metrics, and the font file
    whose glyphs subsetting reads: one copy shared by the workers, not one each)."""
    fonts = font_set(theme, "zh-Hans")
    for name in {fonts.regular, fonts.bold, fonts.title, fonts.heading1, fonts.heading2} - {None}:
        pdfmetrics.getFont(name).face.makeSubset([32, 0x4E00])
    if theme_font_key(theme) == "noto-sans-sc":
        register_fonts("noto-sans-sc")


def render(report: Report, theme: Theme, dest: Path) -> list[str]:
    """Writes `report` as a PDF at `dest`; returns warnings (e.g. characters the font lacks)."""
    fonts = font_set(theme, report.info.language, report.texts())
    warnings = [fonts.note] if fonts.note else []
    lacking = missing_glyphs(report.texts(), fonts.regular)
    if lacking:
        shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in lacking[:20])
        warnings.append(f"the PDF font has no glyph for {len(lacking)} character(s): "
                        f"{shown}; they print as empty boxes")
    _build(report, theme, fonts, str(dest))
    return warnings


def section_pages(report: Report, theme: Theme) -> list[int]:
    """The page on which each of `report`'s sections starts when laid out as a PDF with
    `theme` (the Word renderer writes these into its table of contents)."""
    import io

    pages: list[int] = []
    _build(report, theme, font_set(theme, report.info.language, report.texts()), io.BytesIO(),
           pages)
    return pages


def _build(report: Report, theme: Theme, fonts: FontSet, dest, pages: list[int] | None = None
           ) -> None:
    styles = _Styles(theme, report.info.language, fonts)
    page_size = _PAGE_SIZES.get(theme.pdf_page_size, A4)
    if (report.info.orientation == "landscape" and theme.orientation != "portrait"
            and page_size[0] < page_size[1]):
        page_size = landscape(page_size)
    margins = {k: v * mm for k, v in theme.pdf_margins_mm.items()}
    doc = _PlanDocTemplate(dest, report, theme, styles, page_size, margins)
    story = _story(report, styles, theme, doc)
    with faster_writing():
        doc.build(story, canvasmaker=_canvas_maker(report, theme, styles, pages))


class _Styles:
    """Paragraph styles derived from the theme; Chinese text wraps by character (CJK rules)."""

    def __init__(self, theme: Theme, language: str, fonts: FontSet):
        regular, bold = fonts.regular, fonts.bold
        size = theme.pdf_sizes
        wrap = "CJK" if language.startswith("zh") else None
        text = colors.HexColor("#" + theme.colour("text"))
        primary = colors.HexColor("#" + theme.colour("primary"))
        self.regular, self.bold = regular, bold
        grid = bool(theme.pdf_line_chars) and language.startswith("zh")
        base = ParagraphStyle("body", fontName=regular, fontSize=size["body"],
                              leading=theme.pdf_leading or size["body"] * 1.5, textColor=text,
                              wordWrap=wrap, spaceAfter=0 if grid else size["body"] * 0.4)
        self.body = base
        self.lead = base if grid else ParagraphStyle("lead", parent=base,
                                                     fontSize=size["body"] * 1.1,
                                                     leading=size["body"] * 1.75)
        self.note = ParagraphStyle("note", parent=base, fontSize=size["note"],
                                   leading=size["note"] * 1.5,
                                   textColor=colors.HexColor("#" + theme.colour("muted")))
        self.title = ParagraphStyle("title", parent=base, fontName=fonts.title or bold,
                                    fontSize=size["title"],
                                    leading=size["title"] * 1.35, textColor=primary,
                                    alignment=TA_CENTER, spaceAfter=size["title"] * 0.4)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=size["subtitle"],
                                       leading=size["subtitle"] * 1.4, alignment=TA_CENTER,
                                       textColor=primary, spaceAfter=size["subtitle"])
        self.cover_line = ParagraphStyle("cover_line", parent=base, alignment=TA_CENTER,
                                         fontSize=size["body"] * 1.1,
                                         leading=size["body"] * 1.8)
        self.marking = ParagraphStyle("marking", parent=base, fontName=bold,
                                      textColor=colors.HexColor("#" + theme.colour("accent")),
                                      fontSize=size["body"] * 1.2, alignment=TA_LEFT)
        self.h1 = ParagraphStyle("h1", parent=base, fontName=fonts.heading1 or bold,
                                 fontSize=size["heading1"],
                                 leading=base.leading if grid else size["heading1"] * 1.4,
                                 textColor=primary,
                                 spaceBefore=0 if grid else size["heading1"] * 0.6,
                                 spaceAfter=0 if grid else size["heading1"] * 0.4,
                                 keepWithNext=1)
        self.h2 = ParagraphStyle("h2", parent=self.h1, fontName=fonts.heading2 or bold,
                                 fontSize=size["heading2"],
                                 leading=base.leading if grid else size["heading2"] * 1.4)
        # Level 3: the body face in bold (仿宋 has no bold cut: drawn filled and stroked).
        self.h3 = ParagraphStyle("h3", parent=self.h2, fontName=regular if grid else bold,
                                 fontSize=size["body"])
        self.fake_bold_h3 = grid
        # A character grid (GB/T 9704: 28 characters a line): the spacing that makes a line of
        # `line_chars` full-width characters exactly fill the type area; justified text and a
        # two-character first-line indent.
        self.grid = grid
        self.char_space = 0.0
        self.first_indent = 0.0
        if grid:
            page = _PAGE_SIZES.get(theme.pdf_page_size, A4)
            margins = theme.pdf_margins_mm
            width = min(page) - (margins["left"] + margins["right"]) * mm
            self.char_space = width / theme.pdf_line_chars - size["body"]
            self.first_indent = 2 * (size["body"] + self.char_space)
        self.footer_size = size.get("footer", size["note"])
        self.cell = ParagraphStyle("cell", parent=base, fontSize=size["table"],
                                   leading=size["table"] * 1.4, spaceAfter=0)
        self.header_cell = ParagraphStyle("header_cell", parent=self.cell, fontName=bold,
                                          textColor=colors.HexColor("#" + theme.colour(
                                              "header_text")), alignment=TA_CENTER)
        self.figure_value = ParagraphStyle("figure_value", parent=base, fontName=bold,
                                           fontSize=size["title"], leading=size["title"] * 1.2,
                                           alignment=TA_CENTER, textColor=primary, spaceAfter=0)
        self.figure_label = ParagraphStyle("figure_label", parent=self.note, alignment=TA_CENTER,
                                           spaceAfter=0)



class _PlanDocTemplate(BaseDocTemplate):
    """One frame per page; section headings become PDF bookmarks (outline entries)."""

    def __init__(self, filename: str, report: Report, theme: Theme, styles: _Styles,
                 page_size, margins):
        info = report.info
        super().__init__(filename, pagesize=page_size, leftMargin=margins["left"],
                         rightMargin=margins["right"], topMargin=margins["top"],
                         bottomMargin=margins["bottom"], title=info.title, author=info.author,
                         subject=info.subject, keywords=info.keywords, creator="plan-briefing",
                         producer="plan-briefing (reportlab)", lang=_pdf_lang(info.language),
                         invariant=1, displayDocTitle=1)
        self.frame_width = page_size[0] - margins["left"] - margins["right"]
        self.frame_height = page_size[1] - margins["top"] - margins["bottom"]
        frame = Frame(margins["left"], margins["bottom"], self.frame_width,
                      page_size[1] - margins["top"] - margins["bottom"], id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate("page", [frame], pagesize=page_size)]
        # A portrait theme turns the page for tables too wide for it (GB/T 9704 tables):
        # the same type area on its side.
        self.turns_pages = (theme.orientation == "portrait" and page_size[0] < page_size[1])
        self.landscape_width = self.landscape_height = 0.0
        if self.turns_pages:
            turned = landscape(page_size)
            side = turned_margins(margins)
            self.landscape_width = turned[0] - side["left"] - side["right"]
            self.landscape_height = turned[1] - side["top"] - side["bottom"]
            templates.append(PageTemplate("landscape", [Frame(
                side["left"], side["bottom"], self.landscape_width, self.landscape_height,
                id="turned", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)],
                pagesize=turned))
        self.addPageTemplates(templates)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        level = getattr(flowable, "outline_level", None)
        if level is not None:
            self.canv.note_bookmark(flowable.getPlainText(), level)


def turned_margins(margins: dict[str, float]) -> dict[str, float]:
    """A portrait page's margins for the same type area on a landscape page."""
    return {"left": margins["top"], "right": margins["bottom"], "top": margins["left"],
            "bottom": margins["right"]}


def _pdf_lang(language: str) -> str:
    return language_tag(language)


def _canvas_maker(report: Report, theme: Theme, styles: _Styles, pages: list[int] | None = None):
    """A canvas that draws header and footer once the page count is known ("page x of y");
    `pages`, when given, receives the page each section starts on."""
    info = report.info
    created = info.created
    muted = colors.HexColor("#" + theme.colour("muted"))
    accent = colors.HexColor("#" + theme.colour("accent"))
    rule = colors.HexColor("#" + theme.colour("rule"))
    margins = {k: v * mm for k, v in theme.pdf_margins_mm.items()}

    class _NumberedCanvas(Canvas):
        layout_only = pages is not None
        """Set when only the pages sections start on are wanted: flowables skip drawing."""

        # Pages are kept until the end so that the footer can say how many there are; outline
        # entries are replayed with their page, since a bookmark refers to the page being drawn.
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = kwargs.get("initialFontName") or styles.regular
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._bookmarks: list[tuple[str, int]] = []
            self.setDateFormatter(_pdf_date(created))

        def note_bookmark(self, title: str, level: int) -> None:
            self._bookmarks.append((title, level))

        def mark_contents_page(self) -> None:
            self._contents_here = True

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._bookmarks = []
            self._contents_here = False
            self._startPage()

        def save(self):
            total = len(self._pages)
            # Every outline entry with its page, known now that the layout is done: the
            # table of contents page (reserved during layout) is drawn from these.
            entries = []
            for number, state in enumerate(self._pages, start=1):
                for title, level in state["_bookmarks"]:
                    entries.append((f"b{len(entries)}", title, level, number))
            if pages is not None:
                pages.extend(e[3] for e in entries if e[2] == 0)
                return  # only the layout was asked for: nothing is drawn or written
            count = 0
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                if state.get("_contents_here"):
                    self._draw_contents([e for e in entries if e[2] == 0])
                for title, level in state["_bookmarks"]:
                    key = entries[count][0]
                    count += 1
                    self.bookmarkPage(key)
                    self.addOutlineEntry(title, key, level=level, closed=False)
                super().showPage()
            super().save()

        def _draw_contents(self, entries) -> None:
            """Section titles with dotted leaders and page numbers, each a link; in as many
            columns as the page needs."""
            width, height = self._pagesize
            left, right = margins["left"], width - margins["right"]
            top = height - margins["top"] - 2 * styles.h1.leading
            bottom = margins["bottom"]
            size = styles.body.fontSize * 1.1
            step = size * 2.0
            per_column = max(1, int((top - bottom) // step))
            columns = max(1, -(-len(entries) // per_column))
            gap = 10 * mm
            column_width = (right - left - gap * (columns - 1)) / columns
            self.saveState()
            self.setFillColor(colors.HexColor("#" + theme.colour("primary")))
            self.setFont(styles.bold, styles.h1.fontSize)
            self.drawString(left, height - margins["top"] - styles.h1.fontSize,
                            report.contents.title if report.contents else "")
            self.setFillColor(styles.body.textColor)
            for index, (key, title, _, page) in enumerate(entries):
                column, row = divmod(index, per_column)
                x0 = left + column * (column_width + gap)
                x1 = x0 + column_width
                y = top - row * step
                number = str(page)
                room = column_width - stringWidth(number, styles.regular, size) - 8 * mm
                shown = title
                while shown and stringWidth(shown, styles.regular, size) > room:
                    shown = shown[:-2] + "…"
                self.setFont(styles.regular, size)
                self.drawString(x0, y, shown)
                self.drawRightString(x1, y, number)
                start = x0 + stringWidth(shown, styles.regular, size) + 2 * mm
                end = x1 - stringWidth(number, styles.regular, size) - 2 * mm
                self.setStrokeColor(rule)
                self.setDash(1, 2)
                if end > start:
                    self.line(start, y + 1, end, y + 1)
                self.setDash()
                self.linkRect("", key, (x0, y - 3, x1, y + size), relative=0, thickness=0)
            self.restoreState()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            page_margins = margins
            if theme.orientation == "portrait" and width > height:  # a turned page
                page_margins = turned_margins(margins)
            left, right = page_margins["left"], width - page_margins["right"]
            size = theme.pdf_sizes["note"]
            values = {"title": info.title, "organisation": info.author,
                      "meeting": info.meeting, "as_of": info.as_of_text,
                      "marking": info.marking or "", "page": str(number), "pages": str(total)}
            top = height - page_margins["top"] + 8 * mm
            self.saveState()
            if number == 1 and (theme.pdf_letterhead_text or theme.pdf_letterhead_logo):
                self._letterhead(left, right, top)
            elif theme.pdf_header == "":
                pass  # no running header (GB/T 9704)
            elif number > 1 or not report.cover.full_page:
                if info.marking:
                    self.setFont(styles.bold, size)
                    self.setFillColor(accent)
                    self.drawString(left, top, info.marking)
                self.setFont(styles.regular, size)
                self.setFillColor(muted)
                header = (fill_running_text(theme.pdf_header, values) if theme.pdf_header else
                          info.header.replace(info.marking or "\0", "", 1).strip())
                self.drawRightString(right, top, header)
                self.setStrokeColor(rule)
                self.setLineWidth(0.5)
                self.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
            footer = (fill_running_text(theme.pdf_footer, values) if theme.pdf_footer else
                      info.page_label.format(page=number, pages=total))
            if theme.pdf_footer_align == "outer":
                # GB/T 9704: 4号 numbers 7 mm under the type area, one character in from the
                # outer edge (odd pages right, even pages left), none on the cover.
                if number > 1 or not report.cover.full_page:
                    foot = styles.footer_size
                    self.setFont(styles.regular, foot)
                    self.setFillColor(styles.body.textColor)
                    y = page_margins["bottom"] - 7 * mm - foot * 0.8
                    if number % 2:
                        self.drawRightString(right - foot, y, footer)
                    else:
                        self.drawString(left + foot, y, footer)
            elif theme.pdf_footer != "":
                self.setFont(styles.regular, size)
                self.setFillColor(muted)
                self.drawCentredString(width / 2, page_margins["bottom"] - 10 * mm, footer)
            self.restoreState()

        def _letterhead(self, left: float, right: float, top: float) -> None:
            """The organisation's letterhead on the first page: logo, name, a red rule."""
            x = left
            if theme.pdf_letterhead_logo:
                logo_h = 12 * mm
                self.drawImage(str(theme.pdf_letterhead_logo), left, top - 4 * mm,
                               height=logo_h, width=logo_h * 3, preserveAspectRatio=True,
                               anchor="w", mask="auto")
                x = left + logo_h * 3 + 3 * mm
            if theme.pdf_letterhead_text:
                self.setFont(styles.bold, theme.pdf_sizes["subtitle"])
                self.setFillColor(accent)
                self.drawString(x, top, theme.pdf_letterhead_text)
            if info.marking:  # the marking stays on every page
                self.setFont(styles.bold, theme.pdf_sizes["note"])
                self.drawRightString(right, top, info.marking)
            self.setStrokeColor(accent)
            self.setLineWidth(1.2)
            self.line(left, top - 5 * mm, right, top - 5 * mm)

    return _NumberedCanvas


def _pdf_date(date: dt.date):
    stamp = f"D:{date.year:04d}{date.month:02d}{date.day:02d}000000+00'00'"
    return lambda *_parts: stamp


class _ContentsPage(Flowable):
    """Reserves the page it stands on for the table of contents, drawn when the document is
    saved and every section's page is known (no second layout pass)."""

    def wrap(self, avail_width, avail_height):  # noqa: ARG002 - reportlab's signature
        return 0, 0

    def draw(self):
        self.canv.mark_contents_page()


def _story(report: Report, styles: _Styles, theme: Theme, doc: _PlanDocTemplate
           ) -> list[Flowable]:
    story: list[Flowable] = _cover(report.cover, styles)
    if report.contents is not None:
        story += [_ContentsPage(), RLPageBreak()]
    turned = False
    continued = report.info.continued_label
    for section in report.sections:
        width, height = doc.frame_width, doc.frame_height
        if doc.turns_pages:
            wide = any(isinstance(b, Table) and b.rows and not _table_widths(
                b, styles, theme, width)[1] for b in section.blocks)
            if wide != turned:  # a section with a wide table on landscape pages, and back
                story += [NextPageTemplate("landscape" if wide else "page"), RLPageBreak()]
                turned = wide
            if turned:
                width, height = doc.landscape_width, doc.landscape_height
        heading = _heading(section.title, styles.h1, 0, styles)
        parts: list[list[Flowable]] = []
        for block in section.blocks:
            if isinstance(block, Chart) and block.title == section.title:
                block = replace(block, title="")  # the heading already says it
            parts.append(_block(block, styles, theme, width, height,
                                f"{block.caption or section.title}{continued}"
                                if isinstance(block, Table) else ""))
        flowables: list[Flowable] = []
        for block, part, after in zip(section.blocks, parts, [*section.blocks[1:], None],
                                      strict=True):
            if isinstance(block, Paragraph) and isinstance(after, Bullets) and part:
                # A line introducing a list stays with its first item. (Before a table the
                # section's page-break check does it: kept with a whole table, reportlab
                # would move the table to the next page whenever it could fit one.)
                part[-1].keepWithNext = 1
        for block, part, following in zip(section.blocks, parts, [*parts[1:], []],
                                          strict=True):
            if isinstance(block, Heading) and following and flowables:
                # A sub-heading is held with the start of what follows it.
                needed = _measure(part[0], width, height) + _measure(following[0], width,
                                                                     height)
                flowables.append(CondPageBreak(min(needed + 6 * mm, height * 0.8)))
            flowables.extend(part)
        # The heading never stands alone at the foot of a page: it needs room for itself and
        # the first block (or 40 mm of a long one, which may then continue overleaf).
        first = 0.0
        for flowable in flowables:  # lead-in paragraphs plus the start of the first table
            first += _measure(flowable, width, height)
            if isinstance(flowable, (GridTable, KeepTogether)):  # a chart is in a KeepTogether
                break
        story.append(CondPageBreak(min(max(first + 12 * mm, 40 * mm), height * 0.8)))
        story.append(heading)
        story.extend(flowables)
    return story


def _measure(flowable: Flowable, width: float, height: float) -> float:
    """The height a flowable will take (before layout; KeepTogether needs its content); for a
    table, its header and the rows that must stay together at its top (what must follow a
    heading)."""
    if isinstance(flowable, GridTable):
        prefix = flowable._prefix
        return flowable.header_height + prefix[min(flowable.keep_first, len(prefix) - 1)]
    if isinstance(flowable, KeepTogether):
        return sum(_measure(f, width, height) for f in flowable._content)
    if isinstance(flowable, CondPageBreak):
        return 0.0
    try:
        return flowable.wrap(width, height)[1]
    except AttributeError:  # needs a canvas: assume a modest block
        return 40 * mm


def _cover(cover: Cover, styles: _Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if cover.marking and cover.full_page:  # otherwise the running header shows it
        out.append(_text_flow(cover.marking, styles.marking))
    out.append(Spacer(1, 40 * mm if cover.full_page else 2 * mm))
    out.append(_text_flow(cover.title, styles.title))
    if cover.subtitle:
        out.append(_text_flow(cover.subtitle, styles.subtitle))
    if cover.full_page:
        out.append(Spacer(1, 25 * mm))
    out.extend(_text_flow(line, styles.cover_line) for line in cover.lines)
    out.append(RLPageBreak() if cover.full_page else Spacer(1, 4 * mm))
    return out


def _block(block, styles: _Styles, theme: Theme, width: float, height: float,
           continued: str = "") -> list[Flowable]:
    if isinstance(block, Heading):
        style = {1: styles.h1, 2: styles.h2}.get(block.level, styles.h3)
        return [_heading(block.text, style, block.level - 1, styles)]
    if isinstance(block, Paragraph):
        style = {"lead": styles.lead, "note": styles.note}.get(block.style, styles.body)
        if styles.grid and style is not styles.note:
            return [_grid_flow(block.text, style, styles)]
        return [_text_flow(block.text, style)]
    if isinstance(block, Bullets):
        if styles.grid:  # official text has no bullets: indented paragraphs on the grid
            return [_grid_flow(item, styles.body, styles) for item in block.items]
        return [_text_flow(item, styles.body, bullet="•", left_indent=12)
                for item in block.items]
    if isinstance(block, KeyFigures):
        return [_key_figures(block, styles, theme), Spacer(1, 4 * mm)]
    if isinstance(block, Chart):
        drawing = (line_chart(block, styles, theme, width) if block.kind == "line" else
                   _bar_chart(block, styles, theme, width, height))
        return [KeepTogether([drawing]), Spacer(1, 3 * mm)]
    if isinstance(block, Table):
        return _table(block, styles, theme, width, continued)
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"unknown block {type(block).__name__}")


def _text_flow(text: str, style: ParagraphStyle, **options) -> TextFlow:
    """Plain text laid out with our line breaking, in a paragraph style's font, spacing and
    alignment."""
    options.setdefault("align", _ALIGN_NAMES.get(style.alignment, "left"))
    return TextFlow(text, style.fontName, style.fontSize, style.leading, style.textColor,
                    space_before=style.spaceBefore, space_after=style.spaceAfter, **options)


def _grid_flow(text: str, style: ParagraphStyle, styles: _Styles, **options) -> TextFlow:
    """Body text on the character grid: justified, first line indented two characters."""
    return _text_flow(text, style, align="justify", char_space=styles.char_space,
                      first_indent=styles.first_indent, **options)


def _heading(text: str, style: ParagraphStyle, level: int, styles: _Styles | None = None
             ) -> TextFlow:
    """A heading: an outline entry (bookmark) at `level`, kept with what follows."""
    if styles is not None and styles.grid:
        heading = _text_flow(text, style, char_space=styles.char_space,
                             first_indent=styles.first_indent,
                             fake_bold=level >= 2 and styles.fake_bold_h3)
    else:
        heading = _text_flow(text, style)
    heading.outline_level = level
    heading.keepWithNext = 1
    return heading


def _tone_colour(theme: Theme, tone: str | None) -> str | None:
    return tone_colour(theme, tone)


def _key_figures(block: KeyFigures, styles: _Styles, theme: Theme) -> FigureRow:
    value, label = styles.figure_value, styles.figure_label
    items = []
    for item in block.items:
        tone = _tone_colour(theme, item.tone)
        items.append((item.value, item.label,
                      colors.HexColor("#" + tone) if tone else value.textColor))
    return FigureRow(items, value_font=value.fontName, value_size=value.fontSize,
                     value_leading=value.leading, label_font=label.fontName,
                     label_size=label.fontSize, label_leading=label.leading,
                     label_colour=label.textColor,
                     fill=colors.HexColor("#" + theme.colour("stripe")),
                     rule=colors.HexColor("#" + theme.colour("rule")))


def _bar_chart(block: Chart, styles: _Styles, theme: Theme, width: float,
               max_height: float) -> Drawing:
    # reportlab's chart widgets (≈ 10 ms to import) only when a report has a chart
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String

    n_cat = len(block.categories)
    n_series = len(block.series)
    bar_band = 8 + 7.5 * n_series
    # Many categories: thinner bars, so that the chart still fits on one page.
    plot_h = min(max(60, n_cat * bar_band), max_height - 60)
    label_w = min(width * 0.42, 62 * mm)
    # Bands below the plot for the axis labels and the legend, and above it for the title,
    # in proportion to the theme's type sizes (the official theme sets 16 pt body text).
    small, title_size = styles.note.fontSize, styles.body.fontSize
    legend_band = small * 1.5 if n_series > 1 else 0
    axis_band = small * 1.5 + 2
    top_band = title_size * 1.6 + 6 if block.title else 8
    height = plot_h + legend_band + axis_band + top_band
    drawing = Drawing(width, height)
    drawing.initialFontName = styles.regular  # else reportlab selects Helvetica, unembedded
    if block.title:
        drawing.add(String(0, height - title_size * 1.1, block.title, fontName=styles.bold,
                           fontSize=title_size,
                           fillColor=colors.HexColor("#" + theme.colour("primary"))))
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, legend_band + axis_band
    chart.width, chart.height = width - label_w - 12, plot_h
    # reportlab draws the first category at the bottom: reverse so the list reads top-down.
    chart.data = [tuple(reversed(s.values)) for s in block.series]
    chart.categoryAxis.categoryNames = list(reversed(block.categories))
    chart.categoryAxis.labels.fontName = styles.regular
    longest = max((stringWidth(c, styles.regular, 1) for c in block.categories), default=1)
    chart.categoryAxis.labels.fontSize = min(small, plot_h / n_cat * 0.8,
                                             (label_w - 14) / max(longest, 1))
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -6
    _percent_axis(chart.valueAxis, block, styles, theme)
    chart.barSpacing = 1
    chart.groupSpacing = 8
    palette = [theme.colour("secondary"), theme.colour("primary")][-n_series:]
    for i, colour in enumerate(palette):
        chart.bars[i].fillColor = colors.HexColor("#" + colour)
        chart.bars[i].strokeColor = None
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.fontName = styles.regular
    chart.barLabels.fontSize = min(small - 1, plot_h / n_cat / n_series * 0.8)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if n_series > 1:
        legend = Legend()
        legend.x, legend.y = label_w, legend_band - 2
        legend.fontName, legend.fontSize = styles.regular, small
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dxTextSpace = 4
        names = [s.name for s in block.series]
        legend.deltax = max(90, legend.dx + legend.dxTextSpace + small * 1.5
                            + max(stringWidth(n, styles.regular, small) for n in names))
        legend.colorNamePairs = [(colors.HexColor("#" + c), name)
                                 for c, name in zip(palette, names, strict=True)]
        drawing.add(legend)
    return drawing


def _percent_axis(axis, block: Chart, styles: _Styles, theme: Theme) -> None:
    """0 to max in five steps, light grid lines, labels as whole percentages."""
    axis.valueMin, axis.valueMax = 0, block.max_value
    axis.valueStep = block.max_value / 5
    axis.labels.fontName = styles.regular
    axis.labels.fontSize = styles.note.fontSize
    axis.labelTextFormat = "%d%%"
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#" + theme.colour("rule"))


def _table_widths(block: Table, styles: _Styles, theme: Theme, width: float
                  ) -> tuple[list[float], bool]:
    """Column widths measured from the cells' texts (see `table_layout`): with the estimate
    the Word renderer uses (an em a 汉字, a quarter em where 汉字 meet digits), so that a table
    gets the same columns, line breaks and page turns in the PDF and in the DOCX, and the
    Word contents page (numbered from this PDF's layout) stays right."""
    return estimated_widths(block, width, styles.cell.fontSize, 3.0)


def _table(block: Table, styles: _Styles, theme: Theme, width: float, continued: str = ""
           ) -> list[Flowable]:
    if not block.rows:
        return [_text_flow(block.empty_text, styles.note)] if block.empty_text else []
    widths, _ = _table_widths(block, styles, theme, width)
    rows = []
    for row in block.rows:
        cells = []
        for cell in row:
            tone = _tone_colour(theme, cell.tone)
            cells.append((cell.text, colors.HexColor("#" + tone) if tone else None, bool(tone)))
        rows.append(cells)
    out: list[Flowable] = []
    if block.caption:
        out.append(_text_flow(block.caption, styles.note))
    out.append(GridTable(
        [c.header for c in block.columns], rows, widths, [c.align for c in block.columns],
        font=styles.regular, bold_font=styles.bold, size=styles.cell.fontSize,
        leading=styles.cell.leading, text_colour=styles.cell.textColor,
        header_text=colors.HexColor("#" + theme.colour("header_text")),
        header_fill=colors.HexColor("#" + theme.colour("header_fill")),
        stripe=colors.HexColor("#" + theme.colour("stripe")),
        rule=colors.HexColor("#" + theme.colour("rule")),
        continued=continued, continued_font=styles.h1.fontName,
        continued_colour=styles.h1.textColor))
    out.append(Spacer(1, 3 * mm))
    return out
