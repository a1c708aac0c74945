"""Every table column of the status report, the briefing and the unit packs means what its
header says: each row checked against the task as worked out from the plan file alone
(tests/expected.py), for the sample plan, the English plan and hand-made plans."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.document import KeyFigures, Report, Table
from generator.i18n import Labels
from generator.importers.text import draft_from_text
from generator.indicators import analyse
from generator.loader import load_plan
from generator.reports.briefing import build_briefing
from generator.reports.status import build_status_report
from generator.reports.unit_pack import build_unit_pack

from ..conftest import ENGLISH, SAMPLE, SEED
from ..expected import Expected, expected_tasks, hand_plan, model_of, raw_plan, unit_labels

DASH = "—"

HAND_TASKS = [
    {"support": ["b", "d"], "due": "2020-09-29", "phase": "in_progress", "progress": 20},
    {"lead": "b", "support": ["a"], "due": "2020-09-30", "phase": "in_progress",
     "progress": 50, "note": "Waiting for the supplier"},
    {"due": "2020-06-30", "phase": "done", "progress": 100},
    {"lead": "d", "support": ["c"], "area": 2, "due": "2020-03-31", "phase": "planning",
     "health": "delayed", "decision": "Agree the extra budget"},
    {"lead": "c", "area": 2},
    {"support": ["e"], "area": 2, "due": "2020-11-30", "phase": "in_progress", "progress": 20},
    {"lead": "b", "support": ["c", "d", "e"], "start": "2020-07-01", "due": "2020-12-31",
     "phase": "in_progress", "progress": 10, "note": "On plan"},
]
"""Overdue by one day (T1), due on the as-of date (T2), done after its due date (T3), half a
year overdue (T4), no due date (T5), a due date moved before the meeting (T6), three supporters
and a start of its own (T7)."""
HAND_UPDATES = [
    {"date": "2020-08-31", "tasks": {"T1": {"progress": 30}, "T2": {"health": "on_track"}}},
    {"date": "2020-09-30", "tasks": {"T1": {"progress": 40, "note": "Waiting for B"},
                                     "T2": {"health": "at_risk", "progress": 70},
                                     "T6": {"due": "2020-10-10"}}},
]


class Case:
    """A plan, as file data and as the reports built from it."""

    def __init__(self, data: dict, plan=None):
        self.data = data
        self.plan = plan or model_of(data)
        self.labels = Labels(self.plan.language)
        self.status = analyse(self.plan)
        self.tasks = expected_tasks(data)
        self.by_number = {t.number: t for t in self.tasks}
        self.units = unit_labels(data)
        self.status_report = build_status_report(self.status, self.labels)
        self.briefing = build_briefing(self.status, self.labels)


CASES = {
    "sample": lambda: Case(raw_plan(SAMPLE), load_plan(SAMPLE).plan),
    "english": lambda: Case(raw_plan(ENGLISH), load_plan(ENGLISH).plan),
    "seed-draft": lambda: Case(draft_from_text(SEED.read_text(encoding="utf-8"))[0]),
    "hand-en": lambda: Case(hand_plan(HAND_TASKS, HAND_UPDATES)),
    "hand-zh": lambda: Case(hand_plan(HAND_TASKS, HAND_UPDATES, language="zh-Hans")),
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request) -> Case:
    return CASES[request.param]()


def columns(table: Table, labels: Labels) -> dict[str, int]:
    """Column index by label key, for the keys whose label is a header of `table`."""
    headers = [c.header for c in table.columns]
    keys = ("col_no", "col_task", "col_lead", "col_support", "col_due", "col_status",
            "col_progress", "col_note", "col_days_overdue", "col_owner", "col_decide_by",
            "col_decision", "col_reason", "col_unit", "col_lead_tasks", "col_support_tasks",
            "done", "at_risk", "delayed", "overdue", "average_progress", "time_progress")
    return {k: headers.index(labels[k]) for k in keys if labels[k] in headers}


def tables(report: Report, bookmark: str = "") -> list[Table]:
    return [b for s in report.sections if s.bookmark.startswith(bookmark) for b in s.blocks
            if isinstance(b, Table)]


def status_label(task: Expected, labels: Labels) -> str:
    state = labels[task.state]
    if task.days_overdue:
        return labels.get("status_overdue", state=state, days=task.days_overdue)
    return state


def supporters(case: Case, task: Expected) -> str:
    return case.labels.list_join([case.units[u] for u in task.support]) or DASH


def check_task_row(case: Case, table: Table, row) -> Expected:
    """Asserts each column of a task-table row against the plan; returns the task."""
    col = columns(table, case.labels)
    task = case.by_number[row[col["col_no"]].text]
    labels = case.labels
    assert row[col["col_task"]].text == task.title
    assert row[col["col_lead"]].text == case.units[task.lead]
    assert row[col["col_support"]].text == supporters(case, task)
    assert row[col["col_due"]].text == (labels.date(task.due) or DASH)
    assert row[col["col_status"]].text == status_label(task, labels)
    assert row[col["col_progress"]].text == f"{task.progress}%"
    assert row[col["time_progress"]].text == f"{round(task.elapsed)}%"
    assert row[col["col_note"]].text == (task.note or DASH)
    return task


def test_status_report_task_tables_hold_every_task_once_in_plan_order(case):
    area_tables = tables(case.status_report, "area-")

    numbers = [row[columns(t, case.labels)["col_no"]].text for t in area_tables for row in t.rows]

    assert numbers == [t.number for t in case.tasks]
    assert len(area_tables) == len(case.data["areas"])


def test_status_report_task_columns_mean_what_their_headers_say(case):
    checked = [check_task_row(case, table, row)
               for table in tables(case.status_report, "area-") for row in table.rows]

    assert len(checked) == len(case.tasks)


def test_each_area_table_holds_its_own_areas_tasks(case):
    for area, table in zip(case.data["areas"], tables(case.status_report, "area-"),
                           strict=True):
        col = columns(table, case.labels)["col_no"]
        assert {case.by_number[r[col].text].area for r in table.rows} == {str(area["id"])}


def test_the_overdue_list_is_the_overdue_tasks_longest_first(case):
    overdue = [t for t in case.tasks if t.days_overdue > 0]
    found = tables(case.status_report, "overdue")

    if not overdue:
        assert found == []
        return
    (table,) = found
    col = columns(table, case.labels)
    rows = [(r[col["col_no"]].text, r[col["col_lead"]].text, r[col["col_due"]].text,
             r[col["col_days_overdue"]].text, r[col["col_task"]].text) for r in table.rows]
    assert sorted(rows) == sorted((t.number, case.units[t.lead], case.labels.date(t.due),
                                   str(t.days_overdue), t.title) for t in overdue)
    days = [int(r[3]) for r in rows]
    assert days == sorted(days, reverse=True)


def test_the_unit_summary_counts_each_units_tasks(case):
    (table,) = tables(case.status_report, "units")
    col = columns(table, case.labels)
    names = {u["name"]: u["id"] for u in case.data["units"]}

    seen = set()
    for row in table.rows:
        unit = names[row[col["col_unit"]].text]
        led = [t for t in case.tasks if t.lead == unit]
        seen.add(unit)
        assert row[col["col_lead_tasks"]].text == str(len(led))
        assert row[col["done"]].text == str(sum(t.state == "done" for t in led))
        assert row[col["at_risk"]].text == str(sum(t.state == "at_risk" for t in led))
        assert row[col["delayed"]].text == str(sum(t.state == "delayed" for t in led))
        assert row[col["overdue"]].text == str(sum(t.days_overdue > 0 for t in led))
        average = sum(t.progress for t in led) / len(led) if led else None
        assert row[col["average_progress"]].text == (f"{round(average)}%" if led else DASH)
        assert row[col["col_support_tasks"]].text == str(
            sum(unit in t.support for t in case.tasks))
    assert seen == {t.lead for t in case.tasks} | {u for t in case.tasks for u in t.support}


def key_figures(report: Report) -> list[tuple[str, str]]:
    (first, *_) = [b for s in report.sections for b in s.blocks if isinstance(b, KeyFigures)]
    return [(f.label, f.value) for f in first.items]


def test_the_briefing_and_the_status_report_show_the_same_figures(case):
    labels = case.labels
    count = Counter(t.state for t in case.tasks)
    overdue = sum(t.days_overdue > 0 for t in case.tasks)

    figures = key_figures(case.briefing)

    assert figures == key_figures(case.status_report)
    values = dict(figures)
    total_label = figures[0][0]
    assert figures[0][1] == str(len(case.tasks))
    assert (labels.get("of_which_overdue", n=overdue) in total_label) == bool(overdue)
    for state in ("done", "on_track", "at_risk", "delayed", "not_started"):
        assert values[labels[state]] == str(count[state]), state
    assert sum(int(v) for _, v in figures[1:]) == len(case.tasks)


def needs_attention(case: Case, task: Expected) -> bool:
    meeting = case.status.plan.next_meeting.date
    due_soon = task.due is not None and case.status.as_of <= task.due <= meeting
    return task.state != "done" and (task.health != "on_track" or task.days_overdue > 0
                                     or due_soon)


def test_briefing_exceptions_name_each_tasks_lead_unit_and_status(case):
    found = tables(case.briefing, "attention")
    expected = {t.number for t in case.tasks if needs_attention(case, t)}

    if not expected:
        assert found == []
        return
    (table,) = found
    col = columns(table, case.labels)
    listed = Counter(r[col["col_no"]].text for r in table.rows)
    assert listed == Counter(expected)
    for row in table.rows:
        task = case.by_number[row[col["col_no"]].text]
        assert row[col["col_lead"]].text == case.units[task.lead]
        assert row[col["col_task"]].text == task.title
        assert row[col["col_status"]].text == status_label(task, case.labels)


def test_briefing_decisions_are_owned_by_the_lead_unit(case):
    asked = [t for t in case.tasks if t.decision and t.state != "done"]
    found = [t for t in tables(case.briefing, "headline")]

    if not asked:
        assert found == []
        return
    (table,) = found
    col = columns(table, case.labels)
    assert [r[col["col_no"]].text for r in table.rows] == [t.number for t in asked]
    for row, task in zip(table.rows, asked, strict=True):
        assert row[col["col_owner"]].text == case.units[task.lead]
        assert row[col["col_decide_by"]].text == (case.labels.date(task.due) or DASH)
        assert task.decision in row[col["col_decision"]].text


def test_unit_packs_hold_exactly_the_tasks_each_unit_leads_or_supports(case):
    involved = {t.lead for t in case.tasks} | {u for t in case.tasks for u in t.support}

    packs = {u.unit.id: build_unit_pack(case.status, case.labels, u) for u in case.status.units}

    assert set(packs) == involved
    for unit, pack in packs.items():
        rows = [(table, row) for table in tables(pack) for row in table.rows]
        listed = Counter(row[columns(t, case.labels)["col_no"]].text for t, row in rows)
        assert listed == Counter(t.number for t in case.tasks
                                 if t.lead == unit or unit in t.support), unit
        for table, row in rows:
            task = check_task_row(case, table, row)
            assert task.lead == unit or unit in task.support


def test_a_supporting_units_pack_lists_the_tasks_it_supports_under_supported(case):
    label = case.labels["supported_tasks"]
    for unit in case.status.units:
        pack = build_unit_pack(case.status, case.labels, unit)
        supported = [s for s in pack.sections if s.title == label]
        if not supported or not unit.lead:
            continue  # a small pack has one section
        col = columns(tables(pack, "supported")[0], case.labels)
        numbers = [r[col["col_no"]].text for t in tables(pack, "supported") for r in t.rows]
        assert numbers == [t.number for t in case.tasks if unit.unit.id in t.support]


def test_the_hand_made_plan_covers_the_boundaries():
    case = CASES["hand-en"]()
    by_id = {t.id: t for t in case.tasks}

    assert [by_id[i].days_overdue for i in ("T1", "T2", "T3", "T4", "T5")] == [1, 0, 0, 183, 0]
    assert {u.unit.id for u in case.status.units} == {"a", "b", "c", "d", "e"}
    assert not [u for u in case.status.units if u.unit.id == "e"][0].lead
    assert [len(by_id[f"T{i}"].support) for i in range(1, 8)] == [2, 1, 0, 1, 0, 1, 3]
    assert [t.id for t in case.tasks] == ["T1", "T2", "T3", "T7", "T4", "T5", "T6"]
    assert round(by_id["T7"].elapsed) == 50  # 91 of 183 days
