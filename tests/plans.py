"""Hand-made plans for the figures tests: a few tasks, two dated updates, built in code."""

from __future__ import annotations

import datetime as dt

from generator.model import Plan

D = dt.date


def make_plan(tasks: list[dict], updates: list[dict] | None = None, *, as_of: str = "2020-09-30",
              meeting: str = "2020-10-15", units: list[dict] | None = None,
              title: str = "Test plan") -> Plan:
    """A one-area plan over 2020 holding `tasks` (ids T1, T2… unless given; lead `a`)."""
    full = []
    for i, task in enumerate(tasks, start=1):
        full.append({"id": f"T{i}", "title": f"Task {i}", "lead": "a", **task})
    return Plan.model_validate({
        "title": title, "organisation": "Office", "language": "en",
        "period": {"start": "2020-01-01", "end": "2020-12-31"}, "as_of": as_of,
        "next_meeting": {"title": "Board", "date": meeting},
        "units": units or [{"id": "a", "name": "Unit A"}, {"id": "b", "name": "Unit B"},
                           {"id": "c", "name": "Unit C"}],
        "areas": [{"id": "x", "title": "Area X", "tasks": full}],
        "updates": updates or [],
    })


def two_updates(before: dict, after: dict, *, task: dict | None = None, as_of: str = "2020-09-30",
                meeting: str = "2020-10-15") -> Plan:
    """One task (T1) whose status is `before` at the 31 Aug update and `after` at 30 Sep."""
    return make_plan([{"due": "2020-12-31", "phase": "in_progress", **(task or {})}],
                     [{"date": "2020-08-31", "tasks": {"T1": before}},
                      {"date": "2020-09-30", "tasks": {"T1": after}}],
                     as_of=as_of, meeting=meeting)
