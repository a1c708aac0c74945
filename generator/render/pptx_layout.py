"""Slide layout decided as data: line heights that hold in any suite, and table rows per slide.

PowerPoint, WPS and LibreOffice draw a line of text as tall as the font they end up using says
(its ascent plus descent), and a suite without the named face substitutes another: a row sized
for Microsoft YaHei is cut off in a suite that draws it in Noto Sans CJK. Rows and text boxes
are therefore sized with the tallest line among the named faces and their usual substitutes,
plus a margin, and table splits are planned from those heights before any XML is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..conventions import CANNOT_END, CANNOT_START

LINE_HEIGHTS = {
    "Microsoft YaHei": 1.320,      # (winAscent 2167 + winDescent 536) / 2048
    "Microsoft JhengHei": 1.320,
    "SimSun": 1.000,               # 220 + 36 / 256
    "PMingLiU": 1.000,
    "SimHei": 1.000,
    "DengXian": 1.300,
    "Arial": 1.149,                # 1854 + 434 / 2048
    "Liberation Sans": 1.149,
    "Noto Sans CJK SC": 1.448,     # 1160 + 288 / 1000 (hhea and OS/2 win)
    "Noto Sans CJK TC": 1.448,
    "Noto Serif CJK SC": 1.437,
    "WenQuanYi Zen Hei": 1.350,    # hhea 1.350, win 1.260
    "WenQuanYi Micro Hei": 1.172,
    "AR PL SungtiL GB": 1.005,
    "LXGW WenKai": 1.317,
    "DejaVu Sans": 1.164,
}
"""Line height as a multiple of the font size, by face: ascent + descent (+ line gap) of the
hhea or OS/2 Windows metrics, whichever is larger (the installed files measured with fontTools;
the Windows faces from their published metrics). `tests/render/test_pptx.py` re-measures the
installed ones."""

SUBSTITUTES = ("Noto Sans CJK SC", "Noto Sans CJK TC", "WenQuanYi Zen Hei",
               "WenQuanYi Micro Hei", "SimSun", "PMingLiU", "Microsoft YaHei", "DejaVu Sans")
"""Faces a reader's suite may draw Chinese slides in when the named face is missing."""

MARGIN = 1.05
"""Headroom over the tallest line: rounding, bold and suites that add a little leading."""

MIN_ROWS = 3
"""Fewest table rows a continuation slide carries when the slide before can spare rows."""


def line_factor(*faces: str) -> float:
    """The line height (a multiple of the font size) that holds for `faces` and every usual
    substitute, with the margin."""
    known = [LINE_HEIGHTS[f] for f in (*faces, *SUBSTITUTES) if f in LINE_HEIGHTS]
    return round(max(known) * MARGIN, 3)


_ASCII_EM = {**dict.fromkeys("0123456789", 0.56), " ": 0.3, ".": 0.3, ",": 0.3, ":": 0.3,
             ";": 0.3, "i": 0.25, "l": 0.25, "j": 0.25, "f": 0.3, "t": 0.3, "r": 0.35,
             "%": 0.92, "W": 0.95, "M": 0.85, "m": 0.85, "w": 0.75, "@": 1.0}
AUTOSPACE_EM = 0.25
"""The gap LibreOffice (and Word) put between Chinese and Latin text, in ems (measured: about
3 pt at 12 pt)."""


@lru_cache(maxsize=8192)
def _em(char: str) -> float:
    if ord(char) >= 0x2E80 or char in "“”‘’—…":
        return 1.0
    if char in _ASCII_EM:
        return _ASCII_EM[char]
    return 0.72 if char.isupper() else 0.58


_NOT_WIDE = re.compile("[^\u2e80-\U0010ffff]+")
"""Characters below the CJK blocks (what remains is an em wide each, see `_em`)."""
_TOKEN = re.compile(r"[0-9A-Za-z]+|.", re.S)
"""Pieces a line may not break inside: a run of Latin letters and digits, or one character."""


@lru_cache(maxsize=65536)
def wrapped_lines(text: str, size_pt: float, width_pt: float) -> int:
    """Lines `text` takes at `size_pt` in a box `width_pt` wide (each `\\n` starts a line),
    laid out the way office suites do: Chinese breaks between any two characters except
    before a closing or after an opening mark, a Latin word or number never breaks unless
    it is wider than the line, and Chinese next to Latin text gets a quarter-em gap. Widths
    are generous estimates (Latin letters as in Arial, the widest of the usual faces)."""
    width = max(width_pt, size_pt) / size_pt * 0.99  # in ems, a hair of headroom
    if len(text) * (1 + AUTOSPACE_EM) <= width and "\n" not in text:
        return 1  # no character is wider than an em: fits whatever it holds
    total = 0
    for paragraph in text.split("\n"):
        lines, used, previous = 1, 0.0, ""
        line: list[str] = []
        for token in _TOKEN.findall(paragraph):
            w = _em(token) if len(token) == 1 else sum(map(_em, token))
            if previous and (previous[-1].isascii() != token[0].isascii()) \
                    and not token.isspace() and not previous.isspace():
                w += AUTOSPACE_EM
            if used + w > width and line:
                carry: list[str] = []
                if token in CANNOT_START and len(line) > 1:
                    carry = [line.pop()]  # the character before the mark moves down with it
                while len(line) > 1 and line[-1] in CANNOT_END:
                    carry.insert(0, line.pop())
                lines += 1
                line = [*carry, token]
                used = sum(_em(c) for piece in line for c in piece)
                while used > width and len(line) == 1 and len(token) > 1:
                    used -= width  # a word wider than a line breaks inside
                    lines += 1
            else:
                line.append(token)
                used += w
            previous = token
        total += lines
    return total


