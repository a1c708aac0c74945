"""The fast column widths and page plan give exactly what the straightforward code gives
(`layout_reference`): on the sample, English and generated plans' reports and on random
tables."""

from __future__ import annotations

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import synthetic_plan
from generator.document import Cell, Column, Table
from generator.i18n import Labels
from generator.indicators import analyse
from generator.render.cell_breaks import _SEPARATORS, list_items, list_lines
from generator.render.docx_pages import Paginator, style_metrics, table_rows
from generator.render.table_layout import column_widths, em_measure, estimated_widths
from generator.reports import build_briefing, build_status_report
from generator.reports.unit_pack import build_unit_pack
from generator.textwidth import _char_em, em_width
from generator.theme import TEMPLATES_DIR, load_theme

from . import layout_reference as reference

STYLES = ("Table Text", "Table Header", "Normal", "Note", "Heading 1", "Heading 2")


def _tables(status, labels) -> list[Table]:
    reports = [build_briefing(status, labels), build_status_report(status, labels)]
    reports += [build_unit_pack(status, labels, unit) for unit in status.units if unit.lead]
    return [block for report in reports for section in report.sections
            for block in section.blocks if isinstance(block, Table) and block.rows]


@pytest.fixture(scope="module")
def tables(sample_status, english_status, zh, en) -> list[Table]:
    generated = analyse(synthetic_plan(300, units=12, areas=6))
    found = (_tables(sample_status, zh) + _tables(english_status, en)
             + _tables(generated, Labels(generated.plan.language)))
    assert len(found) > 50
    return found


@pytest.fixture(scope="module")
def metrics():
    document = docx.Document(str(TEMPLATES_DIR / load_theme().docx_template))
    return {name: style_metrics(document, name) for name in STYLES}


@pytest.mark.parametrize(("total", "size", "padding"), [(442.0, 9.0, 3.0), (640.0, 9.0, 3.0),
                                                       (300.0, 10.5, 3.0)])
def test_widths_are_the_reference_widths_on_the_reports(tables, total, size, padding):
    measure = em_measure(size, auto_space=True)
    for table in tables:
        expected = reference.column_widths(table, total, measure, size, padding)
        assert column_widths(table, total, measure, size, padding) == expected
        assert estimated_widths(table, total, size, padding) == expected


def test_row_heights_are_the_reference_heights_on_the_reports(tables, metrics):
    pager = Paginator(metrics, (442.0, 680.0))
    for table in tables:
        widths = estimated_widths(table, 442.0, 9.0, 3.0)[0]
        assert table_rows(pager, table, widths) == reference.table_rows(metrics, table, widths)


_TEXT = st.text(st.sampled_from("知识产权局市人大法工委、；·%5Gab Q年月日/\n—é"), max_size=40)
_DATE = st.builds("{}年{}月{}日".format, st.integers(2020, 2030), st.integers(1, 12),
                  st.integers(1, 31))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(st.one_of(_TEXT, _DATE), min_size=1, max_size=5), max_size=50),
       headers=st.lists(_TEXT, min_size=1, max_size=5), total=st.floats(60.0, 900.0),
       size=st.sampled_from([9.0, 10.5]))
def test_widths_and_line_counts_are_the_reference_ones_on_random_tables(rows, headers, total,
                                                                       size):
    """Any texts (lists, dates, breaks, %, Latin words), short rows, any width."""
    table = Table(tuple(Column(h) for h in headers),
                  tuple(tuple(Cell(text) for text in row) for row in rows))
    measure = em_measure(size, auto_space=True)
    widths = column_widths(table, total, measure, size, 5.4)
    assert widths == reference.column_widths(table, total, measure, size, 5.4)
    pager = Paginator({}, (total, 600.0))
    for row in table.rows:
        for cell, width in zip(row, widths[0], strict=False):
            text = list_lines(cell.text, width, size)
            for slack in (1.0, 0.97):
                assert pager.lines(text, size, width, slack) == reference.line_count(
                    text, size, width, slack)


@given(st.one_of(st.text(max_size=60), st.text(st.sampled_from("知识产权5%Gab 、\U00020000"))),
       st.sampled_from([8.5, 9.0, 10.5]))
def test_the_office_estimate_is_the_per_character_sum(text, size):
    """Widths (ems per character, a gap where Chinese meets Latin letters or digits, more per
    %) as the reference adds them up, to the last bit."""
    assert em_measure(size, auto_space=True)(text) == reference.em_measure(size)(text)


@given(st.text(max_size=60))
def test_em_width_is_the_per_character_sum(text):
    """The same float, summed in the same order, with or without the fast paths."""
    expected = sum(map(_char_em, text))
    assert em_width(text) == expected and type(em_width(text)) is type(expected)


def test_list_cells_are_recognised_by_the_separators_tested_inline():
    assert _SEPARATORS == "、；·"  # _has_separator tests these three marks one by one
    for mark in _SEPARATORS:
        text = mark.join(["市知识产权局", "市人大法工委", "市司法局"])
        assert "\n" in list_lines(text, 40.0, 9.0)
        assert list_items(text) == [text, f"市知识产权局{mark}", f"市人大法工委{mark}", "市司法局"]
