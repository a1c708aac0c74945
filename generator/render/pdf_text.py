"""PDF text set-up: the embedded CJK font, line-breaking rules, escaping, and glyph coverage."""

from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace
from reportlab.platypus import paragraph

from ..conventions import CANNOT_END, CANNOT_START
from ..errors import TemplateError
from ..fonts import cache_dir, noto_sans_sc
from ..patching import patched
from ..theme import Theme
from . import metrics_cache
from .official_fonts import FANDOL_MISSING, fandol_dir, fandol_faces, noto_sans_tc

REGULAR = "PlanSans"
BOLD = "PlanSans-Bold"

EXTRA_CANNOT_START = "".join(sorted(CANNOT_START))
EXTRA_CANNOT_END = "".join(sorted(CANNOT_END))


def _extend_line_breaking_rules() -> None:
    """reportlab keeps two copies of the list (textsplit and paragraph): both must grow."""
    extra = "".join(c for c in EXTRA_CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START += extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    extra_end = "".join(c for c in EXTRA_CANNOT_END if c not in textsplit.ALL_CANNOT_END)
    textsplit.ALL_CANNOT_END += extra_end
    if hasattr(paragraph, "ALL_CANNOT_END"):
        paragraph.ALL_CANNOT_END = textsplit.ALL_CANNOT_END


_extend_line_breaking_rules()


@lru_cache(maxsize=8)
def register_fonts(theme_font: object) -> tuple[str, str]:
    """Registers the theme's regular and bold TrueType fonts once per process; returns their
    names (distinct per font choice, so that two themes in one process do not collide)."""
    if theme_font == "noto-sans-sc":
        files = noto_sans_sc()
        regular, bold = files.regular, files.bold
        names = (REGULAR, BOLD)
    elif theme_font == "noto-sans-tc":
        files = noto_sans_tc()
        if files is None:
            return register_fonts("noto-sans-sc")
        regular, bold = files.regular, files.bold
        names = (f"{REGULAR}-TC", f"{BOLD}-TC")
    elif theme_font == "fandol":
        faces = fandol_faces()
        if faces is None:
            return register_fonts("noto-sans-sc")
        return register_fonts((str(faces["body"]), str(faces["heading1"])))
    elif isinstance(theme_font, tuple):
        regular, bold = (Path(p) for p in theme_font)
        tag = hashlib.sha256("|".join(theme_font).encode()).hexdigest()[:8]
        names = (f"{REGULAR}-{tag}", f"{BOLD}-{tag}")
    else:
        raise TemplateError(f"pdf.font: unknown font {theme_font!r}; use noto-sans-sc, fandol or "
                            "give regular and bold TrueType files")
    for name, path in zip(names, (regular, bold), strict=True):
        try:
            pdfmetrics.registerFont(cached_ttfont(name, Path(path)))
        except TTFError as exc:
            raise TemplateError(f"{path}: cannot embed this font in a PDF ({exc}); reportlab needs "
                                "TrueType (glyf) outlines, not CFF/OTF or a .ttc collection "
                                "without an index") from None
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0],
                                  boldItalic=names[1])
    return names


@dataclass(frozen=True)
class FontSet:
    """The registered PDF font names a report uses, by role, and why a fallback was taken."""

    regular: str
    bold: str
    title: str | None = None
    heading1: str | None = None
    heading2: str | None = None
    note: str = ""


def font_set(theme: Theme, language: str, texts: list[str] | None = None) -> FontSet:
    """The theme's PDF fonts for a report in `language` (whose `texts`, when given, are
    checked against the face), registered: `fandol` gives the GB/T 9704 faces (仿宋 body, 黑体
    and 楷体 headings, a heavy 宋 title); Traditional Chinese is set in Noto Sans TC
    (Traditional glyph forms; Fandol covers GB 2312 only), unless the texts hold characters
    it lacks (Simplified forms left in a plan) that Noto Sans SC has."""
    key = theme_font_key(theme)
    if language == "zh-Hant" and key in {"noto-sans-sc", "fandol"} and noto_sans_tc() is not None:
        regular, bold = register_fonts("noto-sans-tc")
        lacking = missing_glyphs(texts or [], regular)
        if lacking:
            sc_regular, sc_bold = register_fonts("noto-sans-sc")
            if len(missing_glyphs(lacking, sc_regular)) < len(lacking):
                shown = "".join(lacking[:10])
                return FontSet(sc_regular, sc_bold, sc_bold, note=(
                    f"Noto Sans TC has no glyph for {len(lacking)} character(s) of this report "
                    f"({shown}…: Simplified forms?); the PDF uses Noto Sans SC, which has "
                    "Traditional characters in Simplified Chinese glyph forms"))
        return FontSet(regular, bold, register_title_font(theme.pdf_title_font) or bold)
    if key == "fandol":
        faces = fandol_faces() if fandol_dir() is not None else None
        if faces is None:
            regular, bold = register_fonts("noto-sans-sc")
            return FontSet(regular, bold, note=FANDOL_MISSING)
        regular, bold = register_fonts(key)
        return FontSet(regular, bold, title=register_title_font(faces["title"]),
                       heading1=bold, heading2=register_title_font(faces["heading2"]))
    regular, bold = register_fonts(key)
    return FontSet(regular, bold, register_title_font(theme.pdf_title_font))


