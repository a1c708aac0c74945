"""DOCX renderer (python-docx): template styles by name, native charts, repeating headers.

`preload(theme)` gives a `DocxContext` (the parsed template and what is drawn once per look);
`render(report, context_or_theme, dest)` writes one document. The document-level writer is
here; the page plan decided before writing (`docx_pages`: contents page numbers, where long
tables continue), tables (`docx_tables`), the running header and footer (`docx_running`), the
contents page (`docx_contents`), charts (`docx_charts`) and style look-ups (`docx_styles`)
are apart.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.oxml.ns import qn
from docx.section import Section
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from ..conventions import language_tag
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
from .docx_charts import insert_chart
from .docx_contents import write_contents
from .docx_pages import PagePlan, StyleMetrics, chart_heading, plan_pages, style_metrics
from .docx_running import write_header_footer
from .docx_styles import (
    W_P,
    W_PPR,
    W_PSTYLE,
    W_RPR,
    W_VAL,
    keep_with_next,
    one_point_high,
    page_break_before,
    set_paragraph_style,
    style_faces,
    style_ids,
    style_size_pt,
)
from .docx_tables import (
    CELL_PADDING_PT,
    continued_caption,
    fill_rows,
    write_key_figures,
    write_table,
)
from .library_hooks import element_of
from .office_text import set_core_properties, set_word_run_fonts, xml_safe
from .office_zip import write_docx
from .table_layout import estimated_widths
from .template_copies import LoadedTemplate, OfficeTemplate

_STYLE_NAMES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Lead", "Note", "Marking",
                "Cover Line", "Table Text", "Table Header", "Figure Value", "Figure Label",
                "List Bullet", "Normal")
_W_R, _W_T = qn("w:r"), qn("w:t")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _open_template(path: str):
    document = docx.Document(path)
    drop_external_relationships(document.part.package)
    section = document.sections[0]
    # The header and footer every report writes into, made once (python-docx reads and
    # parses a default part for each on every `is_linked_to_previous = False`).
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    return document


TEMPLATE = OfficeTemplate("docx", _open_template, frozenset({
    CT.WML_STYLES, CT.WML_FONT_TABLE, CT.WML_WEB_SETTINGS, CT.WML_NUMBERING, CT.OFC_THEME,
    CT.OFC_CUSTOM_XML_PROPERTIES, CT.OFC_EXTENDED_PROPERTIES, CT.XML, CT.JPEG, CT.PNG}),
    frozenset({"word/document.xml"}))
"""The Word template, and the content types of its parts that the renderer only reads (the
document, settings, headers, footers and properties are written): those parts are shared by
every copy of the template. The document part, every report's own and most of its bytes, is
deflated at `office_zip.FAST_LEVEL` (measured in one run, CPU: a 154 KB unit pack's 0.28 ms
against 0.74 ms at level 6, 9.3 KB against 7.1 KB; the 10,000-task status report's 55 MB
0.09 s against 0.23 s, 2.4 MB against 1.7 MB)."""


@dataclass
class DocxContext:
    """What every Word document of one theme shares: the parsed template, its style ids,
    faces and sizes (the styles part is shared by every copy and never changed), and what is
    drawn once per look through python-docx (running header/footer and key-figure stamps,
    styled tables with their row templates). Made by `preload`; one per theme and template."""

    theme: Theme
    template: LoadedTemplate
    style_ids: dict[str, str]
    style_faces: dict[str, tuple[str, str]]
    style_sizes: dict[tuple[str, float], float] = field(default_factory=dict)
    stamps: dict[tuple, object] = field(default_factory=dict)
    """Blocks drawn once per look, as XML with marker texts (`xml_marks`)."""
    tables: dict[tuple, tuple] = field(default_factory=dict)
    """Styled empty tables, their row templates and column widths, by columns and look."""
    metrics: dict[str, StyleMetrics] = field(default_factory=dict)
    """Line heights and spacing of the paragraph styles, for the page plan (`docx_pages`)."""


def preload(theme: Theme) -> DocxContext:
    """Parses the theme's Word template once and reads its styles (before workers fork)."""
    template = TEMPLATE.load(theme.docx_template)
    styles = template.package.styles.element
    ids = style_ids(styles)
    missing = [name for name in _STYLE_NAMES if name not in ids]
    if missing:
        raise TemplateError(f"{theme.docx_template}: the Word template lacks the style(s) "
                            f"{', '.join(missing)}; add them in Word (Styles pane) or start "
                            "from templates/default.docx")
    return DocxContext(theme, template, ids, style_faces(styles))


