"""The contents page of a Word report: a TOC field whose shown result already has page numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from .docx_styles import contents_entry_format
from .library_hooks import element_of

if TYPE_CHECKING:
    from .docx import _Writer


def write_contents(writer: _Writer, title: str, section_pages: list[int]) -> None:
    """A TOC field over the level-1 headings whose shown result already lists each
    section with its page number, from the document's page plan (`docx_pages`: the long
    tables are split where it predicts page ends, so the plan holds in any suite), shown as
    is by any suite with no update prompt; Word's "Update field" rebuilds it from the
    document's own pages."""
    style = "TOC Heading" if "TOC Heading" in writer.context.style_ids else "Heading 1"
    writer.paragraph(title, style)
    sections = [s.title for s in writer.report.sections] or [""]
    pages = [str(n) for n in section_pages]
    if len(pages) != len(sections):
        pages = [""] * len(sections)
    tab = int(writer.text_width() / 635)  # EMU → twentieths of a point
    entries = []
    for text, page in zip(sections, pages, strict=True):
        para = writer.paragraph("", "Normal")
        contents_entry_format(element_of(para), tab)
        entries.append((para, text, page))
    field = element_of(writer.run(entries[0][0], ""))
    field.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    field.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> TOC \\o '
                           '"1-1" \\h \\z \\u </w:instrText>'))
    field.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    for para, text, page in entries:
        writer.run(para, text)
        if page:
            element_of(writer.run(para, "")).append(parse_xml(f'<w:tab {nsdecls("w")}/>'))
            writer.run(para, page)
    end = element_of(writer.run(entries[-1][0], ""))
    end.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    writer.page_break()


__all__ = ["write_contents"]
