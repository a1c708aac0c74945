"""Approximate text widths, for layout decisions made before any font is measured."""

from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=16384)
def em_width(text: str) -> float:
    """Width in ems: CJK and full-width characters count 1, others about 0.56."""
    return sum(map(_char_em, text))


def _char_em(char: str) -> float:
    return 1.0 if ord(char) >= 0x2E80 else 0.56


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


def line_count(text: str, size_pt: float, width_pt: float) -> int:
    """Lines `text` takes at `size_pt` in a box `width_pt` wide; each `\\n` starts a line."""
    width_pt = max(width_pt, size_pt)
    return sum(max(1, math.ceil(em_width(part) * size_pt * 1.12 / width_pt))
               for part in text.split("\n"))
