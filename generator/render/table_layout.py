"""Table column widths measured from the texts: short texts (dates, unit names) kept whole."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

from ..document import Table
from ..textwidth import em_width

ATOM_EM = 10.0
"""A cell text at most this many ems wide (a date such as 2020年12月31日, a unit name, 100%)
is never broken: its column is at least as wide as it."""
HEADER_ATOM_EM = 6.0
"""A header at most this wide (序号, 牵头单位, 完成时限) is never broken either."""
ROOMY_EM = 7.0
"""A column of long texts gets at least this many ems, or the table counts as too wide."""
SAMPLE_ROWS = 40
"""Rows of a long table that stand for all when the spare width is handed out."""
MAX_STEPS = 48
"""At most this many hand-outs of spare width (each at least an em)."""

_WORDS = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|"
                    r"\d{1,2} [A-Z][a-z]{2,8} \d{4}|"
                    r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F.,:/%'’\-]*")
"""What stays whole inside a long text: a date (2020年12月31日, 30 Sep 2021) or a Latin word."""


def column_widths(table: Table, total: float, measure: Callable[[str], float],
                  em: float, padding: float) -> tuple[list[float], bool]:
    """Widths (points) for `table`'s columns in `total` points, and whether they fit.

    `measure(text)` gives a text's width in points at the table's size, `em` is that size and
    `padding` a cell's inner margin on each side. Every column first gets room for its longest
    unbreakable text (a short cell whole, else its longest Latin word; a short header whole).
    The rest is handed out an em or two at a time to the column where it saves the most
    table height (so long task titles and notes get the room, not a column of short names),
    never past a column's longest line; what is left when no column gains is shared in
    proportion. `fits` is False when the minimums do not fit or a column of long texts is left
    with less than ROOMY_EM: the table wants a wider (landscape) page.
    """
    return _widths(table, total, TextMeasures(measure, em), padding)


class TextMeasures:
    """What `column_widths` needs to know of the texts at one size, each distinct text worked
    out once (tables repeat unit names, dates and statuses; a meeting's tables each other's):
    a text's width, what it needs whole, and per cell text its lines' widths and what the
    cell needs in a column of short texts (each line whole) or of long ones (its longest
    list item or word). A pure memo of text → number."""

    def __init__(self, measure: Callable[[str], float], em: float):
        self.measure, self.em = measure, em
        self.widths: dict[str, float] = {}
        self.wholes: dict[str, float] = {}
        self.headers: dict[str, float] = {}
        self.lines: dict[str, tuple[float, ...]] = {}
        self.short: dict[str, float] = {}
        self.long: dict[str, float] = {}

    def width(self, text: str) -> float:
        width = self.widths.get(text)
        if width is None:
            width = self.widths[text] = self.measure(text)
        return width

    def whole(self, text: str) -> float:
        """What a text that must stay whole may need."""
        width = self.wholes.get(text)
        if width is None:
            width = self.wholes[text] = max(self.width(text), wide_em(text) * self.em)
        return width

    def header(self, text: str) -> float:
        """A header's widest line when short, else its longest word."""
        limit = HEADER_ATOM_EM * self.em
        return max(self.whole(line) if self.width(line) <= limit else
                   _longest_word(line, self.whole) for line in text.split("\n"))

    def line_widths(self, text: str) -> tuple[float, ...]:
        return tuple(self.width(line) for line in text.split("\n"))

    def short_least(self, text: str) -> float:
        return max(self.whole(line) for line in text.split("\n"))

    def long_least(self, text: str) -> float:
        limit = ITEM_EM * self.em
        return max(_longest_atom(line, self.width, self.whole, limit)
                   for line in text.split("\n"))


def _known(memo: dict[str, float], work: Callable[[str], float], texts) -> float:
    """The largest of `work(text)` over `texts` (0.0 for none), each looked up in `memo`."""
    widest = 0.0
    for text in texts:
        value = memo.get(text)
        if value is None:
            value = memo[text] = work(text)
        if value > widest:
            widest = value
    return widest


