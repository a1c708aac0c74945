"""PDF renderer (reportlab platypus): embedded CJK font, vector charts, repeating table headers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

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
from ..theme import Theme
from .library_hooks import kept_together, pdf_writing
from .pdf_canvas import canvas_maker, turned_margins
from .pdf_cells import FigureRow, GridTable, TextFlow
from .pdf_charts import bar_chart, line_chart
from .pdf_lines import table_terms
from .pdf_platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)
from .pdf_platypus import PageBreak as RLPageBreak
from .pdf_styles import PAGE_SIZES, Styles
from .pdf_text import FontSet, font_set, missing_glyphs
from .table_layout import estimated_widths

_ALIGN_NAMES = {TA_LEFT: "left", TA_CENTER: "center", TA_RIGHT: "right"}


class PdfContext:
    """What the PDF renderer keeps between documents of one theme: the theme, its registered
    fonts by language (`FontSet`) and the paragraph styles made from them. Made once by
    `preload(theme)`; a context never sees another theme, so nothing needs a hand-built key."""

    def __init__(self, theme: Theme):
        self.theme = theme
        self._fonts: dict[str, FontSet] = {}
        self._styles: dict[tuple[str, FontSet], Styles] = {}

    def fonts(self, language: str, texts: list[str]) -> FontSet:
        """The fonts for a report in `language` (Traditional Chinese: also by its `texts`,
        which decide whether Noto Sans TC can set them)."""
        if language == "zh-Hant":
            return font_set(self.theme, language, texts)
        known = self._fonts.get(language)
        if known is None:
            known = self._fonts[language] = font_set(self.theme, language)
        return known

    def styles(self, language: str, fonts: FontSet) -> Styles:
        """The paragraph styles for `language` set in `fonts` (made once)."""
        known = self._styles.get((language, fonts))
        if known is None:
            known = self._styles[(language, fonts)] = Styles(self.theme, language, fonts)
        return known


def preload(theme: Theme) -> PdfContext:
    """The theme's context, with its fonts read (metrics, and the font file whose glyphs
    subsetting reads: before workers are forked, one copy shared by them, not one each)."""
    context = PdfContext(theme)
    fonts = context.fonts("zh-Hans", [])
    for name in {fonts.regular, fonts.bold, fonts.title, fonts.heading1, fonts.heading2} - {None}:
        pdfmetrics.getFont(name).face.makeSubset([32, 0x4E00])
    return context


def render(report: Report, context: PdfContext | Theme, dest: Path) -> list[str]:
    """Writes `report` as a PDF at `dest`; returns warnings (e.g. characters the font lacks).
    `context` is `preload(theme)`'s, or a theme (then a context is made for this call)."""
    context = _context(context)
    texts = report.texts()
    fonts = context.fonts(report.info.language, texts)
    warnings = [fonts.note] if fonts.note else []
    lacking = missing_glyphs(texts, fonts.regular)
    if lacking:
        shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in lacking[:20])
        warnings.append(f"the PDF font has no glyph for {len(lacking)} character(s): "
                        f"{shown}; they print as empty boxes")
    _build(report, context, fonts, str(dest))
    return warnings


def section_pages(report: Report, context: PdfContext | Theme) -> list[int]:
    """The page on which each of `report`'s sections starts when laid out as a PDF with the
    context's theme (the Word renderer writes these into its table of contents)."""
    import io

    context = _context(context)
    pages: list[int] = []
    _build(report, context, context.fonts(report.info.language, report.texts()), io.BytesIO(),
           pages)
    return pages


def _context(context: PdfContext | Theme) -> PdfContext:
    return context if isinstance(context, PdfContext) else PdfContext(context)


def _build(report: Report, context: PdfContext, fonts: FontSet, dest,
           pages: list[int] | None = None) -> None:
    theme = context.theme
    styles = context.styles(report.info.language, fonts)
    page_size = PAGE_SIZES.get(theme.pdf_page_size, A4)
    if (report.info.orientation == "landscape" and theme.orientation != "portrait"
            and page_size[0] < page_size[1]):
        page_size = landscape(page_size)
    margins = {k: v * mm for k, v in theme.pdf_margins_mm.items()}
    doc = _PlanDocTemplate(dest, report, theme, styles, page_size, margins)
    # Outside `pdf_writing`: a chart's first import of reportlab.graphics defines its shapes'
    # attribute checks from `shapeChecking` (off in the block) for the rest of the process.
    story = _story(report, styles, theme, doc)
    with pdf_writing():
        doc.build(story, canvasmaker=canvas_maker(report, theme, styles, pages))


