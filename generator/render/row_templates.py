"""Table rows written as XML text from a styled prototype row, and kept as text until saving.

A long report is mostly table rows. Building them through python-docx/python-pptx costs
0.4-4 ms a row; even a deep copy of a prototype row costs ≈ 70 µs and keeps ≈ 100 lxml nodes a
row alive (a 10,000-task report held ≈ 700 MiB). Here the prototype row, styled once through
the library's API, is serialised into text templates (plain/striped × plain/toned cell); each
data row becomes text with its values XML-escaped; and the rows wait as text behind a marker
comment in the table until the part is saved, when the marker is replaced by them. The saved
XML is what the library would have written for the same rows.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

from lxml import etree

from .library_hooks import defer_rows
from .office_text import xml_safe

_TEXT, _COLOUR = "\ue000TEXT\ue000", "\ue000COLOUR\ue000"  # private-use markers
_NS_DECL = re.compile(r' xmlns:\w+="[^"]*"')
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class RowTemplates:
    """Text templates made from one prototype row.

    `prefix` is the namespace prefix of the vocabulary ("w" for Word, "a" for DrawingML);
    `shade(cell, colour)` stripes one cell; `tone(run, colour)` makes one run bold and coloured.
    """

    def __init__(self, proto_row, prefix: str, stripe: str,
                 shade: Callable[[etree._Element, str], None],
                 tone: Callable[[etree._Element, str], None]):
        ns = proto_row.nsmap[prefix]
        self.prefix = prefix
        self._cell_tag, self._run_tag, self._text_tag = (f"{{{ns}}}tc", f"{{{ns}}}r",
                                                         f"{{{ns}}}t")
        self.cells = [self._variants(tc, stripe, shade, tone)
                      for tc in proto_row.iterchildren(self._cell_tag)]
        shell = copy.deepcopy(proto_row)
        for tc in list(shell.iterchildren(self._cell_tag)):
            shell.remove(tc)
        xml = _NS_DECL.sub("", etree.tostring(shell, encoding="unicode"))
        close = f"</{prefix}:tr>"
        self.open, self.close = (xml[:-2] + ">", close) if xml.endswith("/>") else (
            xml[: -len(close)], close)

    def _variants(self, tc, stripe, shade, tone) -> list[list[tuple[str, str]]]:
        out = []
        for striped in (False, True):
            pair = []
            for toned in (False, True):
                cell = copy.deepcopy(tc)
                if striped:
                    shade(cell, stripe)
                run = next(cell.iter(self._run_tag))
                t = run.find(self._text_tag)
                if t is None:
                    t = run.makeelement(self._text_tag, {})
                    run.append(t)
                t.text = _TEXT
                if self.prefix == "w":
                    t.set(_XML_SPACE, "preserve")
                if toned:
                    tone(run, "0A0B0C")
                xml = _NS_DECL.sub("", etree.tostring(cell, encoding="unicode"))
                rpr = run.find(run.tag[:-1] + "rPr")
                rpr_xml = "" if rpr is None else _NS_DECL.sub("", etree.tostring(
                    rpr, encoding="unicode")).replace("0A0B0C", _COLOUR)
                pair.append((xml.replace("0A0B0C", _COLOUR), rpr_xml))
            out.append(pair)
        return out

    def with_cells(self, edit: Callable[[int, str], str]) -> RowTemplates:
        """A copy whose cell templates are `edit(column, xml)` of these (e.g. other widths)."""
        other = copy.copy(self)
        other.cells = [[[(edit(c, xml), rpr) for xml, rpr in pair] for pair in variants]
                       for c, variants in enumerate(self.cells)]
        return other

    def row(self, cells: list[tuple[str, str | None]], striped: bool,
            open_tag: str | None = None) -> str:
        """One row as XML text; `cells` holds (text, colour or None) per cell."""
        parts = [open_tag or self.open]
        for variants, (text, colour) in zip(self.cells, cells, strict=True):
            template, rpr = variants[striped][1 if colour else 0]
            if colour:
                template, rpr = template.replace(_COLOUR, colour), rpr.replace(_COLOUR, colour)
            parts.append(template.replace(_TEXT, self._text(text, rpr)))
        parts.append(self.close)
        return "".join(parts)

    def _text(self, text: str, rpr: str) -> str:
        text = escape(xml_safe(text))
        if "\n" in text or "\t" in text:
            p = self.prefix
            if p == "w":
                text = (text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
                        .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))
            else:  # DrawingML: a line break sits between runs, each with its properties
                text = text.replace("\t", " ").replace(
                    "\n", f"</{p}:t></{p}:r><{p}:br>{rpr}</{p}:br><{p}:r>{rpr}<{p}:t>")
        return text


__all__ = ["RowTemplates", "defer_rows"]
