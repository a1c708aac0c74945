"""Every touch of a library's private names and every run-time patch, in one place.

Each hook says which library versions it was checked against (see constraints.txt for the tested
versions) and why the public API is not enough; `tests/render/test_library_hooks*.py` test each
hook's behaviour, so an upgrade that breaks one fails there first. No patch outlives the call
that needs it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from lxml import etree

from ..patching import patched
from .metrics_cache import BytesSlices, gc_paused, metrics_cache_path
from .pdf_objects import encode_stream, format_array, format_dictionary

# ---------------------------------------------------------------------------------------------
# python-docx (checked against 1.1.2 and 1.2.0)
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# python-pptx (checked against 1.0.2)
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# reportlab (checked against the versions in constraints.txt)
# ---------------------------------------------------------------------------------------------
# Checked against reportlab 5.1.0 (constraints.txt). reportlab is imported inside the hooks
# (≈ 30 ms), so that a process rendering only DOCX or PPTX never loads it.


@contextmanager
def pdf_writing() -> Iterator[None]:
    """While a PDF is made (story, layout, save), for the block only; reportlab has no
    per-document switch for these (`pdf_objects` holds the replacements), all measured with
    5.1.0: `rl_config.useA85` 0 (ASCII85 costs time and 25%); streams deflated at level 1, not
    6 (`PDFStreamFilterZCompress.encode`: a pack's font programs 1.35 ms instead of 2.25, ≈ 4%
    larger, page content 0.27 ms instead of 0.57); `PDFArray.format`, `PDFDictionary.format`
    with numbers undispatched and key names formatted once (same bytes; ≈ 0.5 ms and ≈ 0.3 ms
    a pack); `rl_config.shapeChecking` 0 (documented "set to zero for faster graphics": chart
    values are not type-checked one by one as they are drawn; same bytes, the 1,000-task
    overview PDFs 241 ms instead of 288, one process, alternating). Import reportlab.graphics
    outside the block: its classes define their checks from this switch when imported."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    with patched(rl_config, "useA85", 0), patched(rl_config, "shapeChecking", 0), \
            patched(pdfdoc.PDFStreamFilterZCompress, "encode", encode_stream), \
            patched(pdfdoc.PDFArray, "format", format_array), \
            patched(pdfdoc.PDFDictionary, "format", format_dictionary):
        yield


