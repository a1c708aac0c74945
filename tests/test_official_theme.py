"""The GB/T 9704 official-document theme: type area, 28-character lines, fonts, page numbers,
landscape pages for wide tables, and tables that never split a date or a unit name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.build import build
from generator.loader import load_plan
from generator.render.official_fonts import fandol_dir
from generator.theme import TEMPLATES_DIR

from .conftest import SAMPLE

THEME = TEMPLATES_DIR / "official.yaml"
MM = 72 / 25.4
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    if fandol_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("the Fandol fonts are not installed; .ci/run installs "
                        "texlive-lang-chinese")
        pytest.skip("apt-get install texlive-lang-chinese (the Fandol fonts)")
    out = tmp_path_factory.mktemp("official")
    build(SAMPLE, reports=("status",), formats=("docx", "pdf"), out_dir=out, theme=THEME,
          jobs=1)
    return out


def _fonts(pdf) -> str:
    return subprocess.run([shutil.which("pdffonts"), str(pdf)], capture_output=True,
                          text=True).stdout


def _lines(page) -> list[list[dict]]:
    """The page's characters grouped into text lines (by baseline), left to right."""
    rows: dict[int, list[dict]] = {}
    for char in page.chars:
        rows.setdefault(round(char["bottom"]), []).append(char)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())]


def test_pdf_embeds_the_fandol_faces_for_body_headings_and_title(official):
    fonts = _fonts(official / "shanghai-ip-2020-status.pdf")

    for face in ("FandolFang-Regular", "FandolHei-Regular", "FandolKai-Regular",
                 "FandolSong-Bold"):
        assert face in fonts
    assert "NotoSans" not in fonts


def test_pdf_body_is_on_the_28_character_grid_of_the_type_area(official):
    with pdfplumber.open(official / "shanghai-ip-2020-status.pdf") as doc:
        page = doc.pages[2]  # the summary: lead paragraph and goals
        width, height = page.width, page.height
        body = [line for line in _lines(page) if all(c["size"] > 15 for c in line)
                and 37 * MM < line[0]["top"] < height - 35 * MM]

    assert (round(width), round(height)) == (595, 842)
    left, right = 28 * MM, width - 26 * MM
    assert all(line[0]["x0"] > left - 1 and line[-1]["x1"] < right + 1 for line in body)
    full = [line for line in body if line[-1]["x1"] > right - 2]  # justified full lines
    assert full, "no full line of body text"
    for line in full:
        assert len(line) >= 28 or any(c["text"].isascii() for c in line)
    indented = [line for line in body if abs(line[0]["x0"] - (left + 2 * 442.2 / 28)) < 1.5]
    assert indented, "no paragraph with a two-character first-line indent"


def test_pdf_page_numbers_sit_on_the_outer_side_and_not_on_the_cover(official):
    with pdfplumber.open(official / "shanghai-ip-2020-status.pdf") as doc:
        numbers = {}
        for index, page in enumerate(doc.pages, start=1):
            foot = [w for w in page.extract_words() if w["top"] > page.height - 35 * MM]
            numbers[index] = [(w["text"], w["x0"], w["x1"], page.width) for w in foot
                              if w["text"].strip("—").isdigit()]

    assert numbers[1] == []
    for index in (2, 3):
        ((text, x0, x1, width),) = numbers[index]
        assert text.strip("—") == str(index)
        if index % 2:
            assert x0 > width / 2  # odd: right
        else:
            assert x1 < width / 2  # even: left


def unit_column_words(page) -> list[str]:
    """The words in the lead and supporting unit columns of a page's task table (from each
    column's header to the next header): a unit named in a note's prose may wrap like prose."""
    words = page.extract_words(x_tolerance=1.5)
    headers = sorted((w for w in words if w["text"] in HEADERS), key=lambda w: w["x0"])
    found = []
    for i, head in enumerate(headers):
        if head["text"] not in {"牵头单位", "配合单位"}:
            continue
        right = headers[i + 1]["x0"] if i + 1 < len(headers) else page.width
        found += [w["text"] for w in words if head["x0"] - 2 <= w["x0"] < right - 1
                  and w["top"] > head["bottom"]]
    return found


HEADERS = {"序号", "重点任务", "牵头单位", "配合单位", "完成时限", "状态", "进度", "时间进度",
           "进展情况"}


