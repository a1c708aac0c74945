"""Shapes of a deck drawn through python-pptx once per look, then stamped: text boxes, key-figure
cards, table headers with a styled prototype row, slide-number footers."""

from __future__ import annotations

import copy

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from ..conventions import tone_colour
from ..document import KeyFigures, Table
from ..theme import Theme
from .library_hooks import element_of
from .office_text import set_drawing_run_fonts, xml_safe
from .pptx_plan import CELL_MARGIN_X, CELL_MARGIN_Y, FOOTER_PT, TABLE_HEADER_PT, TABLE_PT, Frame
from .shape_stamps import Stamps

_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_A_R, _A_RPR = qn("a:r"), qn("a:rPr")
_A_SOLID, _A_SRGB = qn("a:solidFill"), qn("a:srgbClr")
_SLIDENUM_ID = "{B6F15E32-6A0C-4F43-9C57-3D2D8A1E0F01}"


class Drawing:
    """Draws on `self.slide` in one look (theme, language): each kind of shape through the
    API the first time, as a copy of that stamp afterwards (`shape_stamps`)."""

    slide = None

    def __init__(self, theme: Theme, lang: str, look: tuple, stamps: Stamps):
        self.theme, self.lang, self.look, self.stamps = theme, lang, look, stamps

    def _textbox(self, left, top, width, height, paragraphs: list[str], size: float,
                 bold: bool = False, colour: str | None = None, align=None,
                 bullets: bool = False) -> list:
        """A text box: one paragraph per item; `bullets` puts a hanging bullet on each.
        Returns the shape's element (in a list)."""
        key = ("textbox", self.look, int(left), int(width), len(paragraphs), size, bold, colour,
               align, bullets)

        def draw(texts: list[str]) -> list:
            box = self.slide.shapes.add_textbox(left, top, width, height)
            frame = box.text_frame
            frame.word_wrap = True
            self._fill(frame, texts, size, bold=bold, colour=colour, align=align)
            if bullets:
                for para in frame.paragraphs:
                    p_pr = element_of(para).get_or_add_pPr()
                    p_pr.set("marL", str(Inches(0.3)))
                    p_pr.set("indent", str(-Inches(0.3)))
                    p_pr.append(p_pr.makeelement(qn("a:buFont"), {"typeface": "Arial"}))
                    p_pr.append(p_pr.makeelement(qn("a:buChar"), {"char": "•"}))
                    para.space_after = Pt(6)
            return [box.element]

        return self.stamps.place(key, self.slide, paragraphs, top, draw, height=height)

    def _fill(self, frame, paragraphs: list[str], size: float, bold: bool = False,
              colour: str | None = None, align=None) -> None:
        """Replaces a text frame's content: one paragraph per item, fonts and language set."""
        frame.clear()
        for i, text in enumerate(paragraphs):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if align is not None:
                para.alignment = align
            run = para.add_run()
            run.text = xml_safe(text)
            font = run.font
            font.size = Pt(size)
            font.bold = bold
            if colour:
                font.color.rgb = RGBColor.from_string(colour)
            set_drawing_run_fonts(element_of(run).get_or_add_rPr(), self.theme, self.lang)

    def _key_figures(self, block: KeyFigures, top: int, height: int, frame: Frame) -> None:
        tones = tuple(tone_colour(self.theme, item.tone) or self.theme.colour("primary")
                      for item in block.items)
        key = ("figures", self.look, len(tones), int(frame.left), int(frame.width))
        texts = [text for item in block.items for text in (item.value, item.label)]
        cards = self.stamps.place(
            key, self.slide, texts, top,
            lambda marks: self._draw_key_figures(marks, tones, top, height, frame))
        for card, tone in zip(cards, tones, strict=True):
            # one stamp for every choice of tones: each figure's colour set on its copy
            value_run = next(card.iter(_A_R))
            value_run.find(_A_RPR).find(_A_SOLID).find(_A_SRGB).set("val", tone)

    def _draw_key_figures(self, texts: list[str], tones: tuple[str, ...], top: int, height: int,
                          frame: Frame) -> list:
        n = len(tones)
        gap = Inches(0.2)
        width = int((frame.width - gap * (n - 1)) / n)
        shapes = []
        for i, tone in enumerate(tones):
            left = frame.left + i * (width + gap)
            shape = self.slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width,
                                                height)
            shape.adjustments[0] = 0.08
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(self.theme.colour("stripe"))
            shape.line.color.rgb = RGBColor.from_string(self.theme.colour("rule"))
            shape.shadow.inherit = False
            text_frame = shape.text_frame
            text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            self._fill(text_frame, texts[2 * i: 2 * i + 2], 40, bold=True, colour=tone,
                       align=PP_ALIGN.CENTER)
            label_run = text_frame.paragraphs[1].runs[0]
            label_run.font.size = Pt(14)
            label_run.font.bold = False
            label_run.font.color.rgb = RGBColor.from_string(self.theme.colour("muted"))
            shapes.append(shape.element)
        return shapes

    def _style_prototype_rows(self, table, block: Table, header_h: int) -> None:
        table.rows[0].height = header_h
        header_fill = RGBColor.from_string(self.theme.colour("header_fill"))
        for j, column in enumerate(block.columns):
            cell = table.cell(0, j)
            self._cell(cell, column.header, TABLE_HEADER_PT, PP_ALIGN.CENTER, bold=True,
                       colour=self.theme.colour("header_text"))
            cell.fill.solid()
            cell.fill.fore_color.rgb = header_fill
            cell = table.cell(1, j)
            self._cell(cell, "", TABLE_PT, _ALIGN[column.align])
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    def _cell(self, cell, text: str, size: float, align, bold: bool = False,
              colour: str | None = None) -> None:
        cell.margin_left = cell.margin_right = CELL_MARGIN_X
        cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y
        cell.vertical_anchor = MSO_ANCHOR.TOP
        self._fill(cell.text_frame, [text], size, bold=bold, colour=colour, align=align)

    def _slide_number(self, left: int, top: int, width: int, texts: list[str],
                      colour: str) -> None:
        """A right-aligned text box: `texts[0]`, a slide-number field showing `texts[1]`,
        `texts[2]`."""
        key = ("slidenum", self.look, int(left), int(width), colour)

        def draw(marks: list[str]) -> list:
            box = self.slide.shapes.add_textbox(left, top, width, Inches(0.35))
            box.text_frame.word_wrap = True
            self._fill(box.text_frame, [marks[0]], FOOTER_PT, colour=colour,
                       align=PP_ALIGN.RIGHT)
            para = element_of(box.text_frame.paragraphs[0])
            run = para.find(qn("a:r"))
            field = para.makeelement(qn("a:fld"), {"id": _SLIDENUM_ID, "type": "slidenum"})
            field.append(copy.deepcopy(run.find(qn("a:rPr"))))
            text = field.makeelement(qn("a:t"), {})
            text.text = marks[1]
            field.append(text)
            tail = copy.deepcopy(run)
            tail.find(qn("a:t")).text = marks[2]
            run.addnext(field)
            field.addnext(tail)
            return [box.element]

        self.stamps.place(key, self.slide, texts, top, draw)


__all__ = ["Drawing"]