class _PlanDocTemplate(BaseDocTemplate):
    """One frame per page; section headings become PDF bookmarks (outline entries)."""

    def __init__(self, filename: str, report: Report, theme: Theme, styles: Styles,
                 page_size, margins):
        info = report.info
        super().__init__(filename, pagesize=page_size, leftMargin=margins["left"],
                         rightMargin=margins["right"], topMargin=margins["top"],
                         bottomMargin=margins["bottom"], title=info.title, author=info.author,
                         subject=info.subject, keywords=info.keywords, creator="plan-briefing",
                         producer="plan-briefing (reportlab)", lang=language_tag(info.language),
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


class _ContentsPage(Flowable):
    """Reserves the page it stands on for the table of contents, drawn when the document is
    saved and every section's page is known (no second layout pass)."""

    def wrap(self, avail_width, avail_height):  # noqa: ARG002 - reportlab's signature
        return 0, 0

    def draw(self):
        self.canv.mark_contents_page()


def _story(report: Report, styles: Styles, theme: Theme, doc: _PlanDocTemplate
           ) -> list[Flowable]:
    story: list[Flowable] = _cover(report.cover, styles)
    # Names the tables' cells keep whole: every table's unit names (and the places they are
    # named after), so that a title naming a unit not listed in its own table keeps it too.
    terms = table_terms(cell.text for section in report.sections for block in section.blocks
                        if isinstance(block, Table) for row in block.rows for cell in row)
    if report.contents is not None:
        story += [_ContentsPage(), RLPageBreak()]
    turned = False
    continued = report.info.continued_label
    for section in report.sections:
        width, height = doc.frame_width, doc.frame_height
        measured: dict[int, list[float]] = {}  # a table's columns on the upright page
        if doc.turns_pages:
            wide = False
            for b in section.blocks:
                if isinstance(b, Table) and b.rows:
                    measured[id(b)], fits = _table_widths(b, styles, theme, width)
                    if not fits:
                        wide = True
                        break
            if wide != turned:  # a section with a wide table on landscape pages, and back
                story += [NextPageTemplate("landscape" if wide else "page"), RLPageBreak()]
                turned = wide
            if turned:
                width, height = doc.landscape_width, doc.landscape_height
                measured = {}
        heading = _heading(section.title, styles.h1, 0, styles)
        parts: list[list[Flowable]] = []
        for block in section.blocks:
            if isinstance(block, Chart) and block.title == section.title:
                block = replace(block, title="")  # the heading already says it
            parts.append(_block(block, styles, theme, width, height,
                                f"{block.caption or section.title}{continued}"
                                if isinstance(block, Table) else "", terms,
                                measured.get(id(block))))
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
        return flowable.top_height()
    if isinstance(flowable, KeepTogether):
        return sum(_measure(f, width, height) for f in kept_together(flowable))
    if isinstance(flowable, CondPageBreak):
        return 0.0
    try:
        return flowable.wrap(width, height)[1]
    except AttributeError:  # needs a canvas: assume a modest block
        return 40 * mm


def _cover(cover: Cover, styles: Styles) -> list[Flowable]:
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


def _block(block, styles: Styles, theme: Theme, width: float, height: float,
           continued: str = "", terms: tuple[str, ...] = (),
           widths: list[float] | None = None) -> list[Flowable]:
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
                   bar_chart(block, styles, theme, width, height))
        return [KeepTogether([drawing]), Spacer(1, 3 * mm)]
    if isinstance(block, Table):
        return _table(block, styles, theme, width, continued, terms, widths)
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"unknown block {type(block).__name__}")


def _text_flow(text: str, style: ParagraphStyle, **options) -> TextFlow:
    """Plain text laid out with our line breaking, in a paragraph style's font, spacing and
    alignment."""
    options.setdefault("align", _ALIGN_NAMES.get(style.alignment, "left"))
    return TextFlow(text, style.fontName, style.fontSize, style.leading, style.textColor,
                    space_before=style.spaceBefore, space_after=style.spaceAfter, **options)


def _grid_flow(text: str, style: ParagraphStyle, styles: Styles, **options) -> TextFlow:
    """Body text on the character grid: justified, first line indented two characters."""
    return _text_flow(text, style, align="justify", char_space=styles.char_space,
                      first_indent=styles.first_indent, **options)


def _heading(text: str, style: ParagraphStyle, level: int, styles: Styles | None = None
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


def _key_figures(block: KeyFigures, styles: Styles, theme: Theme) -> FigureRow:
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


def _table_widths(block: Table, styles: Styles, theme: Theme, width: float
                  ) -> tuple[list[float], bool]:
    """Column widths measured from the cells' texts (see `table_layout`): with the estimate
    the Word renderer uses (an em a 汉字, a quarter em where 汉字 meet digits), so that a table
    gets the same columns, line breaks and page turns in the PDF and in the DOCX, and the
    Word contents page (numbered from this PDF's layout) stays right."""
    return estimated_widths(block, width, styles.cell.fontSize, 3.0)


def _table(block: Table, styles: Styles, theme: Theme, width: float, continued: str = "",
           terms: tuple[str, ...] = (), widths: list[float] | None = None
           ) -> list[Flowable]:
    """The table's flowables; `widths`, when given, are its columns at `width` (measured
    already: `_table_widths`)."""
    if not block.rows:
        return [_text_flow(block.empty_text, styles.note)] if block.empty_text else []
    if widths is None:
        widths, _ = _table_widths(block, styles, theme, width)
    styled: dict[str | None, tuple[object, bool]] = {}  # a cell's colour and bold by tone
    for tone in {cell.tone for row in block.rows for cell in row}:
        colour = _tone_colour(theme, tone)
        styled[tone] = (colors.HexColor("#" + colour) if colour else None, bool(colour))
    rows = [[(cell.text, *styled[cell.tone]) for cell in row] for row in block.rows]
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
        continued=continued, continued_font=styles.h1.fontName, terms=terms,
        continued_colour=styles.h1.textColor))
    out.append(Spacer(1, 3 * mm))
    return out