def register_title_font(spec: object) -> str | None:
    """The theme's title font (a TrueType file), registered; None when the theme has none."""
    if not spec:
        return None
    return register_fonts((str(spec), str(spec)))[0]


class _CachedFace(TTFontFace):
    """A TTFontFace whose metrics (cmap, widths: ≈ 0.08 s of parsing per CJK face) come from a
    cache file written the first time the font file is read (`metrics_cache`: JSON and
    arrays, never code; checked, and rebuilt on any mismatch).

    Replaces reportlab's full `extractInfo` pass on every run. The cache is keyed by the font
    file's path, size and modification time and reportlab's version, lives in the font cache
    folder, and holds only the attributes `extractInfo` sets; the file itself is still read, so
    embedding (subsetting) works as before. The glyph to characters map (30,000 lists for a
    CJK face, only for text shaping) is built when first asked for.
    """

    def extractInfo(self, charInfo=1):  # noqa: N802 - reportlab's name
        cache, key = _metrics_cache_path(Path(self.filename))
        try:
            with _gc_paused():
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
        with _gc_paused():
            value = metrics_cache.glyph_to_chars(later[name])
        setattr(self, name, value)
        return value

    def get_table(self, tag):  # noqa: D102 - reportlab's name
        """Replaces reportlab's `get_table`, which copies the table out of the font file on
        each call: every subset made (≈ 3 a document) copied the whole 'glyf' table (≈ 10 MB
        for Noto Sans SC, ≈ 1 ms each). Tables are read-only: the glyph table is a view of the
        file's bytes whose slices are bytes (reportlab's subsetting splices them), the others
        one copy per process."""
        if tag == "glyf":
            pos, length = self.get_table_pos(tag)
            return BytesSlices(memoryview(self._ttf_data)[pos:pos + length])
        tables = self.__dict__.setdefault("_table_copies", {})
        table = tables.get(tag)
        if table is None:
            table = tables[tag] = super().get_table(tag)
        return table


_LATER = "_loaded_later"
"""Metrics reportlab reads only when it shapes text (we never ask it to): glyphToChar."""


@contextmanager
def _gc_paused():
    """Building ~100,000 small objects with the cyclic GC running takes several times longer."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _metrics_cache_path(font: Path) -> tuple[Path, str]:
    """The cache file of a font and the key it must carry (the font's path, size, time and
    reportlab's version: any change is a miss)."""
    stat = font.stat()
    key = f"{font.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{reportlab.Version}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir() / "metrics" / f"{font.stem}-{digest}.json", key


def cached_ttfont(name: str, path: Path) -> TTFont:
    """`TTFont(name, path)`, with the face's metrics read from the metrics cache when present."""
    with patched(ttfonts, "TTFontFace", _CachedFace):
        return TTFont(name, str(path))


class BytesSlices:
    """A read-only view of a font table whose slices are bytes: reportlab's `makeSubset`
    reads glyphs as slices of the glyph table and splices new component numbers into them."""

    def __init__(self, view: memoryview):
        self.view = view

    def __getitem__(self, index: slice) -> bytes:
        return self.view[index].tobytes()

    def __len__(self) -> int:
        return len(self.view)


def theme_font_key(theme: Theme) -> object:
    """A hashable form of the theme's font choice (for the registration cache)."""
    font = theme.pdf_font
    if isinstance(font, dict):
        return (str(font["regular"]), str(font["bold"]))
    return font


def missing_glyphs(texts: list[str], font_name: str = REGULAR) -> list[str]:
    """Characters of `texts` that the registered font cannot draw (shown as empty boxes)."""
    face = pdfmetrics.getFont(font_name).face
    cmap = face.charToGlyph
    seen = set()
    for text in texts:
        seen.update(text)
    return sorted(c for c in seen if ord(c) not in cmap and c not in "\n\r\t" and ord(c) >= 32)
