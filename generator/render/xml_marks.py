"""Marker texts for XML drawn once through a library and reused as a template.

A drawing made with `markers(n)` as its texts is serialised; `with_texts(xml, texts)` gives
that XML with each marker replaced by its text, XML-escaped (and XML-safe), so data text never
becomes markup. The markers are private-use characters that data cannot bring in: the template
is the library's own output, and replaced texts are not scanned again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from .office_text import xml_safe

_MARK = "\ue001{}\ue001"  # private-use delimiters around a text's index
_MARKS = re.compile("\ue001(\\d+)\ue001")


def markers(count: int) -> list[str]:
    """Marker texts for a drawing that will become a template."""
    return [_MARK.format(i) for i in range(count)]


def with_texts(xml: str, texts: Sequence[str]) -> str:
    """Template XML with each marker replaced by its text, XML-escaped."""
    return _MARKS.sub(lambda m: escape(xml_safe(texts[int(m.group(1))])), xml)


def has_markers(text: str | None) -> bool:
    return bool(text) and _MARKS.search(text) is not None


def text_with(template: str, texts: Sequence[str]) -> str:
    """An element text holding markers, each replaced by its text (made XML-safe; the
    element's serialisation escapes it)."""
    return _MARKS.sub(lambda m: xml_safe(texts[int(m.group(1))]), template)


__all__ = ["has_markers", "markers", "text_with", "with_texts"]