def render(report: Report, context: DocxContext | Theme, dest: Path) -> list[str]:
    """Writes `report` as a Word document at `dest`; returns warnings. `context` is one
    from `preload`, or a Theme (then one is made for this document)."""
    if isinstance(context, Theme):
        context = preload(context)
    writer = _Writer(context.template.fresh(), report, context)
    writer.write()
    write_docx(writer.document, dest, report.info.created, context.template)
    return writer.warnings


class _Writer:
    """Fills one python-docx Document from a Report."""

    def __init__(self, document, report: Report, context: DocxContext):
        self.document = document
        self.report = report
        self.context = context
        self.theme = theme = context.theme
        self.language = report.info.language
        self.warnings: list[str] = []
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.body_end = body.find(qn("w:sectPr"))  # new blocks go before it
        # The section being written (its sectPr is the body's last; python-docx's
        # `document.sections` searches the whole body on each call).
        self.section = Section(self.body_end, document.part)
        # What shapes the XML of every stamped block besides its texts (the template is the
        # context's own).
        self.look = (tuple(sorted(theme.colours.items())), theme.latin_font,
                     theme.east_asian_font, self.language)
        self.tables_here: dict[tuple, tuple] = {}
        """Row templates by columns, look and column widths (`docx_tables`), made for this
        document's tables of other widths than the context's styled table."""

    # -- document-level -------------------------------------------------------------------

    def _theme_font_language(self) -> None:
        """The settings' East Asian theme-font language is the document's (python-docx's
        default template says ja-JP, which makes suites pick Japanese glyph forms)."""
        settings = self.document.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-TW" if self.language == "zh-Hant"
                     else self.theme.east_asian_language)

    def write(self) -> None:
        info = self.report.info
        set_core_properties(self.document.core_properties, info, language_tag(info.language))
        self._theme_font_language()
        section = self.section
        if (info.orientation == "landscape" and self.theme.orientation != "portrait"
                and section.page_width < section.page_height):
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        write_header_footer(self, section)
        turns = self.theme.orientation == "portrait" and section.page_width < section.page_height
        self.plan = self._plan(turns)
        self._cover(self.report.cover)
        if self.report.contents is not None:
            write_contents(self, self.report.contents.title, self.plan.section_pages)
        upright = self.text_width()  # measured against the portrait page, turned or not
        turned = False
        for number, item in enumerate(self.report.sections):
            if turns:  # a section with a table too wide for the page on landscape pages
                wide = any(isinstance(b, Table) and b.rows and not self.widths(b, upright)[1]
                           for b in item.blocks)
                if wide != turned:
                    self._turn_page(wide)
                    turned = wide
            heading = self.paragraph(item.title, "Heading 1")
            if (number, -1) in self.plan.breaks:
                page_break_before(element_of(heading))
            lead_in = True  # the paragraphs before the section's first table, chart or figures
            for position, (block, following) in enumerate(
                    zip(item.blocks, [*item.blocks[1:], None], strict=True)):
                before = self.body_end.getprevious()
                if isinstance(block, Table):
                    write_table(self, block, self.plan.chunks.get((number, position)),
                                continued_caption(self.report, item, block))
                    para = None
                else:
                    para = self._block(block, item.title)
                if (number, position) in self.plan.breaks:
                    self._new_page_at(before.getnext())
                lead_in = lead_in and not isinstance(block, (Table, Chart, KeyFigures))
                # Kept with what follows only where it introduces it: a heading, a lead-in
                # paragraph, a line just before a list or table (rows never keep with each
                # other).
                introduces = isinstance(following, (Bullets, Table, Chart, KeyFigures))
                if para is not None and following is not None and (
                        isinstance(block, Heading) or introduces
                        or (lead_in and not isinstance(following, Bullets))):
                    keep_with_next(element_of(para))
        self._no_trailing_page()

    def _new_page_at(self, first) -> None:
        """A block starts a new page: its first paragraph, or an empty one before its table."""
        if first.tag != W_P:
            first.addprevious(element_of(self.paragraph("", "Note")))
            first = first.getprevious()
        page_break_before(first)

    def _plan(self, turns: bool) -> PagePlan:
        """Where pages break (see `docx_pages`), from the page set-up as it is now."""
        section = self.section
        width, height = section.page_width / 12700, section.page_height / 12700
        top, bottom = section.top_margin / 12700, section.bottom_margin / 12700
        left, right = section.left_margin / 12700, section.right_margin / 12700

        def frame(landscape: bool) -> tuple[float, float]:
            if landscape == (width > height) or not turns:
                return width - left - right, height - top - bottom
            return height - top - bottom, width - left - right  # turned: margins go round

        def widths(block: Table, width_pt: float) -> tuple[list[float], bool]:
            emu, fits = self.widths(block, int(width_pt * 12700))
            return [w / 12700 for w in emu], fits

        metrics = self.context.metrics
        if not metrics:
            for name in {*_STYLE_NAMES, "Heading 1", "Heading 2"}:
                metrics[name] = style_metrics(self.document, name)
        return plan_pages(self.report, frame, metrics, widths, turns)

    def text_width(self) -> int:
        """The width (EMU) of the text column of the section being written."""
        section = self.section
        return section.page_width - section.left_margin - section.right_margin

    def widths(self, block: Table, width: int | None = None) -> tuple[list[int], bool]:
        """Column widths (EMU) measured from the texts (see `table_layout`), and whether the
        table fits `width` (EMU; default: the current text width)."""
        size = self.style_size_pt("Table Text", 9.0)
        width_pt = (width or self.text_width()) / 12700
        # Room for the quarter em between 汉字 and digits too: Word honours the cells'
        # w:autoSpaceDE/DN="0", LibreOffice 7 does not.
        widths, fits = estimated_widths(block, width_pt, size, CELL_PADDING_PT)
        return [int(w * 12700) for w in widths], fits

    def style_size_pt(self, name: str, default: float = 22.0) -> float:
        """The font size a paragraph style gives (following its base styles)."""
        sizes = self.context.style_sizes
        if (name, default) not in sizes:
            sizes[name, default] = style_size_pt(self.document, name, default)
        return sizes[name, default]

    def _turn_page(self, landscape: bool) -> None:
        """Ends the current Word section and starts one on a new page in the other
        orientation, with the same type area on its side; headers and footers carry on."""
        sentinel = self.body_end
        end = element_of(self.paragraph("", "Note"))
        end.get_or_add_pPr().append(copy.deepcopy(sentinel))  # the ending section's settings
        for ref in sentinel.xpath("w:headerReference|w:footerReference|w:titlePg"):
            sentinel.remove(ref)  # the new section inherits them; its first page is numbered
        section = self.section
        width, height = section.page_width, section.page_height
        top, bottom = section.top_margin, section.bottom_margin
        left, right = section.left_margin, section.right_margin
        if landscape == (width < height):
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = height, width
            if landscape:
                section.left_margin, section.right_margin = top, bottom
                section.top_margin, section.bottom_margin = left, right
            else:
                section.top_margin, section.bottom_margin = left, right
                section.left_margin, section.right_margin = top, bottom

    def _no_trailing_page(self) -> None:
        """The empty paragraph Word needs after a final table is made one point high, so
        that it never spills onto a page of its own."""
        last = self.body_end.getprevious()
        if last is None or last.tag != W_P or "".join(last.itertext()).strip():
            return
        one_point_high(last)

    # -- blocks ---------------------------------------------------------------------------

    def _cover(self, cover: Cover) -> None:
        if cover.full_page:
            if cover.marking:
                self.paragraph(cover.marking, "Marking")
            for _ in range(6):
                self.paragraph("", "Normal")
        self.paragraph("\n".join(title_lines(cover.title, self.style_size_pt("Title"),
                                             self.text_width() / 12700)), "Title")
        if cover.subtitle:
            self.paragraph(cover.subtitle, "Subtitle")
        if cover.full_page:
            for _ in range(4):
                self.paragraph("", "Normal")
        for line in cover.lines:
            self.paragraph(line, "Cover Line")
        if cover.full_page:
            self.page_break()

    def _block(self, block, section_title: str = ""):
        """Adds one block; returns its paragraph when it is a single paragraph."""
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            if level == 3 and "Heading 3" not in self.context.style_ids:
                level = 2
            return self.paragraph(block.text, f"Heading {level}")
        if isinstance(block, Paragraph):
            return self.paragraph(block.text, {"lead": "Lead", "note": "Note"}.get(block.style,
                                                                                  "Normal"))
        if isinstance(block, Bullets):
            for index, item in enumerate(block.items):
                para = self.paragraph(item, "List Bullet")
                if len(block.items) <= 8 and index < len(block.items) - 1:
                    keep_with_next(element_of(para))  # a short list stays together
        elif isinstance(block, KeyFigures):
            write_key_figures(self, block)
        elif isinstance(block, Chart):
            if chart_heading(block, section_title):  # as the PDF draws it over the chart
                keep_with_next(element_of(self.paragraph(block.title, "Heading 2")))
            para = self.paragraph("", "Normal")
            para.paragraph_format.keep_together = True
            para.paragraph_format.first_line_indent = 0  # the chart is the text's full width
            insert_chart(self.document, para, block, self.theme)
        elif isinstance(block, Table):
            write_table(self, block)
        elif isinstance(block, PageBreak):
            self.page_break()
        else:
            raise TypeError(f"unknown block {type(block).__name__}")
        return None

    def paragraph(self, text: str, style: str):
        """A new paragraph of `style` (a name Word shows) at the end of the body."""
        p = self.body_end.makeelement(W_P, {})
        self.body_end.addprevious(p)
        para = DocxParagraph(p, self.document.part)
        self.set_style(para, style)
        if text:
            self.run(para, text)
        return para

    def set_style(self, para, name: str) -> None:
        set_paragraph_style(element_of(para), self.context.style_ids[name])

    def run(self, para, text: str):
        """A run of `text` in the theme's fonts and the report's language.

        Replaces `para.add_run(text)` + `get_or_add_rPr()` for one-line texts: python-docx
        places each new child by searching a list of possible successors (≈ 0.1 ms a run);
        here the elements are appended in schema order. Texts with tabs or line breaks take
        the library's path, which turns them into w:tab and w:br.
        """
        text = xml_safe(text)
        p = element_of(para)
        ppr = p.find(W_PPR)
        pstyle = ppr.find(W_PSTYLE) if ppr is not None else None
        faces = self.context.style_faces.get(pstyle.get(W_VAL)) if pstyle is not None else None
        if any(c in text for c in "\t\n\r"):
            run = para.add_run(text)
            set_word_run_fonts(element_of(run).get_or_add_rPr(), self.theme, self.language,
                               faces)
            return run
        r = p.makeelement(_W_R, {})
        set_word_run_fonts(etree.SubElement(r, W_RPR), self.theme, self.language, faces)
        if text:
            t = etree.SubElement(r, _W_T)
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_XML_SPACE, "preserve")
        p.append(r)
        return Run(r, para)

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


__all__ = ["DocxContext", "fill_rows", "insert_chart", "preload", "render"]