def test_pdf_wide_tables_turn_the_page_and_dates_and_units_stay_whole(official):
    plan = load_plan(SAMPLE).plan
    leads = {u.label for u in plan.units if len(u.label) >= 3}
    with pdfplumber.open(official / "shanghai-ip-2020-status.pdf") as doc:
        turned = [p for p in doc.pages if p.width > p.height]
        words = [w["text"] for p in doc.pages for w in p.extract_words(x_tolerance=1.5)]
        unit_words = [w for p in doc.pages for w in unit_column_words(p)]
        text = "\n".join(p.extract_text() or "" for p in doc.pages)

    assert turned, "the task tables should stand on landscape pages"
    assert len(DATE.findall(text)) >= 30
    split_dates = [w for w in words if re.fullmatch(r"\d{4}年(\d{1,2}月?)?|\d{1,2}月?\d{0,2}日", w)]
    assert split_dates == []
    assert unit_words
    stubs = [w for w in unit_words if len(w) >= 2 and w not in leads
             and any(name.startswith(w) and name != w for name in leads)]
    assert stubs == []
    assert "（续）" in text  # continued tables say so, with the area name


def test_docx_styles_name_the_standard_fonts_and_keep_them_on_the_runs(official):
    document = docx.Document(official / "shanghai-ip-2020-status.docx")
    styles = document.styles
    section = document.sections[0]

    assert [round(x / Mm(1)) for x in (section.top_margin, section.bottom_margin,
                                       section.left_margin, section.right_margin)] == [
        37, 35, 28, 26]
    assert styles["Normal"].font.size == Pt(16)
    assert styles["Normal"].paragraph_format.line_spacing == Pt(28.95)
    assert styles["Normal"].paragraph_format.first_line_indent == Pt(31.5)
    expected = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体",
                "Heading 2": "楷体_GB2312", "Heading 3": "仿宋_GB2312"}
    for name, face in expected.items():
        assert styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == face
    assert styles["Heading 3"].font.bold and not styles["Heading 1"].font.bold
    assert styles["Title"].element.pPr.find(qn("w:pBdr")) is None  # no rule under the title
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings
    for para in headings:
        assert {r.element.rPr.rFonts.get(qn("w:eastAsia")) for r in para.runs} == {"黑体"}


def test_docx_numbers_pages_outside_turns_wide_tables_and_lists_contents_pages(official):
    path = official / "shanghai-ip-2020-status.docx"
    document = docx.Document(path)
    sections = document.sections

    assert document.settings.odd_and_even_pages_header_footer
    assert sections[0].different_first_page_header_footer
    odd = sections[0].footer.paragraphs[0]
    even = sections[0].even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    assert any(s.page_width > s.page_height for s in sections)
    contents = [p.text for p in document.paragraphs if "\t" in p.text]
    assert len(contents) == 8 and all(re.search(r"\t\d+$", t) for t in contents)
    with zipfile.ZipFile(path) as package:
        settings = package.read("word/settings.xml").decode()
        app = package.read("docProps/app.xml").decode()
        names = package.namelist()
    assert "updateFields" not in settings  # no update prompt
    assert "<Application>plan-briefing</Application>" in app and "<Pages>" not in app
    assert not any("thumbnail" in n for n in names)


def test_briefing_charts_have_no_colliding_labels_in_the_larger_official_type(official, tmp_path):
    from .conftest import overlapping_words

    build(SAMPLE, reports=("briefing",), formats=("pdf",), out_dir=tmp_path, theme=THEME,
          jobs=1)

    assert overlapping_words(tmp_path / "shanghai-ip-2020-briefing.pdf") == []


def test_traditional_chinese_names_traditional_faces_and_embeds_noto_sans_tc(tmp_path):
    from generator.importers.script import convert_text

    plan = tmp_path / "plan-hant.yaml"
    plan.write_text(convert_text(SAMPLE.read_text(encoding="utf-8"), "zh-Hant").replace(
        "language: zh-Hans", "language: zh-Hant"), encoding="utf-8")
    build(plan, reports=("briefing",), formats=("docx", "pdf"), out_dir=tmp_path, jobs=1,
          language="zh-Hant")
    document = docx.Document(tmp_path / "plan-hant-briefing.docx")
    runs = [r for p in document.paragraphs for r in p.runs if r.element.rPr is not None]
    faces = {r.element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs}
    langs = {r.element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) for r in runs}

    assert faces == {"Microsoft JhengHei"}
    assert langs == {"zh-TW"}
    fonts = _fonts(tmp_path / "plan-hant-briefing.pdf")
    assert "NotoSansTC" in fonts and "NotoSansSC" not in fonts


