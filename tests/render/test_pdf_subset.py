"""Font subsetting for embedding: the same bytes as reportlab's, on a font with composite
glyphs (accented Latin letters built from others) and on the CJK font."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace, TTFontFile

from generator.render.pdf_subset import _components, make_subset
from generator.render.pdf_text import REGULAR, register_fonts, theme_font_key
from generator.theme import load_theme

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def _subsets(face, count: int) -> list[list[int]]:
    codes = sorted(face.charToGlyph)
    pick = random.Random(7)
    return [[0, 32, *pick.sample(codes, min(200, len(codes))), 0x10FFFF, 32]
            for _ in range(count)]


def test_a_font_with_composite_glyphs_is_subset_as_reportlab_does_it():
    face = TTFontFace(str(VERA))
    composite = [g for g in range(len(face.glyphPos) - 1)
                 if _components(face.get_table("glyf"), face.glyphPos, g)[0]]
    assert len(composite) > 20  # Vera builds accented letters from their parts
    accented = [code for code, glyph in face.charToGlyph.items() if glyph in composite]
    for subset in [[0, 32, *accented], *_subsets(face, 5)]:
        assert make_subset(face, subset) == TTFontFile.makeSubset(face, subset)


def test_the_cjk_font_is_subset_as_reportlab_does_it():
    register_fonts(theme_font_key(load_theme()))
    face = pdfmetrics.getFont(REGULAR).face
    chinese = [ord(c) for c in "上海市知识产权局年度工作计划，“铁拳”行动。"]
    for subset in [chinese, *_subsets(face, 3)]:
        assert make_subset(face, subset) == TTFontFile.makeSubset(face, subset)


@pytest.mark.parametrize("subset", [[], [0x10FFFF]])
def test_a_subset_of_nothing_or_of_missing_characters_still_matches(subset):
    face = TTFontFace(str(VERA))
    assert make_subset(face, subset) == TTFontFile.makeSubset(face, subset)
