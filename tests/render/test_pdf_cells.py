"""TextCell line breaking: Chinese rules both ways, Latin words whole, widths respected."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from generator.render.pdf_cells import break_lines
from generator.render.pdf_text import REGULAR, register_fonts, theme_font_key
from generator.theme import load_theme

TEXT = ("深入开展打击侵权假冒违法犯罪“铁拳”行动、打击网络侵权盗版“剑网2020”专项行动，"
        "推广《知识产权评议技术导则》地方标准。Resident identity service (single sign-on).")
CLOSING = set("，。、；：？！”’）》」』】")
OPENING = set("“‘（《「『【")


@pytest.fixture(scope="module", autouse=True)
def fonts():
    register_fonts(theme_font_key(load_theme()))


@pytest.mark.parametrize("width", range(40, 260, 7))
def test_lines_fit_and_follow_the_rules(width):
    lines = break_lines(TEXT, REGULAR, 9, width)

    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
    for line in lines[1:]:
        assert line[:1] not in CLOSING, lines
    for line in lines[:-1]:
        assert line[-1:] not in OPENING, lines
    for line in lines:
        # a line may overrun only by one hanging punctuation mark
        assert stringWidth(line.rstrip("".join(CLOSING)), REGULAR, 9) <= width + 0.01, line


def test_latin_words_stay_whole_and_newlines_break():
    lines = break_lines("alpha beta gamma\n第二行", REGULAR, 9, 45)

    assert lines == ["alpha beta", "gamma", "第二行"]
