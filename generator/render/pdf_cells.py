"""Plain-text table cells and tables for reportlab: Chinese line breaking, no markup parsing.

Replaces `Paragraph` and reportlab's `Table` for task tables. A Paragraph parses its text as
markup (an HTML parser pass per cell) and re-wraps through the general paragraph machinery; a
long status report spent most of its time there. `break_lines` works from the font's advance
widths: Chinese text may break between any two characters, Latin words and numbers stay whole,
no line starts with closing punctuation (the character before it moves down with it; alone, it
hangs in the margin) and no line ends with opening punctuation. The text is never interpreted,
so data can hold `<`, `&` or anything else.
"""

from __future__ import annotations

import bisect
import copy
import re
from functools import lru_cache

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

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


class GridTable(Flowable):
    """A ruled table of plain-text cells whose header row repeats on every page it spans.

    Replaces reportlab's `Table` for the report's task tables. `Table` draws cell by cell
    (saving and restoring graphics state for each) and measures every remaining row again at
    each page break; a 10,000-task report spent ≈ 70% of its time there. Here every cell is
    broken into lines once (`break_lines`), row heights are kept as prefix sums shared by the
    pieces a page break makes, and a page of rows is drawn with one text object, one grid and
    one rectangle per stripe.

    `rows` holds, per row, one (text, colour or None, bold) per column. A row never splits
    across pages unless it is taller than `max_row_height`, when it continues on the next.
    """

    def __init__(self, headers: list[str], rows: list[list[tuple[str, object, bool]]],
                 widths: list[float], aligns: list[str], *, font: str, bold_font: str,
                 size: float, leading: float, text_colour, header_text, header_fill, stripe,
                 rule, padding: float = 3.0, max_row_height: float = 400.0,
                 continued: str = "", continued_font: str = "", continued_colour=None):
        super().__init__()
        # Over the rows a page break carries to the next page: what table this is, e.g.
        # "一、加强高质量知识产权制度供给（续）" (drawn above the repeated header).
        self.continued = continued
        self.continued_font = continued_font or font
        self.continued_colour = continued_colour or text_colour
        self.show_continued = False
        self.headers, self.widths, self.aligns = headers, widths, aligns
        self.font, self.bold_font, self.size, self.leading = font, bold_font, size, leading
        self.text_colour, self.header_text, self.header_fill = (text_colour, header_text,
                                                                header_fill)
        self.stripe, self.rule, self.padding = stripe, rule, padding
        self.max_row_height = max_row_height
        room = [w - 2 * padding for w in widths]
        self.header_lines = [break_lines(h, bold_font, size, r)
                             for h, r in zip(headers, room, strict=True)]
        self.header_height = self._height_of(self.header_lines)
        # The rows of this piece: (style per cell, lines per cell), with prefix sums of heights.
        self.cells = [[(colour, bold) for _, colour, bold in row] for row in rows]
        self.lines = [[cell_lines(text, bold_font if bold else font, size, r)
                       for (text, _, bold), r in zip(row, room, strict=True)] for row in rows]
        self._prefix = self._prefix_sums(self.lines)
        self.first_stripe = 0
        # Rows that may not be split from each other at the top: a page never ends after a
        # table's first row (a heading, its lead-in and one row, the rest overleaf).
        self.keep_first = 2 if len(rows) >= 3 else 1

    def _height_of(self, cell_lines) -> float:
        return max(len(lines) for lines in cell_lines) * self.leading + 2 * self.padding

    def _prefix_sums(self, lines) -> list[float]:
        sums = [0.0]
        for cell_lines in lines:
            sums.append(sums[-1] + self._height_of(cell_lines))
        return sums

    @property
    def continued_height(self) -> float:
        """The height of the "（续）" line over a continued piece (0 on the first)."""
        return self.size * 1.8 if self.show_continued else 0.0

    def wrap(self, avail_width, avail_height):  # noqa: ARG002 - reportlab's signature
        self.width = sum(self.widths)
        self.height = self.header_height + self._prefix[-1] + self.continued_height
        return self.width, self.height

    def split(self, avail_width, avail_height):  # noqa: ARG002 - reportlab's signature
        room = avail_height - self.header_height - self.continued_height
        prefix = self._prefix
        count = max(0, bisect.bisect_right(prefix, room + 1e-6) - 1)
        if count >= len(self.lines):
            return [self]
        if count == 0:
            first = self.lines[0]
            fit = int((room - 2 * self.padding) // self.leading)
            if prefix[1] <= self.max_row_height or fit < 2:
                return []  # the row moves to the next page whole
            # A very tall row: its first `fit` lines here, the rest continues on the next page.
            head = self._piece(0, 1, [[lines[:fit] for lines in first]])
            tail_lines = [[lines[fit:] or [""] for lines in first], *self.lines[1:]]
            tail = self._piece(0, len(self.lines), tail_lines)
            tail.show_continued = bool(self.continued)
            return [head, tail]
        if count < self.keep_first and prefix[self.keep_first] <= self.max_row_height:
            return []  # the rows that must stay together go to the next page (if they fit one)
        # No widow: the last row does not go overleaf alone under a repeated header; the last
        # two go together (and are not split again in what is left of this page).
        widow = (len(self.lines) - count == 1 and count >= 3
                 and prefix[-1] - prefix[count - 1] <= self.max_row_height)
        if widow:
            count -= 1
        tail = self._piece(count, len(self.lines))
        tail.show_continued = bool(self.continued)
        if widow:
            tail.keep_first = len(tail.lines)
        return [self._piece(0, count), tail]

    def _piece(self, start: int, end: int, lines=None) -> GridTable:
        piece = copy.copy(self)  # shares the header, styles and widths
        for placement in ("_postponed", "_frame", "canv"):  # set by platypus on the whole
            piece.__dict__.pop(placement, None)
        piece.cells = self.cells[start:end]
        piece.lines = lines if lines is not None else self.lines[start:end]
        piece._prefix = (self._prefix_sums(piece.lines) if lines is not None else
                         [h - self._prefix[start] for h in self._prefix[start:end + 1]])
        piece.first_stripe = (self.first_stripe + start) % 2
        piece.keep_first = 1
        return piece

    def draw(self):
        canvas = self.canv
        if getattr(canvas, "layout_only", False):
            return
        pad, size, leading = self.padding, self.size, self.leading
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        top = self.header_height + self._prefix[-1]
        header_h = self.header_height
        row_tops = [top, *(top - header_h - h for h in self._prefix)]
        canvas.saveState()
        if self.show_continued:
            canvas.setFillColor(self.continued_colour)
            canvas.setFont(self.continued_font, self.size)
            canvas.drawString(0, top + self.size * 0.6, self.continued)
        canvas.setFillColor(self.header_fill)
        canvas.rect(0, top - header_h, xs[-1], header_h, stroke=0, fill=1)
        canvas.setFillColor(self.stripe)
        for i in range(len(self.lines)):
            if (i + self.first_stripe) % 2 == 1:
                canvas.rect(0, row_tops[i + 2], xs[-1], row_tops[i + 1] - row_tops[i + 2],
                            stroke=0, fill=1)
        text = canvas.beginText()
        lines_out = LinesAt(text)
        lines_out.set_font(self.bold_font, size, leading)  # header: bold, centred both ways
        text.setFillColor(self.header_text)
        for c, lines in enumerate(self.header_lines):
            y = top - (header_h - len(lines) * leading) / 2 - size * 1.05
            for line in lines:
                x = xs[c] + (self.widths[c] - stringWidth(line, self.bold_font, size)) / 2
                lines_out.line(x, y, line)
                y -= leading
        current = (None, None)
        for r, (styles, cell_lines) in enumerate(zip(self.cells, self.lines, strict=True)):
            row_top = row_tops[r + 1]
            for c, ((colour, bold), lines) in enumerate(zip(styles, cell_lines, strict=True)):
                font = self.bold_font if bold else self.font
                colour = colour or self.text_colour
                if current != (font, colour):
                    lines_out.set_font(font, size, leading)
                    text.setFillColor(colour)
                    current = (font, colour)
                y = row_top - pad - size * 1.05
                align = self.aligns[c]
                for line in lines:
                    if align == "left":
                        x = xs[c] + pad
                    else:
                        w = stringWidth(line, font, size)
                        x = (xs[c + 1] - pad - w) if align == "right" else (
                            xs[c] + (self.widths[c] - w) / 2)
                    lines_out.line(x, y, line)
                    y -= leading
        canvas.drawText(text)
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.4)
        canvas.grid(xs, row_tops)
        canvas.restoreState()