def _widths(table: Table, total: float, texts: TextMeasures, padding: float
            ) -> tuple[list[float], bool]:
    """`column_widths` with the texts measured through `texts`."""
    em = texts.em
    n = len(table.columns)
    least = [_known(texts.headers, texts.header, (column.header,)) for column in table.columns]
    rows = table.rows
    if len(rows) > SAMPLE_ROWS:  # a long table: rows spread over it stand for the rest
        step = len(rows) / SAMPLE_ROWS
        rows = tuple(rows[int(i * step)] for i in range(SAMPLE_ROWS))
    # Per column: the sampled rows' cell texts (None: the row is short), and per distinct
    # text the widths of its lines (as written, before wrapping).
    cells = [[row[c].text if c < len(row) else None for row in rows] for c in range(n)]
    lines, line_widths = texts.lines, texts.line_widths
    for column in cells:
        for text in column:
            if text is not None and text not in lines:
                lines[text] = line_widths(text)
    natural = [0.0] * n
    for c, column in enumerate(cells):
        distinct = {text for text in column if text is not None}
        for text in distinct:
            for width in lines[text]:
                if width > natural[c]:
                    natural[c] = width
        # A column of short texts (dates, unit names, statuses) keeps every cell whole; in a
        # column of long texts only a short list item (a unit among several) or a Latin word
        # is.
        if natural[c] <= ATOM_EM * em:
            widest = _known(texts.short, texts.short_least, distinct)
        else:
            widest = _known(texts.long, texts.long_least, distinct)
        if widest > least[c]:
            least[c] = widest
    least = [w + 2 * padding + 0.5 for w in least]
    natural = [max(w + 2 * padding + 0.5, m) for w, m in zip(natural, least, strict=True)]
    if sum(least) > total:
        scale = total / sum(least)
        return [w * scale for w in least], False
    widths = _hand_out(list(least), natural, total, em, padding,
                       [[None if text is None else lines[text] for text in column]
                        for column in cells])
    spare = total - sum(widths)
    growing = [c for c in range(n) if natural[c] > widths[c] + 0.01]
    weight = sum(natural[c] - widths[c] for c in growing)
    if spare > 0.01 and growing:  # no single step helps: in proportion to what is missing
        share = min(1.0, spare / weight)
        for c in growing:
            widths[c] += (natural[c] - widths[c]) * share
        spare = total - sum(widths)
    if spare > 0.01:  # every column has its longest line: the rest in proportion
        whole_width = sum(widths)
        widths = [w + spare * w / whole_width for w in widths]
    fits = all(widths[c] >= min(natural[c], ROOMY_EM * em + 2 * padding) - 0.01
               for c in range(n))
    return widths, fits


def _tops(heights: list[int] | tuple[int, ...]) -> tuple[int, int, int]:
    """A row's height (its tallest cell, in lines), which column sets it (the last of a tie)
    and the next tallest (the row's height if that column shrank)."""
    top, column, second = heights[0], 0, 0
    for k in range(1, len(heights)):
        h = heights[k]
        if h >= top:
            top, column, second = h, k, top
        elif h > second:
            second = h
    return top, column, second


