"""The status report's task tables: lead and supporting units in their own columns, empty
cells as "—", one label per task."""

from __future__ import annotations

from generator.document import Table
from generator.indicators import analyse
from generator.reports.common import EMPTY
from generator.reports.status import build_status_report

from ..plans import make_plan


def _task_tables(report):
    return [b for s in report.sections if s.bookmark.startswith("area-") for b in s.blocks
            if isinstance(b, Table)]


def test_lead_and_supporting_units_are_in_their_own_columns(sample_status, zh):
    plan = sample_status.plan
    states = {s.number: s for s in sample_status.current.states}
    tables = _task_tables(build_status_report(sample_status, zh))

    assert tables
    for table in tables:
        header = [c.header for c in table.columns]
        lead, support = header.index("牵头单位"), header.index("配合单位")
        for row in table.rows:
            task = states[row[0].text].task
            assert row[lead].text == plan.units_by_id[task.lead].label
            assert row[support].text == (zh.list_join([plan.units_by_id[u].label
                                                       for u in task.support]) or EMPTY)


def test_lead_and_support_differ_on_a_hand_made_plan(en):
    plan = make_plan([{"title": "Joint task", "lead": "b", "support": ["c"]}])
    table = _task_tables(build_status_report(analyse(plan), en))[0]
    header = [c.header for c in table.columns]

    row = table.rows[0]
    assert (row[header.index("Lead")].text, row[header.index("Supporting")].text) == (
        "Unit B", "Unit C")


def test_empty_cells_show_a_dash(en):
    plan = make_plan([{"title": "Bare task"}])
    table = _task_tables(build_status_report(analyse(plan), en))[0]
    header = [c.header for c in table.columns]

    row = {h: c.text for h, c in zip(header, table.rows[0], strict=True)}
    assert row["Supporting"] == row["Note"] == row["Due"] == EMPTY


def test_overdue_days_in_the_overdue_list(zh):
    plan = make_plan([{"title": "Late", "due": "2020-09-29", "phase": "in_progress"}])
    report = build_status_report(analyse(plan), zh)

    overdue = next(s for s in report.sections if s.bookmark == "overdue")
    table = next(b for b in overdue.blocks if isinstance(b, Table))
    header = [c.header for c in table.columns]
    assert table.rows[0][header.index("逾期天数")].text == "1"
