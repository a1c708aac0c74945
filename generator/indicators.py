"""Derived indicators, computed once: task states, figures, changes and attention lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .model import Area, Health, Phase, Plan, StatusUpdate, Task, Unit

_HEALTH_RANK = {Health.ON_TRACK: 0, Health.AT_RISK: 1, Health.DELAYED: 2}

STATES = ("done", "on_track", "at_risk", "delayed", "not_started")
"""The state classes. Every task is in exactly one, decided in this order: done (phase done);
delayed (health delayed); at risk (health at risk); not started (phase not started, health on
track); on track (every other open task). Overdue is not a state: it is a flag on top
(`TaskState.overdue`), counted as "of which N overdue"."""

BEHIND_MARGIN = 10
"""A task is behind schedule when its progress is more than this many points below its time
progress (the elapsed share of its start → due span)."""


def time_progress(start: dt.date, due: dt.date, on: dt.date) -> float:
    """The elapsed share of start → due on `on`, in per cent (0-100)."""
    if due <= start:
        return 100.0 if on >= due else 0.0
    return min(100.0, max(0.0, (on - start).days / (due - start).days * 100))


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
    time_progress: float = 0.0
    """Elapsed share (per cent) of the task's start → due span on the snapshot's date; start
    defaults to the plan period's start, due to its end."""

    @property
    def done(self) -> bool:
        """True when the task is finished."""
        return self.phase is Phase.DONE

    @property
    def state(self) -> str:
        """The task's one state class (see `STATES`)."""
        if self.done:
            return "done"
        if self.health is Health.DELAYED:
            return "delayed"
        if self.health is Health.AT_RISK:
            return "at_risk"
        return "not_started" if self.phase is Phase.NOT_STARTED else "on_track"

    @property
    def behind_schedule(self) -> bool:
        """Open, and progress more than `BEHIND_MARGIN` points below time progress."""
        return not self.done and self.progress < self.time_progress - BEHIND_MARGIN

    @property
    def overdue(self) -> bool:
        """True when the due date has passed and the task is not done."""
        return self.overdue_days > 0


CHANGE_CLASSES = ("newly_done", "progress_up", "progress_down", "health_worse", "health_better",
                  "due_later", "due_earlier", "newly_at_risk", "risk_cleared", "newly_overdue")
"""The kinds of change between two updates, in reading order. A task may carry several."""


@dataclass(frozen=True)
class TaskChange:
    """How one task moved between the previous update and the current one. Each change class
    is a property named as in `CHANGE_CLASSES`; a task may have several at once."""

    current: TaskState
    previous: TaskState

    @property
    def newly_done(self) -> bool:
        """Done now, not done before."""
        return self.current.done and not self.previous.done

    @property
    def progress_delta(self) -> int:
        return self.current.progress - self.previous.progress

    @property
    def progress_up(self) -> bool:
        """The progress number rose."""
        return self.current.progress > self.previous.progress

    @property
    def progress_down(self) -> bool:
        """The progress number fell."""
        return self.current.progress < self.previous.progress

    @property
    def health_worse(self) -> bool:
        """Open now, and health went down a step or two (on track → at risk → delayed)."""
        return not self.current.done and (
            _HEALTH_RANK[self.current.health] > _HEALTH_RANK[self.previous.health])

    @property
    def health_better(self) -> bool:
        """Open now, and health went up (delayed → at risk → on track)."""
        return not self.current.done and (
            _HEALTH_RANK[self.current.health] < _HEALTH_RANK[self.previous.health])

    @property
    def due_moved(self) -> bool:
        return self.current.due != self.previous.due

    @property
    def due_later(self) -> bool:
        """The due date moved later."""
        return bool(self.current.due and self.previous.due and self.current.due > self.previous.due)

    @property
    def due_earlier(self) -> bool:
        """The due date moved earlier."""
        return bool(self.current.due and self.previous.due and self.current.due < self.previous.due)

    @property
    def newly_at_risk(self) -> bool:
        """Was open and on track; now open and at risk or delayed."""
        was = not self.previous.done and self.previous.health is Health.ON_TRACK
        return was and not self.current.done and self.current.health is not Health.ON_TRACK

    @property
    def risk_cleared(self) -> bool:
        """Was open and at risk or delayed; now done, or on track."""
        was = not self.previous.done and self.previous.health is not Health.ON_TRACK
        return was and (self.current.done or self.current.health is Health.ON_TRACK)

    @property
    def slipped(self) -> bool:
        """Health got worse, or the deadline moved later."""
        return self.health_worse or self.due_later

    @property
    def newly_overdue(self) -> bool:
        """Overdue now, not overdue at the previous update."""
        return self.current.overdue and not self.previous.overdue

    @property
    def classes(self) -> tuple[str, ...]:
        """The change classes this task carries, in `CHANGE_CLASSES` order."""
        return tuple(name for name in CHANGE_CLASSES if getattr(self, name))

    @property
    def note_changed(self) -> bool:
        return bool(self.current.note) and self.current.note != self.previous.note

    @property
    def any(self) -> bool:
        return (self.newly_done or self.progress_delta != 0 or self.current.health
                != self.previous.health or self.due_moved or self.note_changed
                or self.current.phase != self.previous.phase or self.newly_overdue)


