"""The figures a leader reads: one state per task, overdue as a flag, change classes defined
precisely, time progress, and the as-of date and draft warnings of a build."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import draft_problems, status_warnings
from generator.indicators import CHANGE_CLASSES, STATES, TaskChange, analyse, time_progress

from .plans import D, make_plan, two_updates

ON, RISK, LATE = "on_track", "at_risk", "delayed"


def _classes(plan) -> set[str]:
    status = analyse(plan)
    assert status.previous is not None and status.previous.date == D(2020, 8, 31)
    found = [c for c in status.changes if c.current.task.id == "T1"]
    return set(found[0].classes) if found else set()


@pytest.mark.parametrize(("before", "after", "expected"), [
    ({"progress": 90}, {"phase": "done", "progress": 100}, {"newly_done", "progress_up"}),
    ({"progress": 40}, {"progress": 50}, {"progress_up"}),
    ({"progress": 50}, {"progress": 40}, {"progress_down"}),
    ({"health": ON}, {"health": RISK}, {"health_worse", "newly_at_risk"}),
    ({"health": LATE}, {"health": RISK}, {"health_better"}),
    ({"due": "2020-11-30"}, {"due": "2020-12-31"}, {"due_later"}),
    ({"due": "2020-12-31"}, {"due": "2020-11-30"}, {"due_earlier"}),
    ({"health": ON}, {"health": LATE}, {"health_worse", "newly_at_risk"}),
    ({"health": RISK}, {"health": ON}, {"health_better", "risk_cleared"}),
    ({"health": LATE, "progress": 90}, {"phase": "done", "progress": 100},
     {"newly_done", "progress_up", "risk_cleared"}),
    ({"due": "2020-09-30"}, {"due": "2020-09-15"}, {"due_earlier", "newly_overdue"}),
], ids=["newly-done", "progress-up", "progress-down", "newly-at-risk", "health-better",
        "due-later", "due-earlier", "on-track-to-delayed", "risk-cleared", "delayed-to-done",
        "newly-overdue"])
def test_each_change_class_on_a_two_update_plan(before, after, expected):
    assert _classes(two_updates(before, after)) == expected


def test_progress_up_with_a_later_deadline_is_not_progress_down():
    # the issue: a task counted both as 进度提升 and 进度下滑
    classes = _classes(two_updates({"progress": 40, "due": "2020-11-30"},
                                   {"progress": 60, "due": "2020-12-31"}))

    assert classes == {"progress_up", "due_later"}


def test_at_risk_to_delayed_is_worse_but_not_newly_at_risk():
    assert _classes(two_updates({"health": RISK}, {"health": LATE})) == {"health_worse"}


def test_delayed_to_at_risk_is_better_but_no_risk_is_cleared():
    assert _classes(two_updates({"health": LATE}, {"health": RISK})) == {"health_better"}


def test_counts_count_tasks_per_class_not_exclusive():
    plan = make_plan([{"due": "2020-12-31", "phase": "in_progress"}] * 2,
                     [{"date": "2020-08-31", "tasks": {"T1": {"progress": 40, "health": ON},
                                                       "T2": {"progress": 10}}},
                      {"date": "2020-09-30", "tasks": {"T1": {"progress": 50, "health": LATE},
                                                       "T2": {"progress": 20}}}])

    counts = analyse(plan).change_counts

    assert counts["progress_up"] == 2
    assert counts["health_worse"] == counts["newly_at_risk"] == 1
    assert set(counts) == set(CHANGE_CLASSES)


def test_each_task_is_in_one_state_and_overdue_is_a_flag():
    plan = make_plan([
        {"phase": "done", "progress": 100, "due": "2020-06-30"},
        {"phase": "in_progress", "due": "2020-12-31"},
        {"phase": "in_progress", "health": RISK, "due": "2020-09-15"},  # overdue and at risk
        {"phase": "planning", "health": LATE, "due": "2020-12-31"},
        {"phase": "not_started", "due": "2020-09-29"},  # overdue, not started
    ])

    status = analyse(plan)
    f = status.figures

    assert [s.state for s in status.current.states] == [
        "done", "on_track", "at_risk", "delayed", "not_started"]
    assert (f.done, f.on_track, f.at_risk, f.delayed, f.not_started) == (1, 1, 1, 1, 1)
    assert f.done + f.on_track + f.at_risk + f.delayed + f.not_started == f.total == 5
    assert f.overdue == 2
    assert set(STATES) == {"done", "on_track", "at_risk", "delayed", "not_started"}


@pytest.mark.parametrize(("due", "days"), [("2020-09-30", 0), ("2020-09-29", 1),
                                           ("2020-09-15", 15), ("2020-08-31", 30)])
def test_days_overdue_count_from_the_day_after_the_due_date(due, days):
    state = analyse(make_plan([{"due": due, "phase": "in_progress"}])).current.states[0]

    assert state.overdue_days == days
    assert state.overdue is (days > 0)


def test_time_progress_is_the_elapsed_share_of_start_to_due():
    assert time_progress(D(2020, 1, 1), D(2020, 1, 11), D(2020, 1, 6)) == 50.0
    assert time_progress(D(2020, 1, 1), D(2020, 1, 11), D(2019, 12, 1)) == 0.0
    assert time_progress(D(2020, 1, 1), D(2020, 1, 11), D(2020, 3, 1)) == 100.0
    assert time_progress(D(2020, 5, 1), D(2020, 5, 1), D(2020, 5, 1)) == 100.0


def test_time_progress_per_task_area_and_plan_and_behind_schedule():
    plan = make_plan([
        {"start": "2020-09-01", "due": "2020-10-31", "progress": 10},  # 29/60 days = 48%
        {"start": "2020-01-01", "due": "2020-12-31", "progress": 90},  # no start: plan start
    ], as_of="2020-09-30")

    status = analyse(plan)
    first, second = status.current.states

    assert first.time_progress == pytest.approx(29 / 60 * 100)
    assert second.time_progress == pytest.approx(273 / 365 * 100)
    assert first.behind_schedule and not second.behind_schedule
    assert status.figures.time_progress == pytest.approx((29 / 60 + 273 / 365) * 50)
    assert status.areas[0].figures.time_progress == status.figures.time_progress
    assert status.figures.behind == 1


def test_trend_points_are_the_dated_updates_only():
    plan = two_updates({"progress": 40}, {"progress": 50})

    trend = analyse(plan).trend

    assert [p.date for p in trend] == [D(2020, 8, 31), D(2020, 9, 30)]
    assert [p.overall for p in trend] == [40, 50]


def test_the_newest_update_is_the_default_as_of_and_nothing_is_said_ignored():
    plan = make_plan([{"due": "2020-12-31"}], [{"date": "2020-10-31", "tasks": {"T1": {
        "progress": 30}}}], as_of="2020-09-30", meeting="2020-11-10")

    status = analyse(plan)
    warnings = status_warnings(status)

    assert status.as_of == D(2020, 10, 31) and status.current.states[0].progress == 30
    assert not any("not shown" in w for w in warnings)
    assert any("--as-of 2020-09-30" in w for w in warnings)  # says which flag goes back


def test_an_earlier_as_of_says_which_updates_are_left_out_and_the_flag():
    plan = make_plan([{"due": "2020-12-31"}], [{"date": "2020-10-31", "tasks": {"T1": {
        "progress": 30}}}], as_of="2020-09-30", meeting="2020-11-10")

    warnings = status_warnings(analyse(plan, as_of=D(2020, 9, 30)))

    assert warnings == ["1 status update(s) dated after the as-of date 2020-09-30 are not "
                        "shown (newest: 2020-10-31); build without --as-of, or with --as-of "
                        "2020-10-31, to include them"]


def test_a_meeting_before_the_data_date_is_warned():
    plan = make_plan([{"due": "2020-12-31"}], [{"date": "2020-10-31", "tasks": {}}],
                     meeting="2020-10-15")

    warnings = status_warnings(analyse(plan))

    assert any("meeting date 2020-10-15" in w and "data date 2020-10-31" in w for w in warnings)


def test_drafts_are_named():
    assert draft_problems(make_plan([])) == [
        "the plan has 0 tasks: add tasks under `areas` before reporting on it"]
    placeholder = make_plan([{"title": "Task"}],
                            units=[{"id": "a", "name": "待定（请指定牵头单位）"}])
    assert "units[0].name" in draft_problems(placeholder)[0]
    assert draft_problems(make_plan([{"title": "Real task"}])) == []


# --- properties over arbitrary plans and update sequences -------------------------------------

_DAY = st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31))


@st.composite
def _status(draw) -> dict:
    phase = st.sampled_from(["not_started", "planning", "in_progress", "done"])
    health = st.sampled_from([ON, RISK, LATE])
    fields = st.fixed_dictionaries({}, optional={
        "phase": phase, "health": health, "progress": st.integers(0, 100), "due": _DAY})
    value = draw(fields)
    if "due" in value:
        value["due"] = value["due"].isoformat()
    if value.get("phase") == "done":
        value["progress"] = 100
    elif value.get("progress") == 100:
        value["progress"] = 99
    return value


@st.composite
def _plans(draw):
    n = draw(st.integers(1, 6))
    tasks = [{**draw(_status()), "start": "2020-01-01"} for _ in range(n)]
    for task in tasks:
        task.setdefault("due", "2020-12-31")
        task.setdefault("phase", "in_progress")
        if task["phase"] != "done":
            task["progress"] = min(task.get("progress", 0), 99)
    dates = sorted(draw(st.sets(_DAY, min_size=1, max_size=4)))
    updates = [{"date": d.isoformat(),
                "tasks": {f"T{i}": draw(_status()) for i in draw(
                    st.sets(st.integers(1, n), max_size=n))}}
               for d in dates]
    return make_plan(tasks, updates, as_of=dates[-1].isoformat(), meeting="2020-12-31")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plans())
def test_states_sum_to_the_total_at_every_update(plan):
    status = analyse(plan)

    for snapshot in [status.current, *status.history]:
        states = [s.state for s in snapshot.states]
        assert len(states) == len(plan.tasks())
        assert all(s in STATES for s in states)
    f = status.figures
    assert f.done + f.on_track + f.at_risk + f.delayed + f.not_started == f.total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plans())
def test_change_classes_follow_their_definitions(plan):
    status = analyse(plan)
    if status.previous is None:
        return
    pairs = [TaskChange(c, p) for c, p in zip(status.current.states, status.previous.states,
                                               strict=True)]

    for change in pairs:
        assert change.progress_down == (change.current.progress < change.previous.progress)
        assert change.progress_up == (change.current.progress > change.previous.progress)
        assert not (change.newly_at_risk and change.risk_cleared)
        assert not (change.health_worse and change.health_better)
        assert not (change.due_later and change.due_earlier)
    listed = {c.current.task.id for c in status.changes}
    assert {c.current.task.id for c in pairs if c.classes} <= listed
    for name, count in status.change_counts.items():
        assert count == sum(getattr(c, name) for c in pairs)