def test_lang_zh_hant_converts_the_plan_text_and_embeds_noto_sans_tc(tmp_path):
    build(SAMPLE, reports=("briefing",), formats=("pdf",), out_dir=tmp_path, jobs=1,
          language="zh-Hant")

    fonts = _fonts(tmp_path / "shanghai-ip-2020-briefing.pdf")
    with pdfplumber.open(tmp_path / "shanghai-ip-2020-briefing.pdf") as doc:
        text = doc.pages[0].extract_text()
    assert "NotoSansTC" in fonts and "NotoSansSC" not in fonts
    assert "知識產權" in text and "知识产权" not in text


def test_traditional_chinese_pdf_falls_back_to_noto_sans_sc_for_simplified_text(tmp_path):
    plan = tmp_path / "declared-hant.yaml"  # declares Traditional, written in Simplified
    plan.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "language: zh-Hans", "language: zh-Hant"), encoding="utf-8")

    result = build(plan, reports=("briefing",), formats=("pdf",), out_dir=tmp_path, jobs=1)

    fonts = _fonts(tmp_path / "declared-hant-briefing.pdf")
    assert "NotoSansSC" in fonts and "NotoSansTC" not in fonts  # no empty boxes
    assert any("Noto Sans TC has no glyph" in w for w in result.warnings)


def test_docx_contents_page_numbers_are_the_pages_libreoffice_lays_out(official, tmp_path):
    from .test_client import convert

    source = official / "shanghai-ip-2020-status.docx"
    entries = [p.text.rsplit("\t", 1) for p in docx.Document(source).paragraphs
               if "\t" in p.text]
    pdf = convert(source, tmp_path / "lo", tmp_path)
    with pdfplumber.open(pdf) as doc:
        pages = [(page.extract_text() or "").replace(" ", "").splitlines()
                 for page in doc.pages]

    found = {}
    for title, _ in entries:
        first = 2 if title.startswith("总体") else 3  # after the contents and summary pages
        found[title] = next((i + 1 for i, lines in enumerate(pages) if i >= first
                             and title.replace(" ", "") in lines), None)
    listed = {title: int(page) for title, page in entries}
    # The PDF's layout stands for the DOCX's: the same page set-up, type sizes, exact line
    # heights, cell margins and column widths; a row that fits a page by a few points in one
    # and not in the other can still move a section by a page.
    assert all(found[t] is not None and abs(found[t] - listed[t]) <= 1 for t in listed), found
    assert sum(found[t] == listed[t] for t in listed) >= len(listed) // 2, found


def test_without_fandol_the_pdf_says_so_and_uses_noto_sans_sc(monkeypatch, tmp_path):
    from generator.render import official_fonts

    monkeypatch.setattr(official_fonts, "FANDOL_DIRS", ())
    monkeypatch.setenv("PLAN_BRIEFING_FANDOL_DIR", str(tmp_path))  # holds no Fandol files

    result = build(SAMPLE, reports=("briefing",), formats=("pdf",), out_dir=tmp_path, theme=THEME,
                   jobs=1)

    assert any("texlive-lang-chinese" in w for w in result.warnings)
    fonts = _fonts(tmp_path / "shanghai-ip-2020-briefing.pdf")
    assert "NotoSansSC" in fonts and "Fandol" not in fonts


def test_fandol_conversion_gives_truetype_outlines_with_the_same_characters(tmp_path):
    from fontTools.ttLib import TTFont

    from generator.render.official_fonts import FANDOL_ROLES, fandol_faces

    faces = fandol_faces()
    if faces is None:
        pytest.skip("Fandol is not installed")
    converted = TTFont(faces["title"], lazy=True)
    source = TTFont(fandol_dir() / f"{FANDOL_ROLES['title']}.otf", lazy=True)

    assert "glyf" in converted and "CFF " not in converted
    assert set(converted.getBestCmap()) == set(source.getBestCmap())
    assert converted["head"].modified == source["head"].modified  # no conversion timestamp
    assert converted["OS/2"].fsType == 8  # editable embedding allowed
