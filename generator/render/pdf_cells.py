"""A plain-text table cell for reportlab: line breaking with Chinese rules, no markup parsing.

Replaces `Paragraph` in table cells. A Paragraph parses its text as markup (an HTML parser
pass per cell) and re-wraps through the general paragraph machinery; a long status report
spends most of its time there. `TextCell` breaks lines itself from the font's advance widths:
Chinese text may break between any two characters, Latin words and numbers stay whole, no
line starts with closing punctuation (it hangs at the end of the previous line) and no line
ends with opening punctuation. The text is never interpreted, so data can hold `<`, `&` or
anything else.
"""

from __future__ import annotations

import re

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from .pdf_text import EXTRA_CANNOT_END, EXTRA_CANNOT_START

_CANNOT_START = frozenset(EXTRA_CANNOT_START)
_CANNOT_END = frozenset(EXTRA_CANNOT_END)
# A token is a run of Latin letters/digits (kept whole), a run of spaces, or one character.
_TOKENS = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F.,:/%'’\-]*| +|.",
                     re.DOTALL)


def break_lines(text: str, font_name: str, size: float, width: float) -> list[str]:
    """Lines of `text` that fit `width` points at `size` in `font_name`; `\\n` forces a break."""
    face = pdfmetrics.getFont(font_name).face
    widths, default = face.charWidths, face.defaultWidth
    scale = size / 1000.0

    def measure(token: str) -> float:
        return sum(widths.get(ord(c), default) for c in token) * scale

    lines: list[str] = []
    for paragraph in text.split("\n"):
        tokens: list[str] = []
        for token in _TOKENS.findall(paragraph):
            if len(token) > 1 and not token.isspace() and measure(token) > width:
                tokens.extend(token)  # a word longer than the line breaks anywhere
            else:
                tokens.append(token)
        line: list[str] = []
        used = 0.0
        for token in tokens:
            w = measure(token)
            if token.isspace() and not line:
                continue
            if used + w <= width or not line:
                line.append(token)
                used += w
            elif token.isspace():  # break at the space; it is not carried over
                lines.append("".join(line).rstrip())
                line, used = [], 0.0
            elif token[0] in _CANNOT_START:
                if len(line) > 1 and not line[-1].isspace():
                    previous = line.pop()  # take the last token down with the punctuation
                    lines.append("".join(line).rstrip())
                    line = [previous, token]
                    used = measure(previous) + w
                else:  # nothing to take down: let it hang
                    line.append(token)
                    used += w
            else:
                carried: list[str] = []
                while len(line) > 1 and line[-1] in _CANNOT_END:
                    carried.insert(0, line.pop())  # opening punctuation goes down too
                lines.append("".join(line).rstrip())
                line = [*carried, token]
                used = sum(measure(t) for t in line)
        lines.append("".join(line).rstrip())
    return lines


class TextCell(Flowable):
    """Plain text laid out in lines; alignment left, center or right; one colour and font."""

    def __init__(self, text: str, font_name: str, size: float, leading: float, colour,
                 align: str = "left"):
        super().__init__()
        self.text = text
        self.font_name = font_name
        self.size = size
        self.leading = leading
        self.colour = colour
        self.align = align
        self.lines: list[str] = []
        self._wrapped_for: float | None = None

    def wrap(self, avail_width, avail_height):  # noqa: ARG002 - reportlab's signature
        if self._wrapped_for != avail_width:
            self.lines = break_lines(self.text, self.font_name, self.size, avail_width)
            self._wrapped_for = avail_width
        self.width = avail_width
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setFont(self.font_name, self.size, self.leading)
        canvas.setFillColor(self.colour)
        y = self.height - self.size * 1.05
        for line in self.lines:
            if self.align == "right":
                canvas.drawRightString(self.width, y, line)
            elif self.align == "center":
                canvas.drawCentredString(self.width / 2, y, line)
            else:
                canvas.drawString(0, y, line)
            y -= self.leading

    def getPlainText(self) -> str:  # noqa: N802 - reportlab's name
        return self.text