class LinesAt:
    """Lines of text each placed at its own origin in a reportlab text object: the bytes of
    `setTextOrigin(x, y)` + `_textOut(line)` (a table cell's lines never move a cursor), written
    straight into the text object's code. Those two calls cost ≈ 10 µs a line, mostly in
    generality a table does not use (shaped text, rise, cursor bookkeeping); a unit pack sets
    ≈ 300 lines, a 1,000-task status report ≈ 20,000, many of them the same texts (units,
    dates, statuses). A text's split into font-subset pieces is remembered per document and
    font: once its characters have their codes, they keep them. Fonts that are not TrueType,
    or a top-down canvas, take reportlab's own path."""

    def __init__(self, text):
        self.text = text
        canvas = text._canvas
        self._doc, self._escape, self._bottom_up = canvas._doc, canvas._escape, canvas.bottomup
        self._font = None
        self._font_operators = ""
        self._pieces: dict[str, list[tuple[int, str]]] = {}

    def set_font(self, name: str, size: float, leading: float) -> None:
        self.text.setFont(name, size, leading)
        font = pdfmetrics.getFont(name)
        self._font = font if font._dynamicFont and self._bottom_up else None
        self._font_operators = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        if self._font is not None:
            font.splitString("", self._doc)  # the font's state in this document, made once
            self._pieces = font.state[self._doc].__dict__.setdefault("_plan_pieces", {})

    def line(self, x: float, y: float, line: str) -> None:
        text, font = self.text, self._font
        if font is None:
            text.setTextOrigin(x, y)
            text._textOut(line)
            return
        code, doc = text._code, self._doc
        code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        pieces = self._pieces.get(line)
        if pieces is None:
            escape = self._escape
            pieces = self._pieces[line] = [(subset, f"({escape(chunk)}) Tj")
                                           for subset, chunk in font.splitString(line, doc)]
        if len(pieces) == 1 and pieces[0][0] == text._curSubset:
            code.append(pieces[0][1])
        else:
            parts = []
            for subset, shown in pieces:
                if subset != text._curSubset:
                    parts.append(f"{font.getSubsetInternalName(subset, doc)} "
                                 f"{self._font_operators}")
                    text._curSubset = subset
                parts.append(shown)
            code.append(" ".join(parts))
        text._x0 = text._x = x
        text._y0 = text._y = y


