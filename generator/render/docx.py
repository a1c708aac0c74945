"""DOCX renderer (python-docx): template styles by name, native charts, repeating headers."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from string import Formatter

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.section import Section
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

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
from ..errors import TemplateError
from ..template_safety import drop_external_relationships
from ..textwidth import title_lines
from ..theme import Theme, fill_running_text
from .office_text import set_core_properties, set_word_run_fonts, xml_safe
from .office_zip import write_docx
from .row_templates import RowTemplates, defer_rows
from .table_layout import estimated_widths
from .template_copies import OfficeTemplate, file_identity
from .xml_marks import MarkedXml, markers, with_texts

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}
_CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_STYLE_NAMES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Lead", "Note", "Marking",
                "Cover Line", "Table Text", "Table Header", "Figure Value", "Figure Label",
                "List Bullet", "Normal")


def render(report: Report, theme: Theme, dest: Path) -> list[str]:
    """Writes `report` as a Word document at `dest`; returns warnings."""
    document = TEMPLATE.fresh(theme.docx_template)
    writer = _Writer(document, report, theme)
    writer.write()
    write_docx(document, dest, report.info.created)
    return writer.warnings


def preload(theme: Theme) -> None:
    """Parses the theme's Word template once, before workers are forked."""
    TEMPLATE.fresh(theme.docx_template)


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
    CT.OFC_CUSTOM_XML_PROPERTIES, CT.OFC_EXTENDED_PROPERTIES, CT.XML, CT.JPEG, CT.PNG}))
"""The Word template, and the content types of its parts that the renderer only reads (the
document, settings, headers, footers and properties are written): those parts are shared by
every copy of the template."""


