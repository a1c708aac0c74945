"""The running header and footer of a Word report: marking, header text, page label fields."""

from __future__ import annotations

from string import Formatter
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor
from lxml import etree

from ..theme import fill_running_text
from .docx_styles import bottom_border
from .library_hooks import element_of
from .xml_marks import MarkedXml, markers

if TYPE_CHECKING:
    from .docx import _Writer


def write_header_footer(writer: _Writer, section) -> None:
    """The running header (marking, header text, a rule below) and footer (the page label
    with live page fields). Their paragraphs are drawn once per look and shape of texts
    and copied as XML with the texts afterwards (≈ 0.5 ms a document through python-docx);
    texts with tabs or line breaks are drawn each time."""
    info, theme = writer.report.info, writer.theme
    section.different_first_page_header_footer = writer.report.cover.full_page
    header, footer = section.header, section.footer
    header.is_linked_to_previous = False
    footer.is_linked_to_previous = False
    heading = info.header.replace(info.marking or "\0", "", 1).strip()
    pieces = page_label_pieces(writer)
    if theme.pdf_footer_align == "outer" or theme.pdf_header == "":
        _official_header_footer(writer, section, pieces)
        return
    header_texts = [info.marking or "", heading]
    footer_texts = [piece for kind, piece in pieces if kind == "text"]
    if any(c in text for text in header_texts + footer_texts for c in "\t\n\r"):
        draw_header(writer, header.paragraphs[0], *header_texts)  # tabs and breaks: drawn
        draw_footer(writer, footer.paragraphs[0], pieces)
        return
    # A text's spaces at either end stay in the stamp (they decide xml:space="preserve");
    # an empty text has no w:t at all. Both are part of the stamp's key.
    shapes = [(text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):], bool(text))
              for text in header_texts + footer_texts]
    key = ("running", writer.look, tuple(shapes),
           tuple(piece if kind == "field" else kind for kind, piece in pieces))
    stamps = writer.context.stamps.get(key)
    if stamps is None:
        marks = iter(f"{lead}{mark}{trail}" if present else ""
                     for (lead, trail, present), mark in zip(shapes, markers(len(shapes)),
                                                             strict=True))
        head = header.paragraphs[0]
        draw_header(writer, head, next(marks), next(marks))
        foot = footer.paragraphs[0]
        draw_footer(writer, foot, [(kind, next(marks) if kind == "text" else piece)
                                   for kind, piece in pieces])
        stamps = writer.context.stamps[key] = (
            MarkedXml(etree.tostring(element_of(head), encoding="unicode"), parse_xml),
            MarkedXml(etree.tostring(element_of(foot), encoding="unicode"), parse_xml))
    texts = [text.strip() for text in header_texts + footer_texts]
    for para, stamp in zip((header.paragraphs[0], footer.paragraphs[0]), stamps, strict=True):
        p = element_of(para)
        p.getparent().replace(p, stamp.copy(texts)[0])


def _official_header_footer(writer: _Writer, section, pieces: list[tuple[str, str]]) -> None:
    """GB/T 9704: no running header (when the theme has none), the page number on the
    outer side, one character in: odd pages right, even pages left; none on the cover."""
    info, theme = writer.report.info, writer.theme
    head = section.header.paragraphs[0]
    if theme.pdf_header == "":
        _clear(head)
    else:
        draw_header(writer, head, info.marking or "",
                    info.header.replace(info.marking or "\0", "", 1).strip())
    odd = section.footer.paragraphs[0]
    draw_footer(writer, odd, pieces)
    if theme.pdf_footer_align != "outer":
        return
    writer.document.settings.odd_and_even_pages_header_footer = True
    size = Pt(writer.style_size_pt("Footer", 14.0))
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = size
    section.even_page_header.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    even = section.even_page_footer.paragraphs[0]
    draw_footer(writer, even, pieces)
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = size


def page_label_pieces(writer: _Writer) -> list[tuple[str, str]]:
    """The footer as text and field pieces. Only the theme's own `{page}` and `{pages}`
    become fields: plan text filled into it (a title reading "{pages}") stays text."""
    info, theme = writer.report.info, writer.theme
    if not theme.pdf_footer:
        return _label_pieces(info.page_label)
    fill_running_text(theme.pdf_footer, {})  # only the allowed placeholders
    values = {"title": info.title, "organisation": info.author, "meeting": info.meeting,
              "as_of": info.as_of_text, "marking": info.marking or ""}
    pieces: list[tuple[str, str]] = []
    for literal, name, _, _ in Formatter().parse(theme.pdf_footer):
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


def draw_header(writer: _Writer, para, marking: str, heading: str) -> None:
    """The header paragraph: the marking (bold, accent colour), the header text, a rule."""
    if "Header" in writer.context.style_ids:
        writer.set_style(para, "Header")
    _clear(para)
    if marking:
        run = writer.run(para, marking)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(writer.theme.colour("accent"))
        writer.run(para, "    ")
    writer.run(para, heading)
    bottom_border(element_of(para), writer.theme.colour("rule"))


def draw_footer(writer: _Writer, para, pieces: list[tuple[str, str]]) -> None:
    """The label's texts as runs and its fields as live PAGE / NUMPAGES fields."""
    _clear(para)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, piece in pieces:
        if kind == "field":
            _field(writer, para, piece)
        else:
            writer.run(para, piece)


def _field(writer: _Writer, para, instruction: str) -> None:
    r = element_of(writer.run(para, ""))
    r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} '
                       '</w:instrText>'))
    r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    r.append(parse_xml(f'<w:t {nsdecls("w")}>1</w:t>'))
    r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def _clear(para) -> None:
    for run in list(para.runs):
        element_of(run).getparent().remove(element_of(run))


__all__ = ["draw_footer", "draw_header", "page_label_pieces", "write_header_footer"]
