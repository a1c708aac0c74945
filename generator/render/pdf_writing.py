"""Two shortcuts in reportlab's writing of a PDF file, for the duration of one save.

A unit pack's PDF spent over half its time in `canvas.save`: ≈ 3 ms deflating the embedded
font subsets (≈ 90 KB of TrueType glyph outlines that deflate only to ≈ 70%) and ≈ 1 ms
formatting each subset's 256 glyph widths one number at a time.

- Font programs (streams starting with the TrueType signature) are deflated at level 1
  instead of 6: ≈ 1 ms less a file for ≈ 3% more bytes. Page content is deflated as before.
- Arrays of plain numbers are formatted in one pass, to the same bytes reportlab writes
  (`fp_str` per number, a line break every ten).

Both are undone when the save ends; output stays byte-identical from run to run.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

from ..patching import patched

_TRUETYPE = b"\x00\x01\x00\x00"
FONT_LEVEL = 1


def _encode(self, text) -> bytes:  # noqa: ARG001 - replaces a method
    data = text.encode("utf-8") if isinstance(text, str) else text
    return zlib.compress(data, FONT_LEVEL if data[:4] == _TRUETYPE else 6)


class _Array(pdfdoc.PDFArray):
    """`PDFArray` with a one-pass format for arrays of numbers (the same bytes)."""

    def format(self, document, IND=b"\n "):  # noqa: N803 - reportlab's signature
        sequence = self.sequence
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced" \
                or not all(type(e) in (int, float) for e in sequence):
            return super().format(document, IND)
        items = [fp_str(e).encode("ascii") for e in sequence]
        for i in reversed(range(10, len(items), 10)):
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"


@contextmanager
def faster_writing() -> Iterator[None]:
    """While active, reportlab writes font programs and number arrays the faster way."""
    with patched(pdfdoc.PDFStreamFilterZCompress, "encode", _encode), \
            patched(pdfdoc, "PDFArray", _Array):
        yield


__all__ = ["faster_writing"]