def _hand_out(widths: list[float], natural: list[float], total: float, em: float,
              padding: float, by_column: list[list[tuple[float, ...] | None]]) -> list[float]:
    """`column_widths`'s steps: the spare width handed out to the column where it saves the
    most table height per point, while one does. `by_column`: per column, per sampled row,
    the widths of the cell's lines (None: the row is short)."""
    n = len(widths)
    ceil = math.ceil
    # Per column, the distinct line widths: where a cell needs one line fewer.
    distinct: list[set[float] | None] = [None] * n

    def lines(c: int, width: float) -> list[int]:
        room = max(width - 2 * padding - 0.5, 1.0)
        return [1 if cell is None else
                max(1, ceil(cell[0] / room - 1e-9)) if len(cell) == 1 else
                sum(max(1, ceil(w / room - 1e-9)) for w in cell) for cell in by_column[c]]

    def next_break(c: int) -> float:
        """The least width at which some cell of column `c` needs one line fewer."""
        room = max(widths[c] - 2 * padding - 0.5, 1.0)
        best = natural[c]
        known = distinct[c]
        if known is None:
            known = distinct[c] = {w for cell in by_column[c] if cell for w in cell}
        for w in known:
            count = ceil(w / room - 1e-9)
            if count > 1:
                best = min(best, w / (count - 1) + 2 * padding + 0.5 + 1e-6)
        return best

    per_column = [lines(c, widths[c]) for c in range(n)]
    tops = [_tops(heights) for heights in zip(*per_column, strict=True)]
    # Per column, the rows that may still lose a line (a wider column never adds one): those
    # with more lines than the cell has lines of its own.
    open_rows = [[i for i, (cell, now) in enumerate(zip(by_column[c], per_column[c],
                                                        strict=True))
                  if cell is not None and now > len(cell)] for c in range(n)]

    def changes_at(c: int, width: float) -> list[tuple[int, int, int]]:
        """The rows whose lines change from column `c`'s current ones at `width`, as
        (row, now, then): the others save nothing."""
        room = max(width - 2 * padding - 0.5, 1.0)
        cells, current, changed = by_column[c], per_column[c], []
        for i in open_rows[c]:
            cell = cells[i] or ()  # (an open row has a cell)
            then = (max(1, ceil(cell[0] / room - 1e-9)) if len(cell) == 1 else
                    sum(max(1, ceil(w / room - 1e-9)) for w in cell))
            if then != current[i]:
                changed.append((i, current[i], then))
        return changed

    breaks: list[float | None] = [None] * n  # next_break per column, until its width changes
    # Per column, width → `changes_at` (until the column's width changes).
    changes: list[dict[float, list[tuple[int, int, int]]]] = [{} for _ in range(n)]
    for _ in range(MAX_STEPS):
        spare = total - sum(widths)
        if spare <= 0.5:
            break
        best, best_score, best_width = -1, 0.0, 0.0
        for c in range(n):
            width = widths[c]
            if width + 1e-6 >= natural[c]:
                continue
            if breaks[c] is None:
                breaks[c] = next_break(c)
            # min(max(break, width + em), width + spare, natural), compared inline (equal
            # candidates are the same float)
            target = breaks[c] if breaks[c] > width + em else width + em
            if width + spare < target:
                target = width + spare
            if natural[c] < target:
                target = natural[c]
            changed = changes[c].get(target)
            if changed is None:
                changed = changes[c][target] = changes_at(c, target)
            gain = 0
            for i, now, then in changed:
                h, tallest, second = tops[i]
                others = second if tallest == c else h
                # Table height saved first; then lines saved in a row's tallest cells (two
                # columns tied at a row's height both need room before the row shrinks).
                gain += 1000 * (h - (others if others > then else then))
                if now == h:
                    gain += h - then
            if gain > 0:
                score = gain / max(target - width, 1e-6)  # saved per point of width
                if score > best_score:
                    best, best_score, best_width = c, score, target
        if best < 0:
            break
        widths[best] = best_width
        current = per_column[best] = list(per_column[best])
        for i, _, then in changes[best][best_width]:
            current[i] = then
        for i, _, _ in changes[best][best_width]:  # only these rows' heights may have changed
            tops[i] = _tops([column[i] for column in per_column])
        open_rows[best] = [i for i in open_rows[best] if current[i] > len(by_column[best][i])]
        breaks[best], changes[best] = None, {}
    return widths


_ITEMS = re.compile(r"[^、；;／/]+[、；;／/]?")
ITEM_EM = 10.0
"""An item of a list in a cell (a unit among the supporting units) at most this wide stays
whole."""