class _Writer:
    """Fills one python-docx Document from a Report."""

    def __init__(self, document, report: Report, theme: Theme):
        self.document = document
        self.report = report
        self.theme = theme
        self.language = report.info.language
        self.warnings: list[str] = []
        # Style ids by the name users see in Word, looked up once: python-docx's
        # `paragraph.style = name` scans every style on each call (quadratic in a long report).
        self._style_ids = _style_ids(document)
        self._style_faces = _style_faces(document)
        available = self._style_ids
        missing = [name for name in _STYLE_NAMES if name not in available]
        if missing:
            raise TemplateError(f"{theme.docx_template}: the Word template lacks the style(s) "
                                f"{', '.join(missing)}; add them in Word (Styles pane) or start "
                                "from templates/default.docx")
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._body_end = body.find(qn("w:sectPr"))  # new blocks go before it
        # The section being written (its sectPr is the body's last; python-docx's
        # `document.sections` searches the whole body on each call).
        self._section = Section(self._body_end, document.part)
        self._sizes: dict[tuple[str, float], float] = {}
        # What shapes the XML of every stamped block besides its texts.
        self._look = (file_identity(theme.docx_template), tuple(sorted(theme.colours.items())),
                      theme.latin_font, theme.east_asian_font, self.language)

    # -- document-level -------------------------------------------------------------------

    def write(self) -> None:
        info = self.report.info
        self._properties()
        section = self.document.sections[0]
        if (info.orientation == "landscape" and self.theme.orientation != "portrait"
                and section.page_width < section.page_height):
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        self._header_footer(section)
        self._cover(self.report.cover)
        if self.report.contents is not None:
            self._contents(self.report.contents.title)
        turns = self.theme.orientation == "portrait" and section.page_width < section.page_height
        upright = self._text_width()  # measured against the portrait page, turned or not
        turned = False
        for item in self.report.sections:
            if turns:  # a section with a table too wide for the page on landscape pages
                wide = any(isinstance(b, Table) and b.rows and not self._widths(b, upright)[1]
                           for b in item.blocks)
                if wide != turned:
                    self._turn_page(wide)
                    turned = wide
            self._paragraph(item.title, "Heading 1")
            lead_in = True  # the paragraphs before the section's first table, chart or figures
            for block, following in zip(item.blocks, [*item.blocks[1:], None], strict=True):
                para = self._block(block)
                lead_in = lead_in and not isinstance(block, (Table, Chart, KeyFigures))
                # Kept with what follows only where it introduces it: a heading, a lead-in
                # paragraph, a line just before a list or table (rows never keep with each
                # other).
                introduces = isinstance(following, (Bullets, Table, Chart, KeyFigures))
                if para is not None and following is not None and (
                        isinstance(block, Heading) or introduces
                        or (lead_in and not isinstance(following, Bullets))):
                    keep_with_next(para._p)
        self._no_trailing_page()

    def _text_width(self) -> int:
        """The width (EMU) of the text column of the section being written."""
        section = self._section
        return section.page_width - section.left_margin - section.right_margin

    def _widths(self, block: Table, width: int | None = None) -> tuple[list[int], bool]:
        """Column widths (EMU) measured from the texts (see `table_layout`), and whether the
        table fits `width` (EMU; default: the current text width)."""
        size = self._style_size_pt("Table Text", 9.0)
        width_pt = (width or self._text_width()) / 12700
        # Room for the quarter em between 汉字 and digits too: Word honours the cells'
        # w:autoSpaceDE/DN="0", LibreOffice 7 does not.
        widths, fits = estimated_widths(block, width_pt, size, CELL_PADDING_PT)
        return [Emu(int(w * 12700)) for w in widths], fits

    def _turn_page(self, landscape: bool) -> None:
        """Ends the current Word section and starts one on a new page in the other
        orientation, with the same type area on its side; headers and footers carry on."""
        sentinel = self._body_end
        end = self._paragraph("", "Note")
        ppr = end._p.get_or_add_pPr()
        ppr.append(copy.deepcopy(sentinel))  # the section that ends here keeps its settings
        for ref in sentinel.xpath("w:headerReference|w:footerReference|w:titlePg"):
            sentinel.remove(ref)  # the new section inherits them; its first page is numbered
        section = self._section
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
        last = self._body_end.getprevious()
        if last is None or last.tag != _W_P or "".join(last.itertext()).strip():
            return
        ppr = last.find(_W_PPR)
        if ppr is None:
            ppr = last.makeelement(_W_PPR, {})
            last.insert(0, ppr)
        for old in ppr.findall(qn("w:spacing")):
            ppr.remove(old)
        spacing = ppr.makeelement(qn("w:spacing"), {qn("w:before"): "0", qn("w:after"): "0",
                                                    qn("w:line"): "20",
                                                    qn("w:lineRule"): "exact"})
        later = [c for c in ppr if c.tag not in {_W_PSTYLE, _W_KEEP_NEXT, qn("w:keepLines"),
                                                  qn("w:pageBreakBefore"), qn("w:framePr"),
                                                  qn("w:widowControl"), qn("w:numPr"),
                                                  qn("w:suppressLineNumbers"), qn("w:pBdr"),
                                                  qn("w:shd"), qn("w:tabs"),
                                                  qn("w:suppressAutoHyphens"), qn("w:kinsoku"),
                                                  qn("w:wordWrap"), qn("w:overflowPunct"),
                                                  qn("w:topLinePunct"), qn("w:autoSpaceDE"),
                                                  qn("w:autoSpaceDN"), qn("w:bidi"),
                                                  qn("w:adjustRightInd"), qn("w:snapToGrid")}]
        if later:
            later[0].addprevious(spacing)
        else:
            ppr.append(spacing)

    def _properties(self) -> None:
        info = self.report.info
        set_core_properties(self.document.core_properties, info,
                            language_tag(info.language))

    def _header_footer(self, section) -> None:
        """The running header (marking, header text, a rule below) and footer (the page label
        with live page fields). Their paragraphs are drawn once per look and shape of texts
        and copied as XML with the texts afterwards (≈ 0.5 ms a document through python-docx);
        texts with tabs or line breaks are drawn each time."""
        info = self.report.info
        section.different_first_page_header_footer = self.report.cover.full_page
        header, footer = section.header, section.footer
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        heading = info.header.replace(info.marking or "\0", "", 1).strip()
        pieces = self._page_label_pieces()
        if self.theme.pdf_footer_align == "outer" or self.theme.pdf_header == "":
            self._official_header_footer(section, pieces)
            return
        header_texts = [info.marking or "", heading]
        footer_texts = [piece for kind, piece in pieces if kind == "text"]
        if any(c in text for text in header_texts + footer_texts for c in "\t\n\r"):
            self._draw_header(header.paragraphs[0], *header_texts)  # tabs and breaks: drawn
            self._draw_footer(footer.paragraphs[0], pieces)
            return
        # A text's spaces at either end stay in the stamp (they decide xml:space="preserve");
        # an empty text has no w:t at all. Both are part of the stamp's key.
        shapes = [(text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):], bool(text))
                  for text in header_texts + footer_texts]
        key = ("running", self._look, tuple(shapes),
               tuple(piece if kind == "field" else kind for kind, piece in pieces))
        stamps = _STAMPS.get(key)
        if stamps is None:
            marks = iter(f"{lead}{mark}{trail}" if present else ""
                         for (lead, trail, present), mark in zip(shapes, markers(len(shapes)),
                                                                 strict=True))
            head = header.paragraphs[0]
            self._draw_header(head, next(marks), next(marks))
            foot = footer.paragraphs[0]
            self._draw_footer(foot, [(kind, next(marks) if kind == "text" else piece)
                                     for kind, piece in pieces])
            stamps = _STAMPS[key] = (
                MarkedXml(etree.tostring(head._p, encoding="unicode"), parse_xml),
                MarkedXml(etree.tostring(foot._p, encoding="unicode"), parse_xml))
        texts = [text.strip() for text in header_texts + footer_texts]
        for para, stamp in zip((header.paragraphs[0], footer.paragraphs[0]), stamps,
                               strict=True):
            para._p.getparent().replace(para._p, stamp.copy(texts)[0])

    def _official_header_footer(self, section, pieces: list[tuple[str, str]]) -> None:
        """GB/T 9704: no running header (when the theme has none), the page number on the
        outer side, one character in: odd pages right, even pages left; none on the cover."""
        info = self.report.info
        head = section.header.paragraphs[0]
        if self.theme.pdf_header == "":
            _clear(head)
        else:
            self._draw_header(head, info.marking or "",
                              info.header.replace(info.marking or "\0", "", 1).strip())
        odd = section.footer.paragraphs[0]
        self._draw_footer(odd, pieces)
        if self.theme.pdf_footer_align != "outer":
            return
        self.document.settings.odd_and_even_pages_header_footer = True
        size = Pt(self._style_size_pt("Footer", 14.0))
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = size
        section.even_page_header.is_linked_to_previous = False
        section.even_page_footer.is_linked_to_previous = False
        even = section.even_page_footer.paragraphs[0]
        self._draw_footer(even, pieces)
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = size

    def _page_label_pieces(self) -> list[tuple[str, str]]:
        """The footer as text and field pieces. Only the theme's own `{page}` and `{pages}`
        become fields: plan text filled into it (a title reading "{pages}") stays text."""
        info = self.report.info
        if not self.theme.pdf_footer:
            return _label_pieces(info.page_label)
        fill_running_text(self.theme.pdf_footer, {})  # only the allowed placeholders
        values = {"title": info.title, "organisation": info.author, "meeting": info.meeting,
                  "as_of": info.as_of_text, "marking": info.marking or ""}
        pieces: list[tuple[str, str]] = []
        for literal, name, _, _ in Formatter().parse(self.theme.pdf_footer):
            texts = [literal]
            if name in {"page", "pages"}:
                if literal:
                    pieces.append(("text", literal))
                pieces.append(("field", "PAGE" if name == "page" else "NUMPAGES"))
                continue
            if name is not None:
                texts.append(str(values.get(name, "")))
            text = "".join(texts)
            if text and pieces and pieces[-1][0] == "text":
                pieces[-1] = ("text", pieces[-1][1] + text)
            elif text:
                pieces.append(("text", text))
        return pieces

    def _draw_header(self, para, marking: str, heading: str) -> None:
        if "Header" in self._style_ids:
            self._set_style(para, "Header")
        _clear(para)
        if marking:
            run = self._run(para, marking)
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(self.theme.colour("accent"))
            self._run(para, "    ")
        self._run(para, heading)
        _bottom_border(para, self.theme.colour("rule"))

    def _draw_footer(self, para, pieces: list[tuple[str, str]]) -> None:
        """The label's texts as runs and its fields as live PAGE / NUMPAGES fields."""
        _clear(para)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for kind, piece in pieces:
            if kind == "field":
                self._field(para, piece)
            else:
                self._run(para, piece)

    def _field(self, para, instruction: str) -> None:
        run = self._run(para, "")
        r = run._r
        r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
        instr = parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} '
                          '</w:instrText>')
        r.append(instr)
        r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
        r.append(parse_xml(f'<w:t {nsdecls("w")}>1</w:t>'))
        r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))

    def _contents(self, title: str) -> None:
        """A TOC field over the level-1 headings whose shown result already lists each
        section with its page number, taken from the PDF renderer's layout of the same
        report (the same page set-up, sizes and column widths; within a page of what other
        suites lay out), shown as is by any suite with no update prompt;
        Word's "Update field" rebuilds it from the document's own pages."""
        from .pdf import section_pages  # the layout of the same content

        style = "TOC Heading" if "TOC Heading" in self._style_ids else "Heading 1"
        self._paragraph(title, style)
        sections = [s.title for s in self.report.sections] or [""]
        try:
            pages = [str(n) for n in section_pages(self.report, self.theme)]
        except Exception as exc:  # noqa: BLE001 - a contents page without numbers, not a crash
            self.warnings.append(f"contents page without page numbers ({exc})")
            pages = []
        if len(pages) != len(sections):
            pages = [""] * len(sections)
        tab = int(self._text_width() / 635)  # EMU → twentieths of a point
        entries = []
        for text, page in zip(sections, pages, strict=True):
            para = self._paragraph("", "Normal")
            _contents_entry_format(para._p, tab)
            entries.append((para, text, page))
        first = entries[0][0]
        run = self._run(first, "")
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
        run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> TOC \\o '
                                '"1-1" \\h \\z \\u </w:instrText>'))
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
        for para, text, page in entries:
            self._run(para, text)
            if page:
                tab_run = self._run(para, "")
                tab_run._r.append(parse_xml(f'<w:tab {nsdecls("w")}/>'))
                self._run(para, page)
        end = self._run(entries[-1][0], "")
        end._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
        self._page_break()

    # -- blocks ---------------------------------------------------------------------------

    def _cover(self, cover: Cover) -> None:
        if cover.full_page:
            if cover.marking:
                self._paragraph(cover.marking, "Marking")
            for _ in range(6):
                self._paragraph("", "Normal")
        self._paragraph("\n".join(title_lines(cover.title, self._style_size_pt("Title"),
                                               self._text_width_pt())), "Title")
        if cover.subtitle:
            self._paragraph(cover.subtitle, "Subtitle")
        if cover.full_page:
            for _ in range(4):
                self._paragraph("", "Normal")
        for line in cover.lines:
            self._paragraph(line, "Cover Line")
        if cover.full_page:
            self._page_break()

    def _style_size_pt(self, name: str, default: float = 22.0) -> float:
        """The font size a paragraph style gives (following its base styles)."""
        key = (name, default)
        if key not in self._sizes:
            self._sizes[key] = _style_size_pt(self.document, name, default)
        return self._sizes[key]

    def _text_width_pt(self) -> float:
        return self._text_width() / 12700

    def _block(self, block):
        """Adds one block; returns its paragraph when it is a single paragraph."""
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            if level == 3 and "Heading 3" not in self._style_ids:
                level = 2
            return self._paragraph(block.text, f"Heading {level}")
        if isinstance(block, Paragraph):
            return self._paragraph(block.text, {"lead": "Lead", "note": "Note"}.get(block.style,
                                                                                   "Normal"))
        if isinstance(block, Bullets):
            for index, item in enumerate(block.items):
                para = self._paragraph(item, "List Bullet")
                if len(block.items) <= 8 and index < len(block.items) - 1:
                    keep_with_next(para._p)  # a short list stays together
        elif isinstance(block, KeyFigures):
            self._key_figures(block)
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, PageBreak):
            self._page_break()
        else:
            raise TypeError(f"unknown block {type(block).__name__}")
        return None

    def _paragraph(self, text: str, style: str):
        p = self._body_end.makeelement(_W_P, {})
        self._body_end.addprevious(p)
        para = DocxParagraph(p, self.document._body)
        self._set_style(para, style)
        if text:
            self._run(para, text)
        return para

    def _set_style(self, para, name: str) -> None:
        set_paragraph_style(para._p, self._style_ids[name])

    def _run(self, para, text: str):
        """A run of `text` in the theme's fonts and the report's language.

        Replaces `para.add_run(text)` + `get_or_add_rPr()` for one-line texts: python-docx
        places each new child by searching a list of possible successors (≈ 0.1 ms a run);
        here the elements are appended in schema order. Texts with tabs or line breaks take
        the library's path, which turns them into w:tab and w:br.
        """
        text = xml_safe(text)
        p = para._p
        ppr = p.find(_W_PPR)
        pstyle = ppr.find(_W_PSTYLE) if ppr is not None else None
        faces = self._style_faces.get(pstyle.get(_W_VAL)) if pstyle is not None else None
        if any(c in text for c in "\t\n\r"):
            run = para.add_run(text)
            set_word_run_fonts(run._r.get_or_add_rPr(), self.theme, self.language, faces)
            return run
        r = p.makeelement(_W_R, {})
        set_word_run_fonts(etree.SubElement(r, _W_RPR), self.theme, self.language, faces)
        if text:
            t = etree.SubElement(r, _W_T)
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_XML_SPACE, "preserve")
        p.append(r)
        return Run(r, para)

    def _page_break(self) -> None:
        para = self.document.add_paragraph()
        para.add_run().add_break(WD_BREAK.PAGE)

    def _key_figures(self, block: KeyFigures) -> None:
        """A row of figure cards: a two-row table drawn once per look through python-docx
        (≈ 3 ms: cells, shading, borders) and copied as XML with its texts afterwards."""
        tones = tuple(_tone(self.theme, item.tone) for item in block.items)
        width = self._text_width()
        key = ("figures", self._look, tones, int(width))  # column widths follow the page
        xml = _STAMPS.get(key)
        if xml is None:
            table = self._draw_key_figures(markers(2 * len(tones)), tones)
            xml = _STAMPS[key] = etree.tostring(table._tbl, encoding="unicode")
            table._tbl.getparent().remove(table._tbl)
        texts = [item.value for item in block.items] + [item.label for item in block.items]
        self._body_end.addprevious(parse_xml(with_texts(xml, texts)))
        self._paragraph("", "Note")

    def _draw_key_figures(self, texts: list[str], tones: tuple[str | None, ...]):
        n = len(tones)
        table = self.document.add_table(rows=2, cols=n)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_borders(table, self.theme.colour("rule"), inner_horizontal=False)
        row_value, row_label = table.rows[0].cells, table.rows[1].cells
        for i, tone in enumerate(tones):
            for cell in (row_value[i], row_label[i]):
                _shade(cell, self.theme.colour("stripe"))
            para = row_value[i].paragraphs[0]
            self._set_style(para, "Figure Value")
            run = self._run(para, texts[i])
            if tone:
                run.font.color.rgb = RGBColor.from_string(tone)
            para = row_label[i].paragraphs[0]
            self._set_style(para, "Figure Label")
            self._run(para, texts[n + i])
        return table

    def _chart(self, block: Chart) -> None:
        para = self._paragraph("", "Normal")
        para.paragraph_format.keep_together = True
        insert_chart(self.document, para, block, self.theme)

    def _table(self, block: Table) -> None:
        if not block.rows:
            if block.empty_text:
                self._paragraph(block.empty_text, "Note")
            return
        if block.caption:
            self._paragraph(block.caption, "Note")
        widths, _ = self._widths(block)
        key = (block.columns, self._look)
        rows = [[(c.text, _tone(self.theme, c.tone)) for c in row] for row in block.rows]
        cached = _TABLE_CACHE.get(key)
        if cached is None:
            tbl = self._styled_table(block, widths)
            proto = copy.deepcopy(tbl)
            templates = fill_rows(tbl.findall(_W_TR)[1], rows, self.theme.colour("stripe"),
                                  self.document.part)
            _TABLE_CACHE[key] = (proto, templates, _twips(widths))
        else:
            # Later tables with the same columns copy the styled header and prototype row
            # instead of styling them again through python-docx (≈ 5 ms a table; a unit pack
            # has one per area), with their own column widths put in.
            proto, templates, twips = cached
            tbl = copy.deepcopy(proto)
            self._body_end.addprevious(tbl)
            if _twips(widths) != twips:
                templates = _with_widths(tbl, templates, widths)
            fill_rows(tbl.findall(_W_TR)[1], rows, self.theme.colour("stripe"),
                      self.document.part, templates)
        self._paragraph("", "Note")

    def _styled_table(self, block: Table, widths: list[int]):
        """A table with a styled header row and an empty, styled prototype row."""
        columns = block.columns
        table = self.document.add_table(rows=2, cols=len(columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_borders(table, self.theme.colour("rule"))
        _set_grid(table, widths)
        _cell_margins(table, CELL_PADDING_PT)
        header, proto = table.rows[0], table.rows[1]
        _repeat_header(header)
        for cell, column, w in zip(header.cells, columns, widths, strict=True):
            cell.width = w
            _shade(cell, self.theme.colour("header_fill"))
            para = cell.paragraphs[0]
            self._set_style(para, "Table Header")
            keep_with_next(para._p)  # never alone at the foot of a page
            _no_auto_space(para._p)
            self._run(para, column.header)
        for cell, column, w in zip(proto.cells, columns, widths, strict=True):
            cell.width = w
            para = cell.paragraphs[0]
            self._set_style(para, "Table Text")
            _no_auto_space(para._p)
            para.alignment = _ALIGN[column.align]
            self._run(para, "")
        _cant_split(proto)
        return table._tbl


_TABLE_CACHE: dict[tuple, tuple] = {}


def _twips(widths) -> tuple[int, ...]:
    """Column widths (EMU) in twentieths of a point, rounded as python-docx's `cell.width`."""
    return tuple(Emu(w).twips for w in widths)


_TCW = re.compile(r'(<w:tcW [^>]*w:w=")\d+(")')


def _with_widths(tbl, templates: RowTemplates, widths) -> RowTemplates:
    """`tbl` (a copy of a styled table) and its row templates given other column widths:
    the grid (as `_set_grid` writes it) and each cell's w:tcW (as `cell.width` writes it)."""
    twips = _twips(widths)
    for col, width in zip(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")), widths,
                          strict=True):
        col.set(qn("w:w"), str(int(width / 635)))
    header = tbl.find(_W_TR)
    for tc, w in zip(header.iterchildren(_W_TC), twips, strict=True):
        tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").set(qn("w:w"), str(w))
    return templates.with_cells(
        lambda c, xml: _TCW.sub(lambda m: f"{m.group(1)}{twips[c]}{m.group(2)}", xml, 1))


def _style_size_pt(document, name: str, default: float) -> float:
    """The font size a paragraph style gives (following its base styles)."""
    style = document.styles[name]
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return default
"""Styled empty tables and their row templates, by columns and look (per process)."""


def insert_chart(document, para, block: Chart, theme: Theme) -> None:
    """A native, editable Word chart (with its workbook) in a new run of `para`, as wide as
    the text column."""
    from .charts import chart_space_xml  # python-pptx's chart writer: only when there is a chart

    chart_xml, workbook = chart_space_xml(block, theme, font_size=9)
    package = document.part.package
    existing = [p.partname for p in package.iter_parts()
                if str(p.partname).startswith("/word/charts/chart")]
    n = len(existing) + 1
    workbook_part = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{n}.xlsx"),
                         _CT_XLSX, workbook, package)
    chart_part = Part(PackURI(f"/word/charts/chart{n}.xml"), _CT_CHART, b"", package)
    rid_book = chart_part.relate_to(workbook_part, RT.PACKAGE)
    external = chart_xml.get_or_add_externalData()
    external.rId = rid_book
    chart_part._blob = _serialise(chart_xml)
    rid = document.part.relate_to(chart_part, RT.CHART)
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    # a line chart's legend takes a row per two series below the plot
    height = Emu(int(Mm(44) + Mm(4) * len(block.series) if block.kind == "line" else
                     Mm(18) + Mm(4.0) * len(block.categories) * max(1, len(block.series))))
    ids = [int(x) for x in document.element.body.xpath(".//wp:docPr/@id")] or [100]
    run = para.add_run()
    run._r.append(parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a", "r")}><wp:inline distT="0" distB="0" '
        f'distL="0" distR="0"><wp:extent cx="{int(width)}" cy="{int(height)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{max(ids) + 1}" name="Chart {n}" descr="{_attr(block.title)}"/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'))


