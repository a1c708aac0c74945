"""PPTX renderer (python-pptx): layouts by name, native charts, tables continued on slides."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pptx
from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from ..conventions import tone_colour
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
from ..errors import TemplateError
from ..template_safety import drop_external_relationships
from ..textwidth import title_lines
from ..theme import Theme
from . import shape_stamps
from .office_text import (
    drawing_lang,
    set_core_properties,
    set_drawing_fonts,
    set_drawing_run_fonts,
    xml_safe,
)
from .office_zip import write_pptx
from .pptx_layout import (
    MIN_ROWS,
    fit_widths,
    line_factor,
    page_label_parts,
    split_rows,
    wrapped_lines,
)
from .pptx_parts import SlideAdder, drop_existing_slides, fill_table_rows
from .row_templates import RowTemplates, defer_rows
from .template_copies import OfficeTemplate, file_identity
from .xml_marks import MarkedXml, markers

_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_LAYOUTS = {"cover": ("Title Slide",), "content": ("Title Only", "Title and Content")}
_LAYOUTS_OF: dict[tuple, tuple[dict, float]] = {}
"""The layouts used (shared template parts) and the cover title's width, by template."""

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
CELL_MARGIN_X = Inches(0.06)
CELL_MARGIN_Y = Inches(0.04)
EMPTY_CELL = "—"
"""What an empty table cell shows, so that a reader sees it was left empty on purpose."""
TRADITIONAL_FACES = {"Microsoft YaHei": "Microsoft JhengHei", "微软雅黑": "Microsoft JhengHei",
                     "SimSun": "PMingLiU", "宋体": "PMingLiU", "SimHei": "Microsoft JhengHei",
                     "黑体": "Microsoft JhengHei", "DengXian": "Microsoft JhengHei",
                     "等线": "Microsoft JhengHei", "KaiTi": "DFKai-SB", "楷体": "DFKai-SB"}
"""The Traditional Chinese face for a Simplified one the theme names (zh-TW decks)."""
_SLIDENUM_ID = "{B6F15E32-6A0C-4F43-9C57-3D2D8A1E0F01}"


def render(report: Report, theme: Theme, dest: Path) -> list[str]:
    """Writes `report` as a PowerPoint deck at `dest`; returns warnings."""
    prs = TEMPLATE.fresh(theme.pptx_template)
    if report.info.language == "zh-Hant":
        theme = traditional_theme(theme)
    deck = _Deck(prs, report, theme)
    deck.write()
    write_pptx(prs, dest, report.info.created)
    return deck.warnings


def preload(theme: Theme) -> None:
    """Parses the theme's PowerPoint template once, before workers are forked."""
    TEMPLATE.fresh(theme.pptx_template)


def _open_template(path: str):
    prs = pptx.Presentation(path)
    drop_external_relationships(prs.part.package)
    return prs


TEMPLATE = OfficeTemplate("pptx", _open_template, frozenset({
    CT.PML_SLIDE_MASTER, CT.PML_SLIDE_LAYOUT, CT.OFC_THEME, CT.PML_PRINTER_SETTINGS,
    CT.PML_PRES_PROPS, CT.PML_VIEW_PROPS, CT.PML_TABLE_STYLES, CT.OFC_EXTENDED_PROPERTIES,
    CT.JPEG, CT.PNG}))
"""The PowerPoint template, and the content types of its parts that the renderer only reads
(the presentation part, slides and properties are written): those parts are shared by every
copy of the template."""


def traditional_theme(theme: Theme) -> Theme:
    """`theme` with a Traditional Chinese face in place of a Simplified one, and zh-TW."""
    face = TRADITIONAL_FACES.get(theme.east_asian_font, theme.east_asian_font)
    return replace(theme, east_asian_font=face, east_asian_language="zh-TW")


def _cover_title_width_pt(layout, slide_width: int) -> float:
    """The width the cover layout's title placeholder gives its text (less the default
    insets of 0.1 in on each side); the slide's width less margins without one."""
    placeholder = next((p for p in layout.placeholders if p.placeholder_format.idx == 0), None)
    width = placeholder.width if placeholder is not None and placeholder.width else \
        slide_width - 2 * Inches(0.55)
    return (width - 2 * Inches(0.1)) / 12700


def text_lines(text: str, size_pt: float, width_emu: int) -> int:
    """How many lines `text` takes in a box `width_emu` wide (each `\\n` starts a new line)."""
    return wrapped_lines(text, size_pt, width_emu / 12700)


@dataclass
class _Frame:
    left: int
    top: int
    width: int
    bottom: int


class _Deck:
    """Lays a Report out on slides: each section starts a slide and flows onto more as needed."""

    def __init__(self, prs, report: Report, theme: Theme):
        self.prs, self.report, self.theme = prs, report, theme
        self.lang = drawing_lang(theme, report.info.language)
        self.warnings: list[str] = []
        identity = file_identity(theme.pptx_template)
        # The layouts are template parts every copy shares: looked up once per template.
        if identity not in _LAYOUTS_OF:
            layouts = {kind: self._layout(names) for kind, names in _LAYOUTS.items()}
            _LAYOUTS_OF[identity] = (layouts, _cover_title_width_pt(layouts["cover"],
                                                                    prs.slide_width))
        self.layouts, self.cover_title_width_pt = _LAYOUTS_OF[identity]
        width, height = prs.slide_width, prs.slide_height
        margin = Inches(0.55)
        self.frame = _Frame(margin, Inches(1.35), width - 2 * margin, height - Inches(0.6))
        self.slide = None
        self.y = 0
        # Line height that holds in the named faces and any usual substitute (pptx_layout).
        self.line = line_factor(theme.east_asian_font, theme.latin_font)
        self.subheading = ""
        self._lead_in: list[tuple] = []
        """(shape element, block) of a heading just drawn and the notes after it: what a
        table starting on the next slide takes along."""
        # What shapes the XML of every drawn shape besides its own texts, sizes and colours.
        self._look = (identity, tuple(sorted(theme.colours.items())),
                      theme.latin_font, theme.east_asian_font, self.lang)
        self.section_title = ""
        self._following = None
        """The block after the one being drawn (a heading keeps room for its table)."""
        self._metrics: tuple | None = None
        self.slides = []
        # Row templates by table look, shared by every table with the same columns in this
        # process (a unit pack has one per area).
        self._row_templates = _ROW_TEMPLATES
        drop_existing_slides(prs)
        self.adder = SlideAdder(prs)

    def _layout(self, names: tuple[str, ...]):
        layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        for name in names:
            if name in layouts:
                return layouts[name]
        raise TemplateError(f"{self.theme.pptx_template}: no slide layout named "
                            f"{' or '.join(repr(n) for n in names)}; add one in the slide master "
                            "or start from templates/default.pptx")

    # -- structure ------------------------------------------------------------------------

    def write(self) -> None:
        self._properties()
        sections = self.report.sections
        self.title_slide = not (self.report.kind in OPENING_KINDS and sections)
        if self.title_slide:
            self._cover(self.report.cover)
        for number, section in enumerate(sections):
            self.section_title = section.title
            self.subheading = ""
            if number == 0 and not self.title_slide:
                self._opening(self.report.cover)
            else:
                self._new_slide(section.title)
            for block, following in zip(section.blocks, (*section.blocks[1:], None),
                                        strict=True):
                self._following = following
                self._block(block)
        self._footers()

    def _properties(self) -> None:
        set_core_properties(self.prs.core_properties, self.report.info, self.lang)

    def _cover(self, cover: Cover) -> None:
        """The title slide: made through python-pptx once per look and number of lines
        (placeholders cloned from the layout, ≈ 1.5 ms), copied as XML afterwards."""
        lines = [cover.subtitle, *cover.lines] if cover.subtitle else list(cover.lines)
        title = title_lines(cover.title, COVER_TITLE_PT, self.cover_title_width_pt)
        key = (self._look, self.theme.colour("muted"), len(title), len(lines))
        proto = _COVER_PROTOS.get(key)
        if proto is None:
            slide = self.adder.add(self.layouts["cover"])
            marks = markers(len(title) + len(lines))
            self._fill(slide.shapes.title.text_frame, marks[:len(title)], COVER_TITLE_PT,
                       bold=True)
            body = [p for p in slide.placeholders if p.placeholder_format.idx == 1]
            if body:
                self._fill(body[0].text_frame, marks[len(title):], 18,
                           colour=self.theme.colour("muted"))
            else:
                self.slide = slide
                self._textbox(self.frame.left, Inches(4.2), self.frame.width, Inches(2),
                              marks[len(title):], 18)
            proto = _COVER_PROTOS[key] = MarkedXml(
                etree.tostring(slide.part._element, encoding="unicode"), parse_xml,
                one_element=True)
            tree = slide.shapes._spTree
            for shape in list(tree)[2:]:
                tree.remove(shape)
            tree.extend(proto.copy([*title, *lines])[0]
                        .find(qn("p:cSld")).find(qn("p:spTree"))[2:])
        else:
            slide = self.adder.add_from_element(self.layouts["cover"],
                                                proto.copy([*title, *lines])[0])
        self.slides.append(slide)
        self.slide = slide
        if cover.marking:
            self._textbox(self.frame.left, Inches(0.3), Inches(4), Inches(0.5), [cover.marking], 16,
                          bold=True, colour=self.theme.colour("accent"))

    def _opening(self, cover: Cover) -> None:
        """Slide one without a title slide: the meeting's title as the slide title (broken at
        a natural place when it needs two lines) and, on one muted line under it, the report's
        name and as many of the cover's lines (date and place, as-of date, organisation) as
        fit; the first section's blocks follow without its heading (the key messages under
        the meeting's name, the decisions below them if they fit, else on slide two)."""
        title = title_lines(cover.title, SLIDE_TITLE_PT, self.frame.width / 12700 - 14.4)
        self._new_slide(cover.title)
        title_shape = self.slide.shapes.title
        if len(title) > 1:  # two lines: a taller title box, the lines as paragraphs
            title_shape.height = int(Pt(SLIDE_TITLE_PT * self.line) * len(title) + Inches(0.2))
            self._fill(title_shape.text_frame, title, SLIDE_TITLE_PT, bold=True,
                       colour=self.theme.colour("primary"), align=PP_ALIGN.LEFT)
        parts = [t for t in (cover.subtitle, *cover.lines) if t]
        while len(parts) > 1 and text_lines(OPENING_SEPARATOR.join(parts), OPENING_PT,
                                            self.frame.width - Inches(0.2)) > 1:
            parts.pop()
        line = OPENING_SEPARATOR.join(parts)
        top = title_shape.top + title_shape.height
        height = self._text_height([line], OPENING_PT, self.frame.width)
        self._textbox(self.frame.left, top, self.frame.width, height, [line], OPENING_PT,
                      colour=self.theme.colour("muted"))
        self.y = top + height + Inches(0.1)

    def _new_slide(self, title: str) -> None:
        """A content slide with only its title. The first one of a look is made through
        python-pptx (≈ 1.5 ms: placeholders cloned, searched and removed, title styled); the
        others are copies of its XML with the title text replaced (≈ 0.3 ms)."""
        key = (self._look, int(self.frame.left), int(self.frame.width))
        proto = _SLIDE_PROTOS.get(key)
        if proto is not None:
            slide = self.adder.add_from_element(self.layouts["content"], proto.copy([title])[0])
        else:
            slide = self.adder.add(self.layouts["content"])
            for placeholder in list(slide.placeholders):
                if placeholder.placeholder_format.idx != 0:  # keep only the title
                    placeholder._element.getparent().remove(placeholder._element)
            heading = slide.shapes.title
            heading.left, heading.top = self.frame.left, Inches(0.3)
            heading.width, heading.height = self.frame.width, Inches(0.9)
            heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            heading.text_frame.word_wrap = True
            self._fill(heading.text_frame, markers(1), 26, bold=True,
                       colour=self.theme.colour("primary"), align=PP_ALIGN.LEFT)
            _SLIDE_PROTOS[key] = MarkedXml(
                etree.tostring(slide.part._element, encoding="unicode"), parse_xml,
                one_element=True)
            heading.text_frame.paragraphs[0].runs[0].text = xml_safe(title)
        self.slides.append(slide)
        self.slide = slide
        self.y = self.frame.top

    def _continue(self) -> None:
        self._new_slide(self.section_title + self.report.info.continued_label)

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
            height = HEADING_H
            if block.level >= 2:
                self.subheading = block.text
            self._ensure(height + self._room_under_heading())
            shapes = self._textbox(self.frame.left, self.y, self.frame.width, height,
                                   [block.text], HEADING_PT, bold=True,
                                   colour=self.theme.colour("primary"))
            self._lead_in = [(shapes[0], block)]
            self.y += height
        elif isinstance(block, Paragraph):
            size = {"note": NOTE_PT, "lead": BODY_PT + 2}.get(block.style, BODY_PT)
            colour = self.theme.colour("muted") if block.style == "note" else None
            height = self._text_height([block.text], size, self.frame.width)
            self._ensure(height)
            shapes = self._textbox(self.frame.left, self.y, self.frame.width, height,
                                   [block.text], size, colour=colour)
            if lead_in and block.style == "note":
                self._lead_in = [*lead_in, (shapes[0], block)]
            self.y += height + Inches(0.1)
        elif isinstance(block, Bullets):
            self._bullets(block)
        elif isinstance(block, KeyFigures):
            self._key_figures(block)
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, Table):
            self._table(block, lead_in)
        elif isinstance(block, PageBreak):
            self._continue()
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    def _room_under_heading(self) -> int:
        """What a heading keeps with it on its slide: the header and first rows of the table
        that follows it (all of a short one), at most 2.2 in."""
        table = getattr(self, "_following", None)
        if not isinstance(table, Table) or not table.rows:
            return Inches(2.2)
        _, header_h, heights = self._table_metrics(table)
        return min(Inches(2.2), header_h + sum(heights[:MIN_ROWS]) + Inches(0.15))

    def _table_metrics(self, block: Table) -> tuple[list[int], int, list[int]]:
        """The table's column widths, header height and row heights (kept for the table
        last asked for: a heading asks before its table is drawn)."""
        if self._metrics is not None and self._metrics[0] is block:
            return self._metrics[1]
        total = sum(c.weight for c in block.columns)
        widths = [int(self.frame.width * c.weight / total) for c in block.columns]
        widths = fit_widths(widths, [[c.header for c in block.columns][j:j + 1]
                                     + [row[j].text for row in block.rows]
                                     for j in range(len(widths))], TABLE_PT, 2 * CELL_MARGIN_X)
        header_h = self._row_height([c.header for c in block.columns], widths, TABLE_HEADER_PT)
        heights = [self._row_height([c.text or EMPTY_CELL for c in row], widths, TABLE_PT)
                   for row in block.rows]
        self._metrics = (block, (widths, header_h, heights))
        return widths, header_h, heights

    def _text_height(self, paragraphs: list[str], size: float, width: int) -> int:
        lines = sum(text_lines(p, size, width - Inches(0.2)) for p in paragraphs)
        return int(Pt(size * self.line) * lines + Inches(0.15))

    def _bullets(self, block: Bullets) -> None:
        pending: list[str] = []
        height = Inches(0.1)
        for item in block.items:
            h = self._text_height([item], BODY_PT, self.frame.width - Inches(0.35)) \
                - Inches(0.1) + Pt(6)
            if pending and height + h > self.space:
                self._bullet_box(pending, height)
                self._continue()
                pending, height = [], Inches(0.1)
            elif not pending and h > self.space:
                self._continue()
            pending.append(item)
            height += h
        if pending:
            self._bullet_box(pending, height)

    def _bullet_box(self, items: list[str], height: int) -> None:
        self._textbox(self.frame.left, self.y, self.frame.width, height, items, BODY_PT,
                      bullets=True)
        self.y += height + Inches(0.1)

    def _key_figures(self, block: KeyFigures) -> None:
        height = Inches(1.3)
        self._ensure(height)
        tones = tuple(tone_colour(self.theme, item.tone) or self.theme.colour("primary")
                      for item in block.items)
        key = ("figures", self._look, tones, int(self.frame.left), int(self.frame.width))
        texts = [text for item in block.items for text in (item.value, item.label)]
        shape_stamps.place(key, self.slide, texts, self.y,
                           lambda marks: self._draw_key_figures(marks, tones, height))
        self.y += height + Inches(0.25)

    def _draw_key_figures(self, texts: list[str], tones: tuple[str, ...], height: int) -> list:
        n = len(tones)
        gap = Inches(0.2)
        width = int((self.frame.width - gap * (n - 1)) / n)
        shapes = []
        for i, tone in enumerate(tones):
            left = self.frame.left + i * (width + gap)
            shape = self.slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, self.y, width,
                                                height)
            shape.adjustments[0] = 0.08
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(self.theme.colour("stripe"))
            shape.line.color.rgb = RGBColor.from_string(self.theme.colour("rule"))
            shape.shadow.inherit = False
            frame = shape.text_frame
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            self._fill(frame, texts[2 * i: 2 * i + 2], 40, bold=True, colour=tone,
                       align=PP_ALIGN.CENTER)
            label_run = frame.paragraphs[1].runs[0]
            label_run.font.size = Pt(14)
            label_run.font.bold = False
            label_run.font.color.rgb = RGBColor.from_string(self.theme.colour("muted"))
            shapes.append(shape._element)
        return shapes

    def _chart(self, block: Chart) -> None:
        # python-pptx's chart writer and XlsxWriter (≈ 17 ms to import): only for a chart
        from .charts import chart_data, chart_type, style_chart

        wanted = (Inches(4.8) if block.kind == "line" else
                  Inches(0.9) + Inches(0.42) * len(block.categories) * len(block.series))
        wanted = min(wanted, self.frame.bottom - self.frame.top)
        if self.space < min(wanted, Inches(2.8)):
            self._continue()
        height = min(wanted, self.space)
        graphic = self.slide.shapes.add_chart(chart_type(block), self.frame.left, self.y,
                                              self.frame.width, height, chart_data(block))
        graphic.name = block.title
        style_chart(graphic.chart, block, self.theme, font_size=12)
        set_drawing_fonts(graphic.chart._chartSpace, self.theme, self.lang)
        self.y += height + Inches(0.1)

    def _table(self, block: Table, lead_in: list[tuple] = ()) -> None:
        """The table in chunks of rows planned by `split_rows`. A table that starts on a
        fresh slide takes along the sub-heading (and notes) drawn just before it (`lead_in`)."""
        if not block.rows:
            if block.empty_text:
                self._block(Paragraph(block.empty_text, "note"))
            return
        widths, header_h, heights = self._table_metrics(block)
        # A continuation slide names what continues: the table's caption or the sub-heading
        # above it (a unit pack's area), with "（续）", under the section's continued title.
        label = block.caption or self.subheading
        caption = label + self.report.info.continued_label if label else ""
        caption_h = HEADING_H if caption else 0
        full = self.frame.bottom - self.frame.top - header_h - caption_h
        carried = sum(self._lead_in_height(b) for _, b in lead_in) if lead_in else caption_h
        fresh, chunks = split_rows(heights, self.space - header_h, full,
                                   fresh_space=full + caption_h - carried)
        moved = []  # the sub-heading and notes, when the table starts on the next slide
        if fresh and lead_in and self.y > self.frame.top:
            for element, lead_block in lead_in:
                element.getparent().remove(element)
                moved.append(lead_block)
        continuation = None  # a continuation slide of this table, as XML, once one exists
        for k, (start, end) in enumerate(chunks):
            new_slide = fresh or k > 0
            if new_slide and continuation is not None:
                self._cloned_slide(continuation)
                self.y += caption_h
                self._cloned_rows(block, heights, start, end)
            else:
                if new_slide:
                    self._continue()
                    if k == 0 and moved:
                        for lead_block in moved:  # on a fresh slide: no further slide
                            self._block(lead_block)
                        self._lead_in = []
                    elif caption:
                        self._textbox(self.frame.left, self.y, self.frame.width, HEADING_H,
                                      [caption], HEADING_PT, bold=True,
                                      colour=self.theme.colour("primary"))
                        self.y += HEADING_H
                self._table_shape(block, widths, header_h, heights, start, end)
                if new_slide and not (k == 0 and moved):
                    continuation = self._continuation_xml()
            self.y += header_h + sum(heights[start:end]) + Inches(0.15)

    def _lead_in_height(self, block) -> int:
        """The height a heading or note takes above a table (as `_block` draws it)."""
        if isinstance(block, Heading):
            return HEADING_H
        return self._text_height([block.text], NOTE_PT, self.frame.width) + Inches(0.1)

    def _continuation_xml(self) -> bytes:
        """The current slide (title and table header, no rows) as XML, for copies."""
        xml = etree.tostring(self.slide.part._element)
        return re.sub(rb"<!--plan-briefing-rows-\d+-->", b"", xml)

    def _cloned_slide(self, xml: bytes) -> None:
        """A continuation slide copied from an earlier one of the same table (title and table
        header, no rows): python-pptx's slide and table set-up (≈ 2 ms a slide, most of a long
        deck's time) runs once per table instead of once per slide."""
        slide = self.adder.add_from_xml(self.layouts["content"], xml)
        self.slides.append(slide)
        self.slide = slide
        self.y = self.frame.top

    def _cloned_rows(self, block: Table, heights, start: int, end: int) -> None:
        tbl = next(self.slide.part._element.iter(qn("a:tbl")))
        frame = tbl.getparent().getparent().getparent()  # a:tbl < a:graphicData < a:graphic
        height = sum(heights[start:end]) + int(tbl.find(_A_TR).get("h"))
        frame.find(qn("p:xfrm")).find(qn("a:ext")).set("cy", str(height))
        templates = self._row_templates[self._table_key(block)]
        rows = "".join(
            templates.row(self._cells(block.rows[i]),
                          bool((i - start) % 2), templates.open_with_height(heights[i]))
            for i in range(start, end))
        defer_rows(self.slide.part, tbl, rows)

    def _row_height(self, texts: list[str], widths: list[int], size: float) -> int:
        lines = max(text_lines(t, size, w - 2 * CELL_MARGIN_X) for t, w in zip(texts, widths,
                                                                            strict=True))
        return int(Pt(size * self.line) * lines + 2 * CELL_MARGIN_Y + Pt(4))

    def _table_shape(self, block: Table, widths, header_h, heights, start: int, end: int):
        """The table's graphic frame (header and a styled prototype row: a stamp), then its
        rows from the prototype."""
        key = ("table", self._table_key(block))

        def draw(_texts) -> list:
            shape = self.slide.shapes.add_table(2, len(widths), self.frame.left, self.y,
                                                sum(widths), header_h)
            for grid_col, width in zip(shape.table._tbl.tblGrid.iterchildren(qn("a:gridCol")),
                                       widths, strict=True):
                grid_col.set("w", str(int(width)))
            self._style_prototype_rows(shape.table, block, header_h)
            return [shape._element]

        height = header_h + sum(heights[start:end])  # the rows are not in the tree yet
        frame = shape_stamps.place(key, self.slide, (), self.y, draw, height=height)[0]
        tbl = next(frame.iter(qn("a:tbl")))
        _size_table(frame, tbl, widths, header_h)
        rows = [(heights[i], self._cells(block.rows[i])) for i in range(start, end)]
        fill_table_rows(tbl, self.slide.part, rows, self.theme.colour("stripe"),
                        self._row_templates, self._table_key(block))

    def _cells(self, row) -> list[tuple[str, str | None]]:
        """A row's texts (an empty cell shows EMPTY_CELL) and tone colours."""
        return [(c.text or EMPTY_CELL, self._tone(c.tone)) for c in row]

    def _table_key(self, block: Table) -> tuple:
        return (block.columns, self._look)

    def _style_prototype_rows(self, table, block: Table, header_h: int) -> None:
        table.rows[0].height = header_h
        header_fill = RGBColor.from_string(self.theme.colour("header_fill"))
        for j, column in enumerate(block.columns):
            cell = table.cell(0, j)
            self._cell(cell, column.header, TABLE_HEADER_PT, PP_ALIGN.CENTER, bold=True,
                       colour=self.theme.colour("header_text"))
            cell.fill.solid()
            cell.fill.fore_color.rgb = header_fill
            cell = table.cell(1, j)
            self._cell(cell, "", TABLE_PT, _ALIGN[column.align])
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    def _tone(self, tone: str | None) -> str | None:
        return tone_colour(self.theme, tone)

    def _cell(self, cell, text: str, size: float, align, bold: bool = False,
              colour: str | None = None) -> None:
        cell.margin_left = cell.margin_right = CELL_MARGIN_X
        cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y
        cell.vertical_anchor = MSO_ANCHOR.TOP
        self._fill(cell.text_frame, [text], size, bold=bold, colour=colour, align=align)

    # -- text -----------------------------------------------------------------------------

    def _textbox(self, left, top, width, height, paragraphs: list[str], size: float,
                 bold: bool = False, colour: str | None = None, align=None,
                 bullets: bool = False) -> list:
        """A text box: one paragraph per item; `bullets` puts a hanging bullet on each.
        Returns the shape's element (in a list)."""
        key = ("textbox", self._look, int(left), int(width), len(paragraphs), size, bold, colour,
               align, bullets)

        def draw(texts: list[str]) -> list:
            box = self.slide.shapes.add_textbox(left, top, width, height)
            frame = box.text_frame
            frame.word_wrap = True
            self._fill(frame, texts, size, bold=bold, colour=colour, align=align)
            if bullets:
                for para in frame.paragraphs:
                    p_pr = para._p.get_or_add_pPr()
                    p_pr.set("marL", str(Inches(0.3)))
                    p_pr.set("indent", str(-Inches(0.3)))
                    p_pr.append(p_pr.makeelement(qn("a:buFont"), {"typeface": "Arial"}))
                    p_pr.append(p_pr.makeelement(qn("a:buChar"), {"char": "•"}))
                    para.space_after = Pt(6)
            return [box._element]

        return shape_stamps.place(key, self.slide, paragraphs, top, draw, height=height)

    def _fill(self, frame, paragraphs: list[str], size: float, bold: bool = False,
              colour: str | None = None, align=None) -> None:
        """Replaces a text frame's content: one paragraph per item, fonts and language set."""
        frame.clear()
        for i, text in enumerate(paragraphs):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if align is not None:
                para.alignment = align
            run = para.add_run()
            run.text = xml_safe(text)
            font = run.font
            font.size = Pt(size)
            font.bold = bold
            if colour:
                font.color.rgb = RGBColor.from_string(colour)
            set_drawing_run_fonts(run._r.get_or_add_rPr(), self.theme, self.lang)

    def _footers(self) -> None:
        """Running footer on every slide but the cover: the header text, and the slide number
        as a slide-number field (PowerPoint, WPS and LibreOffice number slides themselves)."""
        info = self.report.info
        total = len(self.slides)
        width, height = self.prs.slide_width, self.prs.slide_height
        top = height - Inches(0.45)
        muted = self.theme.colour("muted")
        before, after = page_label_parts(info.page_label, total)
        for number, slide in enumerate(self.slides, start=1):
            if number == 1 and self.title_slide:
                continue  # the title slide carries no number
            self.slide = slide
            if info.header:
                self._textbox(self.frame.left, top, Inches(9), Inches(0.35), [info.header],
                              FOOTER_PT, colour=muted)
            self._slide_number(width - self.frame.left - Inches(2.8), top, Inches(2.8),
                               [before, str(number), after], muted)

    def _slide_number(self, left: int, top: int, width: int, texts: list[str],
                      colour: str) -> None:
        """A right-aligned text box: `texts[0]`, a slide-number field showing `texts[1]`,
        `texts[2]`."""
        key = ("slidenum", self._look, int(left), int(width), colour)

        def draw(marks: list[str]) -> list:
            box = self.slide.shapes.add_textbox(left, top, width, Inches(0.35))
            box.text_frame.word_wrap = True
            self._fill(box.text_frame, [marks[0]], FOOTER_PT, colour=colour,
                       align=PP_ALIGN.RIGHT)
            para = box.text_frame.paragraphs[0]._p
            run = para.find(qn("a:r"))
            field = para.makeelement(qn("a:fld"), {"id": _SLIDENUM_ID, "type": "slidenum"})
            field.append(copy.deepcopy(run.find(qn("a:rPr"))))
            text = field.makeelement(qn("a:t"), {})
            text.text = marks[1]
            field.append(text)
            tail = copy.deepcopy(run)
            tail.find(qn("a:t")).text = marks[2]
            run.addnext(field)
            field.addnext(tail)
            return [box._element]

        shape_stamps.place(key, self.slide, texts, top, draw)

_A_TR = qn("a:tr")


def _size_table(frame, tbl, widths: list[int], header_h: int) -> None:
    """A stamped table given its own column widths and header height (what `add_table`
    and the grid set-up would have written): one stamp serves every width."""
    frame.find(qn("p:xfrm")).find(qn("a:ext")).set("cx", str(int(sum(widths))))
    for grid_col, width in zip(tbl.find(qn("a:tblGrid")).iterchildren(qn("a:gridCol")), widths,
                               strict=True):
        grid_col.set("w", str(int(width)))
    tbl.find(_A_TR).set("h", str(int(header_h)))

_SLIDE_PROTOS: dict[tuple, MarkedXml] = {}
_COVER_PROTOS: dict[tuple, MarkedXml] = {}
_ROW_TEMPLATES: dict[tuple, RowTemplates] = {}


__all__ = ["render", "text_lines"]
