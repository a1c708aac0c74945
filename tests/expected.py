"""What the reports should say about each task, worked out from the plan file's own data (its
YAML/JSON as a dict), without generator.indicators: the yardstick of the behaviour tests."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model import Plan


@dataclass(frozen=True)
class Expected:
    """One task as a reader of the plan file would work it out on the as-of date."""

    number: str  # "<area no.>.<task no.>", both counted from 1 in file order
    id: str
    area: str
    title: str
    lead: str
    support: tuple[str, ...]
    due: dt.date | None
    phase: str
    health: str
    progress: int
    note: str | None
    decision: str | None
    days_overdue: int
    elapsed: float
    """Per cent of the task's start → due span gone by (start: the plan period's start when
    none is given; due: the period's end)."""

    @property
    def state(self) -> str:
        """done; delayed; at risk; not started (and on track); else on track."""
        if self.phase == "done":
            return "done"
        if self.health in ("delayed", "at_risk"):
            return self.health
        return "not_started" if self.phase == "not_started" else "on_track"


def raw_plan(path: Path) -> dict:
    """The plan file as plain data."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def day(value: object) -> dt.date | None:
    """A date from YAML (already a date) or JSON (ISO text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def as_of(data: dict) -> dt.date:
    """The plan's as_of, or its newest update's date when that is later."""
    return max([day(data["as_of"]), *(day(u["date"]) for u in data.get("updates", []))])


def expected_tasks(data: dict, on: dt.date | None = None) -> list[Expected]:
    """Every task in file order with the updates dated on or before `on` (default: the as-of
    date) applied oldest first."""
    on = on or as_of(data)
    updates = sorted((u for u in data.get("updates", []) if day(u["date"]) <= on),
                     key=lambda u: day(u["date"]))
    out = []
    for a, area in enumerate(data["areas"], start=1):
        for t, task in enumerate(area["tasks"], start=1):
            now = {"phase": "not_started", "health": "on_track", "progress": 0, **task}
            for update in updates:
                for key, value in (update.get("tasks") or {}).get(str(task["id"]), {}).items():
                    if value not in (None, ""):
                        now[key] = value
            due = day(now.get("due"))
            late = (on - due).days if due is not None and now["phase"] != "done" else 0
            begin = day(task.get("start")) or day(data["period"]["start"])
            end = due or day(data["period"]["end"])
            span = (end - begin).days
            elapsed = (100.0 if on >= end else 0.0) if span <= 0 else min(
                100.0, max(0.0, (on - begin).days * 100 / span))
            out.append(Expected(f"{a}.{t}", str(task["id"]), str(area["id"]), task["title"],
                                task["lead"], tuple(task.get("support", ())), due,
                                now["phase"], now["health"], int(now["progress"]),
                                now.get("note"), now.get("decision"), max(0, late), elapsed))
    return out


def unit_labels(data: dict) -> dict[str, str]:
    """Each unit's id → the name tables print (its short name when it has one)."""
    return {u["id"]: u.get("short_name") or u["name"] for u in data["units"]}


def hand_plan(tasks: list[dict], updates: list[dict] | None = None, *,
              as_of: str = "2020-09-30", meeting: str = "2020-10-15",
              language: str = "en") -> dict:
    """A small plan as a file would hold it: two areas (tasks with `area: 2` go in the second),
    units a-e (d with a short name), tasks T1, T2… led by `a` unless given."""
    areas: list[dict] = [{"id": "one", "title": "First area", "tasks": []},
                         {"id": "two", "title": "Second area", "tasks": []}]
    for i, task in enumerate(tasks, start=1):
        task = dict(task)
        where = task.pop("area", 1)
        areas[where - 1]["tasks"].append({"id": f"T{i}", "title": f"Task {i}", "lead": "a",
                                          **task})
    return {
        "title": "Hand-made plan", "organisation": "Office", "language": language,
        "period": {"start": "2020-01-01", "end": "2020-12-31"}, "as_of": as_of,
        "next_meeting": {"title": "Board", "date": meeting},
        "units": [{"id": "a", "name": "Unit A"}, {"id": "b", "name": "Unit B"},
                  {"id": "c", "name": "Unit C"}, {"id": "d", "name": "Unit D long name",
                                                   "short_name": "D"},
                  {"id": "e", "name": "Unit E"}],
        "areas": [a for a in areas if a["tasks"]],
        "updates": updates or [],
    }


def model_of(data: dict) -> Plan:
    """The validated plan of a hand-made plan's data (dates given as text)."""
    return Plan.model_validate(json.loads(json.dumps(data, default=str)))