def change_counts(changes: list[TaskChange]) -> dict[str, int]:
    """For each change class, the number of tasks carrying it (not exclusive: a task may be
    counted under several)."""
    return {name: sum(getattr(c, name) for c in changes) for name in CHANGE_CLASSES}


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
    not_started: int = 0
    """done + on_track + at_risk + delayed + not_started == total (the state classes);
    overdue and due_soon are flags counted across them."""
    time_progress: float = 0.0
    """Average of the tasks' time progress (elapsed share of start → due), per cent."""
    behind: int = 0
    """Open tasks whose progress is more than `BEHIND_MARGIN` points below time progress."""

    @classmethod
    def of(cls, states: list[TaskState]) -> Figures:
        counts = dict.fromkeys(STATES, 0)
        for s in states:
            counts[s.state] += 1
        n = len(states)
        return cls(
            total=n,
            done=counts["done"],
            on_track=counts["on_track"],
            at_risk=counts["at_risk"],
            delayed=counts["delayed"],
            overdue=sum(s.overdue for s in states),
            due_soon=sum(s.due_soon for s in states),
            average_progress=(sum(s.progress for s in states) / n) if n else 0.0,
            not_started=counts["not_started"],
            time_progress=(sum(s.time_progress for s in states) / n) if n else 0.0,
            behind=sum(s.behind_schedule for s in states),
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
    """Average progress, overall and per area (plan order), at one dated update, with the
    average time progress on that date."""

    date: dt.date
    overall: float
    by_area: tuple[float, ...]
    time_progress: float = 0.0


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
    """One point per dated update up to as-of (the plan as written has no date of its own and
    is not a point): for the trend chart."""
    as_of_given: bool = False
    """True when the as-of date was asked for (`--as-of`), not taken from the plan/updates."""
    returns_round: tuple[dt.date, tuple] | None = None
    """The return round on or before the as-of date, when one is recorded beside the plan:
    (its date, each lead unit's `importers.round.UnitRound`); `build` loads it."""

    @cached_property
    def change_counts(self) -> dict[str, int]:
        """Tasks per change class since the previous update (a task may count in several)."""
        return change_counts(self.changes)

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
        return sorted(picked, key=attention_order)

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


def attention_order(state: TaskState) -> tuple:
    """Worst first: delayed, at risk, then on track; longer overdue first; earlier due first."""
    return (-_HEALTH_RANK[state.health], -state.overdue_days, state.due or dt.date.max,
            state.number)


def default_as_of(plan: Plan) -> dt.date:
    """The plan's `as_of`, or the date of its newest status update when that is later (so a
    build after `read-returns --date D` reports as of D)."""
    return max([plan.as_of, *(u.date for u in plan.updates)])


def analyse(plan: Plan, as_of: dt.date | None = None, compare_to: dt.date | None = None
            ) -> PlanStatus:
    """Applies the status updates dated on or before `as_of` and derives every indicator.

    `as_of` defaults to `default_as_of(plan)`; `compare_to` picks the update to compare with;
    by default the one before the latest.
    """
    as_of_given = as_of is not None
    as_of = as_of or default_as_of(plan)
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
    trend = [_trend_point(plan, snap) for snap in history]
    return PlanStatus(plan, as_of, current, previous, history, Figures.of(current.states), areas,
                      units, changes, trend, as_of_given)


def _trend_point(plan: Plan, snapshot: Snapshot) -> TrendPoint:
    by_area: dict[str, list[int]] = {}
    for state in snapshot.states:
        by_area.setdefault(state.area.id, []).append(state.progress)
    overall = [s.progress for s in snapshot.states]
    times = [s.time_progress for s in snapshot.states]
    return TrendPoint(snapshot.date, sum(overall) / len(overall) if overall else 0.0,
                      tuple(sum(v) / len(v) if (v := by_area.get(a.id)) else 0.0
                            for a in plan.areas), sum(times) / len(times) if times else 0.0)


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
            elapsed = time_progress(task.start or plan.period.start, due or plan.period.end,
                                    date)
            states.append(TaskState(task, area, f"{area_no}.{task_no}", phase, health, progress,
                                    due, note, decision, overdue_days, due_soon, elapsed))
    return Snapshot(date, updates[-1] if updates else None, states)