class TextFlow(Flowable):
    """A paragraph of plain text with the same line breaking as the tables (`break_lines`):
    Chinese rules both ways, never markup. Splits across pages between lines, keeping at
    least two lines on each side.

    `char_space` sets text on a character grid (GB/T 9704: 28 characters a line);
    `first_indent` indents each paragraph's first line; `align="justify"` spreads every line
    but a paragraph's last to the full width."""

    def __init__(self, text: str, font: str, size: float, leading: float, colour, *,
                 align: str = "left", left_indent: float = 0.0, bullet: str = "",
                 space_before: float = 0.0, space_after: float = 0.0, lines=None,
                 char_space: float = 0.0, first_indent: float = 0.0, fake_bold: bool = False):
        super().__init__()
        self.text, self.font, self.size, self.leading = text, font, size, leading
        self.colour, self.align, self.left_indent, self.bullet = colour, align, left_indent, bullet
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.char_space, self.first_indent, self.fake_bold = char_space, first_indent, fake_bold
        self.lines = lines
        self.starts: list[bool] = []  # per line: the first line of a paragraph
        self.ends: list[bool] = []  # per line: the last line of a paragraph
        self._width = None

    def wrap(self, avail_width, avail_height):  # noqa: ARG002 - reportlab's signature
        if self.lines is None or self._width != avail_width:
            if self._width is not None or self.lines is None:
                self._break(avail_width - self.left_indent)
            self._width = avail_width
        self.width = avail_width
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def _break(self, width: float) -> None:
        if self.align == "center":
            self.lines = balanced_lines(self.text, self.font, self.size, width)
            self.starts = self.ends = [False] * len(self.lines)
            return
        self.lines, self.starts, self.ends = [], [], []
        for paragraph in self.text.split("\n"):
            lines = break_lines(paragraph, self.font, self.size, width, self.char_space,
                                self.first_indent)
            self.lines += lines
            self.starts += [i == 0 for i in range(len(lines))]
            self.ends += [i == len(lines) - 1 for i in range(len(lines))]

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.leading)
        if len(self.lines) - fit < 2 and fit >= 3:
            fit = len(self.lines) - 2  # two lines go on: a paragraph one line taller than a page
        if fit < 2 or len(self.lines) - fit < 2:
            return []
        head = self._piece(slice(0, fit), avail_width, bullet=self.bullet)
        head.spaceAfter = 0
        tail = self._piece(slice(fit, None), avail_width, bullet="")
        tail.spaceBefore = 0
        return [head, tail]

    def _piece(self, part: slice, width, bullet: str) -> TextFlow:
        piece = TextFlow(self.text, self.font, self.size, self.leading, self.colour,
                         align=self.align, left_indent=self.left_indent, bullet=bullet,
                         space_before=self.spaceBefore, space_after=self.spaceAfter,
                         lines=list(self.lines[part]), char_space=self.char_space,
                         first_indent=self.first_indent, fake_bold=self.fake_bold)
        piece.starts = list(self.starts[part]) or [False] * len(piece.lines)
        piece.ends = list(self.ends[part]) or [False] * len(piece.lines)
        piece._width = width
        return piece

    def draw(self):
        canvas = self.canv
        if getattr(canvas, "layout_only", False):
            return
        canvas.saveState()
        canvas.setFont(self.font, self.size, self.leading)
        canvas.setFillColor(self.colour)
        if self.fake_bold:  # a bold cut the family lacks (仿宋 level-3 headings): fill + stroke
            canvas.setStrokeColor(self.colour)
            canvas.setLineWidth(self.size * 0.03)
        mode = 2 if self.fake_bold else None
        y = self.height - self.size * 1.1
        if self.bullet:
            canvas.drawString(self.left_indent - self.size * 0.9, y, self.bullet)
        room = self.width - self.left_indent
        for index, line in enumerate(self.lines):
            start = bool(self.starts[index]) if index < len(self.starts) else False
            x = self.left_indent + (self.first_indent if start else 0.0)
            space = self.char_space
            if self.align == "center":
                x = self.left_indent + (room - self._line_width(line)) / 2
            elif self.align == "right":
                x = self.width - self._line_width(line)
            elif (self.align == "justify" and len(line) > 1 and index < len(self.ends)
                  and not self.ends[index]):
                spare = self.width - x - self._line_width(line)
                if spare > 0:
                    space += spare / (len(line) - 1)
            canvas.drawString(x, y, line, mode=mode, charSpace=space)
            y -= self.leading
        canvas.restoreState()

    def _line_width(self, line: str) -> float:
        return stringWidth(line, self.font, self.size) + self.char_space * max(len(line) - 1, 0)

    def getPlainText(self, identify=None) -> str:  # noqa: N802, ARG002 - reportlab's names
        return self.text


