"""PDF fonts: the theme's embedded faces registered by role, and their glyph coverage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from ..errors import TemplateError
from ..fonts import noto_sans_sc
from ..theme import Theme
from .library_hooks import cached_ttfont
from .official_fonts import FANDOL_MISSING, fandol_dir, fandol_faces, noto_sans_tc

REGULAR = "PlanSans"
BOLD = "PlanSans-Bold"

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
            # asciiReadable=0: a subset holds only the characters drawn (reportlab's default
            # puts all of ASCII, used or not, in each font's first subset): a unit pack embeds
            # 2 subsets instead of 3, 17% smaller, 13.4 ms instead of 14.7 (100 packs, one
            # process, alternating); same text and pixels, only the content stream codes differ.
            pdfmetrics.registerFont(cached_ttfont(name, Path(path), asciiReadable=0))
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
    seen = set("".join(texts))
    return sorted(c for c in seen if ord(c) not in cmap and c not in "\n\r\t" and ord(c) >= 32)
