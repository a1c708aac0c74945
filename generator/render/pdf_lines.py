"""Line breaking for the PDF: Chinese rules both ways, Latin words kept whole, no markup.

`break_lines` works from the font's advance widths: Chinese text may break between any two
characters, Latin words and numbers stay whole, no line starts with closing punctuation (the
character before it moves down with it; alone, it hangs in the margin) and no line ends with
opening punctuation. The text is never interpreted, so data can hold `<`, `&` or anything else.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..conventions import CANNOT_END, CANNOT_START
from ..textwidth import two_line_split

_CANNOT_START = CANNOT_START
_CANNOT_END = CANNOT_END
# A token is a run of Latin letters/digits (kept whole), a run of spaces, or one character.
_TOKENS = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F.,:/%'’\-]*| +|.",
                     re.DOTALL)
# In a table cell that is a list of short items ("市知识产权局、临港新片区管委会、…": every item
# at most 10 characters, no prose punctuation), each item is kept whole like a word.
AUTO_SPACE = 0.25
"""The space (in ems) office suites put between a 汉字 and a Latin letter or digit
(2020 年 12 月 31 日; LibreOffice ignores a document's request not to). Table cells break as if
it were there, so that a table's rows are as tall in the PDF as in the DOCX and the Word
contents page, numbered from the PDF's layout, is right."""
_SWITCHES = re.compile(r"(?<=[\u2E80-\uFFEF])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u2E80-\uFFEF])")
_SEPARATORS = re.compile("[、；]")
_PROSE = re.compile("[，。：:,.]")
_CELL_TOKENS = re.compile(r"(?:(?<=[、；])|^)[\u3400-\u9FFF（）()]{2,10}(?:[、；]|$)|"
                          + _TOKENS.pattern, re.DOTALL)


def break_lines(text: str, font_name: str, size: float, width: float, char_space: float = 0.0,
                indent: float = 0.0, cell: bool = False) -> list[str]:
    """Lines of `text` that fit `width` points at `size` in `font_name`; `\\n` forces a break.
    `char_space` is added to every character's advance (a character grid); the first line
    starts `indent` points in; `cell` keeps the items of a list (units separated by 、) whole
    where they fit.

    Remembered per process: a meeting's packs repeat many cell texts (units, dates, status
    words, notes) in columns of the same widths."""
    return list(_break_lines(text, font_name, size, width, char_space, indent, cell))


@lru_cache(maxsize=16384)
def _break_lines(text: str, font_name: str, size: float, width: float, char_space: float = 0.0,
                 indent: float = 0.0, cell: bool = False) -> tuple[str, ...]:
    gaps = len(_SWITCHES.findall(text)) * AUTO_SPACE * size if cell else 0.0
    if "\n" not in text and (stringWidth(text, font_name, size) + len(text) * char_space
                             + indent + gaps <= width + 1e-6):
        return (text,)  # the common case: one line, measured in C
    face = pdfmetrics.getFont(font_name).face
    widths, default = face.charWidths, face.defaultWidth
    scale = size / 1000.0
    width += 1e-6  # a full line of a character grid is exactly as wide as the column
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        char_w = [widths.get(ord(c), default) * scale + char_space for c in paragraph]
        if cell:  # lines end where Word, WPS and LibreOffice end them (see AUTO_SPACE)
            for match in _SWITCHES.finditer(paragraph):
                char_w[match.start()] += AUTO_SPACE * size
        tokens: list[tuple[str, float]] = []
        listed = cell and all(0 < len(item) <= 10 and not _PROSE.search(item)
                              for item in _SEPARATORS.split(paragraph.rstrip("、；")))
        for match in (_CELL_TOKENS if listed else _TOKENS).finditer(paragraph):
            token, start, end = match.group(), match.start(), match.end()
            w = sum(char_w[start:end])
            if len(token) > 1 and not token.isspace() and w > width:
                tokens.extend(zip(token, char_w[start:end], strict=True))  # breaks anywhere
            else:
                tokens.append((token, w))
        line: list[tuple[str, float]] = []
        used = indent if number == 0 else 0.0
        for token, w in tokens:
            if token.isspace() and not line:
                continue
            if used + w <= width or not line:
                line.append((token, w))
                used += w
            elif token.isspace():  # break at the space; it is not carried over
                lines.append(_join(line))
                line, used = [], 0.0
            elif token[0] in _CANNOT_START:
                if len(line) > 1 and not line[-1][0].isspace():
                    previous = line.pop()  # take the last token down with the punctuation
                    lines.append(_join(line))
                    line = [previous, (token, w)]
                    used = previous[1] + w
                else:  # nothing to take down: let it hang
                    line.append((token, w))
                    used += w
            else:
                carried: list[tuple[str, float]] = []
                while len(line) > 1 and line[-1][0] in _CANNOT_END:
                    carried.insert(0, line.pop())  # opening punctuation goes down too
                lines.append(_join(line))
                line = [*carried, (token, w)]
                used = sum(item[1] for item in line)
        lines.append(_join(line))
    return tuple(lines)


def balanced_lines(text: str, font_name: str, size: float, width: float) -> list[str]:
    """`break_lines` at the narrowest width that needs no more lines: a centred title of two
    lines is split near its middle, not full first line and a stub ("…工作推 / 进会")."""
    lines = break_lines(text, font_name, size, width)
    if len(lines) < 2 or "\n" in text:
        return lines
    if len(lines) == 2:
        natural = _natural_break(text, font_name, size, width)
        if natural:
            return natural
    low, high = width / len(lines), width
    for _ in range(12):  # bisection to within width / 4096
        middle = (low + high) / 2
        if len(break_lines(text, font_name, size, middle)) > len(lines):
            low = middle
        else:
            high = middle
    return break_lines(text, font_name, size, high)


def cell_lines(text: str, font_name: str, size: float, width: float) -> list[str]:
    """A table cell's lines (`break_lines` for cells); a last line of one or two characters
    under a full one ("中国（上海）自由贸易试验区临港新片区管理委员 / 会") is avoided by breaking
    at the narrowest width that needs no more lines."""
    lines = break_lines(text, font_name, size, width, cell=True)
    if len(lines) < 2 or len(lines[-1]) > 2 or "\n" in text:
        return lines
    low, high = width / len(lines), width
    for _ in range(10):
        middle = (low + high) / 2
        if len(break_lines(text, font_name, size, middle, cell=True)) > len(lines):
            low = middle
        else:
            high = middle
    return break_lines(text, font_name, size, high, cell=True)


def _natural_break(text: str, font_name: str, size: float, width: float) -> list[str] | None:
    """`textwidth.two_line_split` measured in the PDF font."""
    return two_line_split(text, lambda part: stringWidth(part, font_name, size), width,
                          _CANNOT_START)


def _join(tokens: list[tuple[str, float]]) -> str:
    return "".join(token for token, _ in tokens).rstrip()
