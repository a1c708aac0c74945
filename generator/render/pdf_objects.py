"""How PDF streams, arrays and dictionaries are written while a PDF is made: the values that
`library_hooks.pdf_writing` puts in place of reportlab's methods (same bytes, less work)."""

from __future__ import annotations

import zlib

_TRUETYPE = b"\x00\x01\x00\x00"
FONT_LEVEL = 1
"""zlib level for embedded font programs."""
PAGE_LEVEL = 1
"""zlib level for page content and the other streams (reportlab's own is 6)."""


def encode_stream(self, text) -> bytes:  # noqa: ARG001 - replaces a method
    data = text.encode("utf-8") if isinstance(text, str) else text
    return zlib.compress(data, FONT_LEVEL if data[:4] == _TRUETYPE else PAGE_LEVEL)


def format_array(self, document, IND=b"\n "):  # noqa: N803 - reportlab's signature
    """`PDFArray.format` (reportlab 5.1.0, `pdfdoc.py`) with a fast path for arrays of plain
    numbers (a font subset's 256 glyph widths): each formatted with the same `fp_str` that
    `pdfdoc.format` uses, without its per-element dispatch; other arrays as before."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    seq = self.sequence
    if all(type(e) in _NUMBERS for e in seq):
        fp_str = pdfdoc.fp_str
        parts = [fp_str(e).encode("latin-1") for e in seq]
    else:
        parts = [pdfdoc.format(e, document) for e in seq]
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        joined = IND.join(parts)
    else:
        if len(parts) > 10:  # broken up every 10 elements, as reportlab does
            for i in reversed(range(10, len(parts), 10)):
                parts.insert(i, b"\n ")
        joined = b" ".join(parts)
    return b"[ " + joined + b" ]"


_NUMBERS = (int, float)


def format_dictionary(self, document, IND=b"\n "):  # noqa: N803 - reportlab's signature
    """`PDFDictionary.format` (reportlab 5.1.0, `pdfdoc.py`) with each key's name formatted
    once per process (`/Type`, `/Length`, … : `PDFName` and the pdfdoc codec each time before)
    and plain numbers formatted with `fp_str` directly; other values as before."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    entries = self.dict
    keys = list(entries.keys())
    if not isinstance(entries, pdfdoc.OrderedDict):
        keys.sort()
    names, fp_str, format_ = _PDF_NAMES, pdfdoc.fp_str, pdfdoc.format
    parts = []
    for key in keys:
        name = names.get(key)
        if name is None:
            name = names[key] = format_(pdfdoc.PDFName(key), document) + b" "
        value = entries[key]
        parts.append(name + (fp_str(value).encode("latin-1") if type(value) in _NUMBERS
                             else format_(value, document)))
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        joined = IND.join(parts)
    else:
        for i in reversed(range(6, len(parts), 6)):  # broken up every 6 entries, as reportlab
            parts.insert(i, b"\n ")
        joined = b" ".join(parts)
    return b"<<\n" + joined + b"\n>>"


_PDF_NAMES: dict[str, bytes] = {}
"""A dictionary key's formatted name and the space after it, by key (`format_dictionary`)."""