@cache
def cached_face_class() -> type:
    """The `CachedFace` class (made on first use: it subclasses reportlab's `TTFontFace`)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from . import metrics_cache

    class CachedFace(TTFontFace):
        """A TTFontFace over its font file mapped into memory, whose metrics come from a cache
        file (`metrics_cache`: never code; checked, rebuilt on any mismatch). Private names:
        overrides `readFile`, `extractInfo` (sets what it sets, `_pdfScale` too), `get_table`
        (read `_ttf_data`). A `TTFont` reads and parses the whole file (≈ 0.08 s a CJK face)
        in each process and copies the glyph table for each subset. Measured (5.1.0, Noto Sans
        SC, both faces, a worker): 19 ms instead of ≈ 77 (the JSON cache before); a subset of
        240 characters 0.5 ms instead of 1.2-1.5, same bytes. `glyphToChar` (for shaping
        only) is built when first asked for."""

        def readFile(self, f):  # noqa: N802 - reportlab's name
            """The font file mapped (read-only), not read whole (≈ 6 ms a CJK face); read where
            it cannot be mapped."""
            if "_ttf_data" not in self.__dict__ and isinstance(f, (str, Path)):
                import mmap

                from reportlab.pdfbase.ttfonts import TTFOpenFile

                self.filename, handle = TTFOpenFile(str(f))
                with handle:
                    try:
                        self._ttf_data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                    except (OSError, ValueError, AttributeError):
                        self._ttf_data = handle.read()
            super().readFile(f)

        def extractInfo(self, charInfo=1):  # noqa: N802 - reportlab's name
            cache, key = metrics_cache_path(Path(self.filename))
            try:
                with gc_paused():
                    state, later = metrics_cache.read(cache, key)
            except metrics_cache.CacheMiss:
                state = None
            if state is not None:
                self.__dict__.update(state)
                self.__dict__[_LATER] = later
                per_em = self.unitsPerEm
                self._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * 1000 / per_em)
                return
            before = dict(self.__dict__)
            super().extractInfo(charInfo)
            state = {k: v for k, v in self.__dict__.items()
                     if (k not in before or before[k] is not v)
                     and k not in {"_pdfScale", "_pos", "_ttf_data", "_table_copies"}}
            data = metrics_cache.encode(state, key)
            if data is not None:
                metrics_cache.write(cache, data)

        def __getattr__(self, name):
            later = self.__dict__.get(_LATER, {})
            if name not in later:
                raise AttributeError(name)
            with gc_paused():
                value = metrics_cache.glyph_to_chars(later[name])
            setattr(self, name, value)
            return value

        def get_table(self, tag):  # noqa: D102 - reportlab's name
            """reportlab's `get_table` copies a table on each call (the 10 MB glyph table for
            every subset, ≈ 1 ms): here the glyph table is a view whose slices are bytes (the
            subsetting splices them), the others one copy per face."""
            if tag == "glyf":
                pos, length = self.get_table_pos(tag)
                return BytesSlices(memoryview(self._ttf_data)[pos:pos + length])
            tables = self.__dict__.setdefault("_table_copies", {})
            table = tables.get(tag)
            if table is None:
                table = tables[tag] = super().get_table(tag)
            return table

    return CachedFace


_LATER = "_loaded_later"  # metrics reportlab reads only to shape text: glyphToChar


def cached_ttfont(name: str, path: Path, **options):
    """`TTFont(name, path, **options)` with a `CachedFace` (`ttfonts.TTFontFace` replaced
    while the font is made: `TTFont` has no parameter for its face class)."""
    from reportlab.pdfbase import ttfonts

    with patched(ttfonts, "TTFontFace", cached_face_class()):
        return ttfonts.TTFont(name, str(path), **options)


def start_page(canvas) -> None:
    """Starts a new page on a canvas without writing the current one (`Canvas._startPage`):
    a canvas that keeps its pages until the end, to number them "page x of y", replaces
    `showPage` and calls this (reportlab's own numbered-canvas recipe)."""
    canvas._startPage()


def page_size(canvas) -> tuple[float, float]:
    """The size of the page being drawn (`Canvas._pagesize`; reportlab has no getter)."""
    return canvas._pagesize


def memo_text(canvas):
    """`canvas.beginText()` whose lines, once split into font subsets and escaped, are
    remembered for the document (kept on the canvas, keyed by font, size and text; a split is
    fixed once its characters have a subset), with their widths and the subset switches:
    the same operators and cursor, byte for byte; `show_at` (origin and text in one call) and
    `width` (`stringWidth`, remembered) besides. Private names: overrides `_formatText`
    (reportlab 5.1.0) for unshaped TrueType text and reads `_fontname`, `_fontsize`,
    `_leading`, `_curSubset`, `_canvas._doc`, `_canvas._escape` as it does. Buys (against
    `beginText`, one run): the 1,000-task overview PDFs ≈ 8-12% less CPU."""
    return _memo_text_class()(canvas)


@cache
def _memo_text_class() -> type:
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import ShapedStr
    from reportlab.pdfgen.textobject import PDFTextObject, fp_str

    class MemoText(PDFTextObject):
        def textOut(self, text):  # noqa: N802 - reportlab's name
            """reportlab's `textOut`, with the text's width remembered too."""
            font = getFont(self._fontname)
            if not font._dynamicFont or (font.shapable and isinstance(text, ShapedStr)):
                return super().textOut(text)
            parts, width = self._memo(font, text)
            self._x += width
            self._code.append(self._shown(font, parts))
            return None

        def _formatText(self, text):  # noqa: N802 - reportlab's name
            font = getFont(self._fontname)
            if not font._dynamicFont or (font.shapable and isinstance(text, ShapedStr)):
                return super()._formatText(text)
            return self._shown(font, self._memo(font, text)[0])

        def _memo(self, font, text):
            canvas = self._canvas
            memo = canvas.__dict__.setdefault("plan_text_memo", {})
            key = (self._fontname, self._fontsize, text)
            known = memo.get(key)
            if known is None:
                escape, doc = canvas._escape, canvas._doc
                known = memo[key] = ([(subset, f"({escape(t)}) Tj")
                                      for subset, t in font.splitString(text, doc)],
                                     font.stringWidth(text, self._fontsize))
            return known

        def show_at(self, x: float, y: float, text: str) -> None:
            """`setTextOrigin(x, y)` then `textOut(text)`, in one call."""
            font = getFont(self._fontname)
            if not font._dynamicFont or not self._canvas.bottomup:
                self.setTextOrigin(x, y)
                self.textOut(text)
                return
            parts, width = self._memo(font, text)
            self._code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
            self._code.append(self._shown(font, parts))
            self._x0, self._y0 = x, y
            self._x, self._y = x + width, y

        def width(self, text: str) -> float:
            """`stringWidth` of `text` in the current font and size, remembered."""
            font = getFont(self._fontname)
            if not font._dynamicFont:
                return font.stringWidth(text, self._fontsize)
            return self._memo(font, text)[1]

        def _shown(self, font, parts) -> str:
            if len(parts) == 1 and parts[0][0] == self._curSubset:
                return parts[0][1]  # the common case: one piece in the current subset
            out = []
            for subset, shown in parts:
                if subset != self._curSubset:
                    out.append(self._switch(font, subset))
                    self._curSubset = subset
                out.append(shown)
            return " ".join(out)

        def _switch(self, font, subset: int) -> str:
            """The operators selecting `subset` (`getSubsetInternalName` names it once)."""
            memo = self._canvas.__dict__.setdefault("plan_font_switches", {})
            key = (self._fontname, subset, self._fontsize, self._leading)
            known = memo.get(key)
            if known is None:
                known = memo[key] = (
                    f"{font.getSubsetInternalName(subset, self._canvas._doc)} "
                    f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL")
            return known

    return MemoText


_URI_PATTERN = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
"""How `reportlab.platypus.paragraph.uri_pat` begins (reportlab 5.1.0)."""


def platypus(later: Callable[[str, int], object]):
    """`reportlab.platypus`, imported (when not yet) with `paragraph.uri_pat` as
    `later(pattern, flags)`, a stand-in compiled on first use (`re.compile` replaced during the
    import, for that one pattern). The module compiles it at import (case-insensitive over
    `\\xa1-\\uffff`: ≈ 23 ms of its ≈ 28) for `Paragraph`s, which this renderer never makes;
    no public way imports `platypus.doctemplate` without it. Buys ≈ 23 ms CPU in each process
    that renders PDF (reportlab 5.1.0)."""
    import sys

    loaded = sys.modules.get("reportlab.platypus")
    if loaded is not None:
        return loaded
    compile_now = re.compile

    def compile_later(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith(_URI_PATTERN):
            return later(pattern, flags)
        return compile_now(pattern, flags)

    with patched(re, "compile", compile_later):
        import reportlab.platypus
    return reportlab.platypus


def kept_together(flowable) -> list:
    """The flowables a `KeepTogether` holds (`_content`; no public accessor)."""
    return list(flowable._content)


# ---------------------------------------------------------------------------------------------
# zipfile / Office packages
# ---------------------------------------------------------------------------------------------


@contextmanager
def zip_members_diverted(write: Callable[[str, bytes], None]) -> Iterator[None]:
    """Inside the block, `zipfile.ZipFile.writestr(name, data)` (a name, not a ZipInfo) hands
    `(name, data)` to `write` and puts nothing in that archive; afterwards (also after an error)
    `writestr` is the standard library's own again. A ZipInfo member is written as usual.

    Checked against CPython's zipfile 3.10-3.13 (`writestr(zinfo_or_arcname, data,
    compress_type=None, compresslevel=None)`), python-docx 1.1.2 and 1.2.0
    (`docx.opc.phys_pkg._ZipPkgWriter.write`), python-pptx 1.0.2
    (`pptx.opc.serialized._ZipPkgWriter.write`): both save a package part by part with
    `writestr(pack_uri.membername, blob)`, which dates every entry by the clock, marks it with
    the running system and deflates every part again at every save. Neither library lets a
    caller choose the entry, so the public way to the same bytes is to save the package into
    memory and write every member again with a ZipInfo of one's own. With this hook
    `office_zip.PackageZip` writes each part straight to the file (a 10,000-task deck is never
    held whole) and reuses the deflated bytes of the parts every copy shares with its template.
    Measured earlier on the sample bundle: saving into memory and writing every member again
    costs ≈ 2-2.6 ms a file more than a hook. Saving alone, per unit pack (100 packs, CPU,
    median of 5, one run): zipfile dated by a hook (main before) DOCX 3.16 ms, PPTX 4.90 ms;
    `PackageZip` 2.89 / 4.12 ms; with the template's members deflated once 2.05 / 3.28 ms.

    A patch of a class of the standard library for the length of the block: not for threads
    that write other zips at the same time (the renderers run in processes)."""
    real = zipfile.ZipFile.writestr

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            real(self, zinfo_or_arcname, data, compress_type, compresslevel)
        else:
            write(str(zinfo_or_arcname), data)

    zipfile.ZipFile.writestr = writestr
    try:
        yield
    finally:
        zipfile.ZipFile.writestr = real
