"""The reportlab hooks of `library_hooks` behave as their docstrings say: cached font metrics
equal reportlab's own, the glyph table is a view, subsets draw their glyphs, and PDF writing
settings hold for the block only."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import reportlab
from fontTools.ttLib import TTFont
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Spacer

from generator.render import metrics_cache
from generator.render.library_hooks import (
    cached_face_class,
    cached_ttfont,
    kept_together,
    memo_text,
    page_size,
    pdf_writing,
    start_page,
)
from generator.render.pdf_objects import FONT_LEVEL, PAGE_LEVEL

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def test_cached_font_metrics_are_reportlabs_own(tmp_path, monkeypatch):
    """The first read writes the cache, the second reads it; both equal reportlab's own parse
    (the glyph-to-characters map is built only when asked for)."""
    monkeypatch.setattr(metrics_cache, "cache_dir", lambda: tmp_path)
    own = TTFontFace(str(VERA))

    written = cached_ttfont("PlanHookVeraA", VERA).face
    assert list((tmp_path / "metrics").iterdir())
    cached = cached_ttfont("PlanHookVeraB", VERA).face

    for face in (written, cached):
        assert isinstance(face, cached_face_class())
        assert face.charToGlyph == own.charToGlyph
        assert face.charWidths == own.charWidths
        assert list(face.glyphPos) == own.glyphPos
        assert face.hmetrics == own.hmetrics
    assert "glyphToChar" not in cached.__dict__
    assert cached.glyphToChar == own.glyphToChar
    for subset in ([32, 65, 0xC9, 0xE9], list(range(32, 127))):
        assert cached.makeSubset(subset) == own.makeSubset(subset)


def test_glyph_table_is_a_view_and_other_tables_are_read_once(tmp_path, monkeypatch):
    monkeypatch.setattr(metrics_cache, "cache_dir", lambda: tmp_path)
    face = cached_ttfont("PlanHookVeraC", VERA).face
    pos, length = face.get_table_pos("glyf")
    data = VERA.read_bytes()

    glyphs = face.get_table("glyf")

    assert isinstance(glyphs[0:4], bytes) and len(glyphs) == length
    assert glyphs[:] == data[pos:pos + length]
    assert face.get_table("head") is face.get_table("head")


def test_the_font_file_is_mapped_and_read_when_it_cannot_be(tmp_path, monkeypatch):
    """A cached face maps its font file (nothing is read whole); where mapping fails it reads
    the file; either way its subsets are reportlab's own."""
    import mmap

    monkeypatch.setattr(metrics_cache, "cache_dir", lambda: tmp_path)
    own = TTFontFace(str(VERA)).makeSubset([32, 65, 0xC9])
    real, mapped = mmap.mmap, []

    def recording(*args, **kwargs):
        mapped.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(mmap, "mmap", recording)
    assert cached_ttfont("PlanHookVeraMap", VERA).face.makeSubset([32, 65, 0xC9]) == own
    assert len(mapped) == 1

    def failing(*args, **kwargs):
        raise OSError("cannot map")

    monkeypatch.setattr(mmap, "mmap", failing)
    assert cached_ttfont("PlanHookVeraRead", VERA).face.makeSubset([32, 65, 0xC9]) == own


def test_a_subset_holds_composite_glyphs_and_their_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(metrics_cache, "cache_dir", lambda: tmp_path)
    face = cached_ttfont("PlanHookVeraD", VERA).face
    source = TTFont(str(VERA))
    accented = [c for c, name in source.getBestCmap().items()
                if c < 0x250 and source["glyf"][name].isComposite()]
    codes = [32, *accented[:200]]

    subset = TTFont(io.BytesIO(face.makeSubset(codes)))

    assert len(accented) > 20
    to_glyph = subset["cmap"].getcmap(1, 0).cmap
    for n, code in enumerate(codes):
        name = source.getBestCmap()[code]
        ours = subset["glyf"][to_glyph[n]].getCoordinates(subset["glyf"])
        theirs = source["glyf"][name].getCoordinates(source["glyf"])
        assert list(ours[0]) == list(theirs[0]), chr(code)


def test_pdf_writing_deflates_font_programs_and_page_content_at_their_levels():
    font_program = b"\x00\x01\x00\x00" + bytes(range(256)) * 200
    page = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" * 200

    with pdf_writing():
        packed_font = pdfdoc.PDFZCompress.encode(font_program)
        packed_page = pdfdoc.PDFZCompress.encode(page.decode())
        a85 = rl_config.useA85

    assert a85 == 0
    assert packed_font == zlib.compress(font_program, FONT_LEVEL)
    assert packed_page == zlib.compress(page, PAGE_LEVEL)
    assert PAGE_LEVEL != 6 and packed_page != zlib.compress(page, 6)
    assert zlib.decompress(packed_font) == font_program


