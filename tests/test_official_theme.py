"""The GB/T 9704 official-document theme: page, type area, fonts and line pitch."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.build import build
from generator.theme import TEMPLATES_DIR

from .conftest import SAMPLE

THEME = TEMPLATES_DIR / "official.yaml"
FONTS = [Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"),
         Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf")]


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    if not all(f.is_file() for f in FONTS):
        if os.environ.get("CI"):
            pytest.fail("the Arphic fonts are not installed; .ci/run installs them")
        pytest.skip("apt-get install fonts-arphic-gbsn00lp fonts-arphic-gkai00mp")
    out = tmp_path_factory.mktemp("official")
    build(SAMPLE, reports=("status",), formats=("docx", "pdf"), out_dir=out, theme=THEME,
          jobs=1)
    return out


def test_pdf_is_a4_portrait_with_the_type_area_and_stand_in_fonts(official):
    pdf = official / "shanghai-ip-2020-status.pdf"
    fonts = subprocess.run([shutil.which("pdffonts"), str(pdf)], capture_output=True,
                           text=True).stdout

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[2]
        width, height = page.width, page.height
        body = [c for c in page.chars if 120 < c["top"] < height - 120]
    mm = 72 / 25.4
    assert (round(width), round(height)) == (595, 842)
    assert abs(min(c["x0"] for c in body) - 28 * mm) < 3
    assert "GBZenKai" in fonts and "BousungEG" in fonts and "NotoSans" not in fonts


def test_docx_uses_the_official_styles_and_margins(official):
    document = docx.Document(official / "shanghai-ip-2020-status.docx")
    section = document.sections[0]
    normal = document.styles["Normal"]
    title_fonts = document.styles["Title"].element.rPr.find(qn("w:rFonts"))

    assert section.page_width < section.page_height  # portrait
    assert [round(x / Mm(1)) for x in (section.top_margin, section.bottom_margin,
                                       section.left_margin, section.right_margin)] == [
        37, 35, 28, 26]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert title_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"


def test_briefing_charts_have_no_colliding_labels_in_the_larger_official_type(official, tmp_path):
    from .conftest import overlapping_words

    build(SAMPLE, reports=("briefing",), formats=("pdf",), out_dir=tmp_path, theme=THEME,
          jobs=1)

    assert overlapping_words(tmp_path / "shanghai-ip-2020-briefing.pdf") == []
