"""Slide shapes drawn once through python-pptx, then copied as XML with new texts and places.

python-pptx's shape API costs ≈ 0.3-1.5 ms a shape (new-element XML parsed per shape, a
search of the whole slide for the next shape id, generic child-element look-ups for every
property set). A unit pack draws the same kinds of shape on every slide and in every pack: a
text box of one look, a row of key-figure cards, a table's header. A stamp is such a group,
drawn once through the API with marker texts and kept parsed (`xml_marks.MarkedXml`); each
later use deep-copies it with its texts set, moves it to its place, renumbers its shape ids
and appends it (≈ 20 µs a shape). The XML is the API's own, so a stamped shape is the one the
API would have drawn with the same texts.

Stamps live in a render context (`Stamps`, one per theme and template) and are keyed by
everything that shapes their XML except the texts and the vertical place (the caller's key must
name the look: theme colours, fonts, language, sizes, horizontal place).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from .xml_marks import MarkedXml, markers

_P_CNVPR = qn("p:cNvPr")
_A_OFF, _A_EXT = qn("a:off"), qn("a:ext")
_NUMBER_END = re.compile(r"\d+$")
_XFRM_PATHS = ("./p:spPr/a:xfrm", "./p:xfrm")
_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}


class _Stamp(MarkedXml):
    def __init__(self, xml: str, top: int):
        super().__init__(xml, parse_xml)
        self.top = top


class Stamps:
    """The stamps of one render context, by key."""

    def __init__(self):
        self.made: dict[tuple, _Stamp] = {}

    def place(self, key: tuple, slide, texts: Sequence[str], top: int,
              make: Callable[[list[str]], list[etree._Element]], height: int | None = None
              ) -> list[etree._Element]:
        """Puts the stamp `key` on `slide` with `texts` and its top edge at `top`; returns its
        shape elements. `make(markers)` draws the group on `slide` through the API at `top`,
        with `markers` as its texts, and returns the shapes' elements: it runs once per key.
        `height`, for a one-shape stamp, sets that shape's height."""
        stamp = self.made.get(key)
        if stamp is None:
            made = make(markers(len(texts)))
            stamp = _Stamp("".join(etree.tostring(el, encoding="unicode") for el in made), top)
            for el in made:
                el.getparent().remove(el)
            self.made[key] = stamp
        shapes = stamp.copy(texts)
        tree = slide.shapes.element
        next_id = max((int(el.get("id")) for el in tree.iter(_P_CNVPR)), default=1) + 1
        shift = top - stamp.top
        for shape in shapes:
            xfrm = _xfrm(shape)
            if xfrm is not None:
                off = xfrm.find(_A_OFF)
                off.set("y", str(int(off.get("y")) + shift))
                if height is not None:
                    xfrm.find(_A_EXT).set("cy", str(int(height)))
            c_nv_pr = shape.find("./*/" + _P_CNVPR)
            c_nv_pr.set("id", str(next_id))
            # python-pptx names a shape after its id ("TextBox 4" for id 5): kept so.
            c_nv_pr.set("name", _NUMBER_END.sub(str(next_id - 1), c_nv_pr.get("name", "")))
            next_id += 1
            tree.append(shape)
        return shapes


def _xfrm(shape: etree._Element):
    for path in _XFRM_PATHS:
        found = shape.find(path, _NS)
        if found is not None:
            return found
    return None


__all__ = ["Stamps"]
