"""PDF output read back: text, embedded fonts, line breaking, escaping, properties."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from generator.conventions import CANNOT_START
from generator.document import Cover, DocumentInfo, Paragraph, Report, Section
from generator.render import pdf
from generator.theme import load_theme

from ..conftest import normalise

OFFICIAL = Path(pdf.__file__).parents[1] / "templates" / "official.yaml"


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
    closing = set(CANNOT_START) - set("%.")
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


def _fonts_and_text(path: Path) -> tuple[list[str], str]:
    reader = pypdf.PdfReader(path)
    fonts = sorted({str(font.get_object()["/BaseFont"]).split("+")[-1]
                    for page in reader.pages
                    for font in page["/Resources"]["/Font"].values()})
    return fonts, "".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant", "en"])
def test_another_theme_rendered_first_changes_nothing(tmp_path, sample_status, language):
    """Issue 16's cross-theme bug, for the PDF: the official theme (other fonts, sizes, a
    character grid) rendered in between leaves the default theme's PDF as it was alone."""
    from generator.i18n import Labels
    from generator.reports import build_briefing

    report = build_briefing(sample_status, Labels(language))
    default = pdf.preload(load_theme())
    official = pdf.preload(load_theme(OFFICIAL))

    pdf.render(report, default, tmp_path / "alone.pdf")
    pdf.render(report, official, tmp_path / "official.pdf")
    pdf.render(report, default, tmp_path / "after.pdf")
    pdf.render(report, load_theme(), tmp_path / "fresh.pdf")

    alone = (tmp_path / "alone.pdf").read_bytes()
    assert (tmp_path / "after.pdf").read_bytes() == alone
    assert (tmp_path / "fresh.pdf").read_bytes() == alone
    assert _fonts_and_text(tmp_path / "after.pdf") == _fonts_and_text(tmp_path / "alone.pdf")
    if language != "zh-Hant":  # (Traditional text is set in Noto Sans by both themes)
        assert _fonts_and_text(tmp_path / "official.pdf")[0] != _fonts_and_text(
            tmp_path / "alone.pdf")[0]