def fill_rows(proto, rows: list[list[tuple[str, str | None]]], stripe: str, part,
              templates: RowTemplates | None = None) -> RowTemplates:
    """One table row per item in place of the styled prototype row `proto` (a `w:tr`);
    returns the row templates, to be passed again for tables of the same look.

    Replaces `table.add_row()` + `cell.text` (≈ 0.46 ms a row; `table.cell(i, j)` loops are
    quadratic): the rows are written as text (see `row_templates`) and inserted when `part`
    is saved, so they cannot be read back before then. Every `w:t` keeps spaces
    (`xml:space="preserve"`); `\\n` and `\\t` become `w:br` and `w:tab` as python-docx does.
    """
    templates = templates or RowTemplates(proto, "w", stripe, _shade_tc, _bold_colour)
    texts = [templates.row(cells, bool(i % 2)) for i, cells in enumerate(rows)]
    # A page never ends after the first row nor starts with the last one alone: those rows'
    # paragraphs keep with the next row (Word's and LibreOffice's way of holding rows).
    for i in {0, len(texts) - 2} - {-1, len(texts) - 1}:
        texts[i] = _P_STYLE.sub(r"\1<w:keepNext/>", texts[i])
    text = "".join(texts)
    tbl = proto.getparent()
    tbl.remove(proto)
    defer_rows(part, tbl, text)
    return templates


