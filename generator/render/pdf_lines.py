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
_LIST_ITEM = r"(?:(?<=[、；])|^)[\u3400-\u9FFF（）()]{2,10}(?:[、；]|$)"
_WHOLE_IN_CELLS = (r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|"
                   r"\d{1,2} [A-Z][a-z]{2,8} \d{4}|[\u3400-\u9FFF]{0,2}[（(][^（()）\n]{1,4}[）)]|"
                   r"[\u3400-\u9FFF]{2}(?:新片区|商务区|示范区|开发区|新区|园区)")
"""In a table cell also kept whole: a date (2020年12月31日, 9月30日, 30 Sep 2021), a short
bracketed part of a name with the two characters before it (中国（浦东）) and a district named
by two characters and its kind (临港新片区, 虹桥商务区, 浦东新区)."""
_TERM_CHARS = re.compile(r"[\u3400-\u9FFF（）]{2,8}")
_UNIT_SUFFIX = re.compile("(?:管委会|管理委员会|委员会|人民政府)$")


def table_terms(texts) -> tuple[str, ...]:
    """The names a table's cells must not split, from the table itself: its short Chinese
    cells and list items (unit names such as 虹桥商务区管委会, at most 8 characters) and the
    places units are named after (虹桥商务区), longest first."""
    terms: set[str] = set()
    for text in texts:
        for item in _SEPARATORS.split(text):
            item = item.strip()
            if _TERM_CHARS.fullmatch(item):
                terms.add(item)
                stem = _UNIT_SUFFIX.sub("", item)
                if stem != item and len(stem) >= 2:
                    terms.add(stem)
    return tuple(sorted(terms, key=lambda term: (-len(term), term)))


@lru_cache(maxsize=256)
def _cell_tokens(terms: tuple[str, ...], listed: bool) -> re.Pattern[str]:
    """Tokens of a table cell: list items (when the cell is a list), the table's `terms`,
    dates and short bracketed parts whole, then as in running text."""
    parts = [_LIST_ITEM] if listed else []
    if terms:
        parts.append("|".join(re.escape(term) for term in terms))
    parts += [_WHOLE_IN_CELLS, _TOKENS.pattern]
    return re.compile("|".join(parts), re.DOTALL)


def break_lines(text: str, font_name: str, size: float, width: float, char_space: float = 0.0,
                indent: float = 0.0, cell: bool = False, terms: tuple[str, ...] = ()
                ) -> list[str]:
    """Lines of `text` that fit `width` points at `size` in `font_name`; `\\n` forces a break.
    `char_space` is added to every character's advance (a character grid); the first line
    starts `indent` points in; `cell` keeps the items of a list (units separated by 、),
    dates, short bracketed parts and the table's `terms` (`table_terms`) whole where they fit.

    Remembered per process: a meeting's packs repeat many cell texts (units, dates, status
    words, notes) in columns of the same widths."""
    return list(_break_lines(text, font_name, size, width, char_space, indent, cell, terms))


@lru_cache(maxsize=16384)
def _break_lines(text: str, font_name: str, size: float, width: float, char_space: float = 0.0,
                 indent: float = 0.0, cell: bool = False, terms: tuple[str, ...] = ()
                 ) -> tuple[str, ...]:
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
        for match in (_cell_tokens(terms, listed) if cell else _TOKENS).finditer(paragraph):
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


def cell_lines(text: str, font_name: str, size: float, width: float,
               terms: tuple[str, ...] = ()) -> list[str]:
    """A table cell's lines (`break_lines` for cells, with the table's `terms`); a last line of
    one or two characters under a full one ("中国（上海）自由贸易试验区临港新片区管理委员 / 会")
    is avoided by breaking at the narrowest width that needs no more lines.

    Only the terms the text holds are passed on (a term it does not hold can match nowhere in
    it): the remembered breaks of a cell then serve every pack whose table shows that text,
    whatever other names its table holds."""
    terms = tuple([term for term in terms if term in text]) if terms else terms
    lines = break_lines(text, font_name, size, width, cell=True, terms=terms)
    if len(lines) < 2 or len(lines[-1]) > 2 or "\n" in text:
        return lines
    low, high = width / len(lines), width
    for _ in range(10):
        middle = (low + high) / 2
        if len(break_lines(text, font_name, size, middle, cell=True, terms=terms)) > len(lines):
            low = middle
        else:
            high = middle
    return break_lines(text, font_name, size, high, cell=True, terms=terms)


def _natural_break(text: str, font_name: str, size: float, width: float) -> list[str] | None:
    """`textwidth.two_line_split` measured in the PDF font."""
    return two_line_split(text, lambda part: stringWidth(part, font_name, size), width,
                          _CANNOT_START)


def _join(tokens: list[tuple[str, float]]) -> str:
    return "".join(token for token, _ in tokens).rstrip()
