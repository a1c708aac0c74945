"""Every touch of a library's private names and every run-time patch, in one place.

Each hook says which library versions it was checked against (see constraints.txt for the tested
versions) and why the public API is not enough; `tests/render/test_library_hooks*.py` test each
hook's behaviour, so an upgrade that breaks one fails there first. No patch outlives the call
that needs it.
"""

from __future__ import annotations

import re

from lxml import etree

# ---------------------------------------------------------------------------------------------
# python-docx (checked against 1.1.2 and 1.2.0)
# ---------------------------------------------------------------------------------------------


def element_of(proxy) -> etree._Element:
    """The XML element behind a python-docx proxy (Paragraph, Table, _Cell, _Row, Run).

    python-docx 1.1-1.2 keep it as `proxy._element` (also `_p`, `_tbl`, `_tc`, `_tr`, `_r`);
    only Run has a public `.element`. The renderer writes most of a document as XML in schema
    order (≈ 0.1 ms a run less than the proxies' `add_run`/`get_or_add_*`), so it needs the
    element of the proxies the public API hands out (a table's cells, a header's paragraph)."""
    return proxy._element


def defer_rows(part, parent: etree._Element, rows_xml: str) -> None:
    """Appends a marker comment to `parent` that becomes `rows_xml` (row XML text, see
    `row_templates`) when `part` is saved (python-docx 1.1-1.2, python-pptx 1.0.2).

    There is no public way to hand a part XML text to save: the public way is to parse the rows
    into the tree (`parse_xml`), which lxml then serialises again at save. This hook swaps the
    part's class for a subclass whose `blob` splices the text in at the marker (one regex pass
    for all markers). Measured for the 1,000-task status report (DOCX, 1,573 rows, CPU, warm
    context, same run, best of 3): 110 ms deferred vs 242 ms parsed into the tree; and the
    rows never become ≈ 100 lxml nodes each (a 10,000-task report held ≈ 700 MiB that way).
    The swap is per part object (its class becomes a cached subclass), not process-wide."""
    registry = part.__dict__.setdefault("_deferred_rows", {})
    marker = f"plan-briefing-rows-{len(registry)}"
    parent.append(etree.Comment(marker))
    registry[f"<!--{marker}-->".encode()] = rows_xml.encode("utf-8")
    cls = type(part)
    if not getattr(cls, "_defers_rows", False):
        part.__class__ = _deferring(cls)


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


# ---------------------------------------------------------------------------------------------
# python-pptx (checked against 1.0.2)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# reportlab (checked against the versions in constraints.txt)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# zipfile / Office packages
# ---------------------------------------------------------------------------------------------