def _bold_colour(run, colour: str) -> None:
    """Bold and coloured text on one run; placed straight after w:rFonts when the run has one
    (python-docx's generic `get_or_add_*` searches ~40 successor tags per call)."""
    rpr = run.get_or_add_rPr()
    fonts = rpr.find(_W_RFONTS)
    if fonts is None or rpr.find(_W_B) is not None or rpr.find(_W_COLOR) is not None:
        rpr.get_or_add_b()
        rpr.get_or_add_color().set(_W_VAL, colour)
        return
    colour_el = rpr.makeelement(_W_COLOR, {_W_VAL: colour})
    fonts.addnext(colour_el)
    fonts.addnext(rpr.makeelement(_W_B, {}))


_W_TC, _W_R, _W_T, _W_VAL = qn("w:tc"), qn("w:r"), qn("w:t"), qn("w:val")
_W_TR = qn("w:tr")
_W_RFONTS, _W_B, _W_COLOR = qn("w:rFonts"), qn("w:b"), qn("w:color")
_W_P, _W_PPR, _W_PSTYLE, _W_RPR = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:rPr")
_W_KEEP_NEXT = qn("w:keepNext")
_P_STYLE = re.compile(r"(<w:pStyle [^>]*/>)")
_STAMPS: dict[tuple, str] = {}
"""Blocks drawn once per look through python-docx, as XML with marker texts (`xml_marks`)."""


