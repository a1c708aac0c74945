"""PDF paragraph styles derived from a theme: sizes, colours, fonts by role, the character grid."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A3, A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ..theme import Theme
from .pdf_text import FontSet

PAGE_SIZES = {"A4": A4, "A3": A3, "letter": letter, "A4-landscape": landscape(A4),
              "A3-landscape": landscape(A3)}


class Styles:
    """Paragraph styles derived from the theme; Chinese text wraps by character (CJK rules)."""

    def __init__(self, theme: Theme, language: str, fonts: FontSet):
        regular, bold = fonts.regular, fonts.bold
        size = theme.pdf_sizes
        wrap = "CJK" if language.startswith("zh") else None
        text = colors.HexColor("#" + theme.colour("text"))
        primary = colors.HexColor("#" + theme.colour("primary"))
        self.regular, self.bold = regular, bold
        grid = bool(theme.pdf_line_chars) and language.startswith("zh")
        base = ParagraphStyle("body", fontName=regular, fontSize=size["body"],
                              leading=theme.pdf_leading or size["body"] * 1.5, textColor=text,
                              wordWrap=wrap, spaceAfter=0 if grid else size["body"] * 0.4)
        self.body = base
        self.lead = base if grid else ParagraphStyle("lead", parent=base,
                                                     fontSize=size["body"] * 1.1,
                                                     leading=size["body"] * 1.75)
        self.note = ParagraphStyle("note", parent=base, fontSize=size["note"],
                                   leading=size["note"] * 1.5,
                                   textColor=colors.HexColor("#" + theme.colour("muted")))
        self.title = ParagraphStyle("title", parent=base, fontName=fonts.title or bold,
                                    fontSize=size["title"],
                                    leading=size["title"] * 1.35, textColor=primary,
                                    alignment=TA_CENTER, spaceAfter=size["title"] * 0.4)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=size["subtitle"],
                                       leading=size["subtitle"] * 1.4, alignment=TA_CENTER,
                                       textColor=primary, spaceAfter=size["subtitle"])
        self.cover_line = ParagraphStyle("cover_line", parent=base, alignment=TA_CENTER,
                                         fontSize=size["body"] * 1.1,
                                         leading=size["body"] * 1.8)
        self.marking = ParagraphStyle("marking", parent=base, fontName=bold,
                                      textColor=colors.HexColor("#" + theme.colour("accent")),
                                      fontSize=size["body"] * 1.2, alignment=TA_LEFT)
        self.h1 = ParagraphStyle("h1", parent=base, fontName=fonts.heading1 or bold,
                                 fontSize=size["heading1"],
                                 leading=base.leading if grid else size["heading1"] * 1.4,
                                 textColor=primary,
                                 spaceBefore=0 if grid else size["heading1"] * 0.6,
                                 spaceAfter=0 if grid else size["heading1"] * 0.4,
                                 keepWithNext=1)
        self.h2 = ParagraphStyle("h2", parent=self.h1, fontName=fonts.heading2 or bold,
                                 fontSize=size["heading2"],
                                 leading=base.leading if grid else size["heading2"] * 1.4)
        # Level 3: the body face in bold (仿宋 has no bold cut: drawn filled and stroked).
        self.h3 = ParagraphStyle("h3", parent=self.h2, fontName=regular if grid else bold,
                                 fontSize=size["body"])
        self.fake_bold_h3 = grid
        # A character grid (GB/T 9704: 28 characters a line): the spacing that makes a line of
        # `line_chars` full-width characters exactly fill the type area; justified text and a
        # two-character first-line indent.
        self.grid = grid
        self.char_space = 0.0
        self.first_indent = 0.0
        if grid:
            page = PAGE_SIZES.get(theme.pdf_page_size, A4)
            margins = theme.pdf_margins_mm
            width = min(page) - (margins["left"] + margins["right"]) * mm
            self.char_space = width / theme.pdf_line_chars - size["body"]
            self.first_indent = 2 * (size["body"] + self.char_space)
        self.footer_size = size.get("footer", size["note"])
        self.cell = ParagraphStyle("cell", parent=base, fontSize=size["table"],
                                   leading=size["table"] * 1.4, spaceAfter=0)
        self.header_cell = ParagraphStyle("header_cell", parent=self.cell, fontName=bold,
                                          textColor=colors.HexColor("#" + theme.colour(
                                              "header_text")), alignment=TA_CENTER)
        self.figure_value = ParagraphStyle("figure_value", parent=base, fontName=bold,
                                           fontSize=size["title"], leading=size["title"] * 1.2,
                                           alignment=TA_CENTER, textColor=primary, spaceAfter=0)
        self.figure_label = ParagraphStyle("figure_label", parent=self.note, alignment=TA_CENTER,
                                           spaceAfter=0)
