"""python-pptx hooks (checked against 1.0.2): see `library_hooks`. `docx_hooks.element_of` serves
python-pptx's Table, _Paragraph and _Run too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from lxml import etree

from ...patching import patched

# `element_of` (python-docx section) serves python-pptx's Table, _Paragraph and _Run too.


def add_relationship(part, reltype: str, target) -> str:
    """A new relationship from `part` to `target` of `reltype`; returns its rId (python-pptx
    1.0.2 `_Relationships._add_relationship`). The public `part.relate_to` first scans every
    relationship of `part` for one to reuse: a deck's slides cost quadratic time. A new part
    matches none. Measured A/B in one run (CPU, same bytes): the status deck of 1,000 tasks
    188 ms with this hook, 225 ms with `relate_to`; of 10,000 tasks 2.0 s against 4.0 s."""
    return part.rels._add_relationship(reltype, target)


def rels_xml_by(rels, write: Callable[[object, str], bytes]) -> None:
    """`rels.xml` (what python-pptx 1.0.2 saves as a part's .rels file) becomes `write(rels,
    base URI)`, by a cached subclass for this one `_Relationships` object (no public way to hand
    save the bytes). `pptx_parts.rels_xml` writes them from text, not one validated element
    each: a new 6-slide deck's slide and presentation rels 512 → 275 µs (CPU, same run)."""
    rels.__class__ = _rels_class(getattr(type(rels), "_written_from", type(rels)), write)


@cache
def _rels_class(cls: type, write: Callable[[object, str], bytes]) -> type:
    return type(cls.__name__, (cls,), {"xml": property(lambda r: write(r, r._base_uri)),
                                       "_written_from": cls, "__module__": cls.__module__})


@contextmanager
def content_types_by(build: Callable[[dict, dict], etree._Element]) -> Iterator[None]:
    """In the block, python-pptx 1.0.2's `[Content_Types].xml` element is `build(defaults,
    overrides)` (`_ContentTypesItem._defaults_and_overrides`), its lazy `_xml` replaced on the
    class (the package writer makes it in `save`: no public way in). Parsed from text by
    `pptx_parts.content_types`: 425 → 168 µs a unit pack's save (CPU, same run)."""
    from pptx.opc.serialized import _ContentTypesItem

    xml = property(lambda item: build(*item._defaults_and_overrides))
    with patched(_ContentTypesItem, "_xml", xml):
        yield