def test_pdf_writing_formats_number_arrays_as_reportlab_does():
    document = pdfdoc.PDFDocument()
    arrays = [[500, 1000.0, 0.25, -3] * 7, [1, 2, 3], [pdfdoc.PDFName("Fit"), 3, 1.5], []]
    theirs = [pdfdoc.PDFArray(a).format(document) for a in arrays]
    compact = pdfdoc.PDFArrayCompact(list(range(25))).format(document)

    with pdf_writing():
        ours = [pdfdoc.PDFArray(a).format(document) for a in arrays]
        ours_compact = pdfdoc.PDFArrayCompact(list(range(25))).format(document)
        hooked = pdfdoc.PDFArray.format

    assert ours == theirs
    assert ours_compact == compact
    assert b"1000" in ours[0] and b".25" in ours[0]
    assert hooked is not pdfdoc.PDFArray.format


def test_pdf_writing_formats_dictionaries_as_reportlab_does():
    """Names, numbers, booleans, strings, nested dictionaries and arrays, an
    ordered dictionary (kept in order) and a one-line one (broken every 6 entries)."""
    from collections import OrderedDict

    document = pdfdoc.PDFDocument()
    inner = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Font"), "Widths": [1, 2.5]})
    plain = {"Type": pdfdoc.PDFName("Page"), "Count": 3, "Scale": 0.75, "Open": True,
             "Title": pdfdoc.PDFString("Plan (2020)"), "Inner": inner, "Odd Name#": 1,
             "Kids": pdfdoc.PDFArray([pdfdoc.PDFName("Fit"), 2]), "Text": "a b"}
    ordered = pdfdoc.PDFDictionary(OrderedDict([("Z", 1), ("A", 2)]))
    wide = pdfdoc.PDFDictionary({f"K{i}": i for i in range(14)})
    wide.multiline = False

    def formatted():
        return [pdfdoc.PDFDictionary(plain).format(document), ordered.format(document),
                wide.format(document)]

    theirs = formatted()
    with pdf_writing():
        ours = formatted()
        hooked = pdfdoc.PDFDictionary.format

    assert ours == theirs
    assert ours[1].index(b"/Z") < ours[1].index(b"/A") and ours[2].count(b"\n ") == 2
    assert hooked is not pdfdoc.PDFDictionary.format


def test_pdf_writing_leaves_reportlab_as_it_was():
    encode, a85 = pdfdoc.PDFStreamFilterZCompress.encode, rl_config.useA85
    array_format, dictionary_format = pdfdoc.PDFArray.format, pdfdoc.PDFDictionary.format
    checking = rl_config.shapeChecking

    with pdf_writing():
        assert pdfdoc.PDFStreamFilterZCompress.encode is not encode
        assert pdfdoc.PDFArray.format is not array_format
        assert pdfdoc.PDFDictionary.format is not dictionary_format
        assert not rl_config.shapeChecking

    assert pdfdoc.PDFStreamFilterZCompress.encode is encode
    assert pdfdoc.PDFArray.format is array_format
    assert pdfdoc.PDFDictionary.format is dictionary_format
    assert rl_config.shapeChecking == checking
    assert rl_config.useA85 == a85


def test_pdf_writing_does_not_check_chart_shapes_and_they_draw_the_same():
    """Inside the block a shape takes a value without checking it (reportlab's
    `shapeChecking` off); outside, the check is back; a chart draws the same either way."""
    import pytest
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, Rect

    def chart_pdf() -> bytes:
        drawing = Drawing(300, 200)
        chart = HorizontalBarChart()
        chart.data = [(10, 20, 35), (5, 15, 30)]
        chart.categoryAxis.categoryNames = ["a", "b", "c"]
        chart.barLabelFormat = "%.0f%%"
        drawing.add(chart)
        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)
        renderPDF.draw(drawing, canvas, 10, 10)
        canvas.save()
        return out.getvalue()

    with pdf_writing():
        Rect(0, 0, 10, 10).strokeWidth = "not a number"  # not checked
        unchecked = chart_pdf()
        rl_config.shapeChecking = 1  # the same block's other settings, with the checks
        checked = chart_pdf()
    with pytest.raises(AttributeError):
        Rect(0, 0, 10, 10).strokeWidth = "not a number"
    assert unchecked == checked


def test_page_size_start_page_and_kept_together():
    canvas = Canvas(io.BytesIO(), pagesize=(200, 300))
    canvas.drawString(10, 10, "first")
    parts = [Spacer(1, 5), Spacer(1, 6)]

    start_page(canvas)  # a new page begins
    canvas.setPageSize((300, 200))

    assert page_size(canvas) == (300, 200)
    assert canvas.getPageNumber() == 2  # counted, as showPage counts it
    assert kept_together(KeepTogether(parts)) == parts
    assert pdfmetrics.getFont("Helvetica")  # the canvas still works


