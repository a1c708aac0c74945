"""Table rows written as XML text from a styled prototype row, and kept as text until saving.

A long report is mostly table rows. Building them through python-docx/python-pptx costs
0.4-4 ms a row; even a deep copy of a prototype row costs ≈ 70 µs and keeps ≈ 100 lxml nodes a
row alive (a 10,000-task report held ≈ 700 MiB). Here the prototype row, styled once through
the library's API, is serialised into text templates (plain/striped × plain/toned cell); each
data row becomes text with its values XML-escaped; and the rows wait as text behind a marker
comment in the table until the part is saved, when the marker is replaced by them. The saved
XML is what the library would have written for the same rows.

Each cell template is split at its text once (per stripe and colour), each distinct text is
escaped once, and a Word document's rows are built as UTF-8 bytes (`encoded`): a 10,000-task
report's 55 MB of rows are never one Python string to encode. The Word renderer writes its
later tables whole this way, header included (`docx_tables`, `library_hooks.deferred_xml`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

from lxml import etree

from .library_hooks import defer_rows, deferred_xml
from .office_text import xml_safe

_TEXT, _COLOUR = "\ue000TEXT\ue000", "\ue000COLOUR\ue000"  # private-use markers
_NS_DECL = re.compile(r' xmlns:\w+="[^"]*"')
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class RowTemplates:
    """Text templates made from one prototype row.

    `prefix` is the namespace prefix of the vocabulary ("w" for Word, "a" for DrawingML);
    `shade(cell, colour)` stripes one cell; `tone(run, colour)` makes one run bold and coloured.
    With `encoded`, rows come as UTF-8 bytes (what a part is saved as), else as text. Each
    cell template is split at its text once per stripe and colour, and each distinct text is
    escaped once (`_MEMO_SIZE` texts at most are remembered).
    """

    def __init__(self, proto_row, prefix: str, stripe: str,
                 shade: Callable[[etree._Element, str], None],
                 tone: Callable[[etree._Element, str], None], encoded: bool = False):
        ns = proto_row.nsmap[prefix]
        self.prefix, self.encoded = prefix, encoded
        self._cell_tag, self._run_tag, self._text_tag = (f"{{{ns}}}tc", f"{{{ns}}}r",
                                                         f"{{{ns}}}t")
        self.cells = [self._variants(tc, stripe, shade, tone)
                      for tc in proto_row.iterchildren(self._cell_tag)]
        shell = copy.deepcopy(proto_row)
        for tc in list(shell.iterchildren(self._cell_tag)):
            shell.remove(tc)
        xml = element_text(shell)
        close = f"</{prefix}:tr>"
        self.open, self.close = (xml[:-2] + ">", close) if xml.endswith("/>") else (
            xml[: -len(close)], close)
        self._edit: Callable[[int, str], str] | None = None
        self._reset()

    def _reset(self) -> None:
        """Empty memos: cell pieces (per column: plain and striped by colour, and the column)
        and texts."""
        self._pieces: list[tuple[dict, dict, int]] = [({}, {}, c) for c in range(len(self.cells))]
        self._texts: dict[str, str | bytes] = {}
        self._ends = ((self.open.encode(), self.close.encode()) if self.encoded
                      else (self.open, self.close))

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
                xml = element_text(cell)
                rpr = run.find(run.tag[:-1] + "rPr")
                rpr_xml = "" if rpr is None else element_text(rpr).replace("0A0B0C", _COLOUR)
                pair.append((xml.replace("0A0B0C", _COLOUR), rpr_xml))
            out.append(pair)
        return out

    def with_cells(self, edit: Callable[[int, str], str]) -> RowTemplates:
        """A copy whose cell templates are `edit(column, xml)` of these (e.g. other widths),
        edited when a row first needs them."""
        other = copy.copy(self)
        before = self._edit
        other._edit = edit if before is None else (lambda c, xml: edit(c, before(c, xml)))
        texts = self._texts  # the same escaping, whatever the cells
        other._reset()
        other._texts = texts
        return other

    def row(self, cells: list[tuple[str, str | None]], striped: bool,
            open_tag: str | bytes | None = None) -> str | bytes:
        """One row as XML (bytes when `encoded`); `cells` holds (text, colour or None) per
        cell; `open_tag` (of the same kind) replaces the row's own opening tag."""
        parts: list = []
        self.add_row(parts, cells, striped, open_tag)
        return (b"" if self.encoded else "").join(parts)

    def add_row(self, parts: list, cells: list[tuple[str, str | None]], striped: bool,
                open_tag: str | bytes | None = None) -> None:
        """Appends the pieces of one row (see `row`) to `parts`, to be joined with others."""
        opening, closing = self._ends
        parts.append(open_tag or opening)
        texts = self._texts
        for pieces, (text, colour) in zip(self._pieces, cells, strict=True):
            piece = pieces[striped].get(colour)
            if piece is None:
                piece = self._piece(pieces, striped, colour)
            value = texts.get(text)
            if value is None:
                value = self._text(text)
            if piece[2] is not None and "\n" in text:  # DrawingML: breaks need the run's rPr
                value = value.replace(piece[2][0], piece[2][1])
            parts += piece[0], value, piece[1]
        parts.append(closing)

    def _piece(self, pieces: tuple[dict, dict, int], striped: bool, colour: str | None) -> tuple:
        """A cell template split at its text: (before, after, DrawingML break or None)."""
        xml, rpr = self.cells[pieces[2]][striped][1 if colour else 0]
        if self._edit is not None:
            xml = self._edit(pieces[2], xml)
        if colour:
            xml, rpr = xml.replace(_COLOUR, colour), rpr.replace(_COLOUR, colour)
        head, _, tail = xml.partition(_TEXT)
        p = self.prefix
        brk = None if p == "w" else (
            "\n", f"</{p}:t></{p}:r><{p}:br>{rpr}</{p}:br><{p}:r>{rpr}<{p}:t>")
        if self.encoded:
            head, tail = head.encode(), tail.encode()
            brk = brk and (brk[0].encode(), brk[1].encode())
        piece = pieces[striped][colour] = (head, tail, brk)
        return piece

    def _text(self, text: str) -> str | bytes:
        """`text` escaped (Word: tabs and line breaks as w:tab and w:br; DrawingML: tabs as
        spaces, line breaks left for `add_row`), remembered."""
        value = escape(xml_safe(text))
        if self.prefix == "w":
            if "\n" in value or "\t" in value:
                value = (value.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
                         .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))
        else:
            value = value.replace("\t", " ")
        if self.encoded:
            value = value.encode()
        if len(self._texts) >= _MEMO_SIZE:
            self._texts.clear()
        self._texts[text] = value
        return value


_MEMO_SIZE = 1 << 16


def element_text(element: etree._Element) -> str:
    """`element` as XML text without namespace declarations (its prefixes are the part's)."""
    return _NS_DECL.sub("", etree.tostring(element, encoding="unicode"))


__all__ = ["RowTemplates", "defer_rows", "deferred_xml", "element_text"]
