"""Approximate text widths, for layout decisions made before any font is measured."""

from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=16384)
def em_width(text: str) -> float:
    """Width in ems: CJK and full-width characters count 1, others about 0.56."""
    wide = sum(1 for c in text if ord(c) >= 0x2E80)
    return wide + 0.56 * (len(text) - wide)


def shorten(text: str, max_em: float) -> str:
    """`text` cut with an ellipsis so that it is at most `max_em` ems wide."""
    if em_width(text) <= max_em:
        return text
    out = ""
    for char in text:
        if em_width(out + char) > max_em - 1:
            break
        out += char
    return out.rstrip() + "…"


def line_count(text: str, size_pt: float, width_pt: float) -> int:
    """Lines `text` takes at `size_pt` in a box `width_pt` wide; each `\\n` starts a line."""
    width_pt = max(width_pt, size_pt)
    return sum(max(1, math.ceil(em_width(part) * size_pt * 1.12 / width_pt))
               for part in text.split("\n"))
