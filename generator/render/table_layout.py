"""Table column widths measured from the texts: short texts (dates, unit names) kept whole."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..document import Table

ATOM_EM = 10.0
"""A cell text at most this many ems wide (a date such as 2020年12月31日, a unit name, 100%)
is never broken: its column is at least as wide as it."""
HEADER_ATOM_EM = 6.0
"""A header at most this wide (序号, 牵头单位, 完成时限) is never broken either."""
ROOMY_EM = 7.0
"""A column of long texts gets at least this many ems, or the table counts as too wide."""

_WORDS = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F.,:/%'’\-]*")


def column_widths(table: Table, total: float, measure: Callable[[str], float],
                  em: float, padding: float) -> tuple[list[float], bool]:
    """Widths (points) for `table`'s columns in `total` points, and whether they fit.

    `measure(text)` gives a text's width in points at the table's size, `em` is that size and
    `padding` a cell's inner margin on each side. Every column first gets room for its longest
    unbreakable text (a short cell whole, else its longest Latin word; a short header whole);
    what is left goes to the columns whose texts are longer than that, in proportion to how
    much text they hold (so the notes column gets the room), never past a column's longest
    line. `fits` is False when the minimums do not fit or a column of long texts is left with
    less than ROOMY_EM: the table wants a wider (landscape) page.
    """
    n = len(table.columns)
    least = [0.0] * n
    natural = [0.0] * n
    volume = [0.0] * n
    for c, column in enumerate(table.columns):
        for line in column.header.split("\n"):
            width = measure(line)
            least[c] = max(least[c], width if width <= HEADER_ATOM_EM * em else
                           _longest_word(line, measure))
    for row in table.rows:
        for c, cell in enumerate(row[:n]):
            for line in cell.text.split("\n"):
                width = measure(line)
                natural[c] = max(natural[c], width)
                volume[c] += width
                least[c] = max(least[c], width if width <= ATOM_EM * em else
                               _longest_word(line, measure))
    least = [w + 2 * padding + 0.5 for w in least]
    natural = [max(w + 2 * padding + 0.5, m) for w, m in zip(natural, least, strict=True)]
    if sum(least) > total:
        scale = total / sum(least)
        return [w * scale for w in least], False
    widths = list(least)
    spare = total - sum(widths)
    growing = [c for c in range(n) if natural[c] > widths[c] + 0.01]
    while spare > 0.01 and growing:
        weight = sum(max(volume[c], 1.0) for c in growing)
        capped = []
        for c in growing:
            share = spare * max(volume[c], 1.0) / weight
            if widths[c] + share >= natural[c]:
                capped.append(c)
        if not capped:
            for c in growing:
                widths[c] += spare * max(volume[c], 1.0) / weight
            spare = 0.0
            break
        for c in capped:
            spare -= natural[c] - widths[c]
            widths[c] = natural[c]
        growing = [c for c in growing if c not in capped]
    if spare > 0.01:  # every column has its longest line: the rest in proportion
        whole = sum(widths)
        widths = [w + spare * w / whole for w in widths]
    fits = all(widths[c] >= min(natural[c], ROOMY_EM * em + 2 * padding) - 0.01
               for c in range(n))
    return widths, fits


def _longest_word(text: str, measure: Callable[[str], float]) -> float:
    words = _WORDS.findall(text)
    return max((measure(w) for w in words), default=0.0)


def weights_widths(table: Table, total: float) -> list[float]:
    """The columns' declared relative widths scaled to `total` (for tables without rows)."""
    whole = sum(c.weight for c in table.columns) or 1.0
    return [total * c.weight / whole for c in table.columns]


_SWITCHES = re.compile(r"(?<=[\u2E80-\uFFEF])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u2E80-\uFFEF])")


def em_measure(size: float) -> Callable[[str], float]:
    """A width estimate at `size` points for formats that do not know the reader's font
    (Word): CJK and full-width characters one em, others about 0.56, plus the quarter em
    Word, WPS and LibreOffice put between Chinese and Latin letters or digits
    (2020 年 12 月 31 日)."""
    from ..textwidth import em_width

    return lambda text: (em_width(text) + 0.3 * len(_SWITCHES.findall(text))
                         + 0.4 * text.count("%")) * size  # % is wider than a digit


__all__ = ["column_widths", "em_measure", "weights_widths"]