def _style_ids(document) -> dict[str, str]:
    """Style ids by the names Word shows (what `{s.name: s.style_id for s in
    document.styles}` gives, without wrapping every style in a python-docx object). The
    styles part is shared by every copy of a template and never changed: read once."""
    styles = document.styles.element
    known = _STYLE_IDS.get(id(styles))
    if known is not None and known[0] is styles:
        return known[1]
    ids = {}
    for style in styles.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            ids[BabelFish.internal2ui(name.get(_W_VAL))] = style.get(qn("w:styleId"))
    _STYLE_IDS[id(styles)] = (styles, ids)
    return ids


_STYLE_IDS: dict[int, tuple[object, dict[str, str]]] = {}


def _style_faces(document) -> dict[str, tuple[str, str]]:
    """(Latin, East Asian) faces of the paragraph styles whose fonts differ from the
    document's defaults (following `w:basedOn`): a GB/T 9704 template's 黑体 level-1 and 楷体
    level-2 headings keep their faces on the runs, which otherwise name the theme's fonts."""
    styles = document.styles.element
    known = _STYLE_FACES.get(id(styles))
    if known is not None and known[0] is styles:
        return known[1]

    def own(element) -> tuple[str | None, str | None]:
        fonts = element.find(f"{_W_RPR}/{_W_RFONTS}") if element is not None else None
        if fonts is None:
            return None, None
        return fonts.get(qn("w:ascii")), fonts.get(qn("w:eastAsia"))

    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    defaults = own(styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}"))
    faces = {}
    for style_id in by_id:
        latin = east_asian = None
        current, seen = by_id.get(style_id), set()
        while current is not None and (latin is None or east_asian is None) \
                and id(current) not in seen:
            seen.add(id(current))
            mine = own(current)
            latin, east_asian = latin or mine[0], east_asian or mine[1]
            based = current.find(qn("w:basedOn"))
            current = by_id.get(based.get(_W_VAL)) if based is not None else None
        latin, east_asian = latin or defaults[0], east_asian or defaults[1]
        if (latin, east_asian) != defaults and latin and east_asian:
            faces[style_id] = (latin, east_asian)
    _STYLE_FACES[id(styles)] = (styles, faces)
    return faces


