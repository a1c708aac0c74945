"""Lists of names in Office table cells broken between names, never inside one.

Word, WPS, LibreOffice and PowerPoint break CJK text between any two characters, so a cell
listing units (`市知识产权局、市人大法工委`) wraps as `市知识产权局、市人/大法工委` when the
column is a little narrow in the reader's font. A cell that is such a list, and that the width
estimate says will wrap, gets explicit line breaks after the separators instead: each line as
many whole names as fit. The page and slide planners and the writers call this with the same
column width and size, so the rows they plan are the rows they write.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .table_layout import em_measure

_SEPARATORS = "、；·"
"""Where a list cell may break: after the names of a list, or a status and its overdue flag
(`存在风险·逾期15天`)."""
_ITEMS = re.compile(f"(?<=[{_SEPARATORS}])")
LONGEST_NAME = 12
"""A cell is a list of names when each of its items (between 、 or ；) has at most this many
characters; longer items are prose, left to the suite's own line breaking."""


def _has_separator(text: str) -> bool:
    """Whether `text` holds a mark of `_SEPARATORS` (tested one by one: no generator)."""
    return "、" in text or "；" in text or "·" in text


def list_items(text: str) -> list[str]:
    """A cell's text and, when it is a list of names, each name with its separator: the
    texts a column must be wide enough to keep whole on a line."""
    if not _has_separator(text):
        return [text]
    items = [item for item in _ITEMS.split(text) if item]
    return [text, *items] if all(len(item) <= LONGEST_NAME for item in items) else [text]


@lru_cache(maxsize=8192)
def list_lines(text: str, width_pt: float, size_pt: float) -> str:
    """`text` with a line break after the separators where a list of names would wrap in a
    column `width_pt` wide at `size_pt`; any other text unchanged."""
    if "\n" in text or not _has_separator(text):
        return text
    items = [item for item in _ITEMS.split(text) if item]
    if len(items) < 2 or any(len(item) > LONGEST_NAME for item in items):
        return text
    measure = em_measure(size_pt, auto_space=True)
    if measure(text) <= width_pt:
        return text
    lines, line = [], ""
    for item in items:
        if line and measure(line + item) > width_pt:
            lines.append(line)
            line = item
        else:
            line += item
    lines.append(line)
    return "\n".join(lines)


__all__ = ["LONGEST_NAME", "list_items", "list_lines"]
