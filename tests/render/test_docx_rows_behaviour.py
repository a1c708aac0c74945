"""A DOCX status report and unit pack read back: the task tables hold the model's rows, in
order, each once, with every cell under the same header (the rows are spliced in at save,
so the written file is what is checked)."""

from __future__ import annotations

import docx

from benchmarks.synthetic import synthetic_plan
from generator.i18n import Labels
from generator.indicators import analyse
from generator.render.docx import render
from generator.reports.unit_pack import build_unit_pack
from generator.theme import load_theme

from .test_pptx_rows_behaviour import english_status_report, model_rows


def file_rows(path, labels: Labels) -> list[tuple[str, ...]]:
    """Rows of the file's task tables (those with a supporting-units header), headers left
    out, in document order."""
    rows = []
    for table in docx.Document(path).tables:
        header = [c.text for c in table.rows[0].cells]
        if labels["col_support"] in header:
            rows += [tuple(c.text.replace("\n", "") for c in row.cells)
                     for row in list(table.rows)[1:]
                     if [c.text for c in row.cells] != header]
    return rows


def test_the_english_status_report_file_holds_the_models_rows(tmp_path):
    labels, status, report = english_status_report()
    dest = tmp_path / "status.docx"

    render(report, load_theme(), dest)

    rows = file_rows(dest, labels)
    assert rows == model_rows(report)
    assert [r[0] for r in rows] == [s.number for s in status.current.states]


def test_a_unit_pack_file_holds_each_of_its_tasks_once(tmp_path):
    labels = Labels("zh-Hans")
    status = analyse(synthetic_plan(120, units=10, areas=3))
    unit = max(status.units, key=lambda u: len(u.lead) + len(u.support))
    report = build_unit_pack(status, labels, unit)
    dest = tmp_path / "pack.docx"

    render(report, load_theme(), dest)

    rows = file_rows(dest, labels)
    assert rows == model_rows(report)
    assert sorted(r[0] for r in rows) == sorted(s.number for s in [*unit.lead, *unit.support])
