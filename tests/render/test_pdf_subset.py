"""Font subsets embedded in PDFs (reportlab's subsetting, through our cached face): each holds
the glyphs of the characters drawn, with their outlines and widths, composite glyphs included."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import reportlab
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from generator.render.pdf_text import REGULAR, register_fonts, theme_font_key
from generator.theme import load_theme

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
CHINESE = "上海市知识产权局年度工作计划，“铁拳”行动。A1"


def _outline(font: TTFont, name: str) -> tuple:
    glyf = font["glyf"]
    coordinates, ends, _ = glyf[name].getCoordinates(glyf)
    return list(coordinates), list(ends), font["hmtx"][name][0]


def _assert_subset_draws(subset_bytes: bytes, codes: list[int], original: Path) -> None:
    """Byte code n of the subset draws character `codes[n]` as the original font does."""
    subset = TTFont(io.BytesIO(subset_bytes))
    source = TTFont(str(original))
    to_glyph = subset["cmap"].getcmap(1, 0).cmap
    source_cmap = source.getBestCmap()
    for n, code in enumerate(codes):
        if code not in source_cmap:
            continue  # drawn as the missing glyph
        assert _outline(subset, to_glyph[n]) == _outline(source, source_cmap[code]), chr(code)


def test_the_cjk_font_subset_draws_the_characters_used():
    register_fonts(theme_font_key(load_theme()))
    face = pdfmetrics.getFont(REGULAR).face
    codes = [ord(c) for c in CHINESE]

    _assert_subset_draws(face.makeSubset(codes), codes, Path(face.filename))


@pytest.mark.parametrize("codes", [[], [0x10FFFF]], ids=["empty", "missing-character"])
def test_a_subset_of_nothing_or_of_missing_characters_is_a_valid_font(codes):
    subset = TTFont(io.BytesIO(TTFontFace(str(VERA)).makeSubset(codes)))

    assert subset["maxp"].numGlyphs == 1  # the missing-character glyph only
    assert set(subset["cmap"].getcmap(1, 0).cmap.values()) <= {".notdef"}


def test_a_pdf_embeds_subsets_that_draw_its_text(sample_out):
    """The status report's embedded font programs parse and hold glyphs, and its text comes
    back out of the PDF."""
    pdf = next(sample_out.glob("*-status.pdf"))
    reader = PdfReader(pdf)
    programs = []
    for page in reader.pages[:2]:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                programs.append(descriptor.get_object()["/FontFile2"].get_object().get_data())

    assert programs
    for program in programs:
        font = TTFont(io.BytesIO(program))
        assert font["maxp"].numGlyphs > 1
        assert any(font["glyf"][name].numberOfContours for name in font.getGlyphOrder())
    assert "上海" in reader.pages[0].extract_text()


def test_subsets_hold_only_the_characters_drawn(sample_out):
    """Each font's subsets embed the characters the document draws, not all of ASCII besides
    (fonts are made with `asciiReadable=0`): a Chinese briefing's glyphs are about as many as
    its distinct characters."""
    reader = PdfReader(next(sample_out.glob("*-briefing.pdf")))
    drawn = {c for page in reader.pages for c in page.extract_text() if not c.isspace()}
    glyphs: dict[str, int] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            program = font["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            glyphs[str(font["/BaseFont"])] = TTFont(io.BytesIO(program.get_data()))[
                "maxp"].numGlyphs
    faces: dict[str, list[int]] = {}
    for name, count in glyphs.items():
        faces.setdefault(name.partition("+")[2], []).append(count)

    assert len(drawn) > 100 and faces
    for face, counts in faces.items():  # each subset: + the missing glyph and a space
        assert sum(counts) <= len(drawn) + 2 * len(counts), face
