"""python-docx hooks (checked against 1.1.2 and 1.2.0): see `library_hooks`."""

from __future__ import annotations

import re

from lxml import etree

_ELEMENT_NAMES = ("_element", "_tbl", "_p", "_r")


def element_of(proxy) -> etree._Element:
    """The XML element behind a python-docx proxy (Paragraph, Table, _Cell, _Row, Run) or a
    python-pptx Table (`a:tbl`), _Paragraph (`a:p`) or _Run (`a:r`).

    python-docx 1.1-1.2 keep it as `proxy._element` (also `_p`, `_tbl`, `_tc`, `_tr`, `_r`);
    only Run has a public `.element`. python-pptx 1.0.2 keeps `_tbl`, `_p`, `_r` (its shapes,
    slides and charts have a public `.element`: use that). The renderers write most of a
    document as XML in schema order (≈ 0.1 ms a run less than the proxies' `add_run` /
    `get_or_add_*`) and set what the APIs cannot (a paragraph's bullet, a run's East Asian
    face, a slide-number field), so they need the element of the proxies the public APIs hand
    out. An accessor only: nothing is patched."""
    for name in _ELEMENT_NAMES:
        element = getattr(proxy, name, None)
        if element is not None:
            return element
    raise TypeError(f"no XML element known for {type(proxy).__name__}")


def defer_rows(part, parent: etree._Element, rows_xml: str | bytes) -> None:
    """Appends a marker comment to `parent` that becomes `rows_xml` (see `deferred_xml`)."""
    parent.append(deferred_xml(part, rows_xml))


def deferred_xml(part, xml: str | bytes) -> etree._Element:
    """A marker comment, to be put in `part`'s XML, that becomes `xml` (XML text such as
    `row_templates` makes: rows, or a whole table; bytes are UTF-8) when `part` is saved
    (python-docx 1.1-1.2, python-pptx 1.0.2).

    There is no public way to hand a part XML text to save: the public way is to parse the rows
    into the tree (`parse_xml`), which lxml then serialises again at save. This hook swaps the
    part's class for a subclass whose `blob` splices the text in at the marker (one regex pass
    for all markers). Measured for the 1,000-task status report (DOCX, 1,573 rows, CPU, warm
    context, same run, best of 3): 110 ms deferred vs 242 ms parsed into the tree; and the
    rows never become ≈ 100 lxml nodes each (a 10,000-task report held ≈ 700 MiB that way).
    Whole tables written this way (header from a text shell) instead of a deep-copied styled
    table: a unit pack 9.3 → 7.2 ms, the 1,000-task overview 200 → 170 ms (CPU, medians of
    12, alternating runs, same bytes).
    The swap is per part object (its class becomes a cached subclass), not process-wide."""
    registry = part.__dict__.setdefault("_deferred_rows", {})
    marker = f"plan-briefing-rows-{len(registry)}"
    registry[f"<!--{marker}-->".encode()] = xml if isinstance(xml, bytes) else xml.encode()
    cls = type(part)
    if not getattr(cls, "_defers_rows", False):
        part.__class__ = _deferring(cls)
    return etree.Comment(marker)


_SUBCLASSES: dict[type, type] = {}
_MARKER = re.compile(rb"<!--plan-briefing-rows-\d+-->")


def _deferring(cls: type) -> type:
    """A subclass of an XML part class whose `blob` puts the deferred rows in place."""
    if cls not in _SUBCLASSES:
        original = cls.blob

        def blob(self) -> bytes:
            data = original.fget(self)
            rows = self.__dict__.get("_deferred_rows", {})
            # One pass over the XML for all markers (one `replace` each would copy it per table).
            return _MARKER.sub(lambda m: rows.get(m.group(0), m.group(0)), data)

        _SUBCLASSES[cls] = type(cls.__name__, (cls,), {"blob": property(blob),
                                                        "_defers_rows": True})
    return _SUBCLASSES[cls]


def serialised_once(parts) -> None:
    """Each of `parts` (parts a template shares with every copy, never changed) serialises its
    `blob`, and its relationships their `xml`, at the first save only; later saves get the same
    bytes (python-docx 1.1.2 and 1.2.0, python-pptx 1.0.2; serves both).

    Both libraries' package writers ask every part for `part.blob` and `part.rels.xml` at every
    save, which serialises the XML again (lxml, and for relationships a new tree built from the
    relationship objects first). Neither lets a caller hand a part's bytes to save, so there is
    no public way: this swaps the class of each part and of its relationships object for a
    cached subclass whose property keeps the first result in the object's own `__dict__`. Per
    object, not process-wide. Measured in one run (CPU time of the save alone per unit pack,
    100 packs of the default theme, median of 5, same bytes either way): DOCX 1.76 ms with the
    hook vs 2.05 ms without, PPTX 2.90 ms vs 3.28 ms."""
    for part in parts:
        _keep(part, "blob")
        _keep(part.rels, "xml")


_KEEPING: dict[tuple[type, str], type] = {}


def _keep(obj, attribute: str) -> None:
    cls = type(obj)
    if getattr(cls, "_keeps_" + attribute, False):
        return
    key = (cls, attribute)
    if key not in _KEEPING:
        original = getattr(cls, attribute)
        slot = "_kept_" + attribute

        def get(self, original=original, slot=slot):
            kept = self.__dict__.get(slot)
            if kept is None:
                kept = self.__dict__[slot] = original.fget(self)
            return kept

        _KEEPING[key] = type(cls.__name__, (cls,), {attribute: property(get),
                                                     "_keeps_" + attribute: True,
                                                     "__module__": cls.__module__})
    obj.__class__ = _KEEPING[key]
