"""reportlab's PDF writing, shortened: the same bytes for number arrays, font programs
deflated faster, and everything as before once the save is over."""

from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc

from generator.render.pdf_writing import FONT_LEVEL, faster_writing


def test_number_arrays_are_written_as_reportlab_writes_them():
    document = pdfdoc.PDFDocument()
    for sequence in ([], [1], list(range(10)), [500, 1000.0, 0.5, 333.25] * 64,
                     [1, pdfdoc.PDFName("Fit"), 2.5]):
        expected = pdfdoc.PDFArray(sequence).format(document)
        with faster_writing():
            assert pdfdoc.PDFArray(sequence).format(document) == expected


def test_font_programs_are_deflated_faster_and_page_content_as_before():
    font_program = b"\x00\x01\x00\x00" + bytes(range(256)) * 200
    page = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" * 200
    with faster_writing():
        packed_font = pdfdoc.PDFZCompress.encode(font_program)
        packed_page = pdfdoc.PDFZCompress.encode(page.decode())

    assert packed_font == zlib.compress(font_program, FONT_LEVEL)
    assert packed_page == zlib.compress(page)
    assert zlib.decompress(packed_font) == font_program


def test_reportlab_is_itself_again_after_the_save():
    original_array, original_encode = pdfdoc.PDFArray, pdfdoc.PDFStreamFilterZCompress.encode
    with faster_writing():
        assert pdfdoc.PDFArray is not original_array

    assert pdfdoc.PDFArray is original_array
    assert pdfdoc.PDFStreamFilterZCompress.encode is original_encode