def test_memo_text_writes_what_begin_text_writes():
    """Lines repeated, across two font subsets and two sizes: the same operators and cursor
    as reportlab's own text object; the memo is kept on the canvas and used again."""
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    from generator.fonts import noto_sans_sc

    # as the renderer registers it: reportlab maps a later name of the same face to the
    # first font registered (`registerFont`), with that font's settings
    pdfmetrics.registerFont(RLTTFont("PlanHookNotoText", str(noto_sans_sc().regular),
                                     asciiReadable=0))
    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 300))  # more than one subset
    lines = ["Unit A", many, "Unit A", "12月31日", many[200:], "Unit A", "12月31日"]
    canvases = [Canvas(io.BytesIO()), Canvas(io.BytesIO())]
    objects = [canvases[0].beginText(), memo_text(canvases[1])]
    cursors: list[list[float]] = [[], []]
    for size in (9, 12):
        for obj, cursor in zip(objects, cursors, strict=True):
            obj.setFont("PlanHookNotoText", size, size * 1.2)
            for n, line in enumerate(lines):
                obj.setTextOrigin(10, 700 - 14 * n)
                obj.textOut(line)
                cursor.append(obj.getX())

    ours, theirs = objects[1].getCode(), objects[0].getCode()
    assert ours == theirs
    assert ours.count(" Tf ") > 4  # subsets switched back and forth
    assert cursors[0] == cursors[1]
    assert len(canvases[1].__dict__["plan_text_memo"]) == 2 * len(set(lines))


def test_memo_text_show_at_and_width_are_set_origin_text_out_and_string_width():
    """`show_at(x, y, text)` writes what `setTextOrigin` and `textOut` write (subset switches
    included, remembered per document) and leaves the same cursor; `width` is `stringWidth`."""
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    from generator.fonts import noto_sans_sc

    # as the renderer registers it: reportlab maps a later name of the same face to the
    # first font registered (`registerFont`), with that font's settings
    pdfmetrics.registerFont(RLTTFont("PlanHookNotoShow", str(noto_sans_sc().regular),
                                     asciiReadable=0))
    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 300))  # more than one subset
    lines = ["Unit A", many, "Unit A", many[250:], many[:10], "12月31日"]
    canvases = [Canvas(io.BytesIO()), Canvas(io.BytesIO())]
    objects = [canvases[0].beginText(), memo_text(canvases[1])]
    for obj in objects:
        obj.setFont("PlanHookNotoShow", 9, 12.6)
    for n, line in enumerate(lines):
        x, y = 10.5 + n / 3, 700 - 14.2 * n
        objects[0].setTextOrigin(x, y)
        objects[0].textOut(line)
        objects[1].show_at(x, y, line)
        assert objects[1].getX() == objects[0].getX()
        assert objects[1].getY() == objects[0].getY()
        assert objects[1].width(line) == pdfmetrics.stringWidth(line, "PlanHookNotoShow", 9)

    ours, theirs = objects[1].getCode(), objects[0].getCode()
    assert ours == theirs and ours.count(" Tf ") > 3
    assert len(canvases[1].__dict__["plan_font_switches"]) == 2  # two subsets, each once


def test_a_pdf_with_charts_leaves_reportlabs_shape_checks_in_place():
    """The charts are made before `pdf_writing` turns the checks off: a fresh process that
    renders the sample briefing (two charts) still checks shapes afterwards."""
    import subprocess
    import sys

    script = """
import tempfile, pathlib
import sys
from generator.build import build
out = pathlib.Path(tempfile.mkdtemp())
assert "reportlab.graphics.shapes" not in sys.modules
build(None, out_dir=out, reports=("briefing",), formats=("pdf",), jobs=1)
assert list(out.glob("*.pdf"))
from reportlab.graphics.shapes import Rect
try:
    Rect(0, 0, 1, 1).strokeWidth = "not a number"
except AttributeError:
    print("checked")
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, check=False)
    assert done.stdout.strip() == "checked", done.stderr


def test_platypus_defers_only_the_url_pattern_and_it_matches_as_compiled():
    """In a fresh process the PDF renderer loads platypus with `paragraph.uri_pat` deferred;
    it then matches as the compiled pattern does, and no other pattern is deferred."""
    import subprocess
    import sys

    script = """
import re, reportlab
import generator.render.pdf
from reportlab.platypus import paragraph
from generator.render.pdf_platypus import DeferredPattern
deferred = [n for n, v in vars(paragraph).items() if isinstance(v, DeferredPattern)]
assert deferred == ["uri_pat"], deferred
real = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
for text in ["https://example.com/a?b=1", "HTTP://Example.ORG", "ftp://10.0.0.1:21/x",
             "not a link", "mailto:x@example.com", "https://例子.测试/路径"]:
    ours, theirs = paragraph.uri_pat.match(text), real.match(text)
    assert (ours and ours.groups()) == (theirs and theirs.groups()), text
assert re.compile is not None and not isinstance(re.compile("a"), DeferredPattern)
print("ok")
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr
