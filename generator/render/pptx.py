"""PPTX renderer (python-pptx): the slide plan (`pptx_plan`) stamped into a copy of the template."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pptx
from lxml import etree
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Inches

from ..conventions import TONES_WITH_COLOUR, tone_colour
from ..document import Report, Table
from ..errors import TemplateError
from ..template_safety import drop_external_relationships
from ..theme import Theme
from .library_hooks import content_types_by, element_of
from .office_text import drawing_lang, set_core_properties, set_drawing_fonts, xml_safe
from .office_zip import write_pptx
from .pptx_draw import Drawing
from .pptx_layout import page_label_parts
from .pptx_parts import (
    SlideAdder,
    content_types,
    drop_existing_slides,
    fill_table_rows,
    prototype_row_templates,
)
from .pptx_plan import (
    COVER_TITLE_PT,
    FOOTER_PT,
    SLIDE_TITLE_PT,
    TITLE_H,
    TITLE_TOP,
    Item,
    Planner,
    SlidePlan,
    TableMetrics,
    text_lines,
)
from .row_templates import RowTemplates
from .shape_stamps import Stamps
from .template_copies import OfficeTemplate
from .xml_marks import MarkedXml, markers

_LAYOUTS = {"cover": ("Title Slide",), "content": ("Title Only", "Title and Content")}
TRADITIONAL_FACES = {"Microsoft YaHei": "Microsoft JhengHei", "微软雅黑": "Microsoft JhengHei",
                     "SimSun": "PMingLiU", "宋体": "PMingLiU", "SimHei": "Microsoft JhengHei",
                     "黑体": "Microsoft JhengHei", "DengXian": "Microsoft JhengHei",
                     "等线": "Microsoft JhengHei", "KaiTi": "DFKai-SB", "楷体": "DFKai-SB"}
"""The Traditional Chinese face for a Simplified one the theme names (zh-TW decks)."""
_A_TR, _A_TBL = qn("a:tr"), qn("a:tbl")
_A_FLD, _A_T = qn("a:fld"), qn("a:t")
_P_XFRM, _A_EXT = qn("p:xfrm"), qn("a:ext")
_A_TBLGRID, _A_GRIDCOL = qn("a:tblGrid"), qn("a:gridCol")
_ROWS_MARK = re.compile(r"plan-briefing-rows-\d+")


def _open_template(path: str):
    prs = pptx.Presentation(path)
    drop_external_relationships(prs.part.package)
    return prs


TEMPLATE = OfficeTemplate("pptx", _open_template, frozenset({
    CT.PML_SLIDE_MASTER, CT.PML_SLIDE_LAYOUT, CT.OFC_THEME, CT.PML_PRINTER_SETTINGS,
    CT.PML_PRES_PROPS, CT.PML_VIEW_PROPS, CT.PML_TABLE_STYLES, CT.OFC_EXTENDED_PROPERTIES,
    CT.JPEG, CT.PNG}))
"""How the PowerPoint template is opened, and the content types of its parts that the renderer
only reads (the presentation part, slides and properties are written): those parts are shared
by every copy of the template."""


class PptxContext:
    """What every deck of one theme shares, made once by `preload`: the parsed template, its
    layouts by kind and the cover title's width, and the XML drawn once through python-pptx and
    copied afterwards (content-slide and cover prototypes, table row templates, shape stamps),
    each keyed by the look it was drawn in (colours, faces, language)."""

    def __init__(self, theme: Theme):
        self.theme = theme
        self.template = TEMPLATE.load(theme.pptx_template)
        prs = self.template.package
        self.layouts = {kind: _layout(prs, names, theme) for kind, names in _LAYOUTS.items()}
        self.cover_title_width_pt = _cover_title_width_pt(self.layouts["cover"],
                                                          prs.slide_width)
        self.slide_protos: dict[tuple, MarkedXml] = {}
        self.cover_protos: dict[tuple, MarkedXml] = {}
        self.row_templates: dict[tuple, RowTemplates] = {}
        self.stamps = Stamps()


def preload(theme: Theme) -> PptxContext:
    """The render context of `theme`: its PowerPoint template parsed once (before workers are
    forked), the caches every deck of it shares."""
    return PptxContext(theme)


def render(report: Report, context: PptxContext | Theme, dest: Path) -> list[str]:
    """Writes `report` as a PowerPoint deck at `dest`; returns warnings. `context` is a
    `preload`ed context, or a theme (a context is then made for this deck alone)."""
    if isinstance(context, Theme):
        context = preload(context)
    theme = context.theme
    if report.info.language == "zh-Hant":
        theme = traditional_theme(theme)
    prs = context.template.fresh()
    deck = _Deck(prs, report, theme, context)
    deck.write()
    with content_types_by(content_types):
        write_pptx(prs, dest, report.info.created, context.template)
    return deck.warnings


def traditional_theme(theme: Theme) -> Theme:
    """`theme` with a Traditional Chinese face in place of a Simplified one, and zh-TW."""
    face = TRADITIONAL_FACES.get(theme.east_asian_font, theme.east_asian_font)
    return replace(theme, east_asian_font=face, east_asian_language="zh-TW")


def _layout(prs, names: tuple[str, ...], theme: Theme):
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for name in names:
        if name in layouts:
            return layouts[name]
    raise TemplateError(f"{theme.pptx_template}: no slide layout named "
                        f"{' or '.join(repr(n) for n in names)}; add one in the slide master "
                        "or start from templates/default.pptx")


def _cover_title_width_pt(layout, slide_width: int) -> float:
    """The width the cover layout's title placeholder gives its text (less the default
    insets of 0.1 in on each side); the slide's width less margins without one."""
    placeholder = next((p for p in layout.placeholders if p.placeholder_format.idx == 0), None)
    width = placeholder.width if placeholder is not None and placeholder.width else \
        slide_width - 2 * Inches(0.55)
    return (width - 2 * Inches(0.1)) / 12700


