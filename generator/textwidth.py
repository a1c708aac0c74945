"""Approximate text widths, for layout decisions made before any font is measured."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from functools import lru_cache
from itertools import repeat

from .conventions import CANNOT_START

NATURAL_BREAKS = ("会议", "會議", "大会", "大會", "计划", "計劃", "方案", "工作", "季度", "年",
                  "、", "，", "：", " ")
"""Where a Chinese title reads naturally across two lines: after these words and marks."""
CLOSING_MARKS = CANNOT_START
"""Marks that may not start a line (the shared set of `generator.conventions`)."""


@lru_cache(maxsize=16384)
def em_width(text: str) -> float:
    """Width in ems: CJK and full-width characters count 1, others about 0.56."""
    # The same sum, in the same order, as `sum(map(_char_em, text))`: without a Python call
    # per character (a text of one kind; else each character's width looked up).
    if text.isascii():
        return sum(repeat(0.56, len(text)))
    if _NARROW.search(text) is None:
        return sum(repeat(1.0, len(text)))
    return sum(map(_CHAR_EMS.__getitem__, text))


_NARROW = re.compile("[\x00-\u2e7f]")


def _char_em(char: str) -> float:
    return 1.0 if ord(char) >= 0x2E80 else 0.56


class _CharEms(dict):
    """Each character's width in ems (`_char_em`), worked out when first met (remembered
    for the first 65,536 characters met: a text may hold any)."""

    def __missing__(self, char: str) -> float:
        width = _char_em(char)
        if len(self) < 65536:
            self[char] = width
        return width


_CHAR_EMS = _CharEms()


def shorten(text: str, max_em: float) -> str:
    """`text` cut with an ellipsis so that it is at most `max_em` ems wide."""
    if em_width(text) <= max_em:
        return text
    used = 0.0
    for end, char in enumerate(text):
        used += _char_em(char)
        if used > max_em - 1:
            return text[:end].rstrip() + "…"
    return text


@lru_cache(maxsize=65536)
def line_count(text: str, size_pt: float, width_pt: float) -> int:
    """Lines `text` takes at `size_pt` in a box `width_pt` wide; each `\\n` starts a line."""
    width_pt = max(width_pt, size_pt)
    return sum(max(1, math.ceil(em_width(part) * size_pt * 1.12 / width_pt))
               for part in text.split("\n"))


def two_line_split(text: str, measure: Callable[[str], float], width: float,
                   cannot_start: Collection[str] = CLOSING_MARKS) -> list[str] | None:
    """Two lines split after a word of `NATURAL_BREAKS`: the most even such split where both
    lines fit `width` (as `measure` gives widths) and the shorter holds at least a third of
    the text; None when there is none."""
    best = None
    for i in range(1, len(text)):
        if not text[:i].endswith(NATURAL_BREAKS):
            continue
        first, second = text[:i].rstrip(), text[i:].lstrip()
        if not first or not second or second[0] in cannot_start:
            continue
        widths = (measure(first), measure(second))
        if max(widths) > width or min(widths) < (widths[0] + widths[1]) / 3:
            continue
        if best is None or abs(widths[0] - widths[1]) < best[0]:
            best = (abs(widths[0] - widths[1]), [first, second])
    return best[1] if best else None


def title_lines(text: str, size_pt: float, width_pt: float) -> list[str]:
    """How a centred title should break in a box `width_pt` wide, for Word and PowerPoint,
    which would otherwise fill the first line and leave a stub ("…工作推 / 进会"): one line
    when it fits (by the em estimate, with a margin), two at a natural break
    ("…联席会议 / 第三季度工作推进会") or else near the middle between two characters that
    may part; as given when it needs more than two lines or has breaks of its own."""

    def measure(part: str) -> float:
        return em_width(part) * size_pt * 1.06

    if "\n" in text or measure(text) <= width_pt:
        return [text]
    natural = two_line_split(text, measure, width_pt)
    if natural:
        return natural
    best = None
    for i in range(1, len(text)):
        first, second = text[:i].rstrip(), text[i:].lstrip()
        if (not first or not second or second[0] in CLOSING_MARKS
                or (text[i - 1].isascii() and text[i - 1].isalnum()
                    and text[i].isascii() and text[i].isalnum())):
            continue
        widths = (measure(first), measure(second))
        if max(widths) <= width_pt and (best is None or abs(widths[0] - widths[1]) < best[0]):
            best = (abs(widths[0] - widths[1]), [first, second])
    return best[1] if best else [text]
