"""PowerPoint parts written without python-pptx's per-call costs: slides added in constant
time, and table rows written as text from a styled prototype row."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from xml.sax.saxutils import quoteattr

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import SlidePart

from .library_hooks import add_relationship, rels_xml_by
from .row_templates import RowTemplates, defer_rows

_A_TR = qn("a:tr")
_P_SLDID, _R_ID = qn("p:sldId"), qn("r:id")
_A_RPR = qn("a:rPr")
_A_SOLID, _A_SRGB = qn("a:solidFill"), qn("a:srgbClr")


def prototype_row_templates(tbl, stripe: str) -> DeckRowTemplates:
    """The row templates of a table whose second row is a styled, empty prototype; the
    prototype row is removed (a table's stamp is kept without it).

    Replaces python-pptx's per-cell API (`table.cell(i, j)`, text frame, fill, margins: about
    4 ms a row, dominated by generic child-element searches): rows are written as text from
    the prototype (see `row_templates`) and put in place when the slide is saved. Striped rows
    use fills of `stripe`; a toned cell gets a bold, coloured run."""
    proto = tbl.findall(_A_TR)[1]
    templates = DeckRowTemplates(proto, "a", stripe, _shade_cell, _tone_run)
    tbl.remove(proto)
    return templates


def fill_table_rows(tbl, part, rows: Iterable[tuple[int, list[tuple[str, str | None]]]],
                    templates: DeckRowTemplates) -> None:
    """Appends one row per (height, cells) item to `tbl`, striped from the second, as text
    put in place when `part` is saved."""
    text = "".join(templates.row(cells, bool(i % 2), templates.open_with_height(height))
                   for i, (height, cells) in enumerate(rows))
    defer_rows(part, tbl, text)


class DeckRowTemplates(RowTemplates):
    """Row templates whose `a:tr` carries each row's own height."""

    def open_with_height(self, height: int) -> str:
        if not hasattr(self, "_open_h"):
            self._open_h = re.sub(r' h="\d+"', "", self.open)[:-1] + ' h="{}">'
        return self._open_h.format(int(height))


def _shade_cell(tc, colour: str) -> None:
    for srgb in tc.iter(_A_SRGB):
        if srgb.getparent().getparent().tag == qn("a:tcPr"):
            srgb.set("val", colour)


def _tone_run(run, colour: str) -> None:
    rpr = run.find(_A_RPR)
    rpr.set("b", "1")
    fill = rpr.makeelement(_A_SOLID, {})
    fill.append(rpr.makeelement(_A_SRGB, {"val": colour}))
    rpr.insert(0, fill)


class SlideAdder:
    """Adds slides in constant time each.

    Replaces `prs.slides.add_slide(layout)`, which is quadratic in the number of slides: it
    relates the new part through `relate_to`, which scans every relationship of the
    presentation part for a match, and picks the slide id with an XPath over all slide ids.
    A new slide can match no existing relationship, so it is added directly, and ids and part
    names come from counters. The slide XML is the same as python-pptx's.
    """

    def __init__(self, prs):
        self.prs = prs
        rels_xml_by(prs.part.rels, rels_xml)
        self.id_list = prs.slides.element
        ids = [int(s.get("id")) for s in self.id_list]
        self.next_id = max([255, *ids]) + 1
        self.next_number = len(ids) + 1

    def add_from_element(self, layout, element):
        """A new slide whose `p:sld` element is `element` (a copy of a slide made by `add`)."""
        part = self.prs.part
        partname = PackURI(f"/ppt/slides/slide{self.next_number}.xml")
        self.next_number += 1
        slide_part = SlidePart(partname, CT.PML_SLIDE, part.package, element)
        rels_xml_by(slide_part.rels, rels_xml)
        add_relationship(slide_part, RT.SLIDE_LAYOUT, layout.part)  # a new part: rId1
        self._add_id(add_relationship(part, RT.SLIDE, slide_part))
        return slide_part.slide

    def add(self, layout):
        part = self.prs.part
        partname = PackURI(f"/ppt/slides/slide{self.next_number}.xml")
        self.next_number += 1
        slide_part = SlidePart.new(partname, part.package, layout.part)
        rels_xml_by(slide_part.rels, rels_xml)
        rid = add_relationship(part, RT.SLIDE, slide_part)
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        self._add_id(rid)
        return slide

    def _add_id(self, rid: str) -> None:
        """The slide's `p:sldId` (what `CT_SlideIdList.add_sldId` writes, without its search
        of every id for the next one)."""
        etree.SubElement(self.id_list, _P_SLDID, {"id": str(self.next_id), _R_ID: rid})
        self.next_id += 1


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PLAIN = re.compile(r'[^&<>"\s]*\Z')


def _attr(value: str) -> str:
    """`value` as a quoted XML attribute value (escaped only when it must be)."""
    return f'"{value}"' if _PLAIN.match(value) else quoteattr(value)


def _as_file(xml: str) -> bytes:
    """XML text as lxml writes an element built by python-pptx (declaration, UTF-8,
    standalone): parsed (C) and written again, so escaping and quoting are lxml's own."""
    return etree.tostring(etree.fromstring(xml), encoding="UTF-8", standalone=True)


def rels_xml(rels, base: str) -> bytes:
    """A part's relationships as python-pptx writes its .rels file (`_Relationships.xml`:
    in rId order, `Id`, `Type`, `Target`, and `TargetMode` when external), from text; `base`
    is the part's folder, which internal targets are relative to."""
    def order(rid: str) -> tuple[int, str]:
        return (int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0, rid)

    items = []
    for _, rid in sorted(order(rid) for rid in rels.keys()):
        rel = rels[rid]
        mode = ' TargetMode="External"' if rel.is_external else ""
        target = rel.target_ref if mode else _relative_ref(rel.target_partname, base)
        items.append(f"<Relationship Id={_attr(rid)} Type={_attr(rel.reltype)} "
                     f"Target={_attr(target)}{mode}/>")
    return _as_file(f'<Relationships xmlns="{_RELS_NS}">{"".join(items)}</Relationships>')


@lru_cache(maxsize=4096)
def _relative_ref(partname: str, base: str) -> str:
    """`partname` relative to the folder `base`, as python-pptx's `_Relationship.target_ref`
    (`PackURI.relative_ref`, a `posixpath.relpath`: ≈ 10 µs a call) gives it."""
    return PackURI(partname).relative_ref(base)


def content_types(defaults: dict, overrides: dict) -> etree._Element:
    """The `Types` element of `[Content_Types].xml` as python-pptx builds it (`Default`s
    sorted by extension, then `Override`s sorted by part name), parsed from text."""
    items = [f"<Default Extension={_attr(ext)} ContentType={_attr(kind)}/>"
             for ext, kind in sorted(defaults.items())]
    items += [f"<Override PartName={_attr(name)} ContentType={_attr(kind)}/>"
              for name, kind in sorted(overrides.items())]
    return etree.fromstring(f'<Types xmlns="{_TYPES_NS}">{"".join(items)}</Types>')


def drop_existing_slides(prs) -> None:
    """A template carries layouts, not content: any slides in it are removed."""
    id_list = prs.slides.element
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


__all__ = ["DeckRowTemplates", "SlideAdder", "content_types", "drop_existing_slides",
           "fill_table_rows", "prototype_row_templates", "rels_xml"]