@lru_cache(maxsize=16384)
def one_line_em(text: str) -> float:
    """The width of `text` on one line, in ems, with the gaps between Chinese and Latin."""
    total, previous = 0.0, ""
    for token in _TOKEN.findall(text):
        total += sum(map(_em, token))
        if previous and previous[-1].isascii() != token[0].isascii() \
                and not token.isspace() and not previous.isspace():
            total += AUTOSPACE_EM
        previous = token
    return total


@lru_cache(maxsize=16384)
def _em_up_to(text: str, limit: float) -> float:
    """`one_line_em(text)`, or 4 × `limit` for a text surely wider than `limit` ems: one of
    more than 4 × `limit` characters (no character is narrower than a quarter em) or of more
    than `limit` + 1 Chinese characters (an em each), whatever else it holds."""
    if len(text) > 4 * limit or len(_NOT_WIDE.sub("", text)) > limit + 1:
        return 4 * limit
    return one_line_em(text)


def fit_widths(widths: Sequence[int], columns: Sequence[Sequence[str]], size_pt: float,
               padding: int, keep_whole_em: float = 9.0) -> list[int]:
    """Column widths (EMU) that keep short texts on one line: a date, a status or a short
    unit name (at most `keep_whole_em` ems) never splits. Columns too narrow for their
    longest such text are widened; the room comes from the columns that only hold longer
    texts (a task, a note), in proportion to their width, never below half of it."""
    emu_per_em = size_pt * 12700
    need, donors = [], []
    for i, (width, texts) in enumerate(zip(widths, columns, strict=True)):
        ems = [_em_up_to(t, keep_whole_em) for t in texts if t]
        short = [e for t, e in zip([t for t in texts if t], ems, strict=True)
                 if e <= keep_whole_em and "\n" not in t]
        want = int(max(short, default=0) / 0.99 * emu_per_em) + padding + 12700
        need.append(max(width, want))
        if need[-1] == width and any(e > keep_whole_em for e in ems):
            donors.append(i)
    extra = sum(need) - sum(widths)
    if extra <= 0:
        return list(widths)
    spare = sum(widths[i] // 2 for i in donors)
    if spare < extra:
        return list(widths)  # no room: the widths as given
    out = list(need)
    for i in donors:
        out[i] -= int(extra * (widths[i] // 2) / spare) + 1
    return out


def split_rows(heights: Sequence[int], first_space: int, full_space: int,
               min_rows: int = MIN_ROWS, fresh_space: int | None = None
               ) -> tuple[bool, list[tuple[int, int]]]:
    """Which rows go on which slide: (start on a fresh slide?, [(start, end) per slide]).

    `heights` are the rows' heights, `first_space` what the current slide has left for rows
    (below the header), `full_space` what a continuation slide holds, `fresh_space` what the
    first slide holds when the table starts on a fresh one (default `full_space`). Slides are
    filled in order (a row taller than a slide goes alone), then the last slide takes rows
    from the one before until it has `min_rows`, as long as that one keeps `min_rows` (two
    when it is the table's start below other content on a shared slide). Starting here and
    starting on a
    fresh slide are both planned; the plan with fewer short continuation slides wins, then
    the one with fewer new slides, then starting here. Every row is on exactly one slide.
    """
    if not heights:
        return False, []
    plans = []
    for fresh in (False, True):
        if not fresh and first_space < heights[0]:
            continue
        first = first_space if not fresh else full_space if fresh_space is None else fresh_space
        chunks = _greedy(heights, first, full_space)
        _rebalance(chunks, heights, full_space, min_rows, 2 if not fresh else min_rows)
        short = sum(1 for a, b in chunks[1:] if b - a < min_rows)
        if not fresh and len(chunks) > 1 and chunks[0][1] - chunks[0][0] < 2:
            short += 1  # one row at the foot of a slide, the rest on the next
        new_slides = len(chunks) - (0 if fresh else 1)
        plans.append(((short, new_slides, fresh), fresh, chunks))
    _, fresh, chunks = min(plans, key=lambda plan: plan[0])
    return fresh, chunks


def _rebalance(chunks: list[tuple[int, int]], heights: Sequence[int], full_space: int,
               min_rows: int, first_keeps: int) -> None:
    if len(chunks) < 2:
        return
    (a, b), (c, d) = chunks[-2], chunks[-1]
    keep = first_keeps if len(chunks) == 2 else min_rows
    while d - c < min_rows and b - a > keep and sum(heights[b - 1:d]) <= full_space:
        b, c = b - 1, c - 1
    chunks[-2:] = [(a, b), (c, d)]


def _greedy(heights: Sequence[int], first_space: int, full_space: int
            ) -> list[tuple[int, int]]:
    chunks, start, space, n = [], 0, first_space, len(heights)
    while start < n:
        end, used = start, 0
        while end < n and (used + heights[end] <= space or end == start):
            used += heights[end]
            end += 1
        chunks.append((start, end))
        start, space = end, full_space
    return chunks


def page_label_parts(label: str, pages: int) -> tuple[str, str]:
    """The text before and after the slide number in a footer label such as
    "第 {page} 页 共 {pages} 页" (the total filled in): ("第 ", " 页 共 7 页")."""
    before, _, after = label.partition("{page}")
    return before.replace("{pages}", str(pages)), after.replace("{pages}", str(pages))


__all__ = ["LINE_HEIGHTS", "MIN_ROWS", "fit_widths", "line_factor", "one_line_em",
           "page_label_parts", "split_rows", "wrapped_lines"]