def estimated_widths(table: Table, total: float, size: float, padding: float
                     ) -> tuple[list[float], bool]:
    """`column_widths` with the office-suite estimate (`em_measure(size, auto_space=True)`),
    the one both renderers use: remembered for the last tables asked about (the Word renderer
    lays the same report out as a PDF for its contents page)."""
    total = round(total, 1)  # the same page measured in EMU (Word) or millimetres (PDF)
    key = (id(table), total, size, padding)
    known = _ESTIMATES.get(key)
    if known is not None and known[0] is table:
        return list(known[1]), known[2]
    texts = _TEXTS.get(size)
    if texts is None or len(texts.widths) + len(texts.lines) > 65536:
        texts = _TEXTS[size] = TextMeasures(em_measure(size, auto_space=True), size)
    widths, fits = _widths(table, total, texts, padding)
    if len(_ESTIMATES) >= 256:
        _ESTIMATES.clear()
    _ESTIMATES[key] = (table, tuple(widths), fits)
    return widths, fits


_ESTIMATES: dict[tuple, tuple[Table, tuple[float, ...], bool]] = {}
_TEXTS: dict[float, TextMeasures] = {}
"""Per table size, the texts measured so far (a pure memo: a text's widths at a size)."""


def _longest_atom(text: str, measure: Callable[[str], float], whole: Callable[[str], float],
                  limit: float) -> float:
    """The widest piece of a longer text that must stay whole (as `whole` measures it): an
    item of a list ("市知识产权局、市人大法工委": each unit with its 、) when short, else a
    Latin word or a date."""
    widest = 0.0
    for item in _ITEMS.findall(text):
        width = measure(item)
        widest = max(widest, whole(item) if width <= limit else _longest_word(item, whole))
    return widest


_LATIN_EM = {**dict.fromkeys("fijlrtI", 0.38), **dict.fromkeys("mwMW", 0.92),
             **dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ", 0.72), " ": 0.28,
             **dict.fromkeys(".,:;'’-/()", 0.4)}


@lru_cache(maxsize=65536)
def wide_em(text: str) -> float:
    """A generous width in ems for a text that must not break (a unit name, a date, a word):
    Latin letters at the widths of a wide sans serif in bold (Noto Sans Bold sets "Customer"
    at 4.8 ems, not the 4.5 the plain estimate gives), 汉字 one em, a quarter em where they
    meet Latin letters or digits, and 6% for a bold cell. (A pure memo: tables repeat texts.)"""
    ems = sum(1.0 if ord(c) >= 0x2E80 else _LATIN_EM.get(c, 0.6) for c in text)
    return (ems + 0.25 * len(_SWITCHES.findall(text))) * 1.06


def _longest_word(text: str, measure: Callable[[str], float]) -> float:
    words = _WORDS.findall(text)
    return max((measure(w) for w in words), default=0.0)


_SWITCHES = re.compile(r"[\u2E80-\uFFEF](?=[A-Za-z0-9])|[A-Za-z0-9](?=[\u2E80-\uFFEF])")
"""Where Chinese and Latin letters or digits meet: one match per such pair of neighbours."""


def em_measure(size: float, auto_space: bool = False) -> Callable[[str], float]:
    """A width estimate at `size` points for formats that do not know the reader's font
    (Word): CJK and full-width characters one em, others about 0.56 (a % 0.96); with
    `auto_space`, plus the quarter em Word, WPS and LibreOffice put between Chinese and Latin
    letters or digits unless told not to (2020 年 12 月 31 日)."""
    gap = 0.3 if auto_space else 0.0
    return lambda text: _em_measured(text, gap) * size


@lru_cache(maxsize=65536)
def _em_measured(text: str, gap: float) -> float:
    """`em_measure`'s width of `text` in ems (a pure memo: a meeting's tables repeat texts)."""
    # No switch between wide characters and Latin letters or digits in a text of one kind.
    switches = (0 if text.isascii() or _NO_LATIN.fullmatch(text)
                else len(_SWITCHES.findall(text)))
    return em_width(text) + gap * switches + 0.4 * text.count("%")


_NO_LATIN = re.compile(r"[^A-Za-z0-9]*")


__all__ = ["column_widths", "em_measure", "estimated_widths", "wide_em"]

