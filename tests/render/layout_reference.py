"""The straightforward layout code the fast one must agree with, bit for bit (as on main before
the speed round): column widths, a paragraph's or cell's line count, a task table's row heights."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from generator.document import Table
from generator.render import table_layout as layout
from generator.render.cell_breaks import list_lines
from generator.render.docx_pages import ROW_PADDING_PT
from generator.render.docx_tables import cell_text_width
from generator.render.table_layout import wide_em


def _longest_word(text: str, measure: Callable[[str], float]) -> float:
    return max((measure(w) for w in layout._WORDS.findall(text)), default=0.0)


def _longest_atom(text, measure, whole, limit) -> float:
    widest = 0.0
    for item in layout._ITEMS.findall(text):
        width = measure(item)
        widest = max(widest, whole(item) if width <= limit else _longest_word(item, whole))
    return widest


def column_widths(table: Table, total: float, measure: Callable[[str], float],
                  em: float, padding: float) -> tuple[list[float], bool]:
    """`table_layout.column_widths`, every text measured each time it is met."""
    n = len(table.columns)
    least, natural = [0.0] * n, [0.0] * n

    def whole(text: str) -> float:
        return max(measure(text), wide_em(text) * em)

    for c, column in enumerate(table.columns):
        for line in column.header.split("\n"):
            least[c] = max(least[c], whole(line) if measure(line) <= layout.HEADER_ATOM_EM * em else
                           _longest_word(line, whole))
    rows = table.rows
    if len(rows) > layout.SAMPLE_ROWS:
        step = len(rows) / layout.SAMPLE_ROWS
        rows = tuple(rows[int(i * step)] for i in range(layout.SAMPLE_ROWS))
    texts = [[[measure(line) for line in cell.text.split("\n")] for cell in row[:n]]
             for row in rows]
    for measured in texts:
        for c, widths in enumerate(measured):
            natural[c] = max([natural[c], *widths])
    for row in rows:
        for c, cell in enumerate(row[:n]):
            if natural[c] <= layout.ATOM_EM * em:
                least[c] = max(least[c], *(whole(line) for line in cell.text.split("\n")))
                continue
            for line in cell.text.split("\n"):
                least[c] = max(least[c], _longest_atom(line, measure, whole, layout.ITEM_EM * em))
    least = [w + 2 * padding + 0.5 for w in least]
    natural = [max(w + 2 * padding + 0.5, m) for w, m in zip(natural, least, strict=True)]
    if sum(least) > total:
        scale = total / sum(least)
        return [w * scale for w in least], False
    widths = list(least)
    by_column = [[row[c] if c < len(row) else None for row in texts] for c in range(n)]

    def lines(c: int, width: float) -> list[int]:
        room = max(width - 2 * padding - 0.5, 1.0)
        return [1 if cell is None else sum(max(1, math.ceil(w / room - 1e-9)) for w in cell)
                for cell in by_column[c]]

    def next_break(c: int) -> float:
        room = max(widths[c] - 2 * padding - 0.5, 1.0)
        best = natural[c]
        for cell in by_column[c]:
            for w in cell or ():
                count = math.ceil(w / room - 1e-9)
                if count > 1:
                    best = min(best, w / (count - 1) + 2 * padding + 0.5 + 1e-6)
        return best

    per_column = [lines(c, widths[c]) for c in range(n)]
    for _ in range(layout.MAX_STEPS):
        spare = total - sum(widths)
        if spare <= 0.5:
            break
        tops = []
        for heights in zip(*per_column, strict=True):
            top, column, second = heights[0], 0, 0
            for k in range(1, n):
                if heights[k] >= top:
                    top, column, second = heights[k], k, top
                elif heights[k] > second:
                    second = heights[k]
            tops.append((top, column, second))
        best, best_score, best_width, best_lines = -1, 0.0, 0.0, None
        for c in range(n):
            if widths[c] + 1e-6 >= natural[c]:
                continue
            target = min(max(next_break(c), widths[c] + em), widths[c] + spare, natural[c])
            trial = lines(c, target)
            gain = 0
            for (h, tallest, second), now, then in zip(tops, per_column[c], trial, strict=True):
                others = second if tallest == c else h
                gain += 1000 * (h - max(others, then))
                if now == h:
                    gain += h - then
            score = gain / max(target - widths[c], 1e-6)
            if gain > 0 and score > best_score:
                best, best_score, best_width, best_lines = c, score, target, trial
        if best < 0:
            break
        widths[best] = best_width
        per_column[best] = best_lines
    spare = total - sum(widths)
    growing = [c for c in range(n) if natural[c] > widths[c] + 0.01]
    weight = sum(natural[c] - widths[c] for c in growing)
    if spare > 0.01 and growing:
        share = min(1.0, spare / weight)
        for c in growing:
            widths[c] += (natural[c] - widths[c]) * share
        spare = total - sum(widths)
    if spare > 0.01:
        full = sum(widths)
        widths = [w + spare * w / full for w in widths]
    fits = all(widths[c] >= min(natural[c], layout.ROOMY_EM * em + 2 * padding) - 0.01
               for c in range(n))
    return widths, fits


_SWITCHES = re.compile(r"(?<=[\u2E80-\uFFEF])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u2E80-\uFFEF])")


def em_measure(size: float) -> Callable[[str], float]:
    """`table_layout.em_measure(size, auto_space=True)`: each character's width added up."""

    def measure(text: str) -> float:
        ems = sum(1.0 if ord(c) >= 0x2E80 else 0.56 for c in text)
        return (ems + 0.3 * len(_SWITCHES.findall(text)) + 0.4 * text.count("%")) * size

    return measure


def line_count(text: str, size: float, width: float, slack: float = 0.97) -> int:
    """`Paginator.lines`: every line measured."""
    measure = em_measure(size)
    room = max(width * slack, size)
    return sum(max(1, math.ceil(measure(line) / room)) for line in text.split("\n"))


def table_rows(metrics, block: Table, widths_pt: list[float]) -> tuple[float, list[float]]:
    """`docx_pages.table_rows`: every cell of every row counted."""
    text, head = metrics["Table Text"], metrics["Table Header"]

    def row(cells, m, lists: bool = False) -> float:
        tallest = max((line_count(list_lines(cell, cell_text_width(w), m.size) if lists
                                  else cell, m.size, cell_text_width(w) + 1e-6, 1.0)
                       for cell, w in zip(cells, widths_pt, strict=False)), default=1)
        return m.height(tallest) + ROW_PADDING_PT

    return (row([c.header for c in block.columns], head),
            [row([c.text for c in cells], text, True) for cells in block.rows])
