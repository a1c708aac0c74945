"""Derived indicators, computed once: task states, figures, changes and attention lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .model import Area, Health, Phase, Plan, StatusUpdate, Task, Unit

_HEALTH_RANK = {Health.ON_TRACK: 0, Health.AT_RISK: 1, Health.DELAYED: 2}


@dataclass(frozen=True)
class TaskState:
    """A task as it stands at one update: the plan's values with every update up to then applied."""

    task: Task
    area: Area
    number: str
    phase: Phase
    health: Health
    progress: int
    due: dt.date | None
    note: str | None
    decision: str | None
    overdue_days: int = 0
    due_soon: bool = False

    @property
    def done(self) -> bool:
        """True when the task is finished."""
        return self.phase is Phase.DONE

    @property
    def overdue(self) -> bool:
        """True when the due date has passed and the task is not done."""
        return self.overdue_days > 0


@dataclass(frozen=True)
class TaskChange:
    """How one task moved between the previous update and the current one."""

    current: TaskState
    previous: TaskState

    @property
    def newly_done(self) -> bool:
        return self.current.done and not self.previous.done

    @property
    def progress_delta(self) -> int:
        return self.current.progress - self.previous.progress

    @property
    def health_worse(self) -> bool:
        return _HEALTH_RANK[self.current.health] > _HEALTH_RANK[self.previous.health]

    @property
    def health_better(self) -> bool:
        return _HEALTH_RANK[self.current.health] < _HEALTH_RANK[self.previous.health]

    @property
    def due_moved(self) -> bool:
        return self.current.due != self.previous.due

    @property
    def slipped(self) -> bool:
        """Health got worse, or the deadline moved later."""
        later = (self.current.due and self.previous.due and self.current.due > self.previous.due)
        return self.health_worse or bool(later)

    @property
    def newly_overdue(self) -> bool:
        return self.current.overdue and not self.previous.overdue

    @property
    def note_changed(self) -> bool:
        return bool(self.current.note) and self.current.note != self.previous.note

    @property
    def any(self) -> bool:
        return (self.newly_done or self.progress_delta != 0 or self.current.health
                != self.previous.health or self.due_moved or self.note_changed
                or self.current.phase != self.previous.phase)


@dataclass(frozen=True)
class Figures:
    """Headline counts over a set of task states."""

    total: int
    done: int
    on_track: int
    at_risk: int
    delayed: int
    overdue: int
    due_soon: int
    average_progress: float

    @classmethod
    def of(cls, states: list[TaskState]) -> Figures:
        open_ = [s for s in states if not s.done]
        return cls(
            total=len(states),
            done=len(states) - len(open_),
            on_track=sum(s.health is Health.ON_TRACK for s in open_),
            at_risk=sum(s.health is Health.AT_RISK for s in open_),
            delayed=sum(s.health is Health.DELAYED for s in open_),
            overdue=sum(s.overdue for s in states),
            due_soon=sum(s.due_soon for s in states),
            average_progress=(sum(s.progress for s in states) / len(states)) if states else 0.0,
        )


@dataclass(frozen=True)
class AreaStatus:
    """An area with its task states and figures."""

    area: Area
    number: int
    states: list[TaskState]
    figures: Figures
    previous_progress: float | None


@dataclass(frozen=True)
class UnitStatus:
    """A unit's share of the plan: tasks it leads and tasks it supports."""

    unit: Unit
    lead: list[TaskState]
    support: list[TaskState]
    figures: Figures


@dataclass(frozen=True)
class Snapshot:
    """The plan at one date: the state of every task after all updates up to that date."""

    date: dt.date
    update: StatusUpdate | None
    states: list[TaskState]


@dataclass(frozen=True)
class TrendPoint:
    """Average progress, overall and per area (plan order), at one update."""

    date: dt.date
    overall: float
    by_area: tuple[float, ...]


@dataclass(frozen=True)
class PlanStatus:
    """Everything the reports show, computed once: renderers never compute a number. The
    lists below are worked out on first use and kept (a bundle asks for them once per unit)."""

    plan: Plan
    as_of: dt.date
    current: Snapshot
    previous: Snapshot | None
    history: list[Snapshot]
    figures: Figures
    areas: list[AreaStatus]
    units: list[UnitStatus]
    changes: list[TaskChange] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    """The plan as written, then every update up to as-of: for the trend chart."""

    @cached_property
    def overdue(self) -> list[TaskState]:
        return sorted((s for s in self.current.states if s.overdue), key=lambda s: -s.overdue_days)

    @cached_property
    def due_soon(self) -> list[TaskState]:
        return sorted((s for s in self.current.states if s.due_soon), key=lambda s: s.due)

    @cached_property
    def at_risk(self) -> list[TaskState]:
        return [s for s in self.current.states if not s.done and s.health is not Health.ON_TRACK]

    @cached_property
    def decisions(self) -> list[TaskState]:
        return [s for s in self.current.states if s.decision and not s.done]

    @cached_property
    def attention(self) -> list[TaskState]:
        """Delayed, at risk, overdue or due before the next meeting: worst first."""
        picked = [s for s in self.current.states if not s.done and (
            s.health is not Health.ON_TRACK or s.overdue or s.due_soon)]
        return sorted(picked, key=lambda s: (-_HEALTH_RANK[s.health], -s.overdue_days,
                                             s.due or dt.date.max))

    @cached_property
    def attention_rank(self) -> dict[str, int]:
        """Each attention task's place in `attention`, by task id."""
        return {s.task.id: i for i, s in enumerate(self.attention)}

    def upcoming_milestones(self) -> list[tuple[TaskState, object]]:
        """Open milestones due between as-of and the next meeting (inclusive), by date."""
        end = self.plan.next_meeting.date
        found = [(s, m) for s in self.current.states for m in s.task.milestones
                 if not m.done and self.as_of < m.due <= end]
        return sorted(found, key=lambda item: item[1].due)