_STYLE_FACES: dict[int, tuple[object, dict[str, tuple[str, str]]]] = {}


def set_paragraph_style(p, style_id: str) -> None:
    """`p.style = style_id` without python-docx's successor searches (w:pPr is a paragraph's
    first child, w:pStyle its properties' first)."""
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = p.makeelement(_W_PPR, {})
        p.insert(0, ppr)
    pstyle = ppr.find(_W_PSTYLE)
    if pstyle is None:
        pstyle = ppr.makeelement(_W_PSTYLE, {})
        ppr.insert(0, pstyle)
    pstyle.set(_W_VAL, style_id)


def keep_with_next(p) -> None:
    """`paragraph_format.keep_with_next = True` without python-docx's successor searches
    (w:keepNext comes right after w:pStyle, first of the other properties)."""
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = p.makeelement(_W_PPR, {})
        p.insert(0, ppr)
    if ppr.find(_W_KEEP_NEXT) is None:
        first = ppr[0] if len(ppr) else None
        ppr.insert(1 if first is not None and first.tag == _W_PSTYLE else 0,
                   ppr.makeelement(_W_KEEP_NEXT, {}))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _serialise(element) -> bytes:

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _attr(text: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(xml_safe(text))[1:-1]


def _tone(theme: Theme, tone: str | None) -> str | None:
    return tone_colour(theme, tone)


def _label_pieces(label: str) -> list[tuple[str, str]]:
    """`第 {page} 页 共 {pages} 页` as ("text", …) and ("field", "PAGE" | "NUMPAGES") pieces;
    texts are never empty."""
    pieces = []
    rest = label
    while rest:
        positions = [(rest.find(k), k) for k in ("{page}", "{pages}") if k in rest]
        if not positions:
            pieces.append(("text", rest))
            break
        index, key = min(positions)
        if index:
            pieces.append(("text", rest[:index]))
        pieces.append(("field", "PAGE" if key == "{page}" else "NUMPAGES"))
        rest = rest[index + len(key):]
    return pieces


def _contents_entry_format(p, tab: int) -> None:
    """A contents line: no indent, left-aligned, a dotted right tab at the text's edge."""
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = p.makeelement(_W_PPR, {})
        p.insert(0, ppr)
    ppr.append(parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" '
                         f'w:pos="{tab}"/></w:tabs>'))
    ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="0" w:firstLine="0" '
                         'w:firstLineChars="0"/>'))
    ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="left"/>'))


