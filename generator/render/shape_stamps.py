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

_P_CNVPR, _P_CSLD, _P_SPTREE = qn("p:cNvPr"), qn("p:cSld"), qn("p:spTree")
_A_OFF, _A_EXT = qn("a:off"), qn("a:ext")
_NUMBER_END = re.compile(r"\d+$")
_XFRM_PATHS = ("./p:spPr/a:xfrm", "./p:xfrm")
_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}


class _Stamp(MarkedXml):
    """A stamp parsed once, with where each of its shapes keeps its offset, extent and
    `p:cNvPr` (child indices, found once: `find` with a path costs ≈ 5 µs a call)."""

    def __init__(self, xml: str, top: int):
        super().__init__(xml, parse_xml)
        self.top = top
        self.shapes = [_ShapeSlots(shape) for shape in self.root]


class _ShapeSlots:
    """Where one stamped shape keeps its place and id, as child indices from the shape."""

    def __init__(self, shape: etree._Element):
        xfrm = _xfrm(shape)
        self.off = self.ext = self.y = None
        if xfrm is not None:
            off, ext = xfrm.find(_A_OFF), xfrm.find(_A_EXT)
            self.off, self.ext = _path(shape, off), _path(shape, ext)
            self.y = int(off.get("y"))
        c_nv_pr = shape.find("./*/" + _P_CNVPR)
        self.c_nv_pr = _path(shape, c_nv_pr)
        name = c_nv_pr.get("name", "")
        # python-pptx names a shape after its id ("TextBox 4" for id 5): kept so.
        self.name = _NUMBER_END.sub("", name) if _NUMBER_END.search(name) else None


def _path(shape: etree._Element, element: etree._Element) -> tuple[int, ...]:
    path = []
    while element is not shape:
        parent = element.getparent()
        path.append(parent.index(element))
        element = parent
    return tuple(reversed(path))


def _at(shape: etree._Element, path: tuple[int, ...]) -> etree._Element:
    for index in path:
        shape = shape[index]
    return shape


class Stamps:
    """The stamps of one render context, by key."""

    def __init__(self):
        self.made: dict[tuple, _Stamp] = {}
        self._last: tuple | None = None
        """(slide, its shape tree, the shape last stamped on it, the next shape id): the next
        id without a walk of the slide while that shape is still the slide's last."""

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
        last = self._last
        if last is not None and last[0] is slide and len(last[1]) and last[1][-1] is last[2]:
            tree, next_id = last[1], last[3]
        else:
            tree = slide.element.find(_P_CSLD).find(_P_SPTREE)  # as `slide.shapes.element`
            next_id = max((int(el.get("id")) for el in tree.iter(_P_CNVPR)), default=1) + 1
        shift = top - stamp.top
        for shape, slots in zip(shapes, stamp.shapes, strict=True):
            if slots.off is not None:
                _at(shape, slots.off).set("y", str(slots.y + shift))
                if height is not None:
                    _at(shape, slots.ext).set("cy", str(int(height)))
            c_nv_pr = _at(shape, slots.c_nv_pr)
            c_nv_pr.set("id", str(next_id))
            if slots.name is not None:
                c_nv_pr.set("name", slots.name + str(next_id - 1))
            next_id += 1
            tree.append(shape)
        if shapes:
            self._last = (slide, tree, shapes[-1], next_id)
        return shapes


def _xfrm(shape: etree._Element):
    for path in _XFRM_PATHS:
        found = shape.find(path, _NS)
        if found is not None:
            return found
    return None


__all__ = ["Stamps"]
