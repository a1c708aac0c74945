"""reportlab hooks (checked against 5.1.0, constraints.txt): see `library_hooks`.

reportlab is imported inside the hooks (≈ 30 ms), so that a process rendering only DOCX or PPTX
never loads it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from ...patching import patched


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

    from ..pdf_objects import encode_stream, format_array, format_dictionary

    with patched(rl_config, "useA85", 0), patched(rl_config, "shapeChecking", 0), \
            patched(pdfdoc.PDFStreamFilterZCompress, "encode", encode_stream), \
            patched(pdfdoc.PDFArray, "format", format_array), \
            patched(pdfdoc.PDFDictionary, "format", format_dictionary):
        yield


@cache
def cached_face_class() -> type:
    """The `CachedFace` class (made on first use: it subclasses reportlab's `TTFontFace`)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from .. import metrics_cache
    from ..metrics_cache import BytesSlices, gc_paused, metrics_cache_path

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