class FigureRow(Flowable):
    """Key figures side by side: shaded cells, each a large value over a small label, ruled
    like a table. Replaces a platypus Table of Paragraphs (≈ 1 ms to lay out and draw; a
    report has one or two) with the same look; labels wrap with `break_lines`."""

    def __init__(self, items: list[tuple[str, str, object]], *, value_font: str,
                 value_size: float, value_leading: float, label_font: str, label_size: float,
                 label_leading: float, label_colour, fill, rule, padding: float = 6.0):
        super().__init__()
        self.items = items  # (value, label, value colour)
        self.value_font, self.value_size, self.value_leading = (value_font, value_size,
                                                                value_leading)
        self.label_font, self.label_size, self.label_leading = (label_font, label_size,
                                                                label_leading)
        self.label_colour, self.fill, self.rule, self.padding = label_colour, fill, rule, padding
        self._labels: list[list[str]] = []

    def wrap(self, avail_width, avail_height):  # noqa: ARG002 - reportlab's signature
        self.width = avail_width
        cell = avail_width / len(self.items)
        self._labels = [break_lines(label, self.label_font, self.label_size,
                                    cell - 2 * self.padding) for _, label, _ in self.items]
        lines = max(len(lines) for lines in self._labels)
        self.height = 2 * self.padding + self.value_leading + lines * self.label_leading
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        n = len(self.items)
        cell = self.width / n
        canvas.saveState()
        canvas.setFillColor(self.fill)
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        for i in range(1, n):
            canvas.line(i * cell, 0, i * cell, self.height)
        for i, ((value, _, colour), label_lines) in enumerate(zip(self.items, self._labels,
                                                                  strict=True)):
            middle = i * cell + cell / 2
            block = self.value_leading + len(label_lines) * self.label_leading
            top = self.height - (self.height - block) / 2  # centred both ways, as VALIGN MIDDLE
            canvas.setFillColor(colour)
            canvas.setFont(self.value_font, self.value_size)
            canvas.drawCentredString(middle, top - self.value_size * 1.02, value)
            canvas.setFillColor(self.label_colour)
            canvas.setFont(self.label_font, self.label_size)
            y = top - self.value_leading - self.label_size * 1.1
            for line in label_lines:
                canvas.drawCentredString(middle, y, line)
                y -= self.label_leading
        canvas.restoreState()