def analyse(plan: Plan, as_of: dt.date | None = None, compare_to: dt.date | None = None
            ) -> PlanStatus:
    """Applies the status updates dated on or before `as_of` and derives every indicator.

    `compare_to` picks the update to compare with; by default the one before the latest.
    """
    as_of = as_of or plan.as_of
    updates = sorted((u for u in plan.updates if u.date <= as_of), key=lambda u: u.date)
    history = [_snapshot(plan, updates[: i + 1], u.date) for i, u in enumerate(updates)]
    current = _snapshot(plan, updates, as_of)
    previous = None
    if compare_to is not None:
        chosen = [snap for snap in history if snap.date == compare_to]
        if not chosen:
            dates = ", ".join(u.date.isoformat() for u in updates) or "none"
            raise ValueError(f"no status update is dated {compare_to} (updates up to as-of: "
                             f"{dates}); pick one of them for --compare-to")
        previous = chosen[0]
    elif len(updates) >= 2:
        previous = history[-2]
    elif updates:  # one update: compare with the plan as written
        previous = _snapshot(plan, [], plan.period.start)
    changes = []
    if previous is not None:
        changes = [TaskChange(c, p) for c, p in zip(current.states, previous.states, strict=True)]
        changes = [c for c in changes if c.any]
    areas = []
    prev_by_area: dict[str, list[TaskState]] = {}
    for state in (previous.states if previous else []):
        prev_by_area.setdefault(state.area.id, []).append(state)
    # States grouped in one pass each, in plan order (a plan of 1,000 tasks and 100 units
    # would otherwise be scanned once per unit and per area).
    by_area: dict[str, list[TaskState]] = {}
    led_by: dict[str, list[TaskState]] = {}
    supported_by: dict[str, list[TaskState]] = {}
    for state in current.states:
        by_area.setdefault(state.area.id, []).append(state)
        led_by.setdefault(state.task.lead, []).append(state)
        for unit_id in dict.fromkeys(state.task.support):
            supported_by.setdefault(unit_id, []).append(state)
    for number, area in enumerate(plan.areas, start=1):
        states = by_area.get(area.id, [])
        prev = prev_by_area.get(area.id)
        areas.append(AreaStatus(area, number, states, Figures.of(states),
                                Figures.of(prev).average_progress if prev else None))
    units = []
    for unit in plan.units:
        lead = led_by.get(unit.id, [])
        support = supported_by.get(unit.id, [])
        if lead or support:
            units.append(UnitStatus(unit, lead, support, Figures.of(lead)))
    trend = [_trend_point(plan, snap) for snap in
             [_snapshot(plan, [], plan.period.start), *history]]
    return PlanStatus(plan, as_of, current, previous, history, Figures.of(current.states), areas,
                      units, changes, trend)


def _trend_point(plan: Plan, snapshot: Snapshot) -> TrendPoint:
    by_area: dict[str, list[int]] = {}
    for state in snapshot.states:
        by_area.setdefault(state.area.id, []).append(state.progress)
    overall = [s.progress for s in snapshot.states]
    return TrendPoint(snapshot.date, sum(overall) / len(overall) if overall else 0.0,
                      tuple(sum(v) / len(v) if (v := by_area.get(a.id)) else 0.0
                            for a in plan.areas))


def _snapshot(plan: Plan, updates: list[StatusUpdate], date: dt.date) -> Snapshot:
    """Task states on `date` after applying `updates` (oldest first) to the plan's values."""
    states = []
    meeting = plan.next_meeting.date
    for area_no, area in enumerate(plan.areas, start=1):
        for task_no, task in enumerate(area.tasks, start=1):
            phase, health, progress = task.phase, task.health, task.progress
            due, note, decision = task.due, task.note, task.decision
            for update in updates:
                change = update.tasks.get(task.id)
                if change is None:
                    continue
                phase = change.phase or phase
                health = change.health or health
                progress = change.progress if change.progress is not None else progress
                due = change.due or due
                note = change.note or note
                decision = change.decision if change.decision is not None else decision
            done = phase is Phase.DONE
            overdue_days = (date - due).days if due and not done and due < date else 0
            due_soon = bool(due and not done and date <= due <= meeting)
            states.append(TaskState(task, area, f"{area_no}.{task_no}", phase, health, progress,
                                    due, note, decision, overdue_days, due_soon))
    return Snapshot(date, updates[-1] if updates else None, states)
