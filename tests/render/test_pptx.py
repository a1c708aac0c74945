"""PPTX output read back: slide counts, tables continued, native chart, fonts, bounds, text
sizes, slide-number fields, and table splits planned with the tallest substitute font."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pptx
import pytest
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from generator.render.pptx_layout import (
    LINE_HEIGHTS,
    MIN_ROWS,
    line_factor,
    split_rows,
    wrapped_lines,
)

from ..conftest import normalise


def slides_of(path):
    return list(pptx.Presentation(path).slides)


def test_briefing_has_five_to_eight_slides(sample_out, english_out):
    for path in (sample_out / "shanghai-ip-2020-briefing.pptx",
                 english_out / "riverside-digital-2021-briefing.pptx"):
        assert 5 <= len(slides_of(path)) <= 8, path


def test_every_seed_task_is_in_a_status_table(sample_out, seed_tasks):
    cells = set()
    for slide in slides_of(sample_out / "shanghai-ip-2020-status.pptx"):
        for shape in slide.shapes:
            if shape.has_table:
                cells |= {normalise(c.text) for r in shape.table.rows for c in r.cells}

    assert [t for t in seed_tasks if t not in cells] == []


def test_long_tables_continue_on_new_slides_within_bounds(sample_out):
    prs = pptx.Presentation(sample_out / "shanghai-ip-2020-status.pptx")
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]

    assert any(t.endswith("（续）") for t in titles)
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= prs.slide_height, (shape.name, shape.top)
            assert shape.left + shape.width <= prs.slide_width


def test_charts_are_native_and_hold_the_plan_figures(sample_out, sample_status):
    slide_charts = [sh.chart for s in slides_of(sample_out / "shanghai-ip-2020-briefing.pptx")
                    for sh in s.shapes if sh.has_chart]

    assert len(slide_charts) == 2
    bars, lines = slide_charts
    current = [s for s in bars.plots[0].series if s.name == "任务进度"][0]
    expected = [round(a.figures.average_progress, 1) for a in sample_status.areas]
    assert list(reversed(current.values)) == expected
    elapsed = [s for s in bars.plots[0].series if s.name == "时间进度"][0]
    assert list(reversed(elapsed.values)) == [round(a.figures.time_progress, 1)
                                              for a in sample_status.areas]
    overall = lines.plots[0].series[0]
    assert list(overall.values) == [round(p.overall, 1) for p in sample_status.trend]
    # a date axis: each point at its update's date (Excel serial days from 1899-12-30)
    epoch = dt.date(1899, 12, 30)
    dates = [epoch + dt.timedelta(days=int(float(v))) for v in lines.plots[0].categories]
    assert dates == [u.date for u in sample_status.plan.updates]
    assert lines._chartSpace.xpath(".//c:dateAx/c:numFmt/@formatCode") == ['yyyy"年"m"月"d"日"']


def test_no_task_row_is_dropped_on_continuation_slides(sample_out, sample_status):
    from collections import Counter

    numbers = Counter(
        row.cells[0].text for slide in slides_of(sample_out / "shanghai-ip-2020-status.pptx")
        for shape in slide.shapes if shape.has_table for row in list(shape.table.rows)[1:]
        if re.fullmatch(r"\d+\.\d+", row.cells[0].text))

    expected = Counter(s.number for s in sample_status.current.states)
    expected.update(s.number for s in sample_status.overdue)  # listed again as overdue
    assert numbers == expected


def test_runs_have_latin_and_east_asian_fonts_and_language(sample_out):
    for slide in slides_of(sample_out / "shanghai-ip-2020-briefing.pptx"):
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    rpr = run._r.find(qn("a:rPr"))
                    assert rpr.get("lang") == "zh-CN"
                    assert rpr.find(qn("a:latin")) is not None
                    assert rpr.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"


def test_properties_come_from_the_plan(sample_out):
    props = pptx.Presentation(sample_out / "shanghai-ip-2020-status.pptx").core_properties

    assert props.author == "上海市知识产权联席会议办公室"
    assert props.created.date().isoformat() == "2020-09-30"
    assert props.title == "2020年上海市知识产权工作计划 工作推进情况报告"


def _render(report, tmp_path, name="deck.pptx"):
    from generator.render.pptx import render
    from generator.theme import load_theme

    dest = tmp_path / name
    render(report, load_theme(), dest)
    return list(pptx.Presentation(dest).slides)


def test_a_long_cover_title_breaks_at_a_natural_place(sample_status, zh, tmp_path):
    """PowerPoint filled the first line and left "进会" alone on the second."""
    from dataclasses import replace

    from generator.reports import build_status_report

    report = build_status_report(sample_status, zh)
    report = replace(report, cover=replace(report.cover, title="2020年上海市知识产权联席会议"
                                           "第三季度工作推进会"))
    cover = _render(report, tmp_path)[0]

    assert cover.slide_layout.name == "Title Slide"
    assert [p.text for p in cover.shapes.title.text_frame.paragraphs] == [
        "2020年上海市知识产权联席会议", "第三季度工作推进会"]


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def test_briefing_slide_one_opens_with_key_messages_and_decisions(sample_out, english_out,
                                                                  sample_status, zh):
    """No title slide: the meeting's title heads slide one, its date and the as-of date under
    it, then the key messages and the decisions with owner and date; slide one is numbered."""
    from generator.reports.briefing import key_messages

    slide = slides_of(sample_out / "shanghai-ip-2020-briefing.pptx")[0]
    english = slides_of(english_out / "riverside-digital-2021-briefing.pptx")[0]
    texts = _texts(slide)

    assert slide.slide_layout.name != "Title Slide"
    assert slide.shapes.title.text_frame.text == "2020年上海市知识产权联席会议第三季度工作推进会"
    assert texts[1] == ("会议简报  ·  2020年10月15日  上海市知识产权局第一会议室  ·  "
                        "数据截至 2020年9月30日")
    assert texts[2].split("\n") == list(key_messages(sample_status, zh))
    assert "提请会议决策" in texts
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    assert [[c.text for c in row.cells] for row in list(table.rows)[1:]] == [
        [s.number, f"{s.task.title}：{s.decision}", "市知识产权局", zh.date(s.due)]
        for s in sample_status.decisions]
    assert [f.get("type") for f in slide._element.iter(qn("a:fld"))] == ["slidenum"]
    assert english.shapes.title.text_frame.text == "Digital Board, July 2021"
    assert "For decision" in _texts(english)


def test_the_status_report_and_unit_packs_keep_their_title_slide(sample_out, sample_status, zh,
                                                                tmp_path):
    from generator.reports.unit_pack import build_unit_pack

    unit = next(u for u in sample_status.units if u.lead)
    decks = [slides_of(sample_out / "shanghai-ip-2020-status.pptx"),
             _render(build_unit_pack(sample_status, zh, unit), tmp_path)]

    for slides in decks:
        assert slides[0].slide_layout.name == "Title Slide"
        assert list(slides[0]._element.iter(qn("a:fld"))) == []
    assert decks[1][0].shapes.title.text_frame.text == unit.unit.name


def test_a_long_meeting_title_takes_two_lines_and_pushes_the_rest_down(sample_status, zh,
                                                                      tmp_path):
    from dataclasses import replace

    from generator.reports.briefing import build_briefing

    report = build_briefing(sample_status, zh)
    long_title = "2020年上海市知识产权联席会议暨知识产权强市建设领导小组第三季度工作推进会"
    report = replace(report, cover=replace(report.cover, title=long_title))
    slides = _render(report, tmp_path)
    title = slides[0].shapes.title

    assert "".join(p.text for p in title.text_frame.paragraphs) == long_title
    assert len(title.text_frame.paragraphs) == 2
    below = [sh for sh in slides[0].shapes if sh != title and sh.top < FOOTER_TOP]
    assert below and min(sh.top for sh in below) >= title.top + title.height
    for slide in slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= Inches(7.5), (slide, shape.name)


# -- layouts that survive any suite (issue 18) ---------------------------------------------

FOOTER_TOP = Inches(7.5 - 0.5)


def _runs(shape):
    if shape.has_text_frame:
        yield from (r for p in shape.text_frame.paragraphs for r in p.runs)
    if shape.has_table:
        for row in shape.table.rows:
            for c in row.cells:
                yield from (r for p in c.text_frame.paragraphs for r in p.runs)


@pytest.mark.parametrize("name", ["briefing", "status"])
def test_text_is_large_enough_to_read_when_projected(sample_out, name):
    prs = pptx.Presentation(sample_out / f"shanghai-ip-2020-{name}.pptx")
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9

    small = []
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if shape.top >= FOOTER_TOP:
                continue  # the running footer
            least = Emu(12 * 12700) if shape.has_table else Emu(14 * 12700)
            small += [(number, r.text, r.font.size.pt) for r in _runs(shape)
                      if r.font.size is not None and r.font.size < least]
    assert small == []


def test_slide_numbers_are_fields_and_the_title_slide_has_none(sample_out):
    prs = pptx.Presentation(sample_out / "shanghai-ip-2020-status.pptx")

    fields = [[f for f in slide._element.iter(qn("a:fld"))] for slide in prs.slides]

    assert fields[0] == []
    for number, found in enumerate(fields[1:], start=2):
        assert [f.get("type") for f in found] == ["slidenum"]
        assert found[0].find(qn("a:t")).text == str(number)
    typed = [s for s in prs.slides if "第 1 页" in "".join(
        sh.text_frame.text for sh in s.shapes if sh.has_text_frame)]
    assert typed == []


def _table_slides(path):
    """(slide title, caption line or "", task numbers) per slide holding a task table."""
    out = []
    for slide in pptx.Presentation(path).slides:
        tables = [sh for sh in slide.shapes if sh.has_table]
        if not tables:
            continue
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame
                 and sh.top < tables[0].top and sh != slide.shapes.title]
        rows = list(tables[0].table.rows)[1:]
        out.append((slide.shapes.title.text_frame.text, texts[-1] if texts else "",
                    [r.cells[0].text for r in rows]))
    return out


def test_every_status_row_is_on_exactly_one_slide(sample_out, sample_status):
    slides = _table_slides(sample_out / "shanghai-ip-2020-status.pptx")

    area_rows = Counter(n for title, _, numbers in slides if "、" in title for n in numbers)

    assert area_rows == Counter(s.number for a in sample_status.areas for s in a.states)


def test_continuation_slides_name_the_area_and_carry_three_rows(sample_out):
    slides = _table_slides(sample_out / "shanghai-ip-2020-status.pptx")

    for (title, _, before), (next_title, _, rows) in zip(slides, slides[1:], strict=False):
        if next_title == title + "（续）":
            assert len(rows) >= MIN_ROWS or len(before) <= 2, (next_title, before, rows)
    titles = [t for t, _, _ in slides]
    continued = [t for t in titles if t.endswith("（续）")]
    assert any(t.startswith("一、") for t in continued)
    assert all(t.removesuffix("（续）") in titles for t in continued)


def test_empty_cells_show_a_dash(sample_out):
    slides = pptx.Presentation(sample_out / "shanghai-ip-2020-status.pptx").slides

    cells = [c.text for s in slides for sh in s.shapes if sh.has_table
             for r in list(sh.table.rows)[1:] for c in r.cells]

    assert "" not in cells
    assert "—" in cells


@pytest.mark.parametrize("heights, first, full", [
    ([10] * 12, 35, 100),     # three rows fit here, then full slides
    ([10] * 11, 100, 100),    # one row over: the last slide takes two more
    ([30, 30, 30, 30], 45, 100),  # one row fits here: the table starts on a fresh slide
    ([150, 10, 10], 100, 100),    # a row taller than a slide goes alone
    ([10] * 5, 1000, 100),    # all fit
    ([40, 40, 40, 40, 40], 90, 100),
], ids=["fill", "rebalance", "fresh", "tall-row", "one-slide", "tight"])
def test_split_rows_puts_every_row_once_without_short_continuations(heights, first, full):
    fresh, chunks = split_rows(heights, first, full)

    assert [i for a, b in chunks for i in range(a, b)] == list(range(len(heights)))
    for k, (a, b) in enumerate(chunks):
        space = first if k == 0 and not fresh else full
        assert sum(heights[a:b]) <= space or b - a == 1
    for (a, b), (c, d) in zip(chunks, chunks[1:], strict=False):
        # a short continuation only when the slide before has no row to spare
        assert d - c >= MIN_ROWS or b - a <= MIN_ROWS or sum(heights[b - 1:d]) > full


def test_split_rows_rebalances_a_one_row_continuation():
    assert split_rows([10] * 11, 100, 100) == (False, [(0, 8), (8, 11)])


@pytest.mark.parametrize("text, width, lines", [
    ("一二三四五六七八九十", 122, 1),
    ("一二三四五六七八九十一", 122, 2),
    ("一二三四五六七八九十，", 122, 2),       # the comma may not start a line
    ("2020年12月31日", 96, 2),                # LibreOffice: 3 pt between 年 and 12
    ("2020年12月31日", 110, 1),
    ("Resident identity service", 100, 2),    # Latin words are not split
])
def test_wrapped_lines_follows_suite_line_breaking(text, width, lines):
    assert wrapped_lines(text, 12, width) == lines


def test_line_heights_hold_for_the_installed_substitutes():
    """The table's ratios are at least the installed fonts' own (hhea or OS/2 win ascent +
    descent); the factor used covers the tallest with a margin."""
    from pathlib import Path

    from fontTools.ttLib import TTCollection

    files = {"Noto Sans CJK SC": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "WenQuanYi Zen Hei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "WenQuanYi Micro Hei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"}
    measured = 0
    for face, path in files.items():
        if not Path(path).is_file():
            continue
        font = TTCollection(path).fonts[0]
        upm = font["head"].unitsPerEm
        hhea, os2 = font["hhea"], font["OS/2"]
        ratio = max(hhea.ascent - hhea.descent + hhea.lineGap,
                    os2.usWinAscent + os2.usWinDescent) / upm
        assert LINE_HEIGHTS[face] >= ratio - 0.001, face
        measured += 1
    if not measured:
        pytest.skip("no CJK substitute fonts installed")
    assert line_factor("Microsoft YaHei", "Arial") >= max(LINE_HEIGHTS.values()) * 1.04


def test_a_table_starting_on_a_fresh_slide_takes_its_heading_and_note_along(tmp_path):
    import datetime as dt

    from generator.document import (
        Cell,
        Column,
        Cover,
        DocumentInfo,
        Heading,
        Paragraph,
        Report,
        Section,
        Table,
    )
    from generator.render.pptx import render
    from generator.theme import load_theme

    long_text = "较长的说明文字。" * 30  # leaves room for the heading, not for the table
    rows = tuple((Cell(f"{i}"), Cell("任务" * 120)) for i in range(3))
    table = Table((Column("序号", 0.5), Column("重点任务", 4)), rows)
    info = DocumentInfo("t", "s", "a", "zh-Hans", dt.date(2020, 9, 30),
                        continued_label="（续）")
    report = Report("unit", info, Cover("封面"), (Section("牵头任务", (
        Paragraph(long_text), Heading("一、某领域（计划第二项）", 2),
        Paragraph("以下三项由本单位牵头。", "note"), table)),))
    dest = tmp_path / "lead-in.pptx"

    render(report, load_theme(), dest)

    slides = list(pptx.Presentation(dest).slides)
    with_heading = [i for i, s in enumerate(slides) for sh in s.shapes
                    if sh.has_text_frame and sh.text_frame.text == "一、某领域（计划第二项）"]
    with_table = [i for i, s in enumerate(slides) if any(sh.has_table for sh in s.shapes)]
    assert len(with_heading) == 1 and with_heading[0] == with_table[0]
    note_slide = [i for i, s in enumerate(slides) for sh in s.shapes
                  if sh.has_text_frame and sh.text_frame.text == "以下三项由本单位牵头。"]
    assert note_slide == with_heading