def _clear(para) -> None:
    for run in list(para.runs):
        run._r.getparent().remove(run._r)


def _shade(cell, colour: str) -> None:
    _shade_tc(cell._tc, colour)


def _shade_tc(tc, colour: str) -> None:
    tc_pr = tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{colour}"/>')
    # w:shd comes after tcW, gridSpan, vMerge, tcBorders and before noWrap, tcMar, vAlign.
    successors = {qn("w:noWrap"), qn("w:tcMar"), qn("w:textDirection"), qn("w:tcFitText"),
                  qn("w:vAlign"), qn("w:hideMark")}
    for child in tc_pr:
        if child.tag in successors:
            child.addprevious(shd)
            return
    tc_pr.append(shd)


def _table_borders(table, colour: str, inner_horizontal: bool = True) -> None:
    tbl_pr = table._tbl.tblPr
    inside_h = (f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{colour}"/>'
                if inner_horizontal else '<w:insideH w:val="nil"/>')
    borders = parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{colour}"/>'
                  for side in ("top", "left", "bottom", "right"))
        + inside_h
        + f'<w:insideV w:val="single" w:sz="4" w:space="0" w:color="{colour}"/></w:tblBorders>')
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    # tblBorders follows tblStyle..tblInd; before shd, tblLayout, tblCellMar, tblLook.
    successors = {qn("w:shd"), qn("w:tblLayout"), qn("w:tblCellMar"), qn("w:tblLook"),
                  qn("w:tblCaption"), qn("w:tblDescription")}
    for child in tbl_pr:
        if child.tag in successors:
            child.addprevious(borders)
            break
    else:
        tbl_pr.append(borders)


