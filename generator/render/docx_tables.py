"""Word tables: task tables from a styled header and row templates, and key-figure cards."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, RGBColor
from lxml import etree

from ..conventions import tone_colour
from ..document import Heading, KeyFigures, Report, Section, Table
from .cell_breaks import list_lines
from .docx_styles import keep_with_next, no_auto_space, page_break_before, put_in_order
from .library_hooks import element_of
from .row_templates import RowTemplates, defer_rows, deferred_xml, element_text
from .xml_marks import markers, with_texts

if TYPE_CHECKING:
    from .docx import _Writer

CELL_PADDING_PT = 3.0
"""Inner cell margins of task tables on every side (the PDF's): Word's default, 5.4 pt left
and right and none above and below, gives other row heights and line breaks than the PDF."""

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}
_W_TC, _W_TR, _W_VAL = qn("w:tc"), qn("w:tr"), qn("w:val")
_W_RFONTS, _W_B, _W_COLOR = qn("w:rFonts"), qn("w:b"), qn("w:color")
_W_W, _W_GRID, _W_GRID_COL = qn("w:w"), qn("w:tblGrid"), qn("w:gridCol")
_W_TCW = f"{qn('w:tcPr')}/{qn('w:tcW')}"
_SLOT = "\ue001"  # a private-use character: where a column width goes in a table's text
_P_STYLE = re.compile(rb"(<w:pStyle [^>]*/>)")


def write_table(writer: _Writer, block: Table, chunks: list[tuple[int, int]] | None = None,
                continued: str = "") -> None:
    """A task table: its caption, the table (header row repeated on every page) and a note
    paragraph after it (Word needs a paragraph between tables). With `chunks` (row ranges,
    see `docx_pages`), each chunk after the first starts a new page under the caption
    `continued` with the header row again."""
    if not block.rows:
        if block.empty_text:
            writer.paragraph(block.empty_text, "Note")
        return
    widths, _ = writer.widths(block)
    caption = None  # the continuation's, made once: (paragraph, its XML)
    for number, (start, end) in enumerate(chunks or [(0, len(block.rows))]):
        if number and caption is None:
            para = element_of(writer.paragraph(continued, "Note"))
            page_break_before(para)
            keep_with_next(para)
            para.getparent().remove(para)
            caption = (para, element_text(para).encode())
        elif not number and block.caption:
            writer.paragraph(block.caption, "Note")
        _write_rows(writer, block, widths, block.rows[start:end], caption if number else None)
    writer.paragraph("", "Note")


def cell_text_width(column_pt: float) -> float:
    """The width a cell's text has in a column `column_pt` wide (margins and a border off):
    what the page plan measures lines in and what list cells are broken for."""
    return column_pt - 2 * CELL_PADDING_PT - 0.5


def continued_caption(report: Report, section: Section, block: Table) -> str:
    """The caption over a table's continuation: the table's own caption, else the heading
    it stands under (an area in a unit pack), else its section's title, and "（续）"."""
    name = block.caption or section.title
    for item in section.blocks:
        if item is block:
            break
        if isinstance(item, Heading):
            name = block.caption or item.text
    return f"{name}{report.info.continued_label}"


def _write_rows(writer: _Writer, block: Table, widths: list[int], rows,
                caption: tuple | None = None) -> None:
    """The table with `rows`, after the paragraph of `caption` (element, XML) if given."""
    theme = writer.theme
    # lists of names broken between names, as the page plan counted their lines
    size = writer.context.metrics["Table Text"].size
    room = [cell_text_width(w / 12700) for w in widths]
    colours = {tone: tone_colour(theme, tone) for tone in {c.tone for row in rows for c in row}}
    rows = [[(list_lines(c.text, room[j], size), colours[c.tone]) for j, c in enumerate(row)]
            for row in rows]
    key = (block.columns, writer.look)
    cached = writer.context.tables.get(key)
    stripe = theme.colour("stripe")
    part = writer.document.part
    if cached is None:
        if caption is not None:
            writer.body_end.addprevious(copy.deepcopy(caption[0]))
        tbl = _styled_table(writer, block, widths)
        shell = _shell(tbl)
        templates = fill_rows(tbl.findall(_W_TR)[1], rows, stripe, part)
        writer.context.tables[key] = (shell, templates, _twips(widths))
        return
    # Later tables with the same columns are written as text: the styled table (header row)
    # drawn once through python-docx (≈ 5 ms a table; a unit pack has one per area) with
    # their own column widths put in, and their rows (the row templates for those widths
    # made once in a document: a long table's chunks share them).
    shell, templates, proto_twips = cached
    twips = _twips(widths)
    if twips != proto_twips:
        templates = writer.tables_here.get((key, twips))
        if templates is None:
            templates = writer.tables_here[key, twips] = cached[1].with_cells(
                lambda c, xml: _with_cell_width(xml, twips[c]))
    grid = [str(int(w / 635)) for w in widths]  # EMU → twentieths of a point, as `_set_grid`
    head = "".join(piece for pair in zip(shell, [*grid, *map(str, twips), ""], strict=True)
                   for piece in pair)
    table = b"".join((caption[1] if caption else b"", head.encode(), _rows_xml(templates, rows),
                      b"</w:tbl>"))
    writer.body_end.addprevious(deferred_xml(part, table))


def _shell(tbl) -> list[str]:
    """A styled table without its prototype row, as XML text split at its column widths
    (each w:gridCol's, then each header cell's w:tcW) and without its closing tag."""
    shell = copy.deepcopy(tbl)
    shell.remove(shell.findall(_W_TR)[1])
    for col in shell.find(_W_GRID).iterchildren(_W_GRID_COL):
        col.set(_W_W, _SLOT)
    for tc in shell.find(_W_TR).iterchildren(_W_TC):
        tc.find(_W_TCW).set(_W_W, _SLOT)
    xml = element_text(shell)
    return xml[:xml.rindex("</w:tbl>")].split(_SLOT)


def _styled_table(writer: _Writer, block: Table, widths: list[int]):
    """A table with a styled header row and an empty, styled prototype row."""
    theme = writer.theme
    columns = block.columns
    table = writer.document.add_table(rows=2, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl = element_of(table)
    _table_borders(tbl, theme.colour("rule"))
    _set_grid(tbl, widths)
    _cell_margins(tbl, CELL_PADDING_PT)
    header, proto = table.rows[0], table.rows[1]
    _row_properties(element_of(header), "cantSplit", "tblHeader")
    for cell, column, w in zip(header.cells, columns, widths, strict=True):
        cell.width = w
        _shade_tc(element_of(cell), theme.colour("header_fill"))
        para = cell.paragraphs[0]
        writer.set_style(para, "Table Header")
        keep_with_next(element_of(para))  # never alone at the foot of a page
        no_auto_space(element_of(para))
        writer.run(para, column.header)
    for cell, column, w in zip(proto.cells, columns, widths, strict=True):
        cell.width = w
        para = cell.paragraphs[0]
        writer.set_style(para, "Table Text")
        no_auto_space(element_of(para))
        para.alignment = _ALIGN[column.align]
        writer.run(para, "")
    _row_properties(element_of(proto), "cantSplit")
    return tbl


def _twips(widths) -> tuple[int, ...]:
    """Column widths (EMU) in twentieths of a point, rounded as python-docx's `cell.width`."""
    return tuple(Emu(w).twips for w in widths)


def _with_cell_width(xml: str, twips: int) -> str:
    """A cell template with its w:tcW's width set to `twips` (str operations: ≈ 3× faster
    than a regex substitution, and a pack has a few dozen templates a table)."""
    start = xml.index('w:w="', xml.index("<w:tcW ")) + 5
    end = xml.index('"', start)
    return f"{xml[:start]}{twips}{xml[end:]}"


def fill_rows(proto, rows: list[list[tuple[str, str | None]]], stripe: str, part,
              templates: RowTemplates | None = None) -> RowTemplates:
    """One table row per item in place of the styled prototype row `proto` (a `w:tr`);
    returns the row templates, to be passed again for tables of the same look.

    Replaces `table.add_row()` + `cell.text` (≈ 0.46 ms a row; `table.cell(i, j)` loops are
    quadratic): the rows are written as text (see `row_templates`) and inserted when `part`
    is saved, so they cannot be read back before then. Every `w:t` keeps spaces
    (`xml:space="preserve"`); `\\n` and `\\t` become `w:br` and `w:tab` as python-docx does.
    """
    templates = templates or RowTemplates(proto, "w", stripe, _shade_tc, _bold_colour,
                                          encoded=True)
    tbl = proto.getparent()
    tbl.remove(proto)
    defer_rows(part, tbl, _rows_xml(templates, rows))
    return templates


def _rows_xml(templates: RowTemplates, rows: list[list[tuple[str, str | None]]]) -> bytes:
    """The rows as XML (UTF-8). A page never ends after the first row nor starts with the last
    one alone: those rows' paragraphs keep with the next row (Word's and LibreOffice's way of
    holding rows)."""
    kept = {0, len(rows) - 2} - {-1, len(rows) - 1}
    parts: list[bytes] = []
    for i, cells in enumerate(rows):
        if i in kept:
            parts.append(_P_STYLE.sub(rb"\1<w:keepNext/>", templates.row(cells, bool(i % 2))))
        else:
            templates.add_row(parts, cells, bool(i % 2))
    return b"".join(parts)


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


def write_key_figures(writer: _Writer, block: KeyFigures) -> None:
    """A row of figure cards: a two-row table drawn once per look through python-docx
    (≈ 3 ms: cells, shading, borders) and copied as XML with its texts afterwards."""
    tones = tuple(tone_colour(writer.theme, item.tone) for item in block.items)
    width = writer.text_width()
    key = ("figures", writer.look, tones, int(width))  # column widths follow the page
    xml = writer.context.stamps.get(key)
    if xml is None:
        table = _draw_key_figures(writer, markers(2 * len(tones)), tones)
        tbl = element_of(table)
        xml = writer.context.stamps[key] = etree.tostring(tbl, encoding="unicode")
        tbl.getparent().remove(tbl)
    texts = [item.value for item in block.items] + [item.label for item in block.items]
    writer.body_end.addprevious(parse_xml(with_texts(xml, texts)))
    writer.paragraph("", "Note")


def _draw_key_figures(writer: _Writer, texts: list[str], tones: tuple[str | None, ...]):
    theme = writer.theme
    n = len(tones)
    table = writer.document.add_table(rows=2, cols=n)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_borders(element_of(table), theme.colour("rule"), inner_horizontal=False)
    row_value, row_label = table.rows[0].cells, table.rows[1].cells
    for i, tone in enumerate(tones):
        for cell in (row_value[i], row_label[i]):
            _shade_tc(element_of(cell), theme.colour("stripe"))
        para = row_value[i].paragraphs[0]
        writer.set_style(para, "Figure Value")
        run = writer.run(para, texts[i])
        if tone:
            run.font.color.rgb = RGBColor.from_string(tone)
        para = row_label[i].paragraphs[0]
        writer.set_style(para, "Figure Label")
        writer.run(para, texts[n + i])
    return table


def _shade_tc(tc, colour: str) -> None:
    """A cell's fill (w:shd in the cell's properties, in schema order)."""
    put_in_order(tc.get_or_add_tcPr(), parse_xml(
        f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{colour}"/>'))


def _put_table_property(tbl, element) -> None:
    """`element` in the table's w:tblPr at its place in the schema, replacing its kind."""
    put_in_order(tbl.tblPr, element)


def _table_borders(tbl, colour: str, inner_horizontal: bool = True) -> None:
    inside_h = (f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{colour}"/>'
                if inner_horizontal else '<w:insideH w:val="nil"/>')
    _put_table_property(tbl, parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{colour}"/>'
                  for side in ("top", "left", "bottom", "right"))
        + inside_h
        + f'<w:insideV w:val="single" w:sz="4" w:space="0" w:color="{colour}"/></w:tblBorders>'))


def _set_grid(tbl, widths) -> None:
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU → twentieths of a point
    _put_table_property(tbl, parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))


def _cell_margins(tbl, points: float) -> None:
    """`w:tblCellMar` with `points` on all four sides."""
    twips = int(points * 20)
    _put_table_property(tbl, parse_xml(f'<w:tblCellMar {nsdecls("w")}>' + "".join(
        f'<w:{side} w:w="{twips}" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
        + "</w:tblCellMar>"))


def _row_properties(tr, *flags: str) -> None:
    """Empty flags (cantSplit, tblHeader) appended to a row's w:trPr."""
    tr_pr = tr.get_or_add_trPr()
    for flag in flags:
        tr_pr.append(parse_xml(f'<w:{flag} {nsdecls("w")}/>'))


__all__ = ["CELL_PADDING_PT", "cell_text_width", "continued_caption", "fill_rows",
           "write_key_figures", "write_table"]
