"""A PPTX deck read back: every task row of the document model appears exactly once across a
table's slides and its continuation slides, in order, with the same cells under the same
headers (status decks of a large generated plan and the English plan, a unit pack)."""

from __future__ import annotations

import pptx
import pytest

from benchmarks.synthetic import synthetic_plan
from generator.document import Table
from generator.i18n import Labels
from generator.indicators import analyse
from generator.loader import load_plan
from generator.render.pptx import render
from generator.reports.status import build_status_report
from generator.reports.unit_pack import build_unit_pack
from generator.theme import load_theme

from ..conftest import ENGLISH


def task_tables(report) -> list[Table]:
    """The model's task tables (those with a supporting-units column), in report order."""
    support = Labels(report.info.language)["col_support"]
    return [b for s in report.sections for b in s.blocks
            if isinstance(b, Table) and support in [c.header for c in b.columns]]


def deck_rows(path, labels: Labels) -> tuple[list[tuple[str, ...]], int]:
    """Rows (cell texts) of the deck's task tables in slide order, header rows left out; and
    the number of slides holding one."""
    rows, slides = [], 0
    for slide in pptx.Presentation(path).slides:
        found = False
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            table = list(shape.table.rows)
            header = [c.text for c in table[0].cells]
            if labels["col_support"] not in header:
                continue
            found = True
            # a line break the renderer put between names (cell_breaks) is layout
            rows += [tuple(c.text.replace("\x0b", "") for c in row.cells) for row in table[1:]]
        slides += found
    return rows, slides


def model_rows(report) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in row) for t in task_tables(report) for row in t.rows]


@pytest.fixture(scope="module")
def big_status():
    return analyse(synthetic_plan(160, units=12, areas=3))


def test_every_status_row_is_on_exactly_one_slide_in_order(big_status, tmp_path):
    labels = Labels("zh-Hans")
    report = build_status_report(big_status, labels)
    dest = tmp_path / "status.pptx"

    render(report, load_theme(), dest)

    rows, slides = deck_rows(dest, labels)
    assert slides > 6  # the tables go on over many continuation slides
    assert [r[0] for r in rows] == [s.number for s in big_status.current.states]
    assert rows == model_rows(report)


def english_status_report():
    """(labels, status, status report) of the English sample plan."""
    labels = Labels("en")
    status = analyse(load_plan(ENGLISH).plan)
    return labels, status, build_status_report(status, labels)


def test_every_row_of_the_english_status_deck_is_kept(tmp_path):
    labels, status, report = english_status_report()
    dest = tmp_path / "status.pptx"

    render(report, load_theme(), dest)

    rows, _ = deck_rows(dest, labels)
    assert rows == model_rows(report)
    assert [r[0] for r in rows] == [s.number for s in status.current.states]


def test_a_large_unit_pack_deck_keeps_every_row_once(big_status, tmp_path):
    labels = Labels("zh-Hans")
    unit = max(big_status.units, key=lambda u: len(u.lead) + len(u.support))
    report = build_unit_pack(big_status, labels, unit)
    dest = tmp_path / "pack.pptx"

    render(report, load_theme(), dest)

    rows, slides = deck_rows(dest, labels)
    assert slides > 2
    assert rows == model_rows(report)
    assert sorted(r[0] for r in rows) == sorted(s.number for s in [*unit.lead, *unit.support])
