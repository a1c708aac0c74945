"""The template context: the computed plan data that fill-in templates see, as plain values.

The same indicators the built-in reports use (figures, changes, attention lists), with dates
and statuses already written for the plan's language. Only dicts, lists, strings and numbers:
a template can read them but reach nothing else (templates run in Jinja's sandbox).
"""

from __future__ import annotations

from .i18n import Labels
from .indicators import Figures, PlanStatus, TaskState
from .reports.briefing import change_text, key_messages
from .reports.common import headline_sentence, status_text, unit_names


def _figures(f: Figures, labels: Labels) -> dict:
    return {"total": f.total, "done": f.done, "on_track": f.on_track, "at_risk": f.at_risk,
            "delayed": f.delayed, "not_started": f.not_started, "overdue": f.overdue,
            "due_soon": f.due_soon, "behind_schedule": f.behind,
            "average_progress": round(f.average_progress, 1),
            "average_progress_text": labels.percent(f.average_progress),
            "time_progress": round(f.time_progress, 1),
            "time_progress_text": labels.percent(f.time_progress)}


def _task(state: TaskState, status: PlanStatus, labels: Labels) -> dict:
    plan = status.plan
    task = state.task
    return {
        "number": state.number, "id": task.id, "title": task.title,
        "lead": plan.units_by_id[task.lead].label, "lead_name": plan.units_by_id[task.lead].name,
        "support": unit_names(plan, task.support, labels),
        "start": labels.date(task.start), "due": labels.date(state.due),
        "status": status_text(state, labels), "phase": labels[state.phase.value],
        "health": labels[state.health.value], "progress": state.progress,
        "progress_text": labels.percent(state.progress), "note": state.note or "",
        "decision": state.decision or "", "overdue_days": state.overdue_days,
        "is_done": state.done, "is_overdue": state.overdue, "is_due_soon": state.due_soon,
        "state": state.state, "time_progress": round(state.time_progress, 1),
        "is_behind_schedule": state.behind_schedule,
        "tags": list(task.tags), "area": state.area.title,
        "milestones": [{"title": m.title, "due": labels.date(m.due), "done": m.done}
                       for m in task.milestones],
    }


def template_context(status: PlanStatus, labels: Labels) -> dict:
    """Everything a fill-in template can use; `plan-briefing context` lists it."""
    plan = status.plan
    tasks = {s.task.id: _task(s, status, labels) for s in status.current.states}
    return {
        "plan": {"title": plan.title, "subtitle": plan.subtitle or "",
                 "organisation": plan.organisation, "marking": plan.marking or "",
                 "language": labels.language, "goals": list(plan.goals),
                 "next_steps": list(plan.next_steps),
                 "period_start": labels.date(plan.period.start),
                 "period_end": labels.date(plan.period.end)},
        "meeting": {"title": plan.next_meeting.title, "date": labels.date(plan.next_meeting.date),
                    "location": plan.next_meeting.location or ""},
        "as_of": labels.date(status.as_of),
        "previous_update": labels.date(status.previous.date) if status.previous else "",
        "headline": headline_sentence(status, labels),
        "figures": _figures(status.figures, labels),
        "areas": [{"number": a.number, "heading": labels.area_heading(a.number, a.area.title),
                   "id": a.area.id, "title": a.area.title, "summary": a.area.summary or "",
                   "figures": _figures(a.figures, labels),
                   "tasks": [tasks[s.task.id] for s in a.states]} for a in status.areas],
        "tasks": list(tasks.values()),
        "units": [{"id": u.unit.id, "name": u.unit.name, "short_name": u.unit.label,
                   "figures": _figures(u.figures, labels),
                   "lead_tasks": [tasks[s.task.id] for s in u.lead],
                   "support_tasks": [tasks[s.task.id] for s in u.support]}
                  for u in status.units],
        "changes": [{**tasks[c.current.task.id], "change": change_text(c, labels),
                     "newly_done": c.newly_done, "slipped": c.slipped,
                     "progress_delta": c.progress_delta, "classes": list(c.classes)}
                    for c in status.changes],
        "change_counts": dict(status.change_counts),
        "key_messages": list(key_messages(status, labels)),
        "attention": [tasks[s.task.id] for s in status.attention],
        "decisions": [tasks[s.task.id] for s in status.decisions],
        "overdue": [tasks[s.task.id] for s in status.overdue],
        "due_soon": [tasks[s.task.id] for s in status.due_soon],
        "trend": [{"date": labels.date(p.date), "overall": round(p.overall, 1),
                   "time_progress": round(p.time_progress, 1)} for p in status.trend],
        "labels": dict(_all_labels(labels)),
        "charts": {name: chart_marker(name) for name in CHARTS},
    }


CHARTS = ("progress", "trend")
"""Native charts a Word template can place: `{{ charts.progress }}` alone in a paragraph."""


def chart_marker(name: str) -> str:
    """The text a chart tag renders to, replaced by the chart after filling."""
    return f"\ue100chart:{name}\ue100"


def chart_blocks(status: PlanStatus, labels: Labels) -> dict:
    """The charts behind the markers: progress by area, and progress over time."""
    from .reports.common import progress_chart, trend_chart

    charts = {"progress": progress_chart(status, labels)}
    trend = trend_chart(status, labels)
    if trend is not None:
        charts["trend"] = trend
    return charts


def _all_labels(labels: Labels):
    for key in labels.keys():
        text = labels[key]
        if "{" not in text:
            yield key, text


def describe(context: dict) -> list[tuple[str, str, str]]:
    """(path, type, example) for every variable; lists are shown by their first item."""
    rows: list[tuple[str, str, str]] = []

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            if path:
                rows.append((path, "mapping", f"{len(value)} keys"))
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            rows.append((path, "list", f"{len(value)} items"))
            if value and isinstance(value[0], (dict, list)):
                walk(value[0], f"{path}[0]")
            elif value:
                rows.append((f"{path}[0]", type(value[0]).__name__, _example(value[0])))
        else:
            rows.append((path, type(value).__name__, _example(value)))

    walk(context, "")
    return rows


def _example(value) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:59] + "…"
