"""Table column widths measured from the texts: short texts (dates, unit names) kept whole."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

from ..document import Table

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
    n = len(table.columns)
    least = [0.0] * n
    natural = [0.0] * n

    def whole(text: str) -> float:  # what a text that must stay whole may need
        return max(measure(text), wide_em(text) * em)

    for c, column in enumerate(table.columns):
        for line in column.header.split("\n"):
            width = measure(line)
            least[c] = max(least[c], whole(line) if width <= HEADER_ATOM_EM * em else
                           _longest_word(line, whole))
    rows = table.rows
    if len(rows) > SAMPLE_ROWS:  # a long table: rows spread over it stand for the rest
        step = len(rows) / SAMPLE_ROWS
        rows = tuple(rows[int(i * step)] for i in range(SAMPLE_ROWS))
    # Per sampled row and column: the widths of the cell's lines (as written, before wrapping).
    texts = [[[measure(line) for line in cell.text.split("\n")] for cell in row[:n]]
             for row in rows]
    for measured in texts:
        for c, widths in enumerate(measured):
            natural[c] = max([natural[c], *widths])
    # A column of short texts (dates, unit names, statuses) keeps every cell whole; in a
    # column of long texts only a short list item (a unit among several) or a Latin word is.
    for row in rows:
        for c, cell in enumerate(row[:n]):
            if natural[c] <= ATOM_EM * em:
                least[c] = max(least[c], *(whole(line) for line in cell.text.split("\n")))
                continue
            for line in cell.text.split("\n"):
                least[c] = max(least[c], _longest_atom(line, measure, whole, ITEM_EM * em))
    least = [w + 2 * padding + 0.5 for w in least]
    natural = [max(w + 2 * padding + 0.5, m) for w, m in zip(natural, least, strict=True)]
    if sum(least) > total:
        scale = total / sum(least)
        return [w * scale for w in least], False
    widths = list(least)

    # Per column, per sampled row: the widths of the cell's lines (None: the row is short).
    by_column = [[row[c] if c < len(row) else None for row in texts] for c in range(n)]
    ceil = math.ceil

    def lines(c: int, width: float) -> list[int]:
        room = max(width - 2 * padding - 0.5, 1.0)
        counts = []
        for cell in by_column[c]:
            if cell is None:
                counts.append(1)
            elif len(cell) == 1:
                counts.append(max(1, ceil(cell[0] / room - 1e-9)))
            else:
                counts.append(sum(max(1, ceil(w / room - 1e-9)) for w in cell))
        return counts

    def next_break(c: int) -> float:
        """The least width at which some cell of column `c` needs one line fewer."""
        room = max(widths[c] - 2 * padding - 0.5, 1.0)
        best = natural[c]
        for cell in by_column[c]:
            for w in cell or ():
                count = ceil(w / room - 1e-9)
                if count > 1:
                    best = min(best, w / (count - 1) + 2 * padding + 0.5 + 1e-6)
        return best

    per_column = [lines(c, widths[c]) for c in range(n)]
    trials: dict[tuple[int, float], list[int]] = {}  # (column, width) → lines per row
    for _ in range(MAX_STEPS):
        spare = total - sum(widths)
        if spare <= 0.5:
            break
        # Per row: its height (tallest cell, in lines), which column sets it, and the next
        # tallest (the row's height if that column shrank).
        tops = []
        for heights in zip(*per_column, strict=True):
            top, column, second = heights[0], 0, 0
            for k in range(1, n):  # the tallest (the last column of a tie) and the next
                h = heights[k]
                if h >= top:
                    top, column, second = h, k, top
                elif h > second:
                    second = h
            tops.append((top, column, second))
        best, best_score, best_width, best_lines = -1, 0.0, 0.0, None
        for c in range(n):
            if widths[c] + 1e-6 >= natural[c]:
                continue
            target = min(max(next_break(c), widths[c] + em), widths[c] + spare, natural[c])
            trial = trials.get((c, target))
            if trial is None:
                trial = trials[(c, target)] = lines(c, target)
            current = per_column[c]
            gain = 0
            for (h, tallest, second), now, then in zip(tops, current, trial, strict=True):
                others = second if tallest == c else h
                # Table height saved first; then lines saved in a row's tallest cells (two
                # columns tied at a row's height both need room before the row shrinks).
                gain += 1000 * (h - (others if others > then else then))
                if now == h:
                    gain += h - then
            score = gain / max(target - widths[c], 1e-6)  # saved per point of width
            if gain > 0 and score > best_score:
                best, best_score, best_width, best_lines = c, score, target, trial
        if best < 0:
            break
        widths[best] = best_width
        per_column[best] = best_lines
    spare = total - sum(widths)
    growing = [c for c in range(n) if natural[c] > widths[c] + 0.01]
    weight = sum(natural[c] - widths[c] for c in growing)
    if spare > 0.01 and growing:  # no single step helps: in proportion to what is missing
        share = min(1.0, spare / weight)
        for c in growing:
            widths[c] += (natural[c] - widths[c]) * share
        spare = total - sum(widths)
    if spare > 0.01:  # every column has its longest line: the rest in proportion
        whole = sum(widths)
        widths = [w + spare * w / whole for w in widths]
    fits = all(widths[c] >= min(natural[c], ROOMY_EM * em + 2 * padding) - 0.01
               for c in range(n))
    return widths, fits


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
    widths, fits = column_widths(table, total, em_measure(size, auto_space=True), size, padding)
    if len(_ESTIMATES) >= 256:
        _ESTIMATES.clear()
    _ESTIMATES[key] = (table, tuple(widths), fits)
    return widths, fits


_ESTIMATES: dict[tuple, tuple[Table, tuple[float, ...], bool]] = {}


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


_SWITCHES = re.compile(r"(?<=[\u2E80-\uFFEF])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u2E80-\uFFEF])")


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
    from ..textwidth import em_width

    return em_width(text) + gap * len(_SWITCHES.findall(text)) + 0.4 * text.count("%")


__all__ = ["column_widths", "em_measure", "estimated_widths", "wide_em"]

