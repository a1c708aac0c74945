"""Plain-text table cells, tables and paragraphs for reportlab (no markup parsing).

Replaces `Paragraph` and reportlab's `Table` for task tables. A Paragraph parses its text as
markup (an HTML parser pass per cell) and re-wraps through the general paragraph machinery; a
long status report spent most of its time there. Lines are broken by `pdf_lines`; the text is
never interpreted, so data can hold `<`, `&` or anything else.
"""

from __future__ import annotations

import bisect
import copy

from reportlab.pdfbase.pdfmetrics import stringWidth

from .library_hooks import memo_text
from .pdf_lines import balanced_lines, break_lines, cell_lines, table_terms
from .pdf_platypus import Flowable


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
                 continued: str = "", continued_font: str = "", continued_colour=None,
                 terms: tuple[str, ...] | None = None):
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
        if terms is None:  # names kept whole: the report's (see `table_terms`), or the table's
            terms = table_terms(text for row in rows for text, _, _ in row)
        self.lines = [[cell_lines(text, bold_font if bold else font, size, r, terms)
                       for (text, _, bold), r in zip(row, room, strict=True)] for row in rows]
        self._prefix = self._prefix_sums(self.lines)
        self.first_stripe = 0
        # Rows that may not be split from each other at the top: a page never ends after a
        # table's first row (a heading, its lead-in and one row, the rest overleaf).
        self.keep_first = 2 if len(rows) >= 3 else 1

    def _height_of(self, row_lines) -> float:
        return max(len(lines) for lines in row_lines) * self.leading + 2 * self.padding

    def _prefix_sums(self, lines) -> list[float]:
        sums = [0.0]
        for row_lines in lines:
            sums.append(sums[-1] + self._height_of(row_lines))
        return sums

    def top_height(self) -> float:
        """The header and the rows that must stay together at the table's top: what a page
        must hold under a heading before the table starts there."""
        prefix = self._prefix
        return self.header_height + prefix[min(self.keep_first, len(prefix) - 1)]

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
        text = memo_text(canvas)
        text.setFont(self.bold_font, size, leading)  # header: bold, centred both ways
        text.setFillColor(self.header_text)
        for c, lines in enumerate(self.header_lines):
            y = top - (header_h - len(lines) * leading) / 2 - size * 1.05
            for line in lines:
                text.show_at(xs[c] + (self.widths[c] - text.width(line)) / 2, y, line)
                y -= leading
        current = (None, None)
        for r, (styles, row_lines) in enumerate(zip(self.cells, self.lines, strict=True)):
            row_top = row_tops[r + 1]
            for c, ((colour, bold), lines) in enumerate(zip(styles, row_lines, strict=True)):
                font = self.bold_font if bold else self.font
                colour = colour or self.text_colour
                if current != (font, colour):
                    text.setFont(font, size, leading)
                    text.setFillColor(colour)
                    current = (font, colour)
                y = row_top - pad - size * 1.05
                align = self.aligns[c]
                for line in lines:
                    if align == "left":
                        x = xs[c] + pad
                    else:
                        w = text.width(line)
                        x = (xs[c + 1] - pad - w) if align == "right" else (
                            xs[c] + (self.widths[c] - w) / 2)
                    text.show_at(x, y, line)
                    y -= leading
        canvas.drawText(text)
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.4)
        canvas.grid(xs, row_tops)
        canvas.restoreState()


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
