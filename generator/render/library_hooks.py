"""Every touch of a library's private names and every run-time patch, in one place.

Each hook says which library versions it was checked against (see constraints.txt for the tested
versions) and why the public API is not enough; `tests/render/test_library_hooks*.py` test each
hook's behaviour, so an upgrade that breaks one fails there first. No patch outlives the call
that needs it.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from lxml import etree

from ..patching import patched
from .metrics_cache import BytesSlices, gc_paused, metrics_cache_path

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
    """A new relationship from `part` to `target` of `reltype`; returns its rId.

    Checked against python-pptx 1.0.2 (`_Relationships._add_relationship`). The public
    `part.relate_to` first scans every relationship of `part` for one to reuse, so adding a
    slide costs time in proportion to the slides already there: a deck's slides cost
    quadratic time. A new slide part can match no relationship, so the scan is skipped.
    Measured A/B in one run (CPU, same bytes either way): the status deck of 1,000 tasks
    188 ms with this hook, 225 ms with `relate_to`; of 10,000 tasks 2.0 s against 4.0 s."""
    return part.rels._add_relationship(reltype, target)




# ---------------------------------------------------------------------------------------------
# reportlab (checked against the versions in constraints.txt)
# ---------------------------------------------------------------------------------------------
# Checked against reportlab 5.1.0 (constraints.txt). reportlab is imported inside the hooks
# (≈ 30 ms), so that a process rendering only DOCX or PPTX never loads it.

_TRUETYPE = b"\x00\x01\x00\x00"
FONT_LEVEL = 1
"""zlib level for embedded font programs."""
PAGE_LEVEL = 1
"""zlib level for page content and the other streams (reportlab's own is 6)."""


def _encode_stream(self, text) -> bytes:  # noqa: ARG001 - replaces a method
    data = text.encode("utf-8") if isinstance(text, str) else text
    return zlib.compress(data, FONT_LEVEL if data[:4] == _TRUETYPE else PAGE_LEVEL)


def _format_array(self, document, IND=b"\n "):  # noqa: N803 - reportlab's signature
    """`PDFArray.format` (reportlab 5.1.0, `pdfdoc.py`) with a fast path for arrays of plain
    numbers (a font subset's 256 glyph widths): each formatted with the same `fp_str` that
    `pdfdoc.format` uses, without its per-element dispatch; other arrays as before."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    seq = self.sequence
    if all(type(e) in _NUMBERS for e in seq):
        fp_str = pdfdoc.fp_str
        parts = [fp_str(e).encode("latin-1") for e in seq]
    else:
        parts = [pdfdoc.format(e, document) for e in seq]
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        joined = IND.join(parts)
    else:
        if len(parts) > 10:  # broken up every 10 elements, as reportlab does
            for i in reversed(range(10, len(parts), 10)):
                parts.insert(i, b"\n ")
        joined = b" ".join(parts)
    return b"[ " + joined + b" ]"


_NUMBERS = (int, float)


def _format_dictionary(self, document, IND=b"\n "):  # noqa: N803 - reportlab's signature
    """`PDFDictionary.format` (reportlab 5.1.0, `pdfdoc.py`) with each key's name formatted
    once per process (`/Type`, `/Length`, … : `PDFName` and the pdfdoc codec each time before)
    and plain numbers formatted with `fp_str` directly; other values as before."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    entries = self.dict
    keys = list(entries.keys())
    if not isinstance(entries, pdfdoc.OrderedDict):
        keys.sort()
    names, fp_str, format_ = _PDF_NAMES, pdfdoc.fp_str, pdfdoc.format
    parts = []
    for key in keys:
        name = names.get(key)
        if name is None:
            name = names[key] = format_(pdfdoc.PDFName(key), document) + b" "
        value = entries[key]
        parts.append(name + (fp_str(value).encode("latin-1") if type(value) in _NUMBERS
                             else format_(value, document)))
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        joined = IND.join(parts)
    else:
        for i in reversed(range(6, len(parts), 6)):  # broken up every 6 entries, as reportlab
            parts.insert(i, b"\n ")
        joined = b" ".join(parts)
    return b"<<\n" + joined + b"\n>>"


_PDF_NAMES: dict[str, bytes] = {}
"""A dictionary key's formatted name and the space after it, by key (`_format_dictionary`)."""


@contextmanager
def pdf_writing() -> Iterator[None]:
    """While a PDF is built and saved: compressed streams stay binary (reportlab's
    `rl_config.useA85`, a process-wide setting, is 0 for the block only: ASCII85 makes them 25%
    larger); every stream is deflated at level 1 instead of reportlab's 6
    (`PDFStreamFilterZCompress.encode` replaced for the block); arrays of numbers are formatted
    without reportlab's per-element dispatch (`PDFArray.format` replaced, same bytes);
    dictionaries with their key names formatted once (`PDFDictionary.format` replaced, same
    bytes: ≈ 34 dictionaries a unit pack, 0.8 ms instead of 1.1-1.2 ms, timed over the
    dictionaries of 20 packs in one run); chart shapes are not validated attribute by
    attribute (`rl_config.shapeChecking`, reportlab's documented switch "set to zero for
    faster graphics", is 0 for the block: a development aid that checks every value set on a
    shape or widget against its type; the values and drawing are the same, the 1,000-task
    overview PDFs ≈ 285 ms instead of ≈ 364 ms in one process, alternating, same bytes).

    Public API: none of these has a per-document switch (`Canvas(pageCompression=1)` only turns
    deflate on). Buys, per unit pack (measured in one run, reportlab 5.1.0, 100 packs): font
    programs (≈ 100-200 KB of glyph outlines that deflate only to ≈ 70%) 1.35 ms at level 1
    against 2.25 ms at 6 (≈ 4% more bytes); page content 0.27 ms against 0.57 ms (≈ 12% more
    bytes of content); the widths arrays ≈ 0.5 ms, the same bytes.
    ASCII85 would cost time and 25% of every stream. All are undone when the block ends."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    with patched(rl_config, "useA85", 0), patched(rl_config, "shapeChecking", 0), \
            patched(pdfdoc.PDFStreamFilterZCompress, "encode", _encode_stream), \
            patched(pdfdoc.PDFArray, "format", _format_array), \
            patched(pdfdoc.PDFDictionary, "format", _format_dictionary):
        yield


@cache
def cached_face_class() -> type:
    """The `CachedFace` class (made on first use: it subclasses reportlab's `TTFontFace`)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from . import metrics_cache

    class CachedFace(TTFontFace):
        """A TTFontFace whose metrics (cmap, widths: ≈ 0.08 s of parsing per CJK face) come from a
        cache file written the first time the font file is read (`metrics_cache`: JSON and
        arrays, never code; checked, and rebuilt on any mismatch).

        Private names: overrides `extractInfo` and sets what it sets (`_pdfScale`, and the
        attributes it assigns); `get_table` reads `_ttf_data`. Public API: a `TTFont` parses the
        whole file on each start of a process, and copies the 10 MB glyph table for every
        subset. Measured against the public `TTFont` in one run (reportlab 5.1.0, Noto Sans
        SC): a face loads in 32-36 ms instead of 41-54 ms (each face, each worker), and a
        subset of 240 characters takes 0.5 ms instead of 1.2-1.5 ms (≈ 3 subsets a unit pack:
        ≈ 3 ms a pack), with the same bytes. The cache is keyed by the font file's path, size
        and modification time and reportlab's version; the glyph to characters map (30,000
        lists for a CJK face, only for text shaping) is built when first asked for."""

        def readFile(self, f):  # noqa: N802 - reportlab's name
            """The font file mapped into memory (read-only) instead of read whole: a face
            touches only its table directory and the glyphs it subsets (reading Noto Sans SC,
            ≈ 10 MB a face, took ≈ 6 ms in each worker); where a file cannot be mapped, read."""
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
            """Replaces reportlab's `get_table`, which copies the table out of the font file on
            each call: every subset made (≈ 3 a document) copied the whole 'glyf' table (≈ 10 MB
            for Noto Sans SC, ≈ 1 ms each). Tables are read-only: the glyph table is a view of the
            file's bytes whose slices are bytes (reportlab's subsetting splices them), the others
            one copy per face."""
            if tag == "glyf":
                pos, length = self.get_table_pos(tag)
                return BytesSlices(memoryview(self._ttf_data)[pos:pos + length])
            tables = self.__dict__.setdefault("_table_copies", {})
            table = tables.get(tag)
            if table is None:
                table = tables[tag] = super().get_table(tag)
            return table

    return CachedFace


_LATER = "_loaded_later"
"""Metrics reportlab reads only when it shapes text (we never ask it to): glyphToChar."""


def cached_ttfont(name: str, path: Path):
    """`TTFont(name, path, asciiReadable=0)` with a `CachedFace` (`ttfonts.TTFontFace` replaced
    while the font is made: `TTFont` has no parameter for its face class).

    `asciiReadable=0` (a public parameter; reportlab's default is `rl_config.ttfAsciiReadable`,
    1): each subset holds only the characters drawn, in order of first use, instead of all 96
    printable ASCII characters first (codes 32-127, used or not) in every font's first subset.
    A CJK document then embeds ≈ 100 fewer glyphs per face and usually one subset fewer (a
    unit pack: two instead of three). Measured in one process, alternating, 100 unit packs:
    13.4 ms a pack instead of 14.7 (the overview 328 ms instead of 356), packs 17% smaller;
    the text (pdftotext) and every page's pixels are the same. Only the codes in the content
    streams differ (ASCII text is no longer legible there; ToUnicode maps every code)."""
    from reportlab.pdfbase import ttfonts

    with patched(ttfonts, "TTFontFace", cached_face_class()):
        return ttfonts.TTFont(name, str(path), asciiReadable=0)


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
    remembered for the rest of the document: a table repeats unit names, dates and statuses.

    Private names: overrides `PDFTextObject._formatText` (reportlab 5.1.0) for TrueType fonts
    that are not shaped, and reads `_fontname`, `_fontsize`, `_leading`, `_curSubset`,
    `_canvas._doc` and `_canvas._escape` as it does; other fonts and shaped text go to
    reportlab's own. Public API: `textOut` splits and escapes every line again; the split of a
    text is fixed once its characters have a subset in the document, so the memo (kept on the
    canvas, keyed by font, size and text) gives the same operators, byte for byte, and
    `textOut` advances the cursor by the same remembered width. Buys (measured against
    `beginText` in one run, 5.1.0): the 1,000-task overview PDFs ≈ 8-12% less CPU (≈ 30-45
    ms of ≈ 400), a unit pack ≈ 0.3 ms (fewer repeated lines there)."""
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
            """`setTextOrigin(x, y)` then `textOut(text)`: the same operators, in one call."""
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
            """The width of `text` in the current font and size (as `stringWidth`), from the
            memo when it was shown before (its splitting is remembered too)."""
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
            """The operators that select `subset` of the font, remembered per document: the
            first call names the subset in the document (`getSubsetInternalName`), later
            ones give the same text."""
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


class DeferredPattern:
    """A regular expression compiled when first used (see `platypus`): reads as the compiled
    pattern it stands for."""

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


def platypus():
    """`reportlab.platypus`, imported (when not yet) with `paragraph.uri_pat` compiled on first
    use instead of at import.

    The package imports all of platypus, whose `paragraph` module compiles a case-insensitive
    URL pattern over `\\xa1-\\uffff` at import (≈ 23 ms, the most of the ≈ 28 ms the module
    takes) for hyphenating links in `Paragraph`s, which this renderer never makes (its text is
    `pdf_cells.TextFlow`). There is no public way to import `reportlab.platypus.doctemplate`
    without the package. `re.compile` is replaced while the package is imported, for that one
    pattern (recognised by how it begins); every other pattern compiles as before, and the
    deferred one is compiled the first time it is used. Buys ≈ 23 ms CPU of each process that
    renders PDF (measured, reportlab 5.1.0; the PDF renderer's load ≈ 130 ms before)."""
    import sys

    loaded = sys.modules.get("reportlab.platypus")
    if loaded is not None:
        return loaded
    compile_now = re.compile

    def compile_later(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith(_URI_PATTERN):
            return DeferredPattern(pattern, flags)
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
