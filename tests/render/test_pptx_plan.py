"""The slide plan, decided as data without opening a file: rows once, no short continuations,
everything within the frame."""

from __future__ import annotations

import datetime as dt

import pytest
from pptx.util import Inches

from benchmarks.synthetic import synthetic_plan
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
from generator.i18n import Labels
from generator.indicators import analyse
from generator.render.pptx_layout import MIN_ROWS
from generator.render.pptx_plan import Planner
from generator.reports import build_briefing, build_status_report
from generator.reports.unit_pack import build_unit_pack

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)


def _plan(report: Report) -> tuple[Planner, list]:
    planner = Planner.for_slide(report, WIDTH, HEIGHT, ("Microsoft YaHei", "Arial"), 600.0)
    return planner, planner.plan()


def _table_chunks(slides) -> dict[int, list[tuple[int, int]]]:
    """(start, end) of each table's rows per slide, by table."""
    chunks: dict[int, list[tuple[int, int]]] = {}
    for slide in slides:
        for item in slide.items:
            if item.kind == "table":
                chunks.setdefault(id(item.block), []).append(item.rows)
    return chunks


@pytest.fixture(scope="module")
def big_reports():
    status = analyse(synthetic_plan(400, units=20, areas=6))
    labels = Labels(status.plan.language)
    packs = [build_unit_pack(status, labels, unit) for unit in status.units if unit.lead][:6]
    return [build_status_report(status, labels), build_briefing(status, labels), *packs]


def _reports(sample_status, zh, big_reports) -> list[Report]:
    unit = max(sample_status.units, key=lambda u: len(u.lead))
    return [build_status_report(sample_status, zh), build_briefing(sample_status, zh),
            build_unit_pack(sample_status, zh, unit), *big_reports]


def test_every_row_of_every_table_is_planned_exactly_once(sample_status, zh, big_reports):
    for report in _reports(sample_status, zh, big_reports):
        _, slides = _plan(report)

        tables = {id(b): b for s in report.sections for b in s.blocks
                  if isinstance(b, Table) and b.rows}
        chunks = _table_chunks(slides)

        assert set(chunks) == set(tables)
        for key, table in tables.items():
            rows = [i for start, end in chunks[key] for i in range(start, end)]
            assert rows == list(range(len(table.rows)))


def test_continuation_slides_carry_at_least_three_rows_when_rebalancing_can(
        sample_status, zh, big_reports):
    checked = 0
    for report in _reports(sample_status, zh, big_reports):
        _, slides = _plan(report)
        for parts in _table_chunks(slides).values():
            for (a, b), (c, d) in zip(parts, parts[1:], strict=False):
                if d - c < MIN_ROWS:
                    assert b - a <= MIN_ROWS  # the slide before could not spare a row
                checked += 1
    assert checked > 10


def test_every_item_lies_within_the_frame(sample_status, zh, big_reports):
    for report in _reports(sample_status, zh, big_reports):
        planner, slides = _plan(report)
        frame = planner.frame

        for slide in slides:
            for item in slide.items:
                if item.kind not in ("text", "bullets", "figures", "chart", "table"):
                    continue
                assert item.top >= Inches(0.3)
                single = item.kind == "table" and item.rows[1] - item.rows[0] == 1
                assert item.top + item.height <= frame.bottom or single, (slide.title, item)


def test_a_continued_table_repeats_its_label_and_later_slides_copy_the_first():
    rows = tuple((Cell(f"{i}"), Cell("任务说明" * 10)) for i in range(60))
    table = Table((Column("序号", 0.5), Column("重点任务", 4)), rows, caption="任务表")
    info = DocumentInfo("t", "s", "a", "zh-Hans", dt.date(2020, 9, 30),
                        continued_label="（续）")
    report = Report("status", info, Cover("封面"), (Section("分领域", (table,)),))

    _, slides = _plan(report)

    assert slides[0].layout == "cover" and slides[0].number is None
    assert [s.number for s in slides[1:]] == list(range(2, len(slides) + 1))
    continued = slides[2:]
    assert len(continued) >= 2
    assert all(s.title == "分领域（续）" for s in continued)
    first = continued[0]
    assert [i.texts for i in first.items if i.kind == "text"] == [("任务表（续）",)]
    assert [i.keep for i in first.items if i.kind == "table"] == [True]
    assert not first.copies_continuation
    assert all(s.copies_continuation and [i.kind for i in s.items] == ["table"]
               for s in continued[1:])


def test_a_heading_moves_with_its_table_to_a_fresh_slide():
    long_text = "较长的说明文字。" * 30
    rows = tuple((Cell(f"{i}"), Cell("任务" * 120)) for i in range(3))
    table = Table((Column("序号", 0.5), Column("重点任务", 4)), rows)
    heading = Heading("一、某领域（计划第二项）", 2)
    info = DocumentInfo("t", "s", "a", "zh-Hans", dt.date(2020, 9, 30),
                        continued_label="（续）")
    report = Report("unit", info, Cover("封面"), (Section("牵头任务", (
        Paragraph(long_text), heading, Paragraph("以下三项由本单位牵头。", "note"), table)),))

    _, slides = _plan(report)

    where = {text: i for i, s in enumerate(slides) for item in s.items for text in item.texts}
    table_slide = next(i for i, s in enumerate(slides)
                       if any(item.kind == "table" for item in s.items))
    assert where[heading.text] == where["以下三项由本单位牵头。"] == table_slide
    assert where[long_text] < table_slide


def test_column_widths_fit_every_cell_text_though_each_is_measured_once(
        sample_status, zh, big_reports):
    """`table_metrics` hands `fit_widths` each column's distinct texts: the widths are those
    that every cell, repeats included, asks for."""
    from generator.render.cell_breaks import list_items
    from generator.render.pptx_layout import fit_widths
    from generator.render.pptx_plan import CELL_MARGIN_X, TABLE_PT

    tables = 0
    for report in _reports(sample_status, zh, big_reports):
        planner, _ = _plan(report)
        for block in (b for s in report.sections for b in s.blocks if isinstance(b, Table)):
            if not block.rows:
                continue
            total = sum(c.weight for c in block.columns)
            given = [int(planner.frame.width * c.weight / total) for c in block.columns]
            every_cell = [[column.header] + [text for row in block.rows
                                             for text in list_items(row[j].text)]
                          for j, column in enumerate(block.columns)]
            expected = fit_widths(given, every_cell, TABLE_PT, 2 * CELL_MARGIN_X)
            assert planner.table_metrics(block).widths == expected
            tables += 1
    assert tables > 5


def test_a_text_measured_as_surely_long_is_long():
    """`fit_widths` skips measuring texts that are surely wider than a short text may be: each
    one skipped is wider when measured."""
    from generator.render.pptx_layout import _em_up_to, one_line_em

    texts = ["已完成", "存在风险·逾期15天", "市知识产权局、市人大法工委", "2021-03-31",
             "推进知识产权保护中心建设并完成年度评估工作", "A" * 40, "知" * 10, "知" * 11,
             "Q1 知识产权 report 2021 草案", "　" * 12, "—" * 12 + "x"]
    skipped = 0
    for text in texts:
        em = _em_up_to(text, 9.0)
        if em != one_line_em(text):
            skipped += 1
            assert em == 36.0 and one_line_em(text) > 9.0
    assert skipped >= 3
