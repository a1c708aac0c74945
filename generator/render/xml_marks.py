"""Marker texts for XML drawn once through a library and reused as a template.

A drawing made with `markers(n)` as its texts is serialised; `with_texts(xml, texts)` gives
that XML with each marker replaced by its text, XML-escaped (and XML-safe), so data text never
becomes markup. The markers are private-use characters that data cannot bring in: the template
is the library's own output, and replaced texts are not scanned again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from lxml import etree

from .office_text import xml_safe

_MARK = "\ue001{}\ue001"  # private-use delimiters around a text's index
_MARKS = re.compile("\ue001(\\d+)\ue001")


def markers(count: int) -> list[str]:
    """Marker texts for a drawing that will become a template."""
    return [_MARK.format(i) for i in range(count)]


def with_texts(xml: str, texts: Sequence[str]) -> str:
    """Template XML with each marker replaced by its text, XML-escaped."""
    return _MARKS.sub(lambda m: escape(xml_safe(texts[int(m.group(1))])), xml)


class MarkedXml:
    """XML with markers, parsed once: `copy(texts)` gives its top-level elements (with
    `one_element`, the one element) with the texts in place of the markers — a deep copy of
    the parsed tree with the marked element texts set, ≈ 4× faster than parsing
    `with_texts(xml, texts)` again, and the same tree. (Markers in attributes or tails fall
    back to parsing.)"""

    def __init__(self, xml: str, parse: Callable[[str], etree._Element],
                 one_element: bool = False):
        self.xml, self.parse, self.one_element = xml, parse, one_element
        self.root = self._parse(xml)
        self.slots: list[tuple[tuple[int, ...], str, int | None]] | None = []
        """Each marked element's child-index path, text, and the index of the one text it
        is when it is exactly one marker."""
        for path, element in _walk(self.root, ()):
            if any(_has_markers(v) for v in element.attrib.values()) \
                    or _has_markers(element.tail):
                self.slots = None
                break
            text = _TEXT.__get__(element)
            if _has_markers(text):
                whole = _MARKS.fullmatch(text)
                self.slots.append((path, text, int(whole.group(1)) if whole else None))

    def copy(self, texts: Sequence[str]) -> list[etree._Element]:
        if self.slots is None:
            root = self._parse(with_texts(self.xml, texts))
        else:
            root = self.root.__deepcopy__(None)  # lxml's (C); copy.deepcopy adds ≈ 2 µs
            for path, template, whole in self.slots:
                element = root
                for index in path:
                    element = element[index]
                _TEXT.__set__(element, xml_safe(texts[whole]) if whole is not None else
                              _MARKS.sub(lambda m: xml_safe(texts[int(m.group(1))]), template))
        return [root] if self.one_element else list(root)

    def _parse(self, xml: str) -> etree._Element:
        """`xml` parsed: as it is when it is one element (a whole slide), else inside a
        wrapper element whose children are the result."""
        return self.parse(xml if self.one_element else f"<marked>{xml}</marked>")


_TEXT = etree._Element.text  # lxml's own (python-pptx's element classes redefine `text`)


def _has_markers(text: str | None) -> bool:
    return bool(text) and _MARKS.search(text) is not None


def _walk(element, path: tuple[int, ...]):
    yield path, element
    for index, child in enumerate(element):
        yield from _walk(child, (*path, index))


__all__ = ["MarkedXml", "markers", "with_texts"]