def _set_grid(table, widths) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU → twentieths of a point
    layout = parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>')
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblLayout")):
        tbl_pr.remove(old)
    successors = {qn("w:tblCellMar"), qn("w:tblLook"), qn("w:tblCaption"),
                  qn("w:tblDescription")}
    for child in tbl_pr:
        if child.tag in successors:
            child.addprevious(layout)
            break
    else:
        tbl_pr.append(layout)


def _no_auto_space(p) -> None:
    """No extra space between Chinese and Latin letters or digits in a table cell (Word's
    and WPS's default adds about a quarter em): cells break nearer to where the PDF breaks
    them. (LibreOffice 7 ignores this; the column widths leave room for its spaces.)"""
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = p.makeelement(_W_PPR, {})
        p.insert(0, ppr)
    later = {qn(f"w:{t}") for t in ("bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
                                     "contextualSpacing", "mirrorIndents", "suppressOverlap",
                                     "jc", "textDirection", "textAlignment", "textboxTightWrap",
                                     "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
                                     "pPrChange")}
    successor = next((c for c in ppr if c.tag in later), None)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = ppr.makeelement(qn(tag), {_W_VAL: "0"})
        if successor is not None:
            successor.addprevious(element)
        else:
            ppr.append(element)


CELL_PADDING_PT = 3.0
"""Inner cell margins of task tables on every side (the PDF's): Word's default, 5.4 pt left
and right and none above and below, gives other row heights and line breaks than the PDF."""


def _cell_margins(table, points: float) -> None:
    """`w:tblCellMar` with `points` on all four sides (after tblLayout, before tblLook)."""
    twips = int(points * 20)
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}>' + "".join(
        f'<w:{side} w:w="{twips}" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
        + "</w:tblCellMar>")
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    later = next((c for c in tbl_pr if c.tag in {qn("w:tblLook"), qn("w:tblCaption"),
                                                 qn("w:tblDescription")}), None)
    if later is not None:
        later.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))


def _bottom_border(para, colour: str) -> None:
    p_pr = para._p.get_or_add_pPr()
    border = parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="1" '
                       f'w:color="{colour}"/></w:pBdr>')
    # pBdr comes early in pPr: after pStyle, keepNext, keepLines, pageBreakBefore, framePr,
    # widowControl, numPr, suppressLineNumbers.
    early = {qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"), qn("w:pageBreakBefore"),
             qn("w:framePr"), qn("w:widowControl"), qn("w:numPr"), qn("w:suppressLineNumbers")}
    index = 0
    for i, child in enumerate(p_pr):
        if child.tag in early:
            index = i + 1
    p_pr.insert(index, border)


__all__ = ["render", "fill_rows"]
