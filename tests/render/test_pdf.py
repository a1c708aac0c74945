"""PDF output read back: text, embedded fonts, line breaking, escaping, properties."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from generator.document import Cover, DocumentInfo, Paragraph, Report, Section
from generator.render import pdf
from generator.render.pdf_text import EXTRA_CANNOT_START
from generator.theme import load_theme

from ..conftest import normalise


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_every_seed_task_is_in_the_status_report(sample_out, seed_tasks):
    text = normalise(pdf_text(sample_out / "shanghai-ip-2020-status.pdf"))

    missing = [t for t in seed_tasks if t not in text]

    assert missing == []


def test_fonts_are_embedded_truetype_and_nothing_else(sample_out):
    if not shutil.which("pdffonts"):
        pytest.fail("pdffonts (poppler-utils) is not installed; .ci/run installs it")
    for name in ("shanghai-ip-2020-briefing.pdf", "shanghai-ip-2020-status.pdf"):
        listing = subprocess.run(["pdffonts", str(sample_out / name)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]

        assert listing, name
        for line in listing:
            assert "NotoSansSC" in line and " yes yes yes " in line, line
        assert any("NotoSansSC-Bold" in line for line in listing)


def test_properties_come_from_the_plan(sample_out):
    meta = pypdf.PdfReader(sample_out / "shanghai-ip-2020-briefing.pdf").metadata

    assert meta.title == "2020年上海市知识产权工作计划 会议简报"
    assert meta.author == "上海市知识产权联席会议办公室"
    assert meta.subject == "2020年上海市知识产权联席会议第三季度工作推进会"
    assert meta.creation_date.date().isoformat() == "2020-09-30"


def test_page_x_of_y_and_bookmarks(sample_out):
    reader = pypdf.PdfReader(sample_out / "shanghai-ip-2020-status.pdf")
    pages = len(reader.pages)

    assert f"第 2 页 共 {pages} 页" in reader.pages[1].extract_text()
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "一、加强高质量知识产权制度供给" in titles
    assert "逾期任务清单" in titles


def test_no_line_starts_with_closing_punctuation(sample_out):
    closing = set(EXTRA_CANNOT_START) - set("%.")
    bad = []
    with pdfplumber.open(sample_out / "shanghai-ip-2020-status.pdf") as doc:
        for page in doc.pages:
            for line in page.extract_text_lines():
                if line["text"][:1] in closing:
                    bad.append(line["text"])

    assert bad == []


def render_one(tmp_path, text: str):
    report = Report("t", DocumentInfo("T", "S", "A", "zh-Hans", __import__("datetime").date(
        2020, 1, 1)), Cover("封面", full_page=False), (Section("节", (Paragraph(text),)),))
    dest = tmp_path / "t.pdf"
    warnings = pdf.render(report, load_theme(), dest)
    return dest, warnings


def test_markup_in_data_is_printed_as_text(tmp_path):
    hostile = ('<b>粗</b> <font name=x>f</font> <img src="/etc/passwd"/> '
               '<a href="javascript:x">a</a>')

    dest, _ = render_one(tmp_path, hostile)

    text = re.sub(r"\s+", "", pdf_text(dest))
    assert re.sub(r"\s+", "", hostile) in text
    assert b"/JavaScript" not in dest.read_bytes() and b"/URI" not in dest.read_bytes()


def test_characters_missing_from_the_font_are_named(tmp_path):
    _, warnings = render_one(tmp_path, "表情 😀 和 \U0001F600")

    assert len(warnings) == 1
    assert "U+1F600" in warnings[0]


def test_wrapping_keeps_closing_punctuation_off_line_starts_at_many_widths(tmp_path):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as RLParagraph

    from generator.render.pdf_text import register_fonts, theme_font_key

    regular, _ = register_fonts(theme_font_key(load_theme()))
    style = ParagraphStyle("t", fontName=regular, fontSize=10, leading=14, wordWrap="CJK")
    text = ("加强知识产权司法保护，深入推进知识产权民事、行政、刑事案件“三合一”审判机制改革。"
            "深入开展打击侵权假冒违法犯罪“铁拳”行动、打击网络侵权盗版“剑网2020”专项行动；"
            "推广《知识产权评议技术导则》地方标准。")
    starts = []
    for width in range(60, 400, 3):
        para = RLParagraph(text, style)
        para.wrap(width, 10_000)
        for line in para.blPara.lines[1:]:
            first = "".join(getattr(w, "text", "") or "" for w in getattr(line, "words", []))[:1]
            starts.append(first)

    assert starts, "no wrapped lines were produced"
    assert not [s for s in starts if s and s in "，。、；：？！”’）》"]


def test_status_report_has_a_contents_page_with_page_numbers_and_links(sample_out):
    reader = pypdf.PdfReader(sample_out / "shanghai-ip-2020-status.pdf")
    page = reader.pages[1]
    text = page.extract_text()
    destinations = {item.title: reader.get_destination_page_number(item) + 1
                    for item in reader.outline if not isinstance(item, list)}

    assert "目录" in text
    for title, number in destinations.items():
        assert re.search(re.escape(title) + r"\s*" + str(number), text), (title, number)
    links = [a.get_object() for a in page.get("/Annots", [])]
    assert len(links) == len(destinations)


def test_no_line_ends_with_opening_punctuation(sample_out):
    opening = set("“‘（《「『【")
    bad = []
    for name in ("shanghai-ip-2020-status.pdf", "shanghai-ip-2020-briefing.pdf"):
        with pdfplumber.open(sample_out / name) as doc:
            for page in doc.pages:
                for line in page.extract_text_lines():
                    if line["text"].rstrip()[-1:] in opening:
                        bad.append(line["text"])

    assert bad == []


def test_font_tables_are_read_once_and_equal_to_the_file():
    from reportlab.pdfbase import pdfmetrics

    from generator.render.pdf_text import REGULAR, register_fonts

    register_fonts("noto-sans-sc")
    face = pdfmetrics.getFont(REGULAR).face
    pos, length = face.get_table_pos("glyf")

    glyphs = face.get_table("glyf")

    assert glyphs.view.obj is face._ttf_data  # a view, no copy
    assert glyphs[:] == face._ttf_data[pos:pos + length]
    assert face.get_table("head") is face.get_table("head")
    assert face.makeSubset([ord("知"), ord("识")])[:4] in (b"\x00\x01\x00\x00", b"true")


def test_cached_font_metrics_are_reportlabs_own(tmp_path, monkeypatch):
    """The metrics read from the cache (glyph offsets as an array, the glyph-to-characters map
    unpickled only when asked for) equal what reportlab's own parse of the file gives; the
    first read writes the cache, the second reads it."""
    import reportlab
    from reportlab.pdfbase.ttfonts import TTFontFace

    from generator.render import pdf_text

    monkeypatch.setattr(pdf_text, "cache_dir", lambda: tmp_path)
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    own = TTFontFace(str(vera))
    with monkeypatch.context() as patched:
        patched.setattr(pdf_text.ttfonts, "TTFontFace", pdf_text._CachedFace)
        written = pdf_text._CachedFace(str(vera))
        assert list((tmp_path / "metrics").iterdir())
        cached = pdf_text._CachedFace(str(vera))

    for face in (written, cached):
        assert face.charToGlyph == own.charToGlyph
        assert face.charWidths == own.charWidths
        assert list(face.glyphPos) == own.glyphPos
        assert face.hmetrics == own.hmetrics
    assert "glyphToChar" not in cached.__dict__
    assert cached.glyphToChar == own.glyphToChar  # unpickled now
    assert "glyphToChar" in cached.__dict__
    for subset in ([32, 65, 0xC9, 0xE9], list(range(32, 127))):
        assert cached.makeSubset(subset) == own.makeSubset(subset)


def test_no_words_collide_in_the_briefing_and_status_report(sample_out, english_out):
    from ..conftest import overlapping_words

    for folder in (sample_out, english_out):
        for pdf_file in sorted(folder.glob("*.pdf")):
            assert overlapping_words(pdf_file) == [], pdf_file.name