class _Deck(Drawing):
    """Writes the slide plan of a Report into a copy of the template."""

    def __init__(self, prs, report: Report, theme: Theme, context: PptxContext):
        lang = drawing_lang(theme, report.info.language)
        look = (tuple(sorted(theme.colours.items())), theme.latin_font, theme.east_asian_font,
                lang)
        super().__init__(theme, lang, look, context.stamps)
        self.prs, self.report, self.context = prs, report, context
        self.layouts = context.layouts
        self.warnings: list[str] = []
        self._tone_colours = {tone: tone_colour(theme, tone) for tone in TONES_WITH_COLOUR}
        self.planner = Planner.for_slide(report, prs.slide_width, prs.slide_height,
                                         (theme.east_asian_font, theme.latin_font),
                                         context.cover_title_width_pt)
        self.frame = self.planner.frame
        self.slides: list = []
        self._continuation = None
        """The current table's first continuation slide (no rows), parsed."""
        self._footer_label = ("", "")
        drop_existing_slides(prs)
        self.adder = SlideAdder(prs)

    def write(self) -> None:
        set_core_properties(self.prs.core_properties, self.report.info, self.lang)
        plan = self.planner.plan()
        self._footer_label = page_label_parts(self.report.info.page_label, len(plan))
        for slide_plan in plan:
            self._slide(slide_plan)

    def _slide(self, plan: SlidePlan) -> None:
        """The slide, its items and its footer (its last shapes). A table's first continuation
        slide, footer included, is kept parsed; later ones are copies of it with their rows
        and their own slide number."""
        if plan.copies_continuation:
            element = self._continuation.__deepcopy__(None)
            for field in element.iter(_A_FLD):
                field.find(_A_T).text = str(plan.number)
            slide = self.adder.add_from_element(self.layouts["content"], element)
            self.slides.append(slide)
            self.slide = slide
        elif plan.layout == "content":
            self._new_slide(plan.title)
        for item in plan.items:
            self._item(item, plan)
        if not plan.copies_continuation:
            self._footer(plan.number)
        if plan.items and plan.items[-1].keep:
            self._continuation = _without_rows(self.slide.element)

    def _item(self, item: Item, plan: SlidePlan) -> None:
        if item.kind == "text":
            self._textbox(item.left, item.top, item.width, item.height, list(item.texts),
                          item.size, bold=item.bold, colour=self._colour(item.colour))
        elif item.kind == "bullets":
            self._textbox(item.left, item.top, item.width, item.height, list(item.texts),
                          item.size, bullets=True)
        elif item.kind == "figures":
            self._key_figures(item.block, item.top, item.height, self.frame)
        elif item.kind == "chart":
            self._chart(item.block, item.top, item.height)
        elif item.kind == "table":
            if plan.copies_continuation:
                self._cloned_rows(item.block, item.metrics, *item.rows)
            else:
                self._table_shape(item.block, item.top, item.metrics, *item.rows)
        elif item.kind == "cover":
            self._cover(list(item.texts), int(item.size))
        elif item.kind == "opening_title":
            title_shape = self.slide.shapes.title
            title_shape.height = item.height
            self._fill(title_shape.text_frame, list(item.texts), SLIDE_TITLE_PT, bold=True,
                       colour=self.theme.colour("primary"), align=PP_ALIGN.LEFT)

    def _colour(self, name: str | None) -> str | None:
        return self.theme.colour(name) if name else None

    # -- slides ---------------------------------------------------------------------------

    def _cover(self, texts: list[str], title_count: int) -> None:
        """The title slide: made through python-pptx once per look and number of lines
        (placeholders cloned from the layout, ≈ 1.5 ms), copied as XML afterwards."""
        key = (self.look, self.theme.colour("muted"), title_count, len(texts) - title_count)
        proto = self.context.cover_protos.get(key)
        if proto is None:
            slide = self.adder.add(self.layouts["cover"])
            self.slide = slide
            marks = markers(len(texts))
            self._fill(slide.shapes.title.text_frame, marks[:title_count], COVER_TITLE_PT,
                       bold=True)
            body = [p for p in slide.placeholders if p.placeholder_format.idx == 1]
            if body:
                self._fill(body[0].text_frame, marks[title_count:], 18,
                           colour=self.theme.colour("muted"))
            else:
                self._textbox(self.frame.left, Inches(4.2), self.frame.width, Inches(2),
                              marks[title_count:], 18)
            proto = self.context.cover_protos[key] = MarkedXml(
                etree.tostring(slide.element, encoding="unicode"), parse_xml, one_element=True)
            tree = slide.shapes.element
            for shape in list(tree)[2:]:
                tree.remove(shape)
            tree.extend(proto.copy(texts)[0].find(qn("p:cSld")).find(qn("p:spTree"))[2:])
        else:
            slide = self.adder.add_from_element(self.layouts["cover"], proto.copy(texts)[0])
        self.slides.append(slide)
        self.slide = slide

    def _new_slide(self, title: str) -> None:
        """A content slide with only its title. The first one of a look is made through
        python-pptx (≈ 1.5 ms: placeholders cloned, searched and removed, title styled); the
        others are copies of its XML with the title text replaced (≈ 0.3 ms)."""
        key = (self.look, int(self.frame.left), int(self.frame.width))
        proto = self.context.slide_protos.get(key)
        if proto is not None:
            slide = self.adder.add_from_element(self.layouts["content"], proto.copy([title])[0])
        else:
            slide = self.adder.add(self.layouts["content"])
            for placeholder in list(slide.placeholders):
                if placeholder.placeholder_format.idx != 0:  # keep only the title
                    placeholder.element.getparent().remove(placeholder.element)
            heading = slide.shapes.title
            heading.left, heading.top = self.frame.left, TITLE_TOP
            heading.width, heading.height = self.frame.width, TITLE_H
            heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            heading.text_frame.word_wrap = True
            self._fill(heading.text_frame, markers(1), 26, bold=True,
                       colour=self.theme.colour("primary"), align=PP_ALIGN.LEFT)
            self.context.slide_protos[key] = MarkedXml(
                etree.tostring(slide.element, encoding="unicode"), parse_xml, one_element=True)
            heading.text_frame.paragraphs[0].runs[0].text = xml_safe(title)
        self.slides.append(slide)
        self.slide = slide

    # -- blocks ---------------------------------------------------------------------------

    def _chart(self, block, top: int, height: int) -> None:
        # python-pptx's chart writer and XlsxWriter (≈ 17 ms to import): only for a chart
        from .charts import chart_data, chart_type, style_chart

        graphic = self.slide.shapes.add_chart(chart_type(block), self.frame.left, top,
                                              self.frame.width, height, chart_data(block))
        graphic.name = block.title
        style_chart(graphic.chart, block, self.theme, font_size=12)
        set_drawing_fonts(graphic.chart.element, self.theme, self.lang)

    def _cloned_rows(self, block: Table, metrics: TableMetrics, start: int, end: int) -> None:
        """Rows on a continuation slide copied from the table's first one (title, caption and
        header, no rows): python-pptx's slide and table set-up runs once per table."""
        tbl = next(self.slide.element.iter(_A_TBL))
        frame = tbl.getparent().getparent().getparent()  # a:tbl < a:graphicData < a:graphic
        heights = metrics.heights
        height = sum(heights[start:end]) + int(tbl.find(_A_TR).get("h"))
        frame.find(_P_XFRM).find(_A_EXT).set("cy", str(height))
        self._rows(tbl, block, metrics, start, end)

    def _table_shape(self, block: Table, top: int, metrics: TableMetrics, start: int,
                     end: int) -> None:
        """The table's graphic frame (header and a styled prototype row: a stamp, sized for
        this table), then its rows from the prototype."""
        widths, header_h, heights = metrics.widths, metrics.header_h, metrics.heights
        table_key = self._table_key(block)

        def draw(_texts) -> list:
            shape = self.slide.shapes.add_table(2, len(widths), self.frame.left, top,
                                                sum(widths), header_h)
            self._style_prototype_rows(shape.table, block, header_h)
            self.context.row_templates[table_key] = prototype_row_templates(
                element_of(shape.table), self.theme.colour("stripe"))
            return [shape.element]

        height = header_h + sum(heights[start:end])  # the rows are not in the tree yet
        frame = self.stamps.place(("table", table_key), self.slide, (), top, draw,
                                  height=height)[0]
        tbl = next(frame.iter(_A_TBL))
        _size_table(frame, tbl, widths, header_h)
        self._rows(tbl, block, metrics, start, end)

    def _rows(self, tbl, block: Table, metrics: TableMetrics, start: int, end: int) -> None:
        """Rows `start` to `end` of the table, from its row templates (made with its stamp)."""
        fill_table_rows(tbl, self.slide.part,
                        ((metrics.heights[i], self._cells(block.rows[i], metrics.texts[i]))
                         for i in range(start, end)),
                        self.context.row_templates[self._table_key(block)])

    def _cells(self, row, texts: list[str]) -> list[tuple[str, str | None]]:
        """A row's texts as planned (`TableMetrics.texts`) and its cells' tone colours."""
        tones = self._tone_colours
        return [(text, tones.get(c.tone)) for c, text in zip(row, texts, strict=True)]

    def _table_key(self, block: Table) -> tuple:
        return (block.columns, self.look)

    # -- footers --------------------------------------------------------------------------

    def _footer(self, number: int | None) -> None:
        """The running footer of a numbered slide (none on the title slide): the header text,
        and the slide number as a slide-number field (PowerPoint, WPS and LibreOffice number
        slides themselves)."""
        if number is None:
            return
        info = self.report.info
        top = self.prs.slide_height - Inches(0.45)
        muted = self.theme.colour("muted")
        if info.header:
            self._textbox(self.frame.left, top, Inches(9), Inches(0.35), [info.header],
                          FOOTER_PT, colour=muted)
        before, after = self._footer_label
        self._slide_number(self.prs.slide_width - self.frame.left - Inches(2.8), top,
                           Inches(2.8), [before, str(number), after], muted)


def _without_rows(slide_element):
    """A copy of a slide without its deferred table rows (their marker comments)."""
    element = slide_element.__deepcopy__(None)
    for comment in [c for c in element.iter(etree.Comment) if _ROWS_MARK.fullmatch(c.text)]:
        comment.getparent().remove(comment)
    return element


def _size_table(frame, tbl, widths: list[int], header_h: int) -> None:
    """A stamped table given its own column widths and header height (what `add_table`
    and the grid set-up would have written): one stamp serves every width."""
    frame.find(_P_XFRM).find(_A_EXT).set("cx", str(int(sum(widths))))
    for grid_col, width in zip(tbl.find(_A_TBLGRID).iterchildren(_A_GRIDCOL), widths,
                               strict=True):
        grid_col.set("w", str(int(width)))
    tbl.find(_A_TR).set("h", str(int(header_h)))


__all__ = ["PptxContext", "preload", "render", "text_lines", "traditional_theme"]
