"""PPTX output read back: slide counts, tables continued, native chart, fonts, bounds."""

from __future__ import annotations

import datetime as dt
import re

import pptx
from pptx.oxml.ns import qn

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


def test_a_long_cover_title_breaks_at_a_natural_place(sample_out, english_out):
    """PowerPoint filled the first line and left "进会" alone on the second."""
    cover = slides_of(sample_out / "shanghai-ip-2020-briefing.pptx")[0]
    english = slides_of(english_out / "riverside-digital-2021-briefing.pptx")[0]

    assert [p.text for p in cover.shapes.title.text_frame.paragraphs] == [
        "2020年上海市知识产权联席会议", "第三季度工作推进会"]
    assert [p.text for p in english.shapes.title.text_frame.paragraphs] == [
        "Digital Board, July 2021"]
