"""The indicators agree with the plan file worked out independently (tests/expected.py): each
task's state, progress, due date and days overdue, the plan's, areas' and units' figures, on
the sample plan, the English plan and hand-made plans; days overdue at their boundaries."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from generator.i18n import Labels
from generator.indicators import analyse
from generator.loader import load_plan
from generator.reports.common import status_text

from .conftest import ENGLISH, SAMPLE
from .expected import as_of, expected_tasks, hand_plan, model_of, raw_plan

AS_OF = dt.date(2020, 9, 30)

PLANS = {"sample": SAMPLE, "english": ENGLISH}


@pytest.fixture(scope="module", params=list(PLANS))
def plan_file(request):
    path = PLANS[request.param]
    return raw_plan(path), load_plan(path).plan


def test_each_task_state_agrees_with_the_plan_file(plan_file):
    data, plan = plan_file
    status = analyse(plan)

    got = [(s.number, s.task.id, s.state, s.progress, s.due, s.overdue_days, s.note)
           for s in status.current.states]

    assert status.as_of == as_of(data)
    assert got == [(t.number, t.id, t.state, t.progress, t.due, t.days_overdue, t.note)
                   for t in expected_tasks(data)]


def test_an_earlier_as_of_date_applies_only_the_updates_before_it(plan_file):
    data, plan = plan_file
    first = min(dt.date.fromisoformat(str(u["date"])) for u in data["updates"])

    status = analyse(plan, as_of=first)

    assert [(s.number, s.state, s.progress, s.overdue_days) for s in status.current.states] == [
        (t.number, t.state, t.progress, t.days_overdue) for t in expected_tasks(data, first)]


def counts(tasks) -> tuple:
    states = Counter(t.state for t in tasks)
    average = sum(t.progress for t in tasks) / len(tasks) if tasks else 0.0
    return (len(tasks), states["done"], states["on_track"], states["at_risk"],
            states["delayed"], states["not_started"], sum(t.days_overdue > 0 for t in tasks),
            pytest.approx(average))


def figures(f) -> tuple:
    return (f.total, f.done, f.on_track, f.at_risk, f.delayed, f.not_started, f.overdue,
            f.average_progress)


def test_plan_area_and_unit_figures_agree_with_the_plan_file(plan_file):
    data, plan = plan_file
    tasks = expected_tasks(data)
    status = analyse(plan)

    assert figures(status.figures) == counts(tasks)
    for area, raw in zip(status.areas, data["areas"], strict=True):
        assert figures(area.figures) == counts([t for t in tasks if t.area == str(raw["id"])])
    for unit in status.units:
        uid = unit.unit.id
        assert figures(unit.figures) == counts([t for t in tasks if t.lead == uid])
        assert [s.number for s in unit.lead] == [t.number for t in tasks if t.lead == uid]
        assert [s.number for s in unit.support] == [t.number for t in tasks
                                                    if uid in t.support]


BOUNDARIES = [
    ("due-today", {"due": "2020-09-30"}, 0),
    ("due-yesterday", {"due": "2020-09-29"}, 1),
    ("due-tomorrow", {"due": "2020-10-01"}, 0),
    ("two-days-before", {"due": "2020-09-28"}, 2),
    ("a-year-before", {"due": "2019-09-30"}, 366),  # 2020 is a leap year
    ("done-after-its-due-date", {"due": "2020-09-01", "phase": "done", "progress": 100}, 0),
    ("no-due-date", {}, 0),
]


@pytest.mark.parametrize(("task", "days"), [(t, d) for _, t, d in BOUNDARIES],
                         ids=[name for name, _, _ in BOUNDARIES])
def test_days_overdue_at_the_boundaries(task, days):
    data = hand_plan([{"phase": "in_progress", "progress": 10, **task}])

    (state,) = analyse(model_of(data)).current.states

    assert state.overdue_days == days == expected_tasks(data)[0].days_overdue
    assert state.overdue is (days > 0)


@pytest.mark.parametrize(("due", "text"), [
    ("2020-09-30", "On track"),
    ("2020-09-29", "On track, 1 day overdue"),
    ("2020-09-28", "On track, 2 days overdue"),
])
def test_the_status_label_says_the_days_overdue(due, text):
    status = analyse(model_of(hand_plan([{"phase": "in_progress", "due": due}])))

    assert status_text(status.current.states[0], Labels("en")) == text


def test_days_overdue_follow_the_as_of_date_not_the_clock():
    plan = model_of(hand_plan([{"phase": "in_progress", "due": "2020-09-29"}]))

    days = [analyse(plan, as_of=dt.date(2020, 9, d)).current.states[0].overdue_days
            for d in (28, 29, 30)] + [analyse(plan, as_of=dt.date(2020, 10, 1))
                                      .current.states[0].overdue_days]

    assert days == [0, 0, 1, 2]


def test_a_status_update_that_moves_the_due_date_moves_the_days_overdue():
    plan = model_of(hand_plan([{"phase": "in_progress", "due": "2020-12-31"}], [
        {"date": "2020-08-31", "tasks": {"T1": {"due": "2020-09-20"}}},
        {"date": "2020-09-30", "tasks": {"T1": {"progress": 50}}}]))

    status = analyse(plan)

    assert status.current.states[0].overdue_days == 10
    assert [s.overdue_days for s in status.overdue] == [10]
    assert status.previous.states[0].overdue_days == 0  # on 31 Aug it was not yet due
