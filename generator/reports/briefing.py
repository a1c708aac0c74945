"""The meeting briefing: where we stand, what changed, what needs a decision, next steps."""

from __future__ import annotations

from ..document import Bullets, Cell, Column, Cover, Paragraph, Report, Section, Table
from ..i18n import Labels
from ..indicators import PlanStatus, TaskChange
from .common import (
    document_info,
    headline_sentence,
    key_figures,
    progress_chart,
    status_text,
    status_tone,
    trend_chart,
)

MAX_CHANGE_ROWS = 8
"""The briefing lists at most this many changed tasks; the rest are counted in one line."""


def build_briefing(status: PlanStatus, labels: Labels) -> Report:
    """Builds the briefing for the plan's next meeting."""
    plan = status.plan
    meeting = plan.next_meeting
    info = document_info(status, labels, labels["briefing"])
    meeting_line = labels.date(meeting.date) + (f"  {meeting.location}" if meeting.location else "")
    cover = Cover(
        title=meeting.title,
        subtitle=labels["briefing"],
        lines=(meeting_line, f"{labels['as_of']} {labels.date(status.as_of)}", plan.organisation),
        marking=plan.marking,
        full_page=False,
    )
    sections = [
        Section(labels["headline"], (Paragraph(headline_sentence(status, labels), "lead"),
                                     key_figures(status.figures, labels)), "headline"),
        Section(labels["progress_by_area"], (progress_chart(status, labels),), "progress"),
        *([Section(labels["trend"], (trend,), "trend")]
          if (trend := trend_chart(status, labels)) else []),
        Section(_changes_title(status, labels), _changes(status, labels), "changes"),
        Section(labels["attention"], _attention(status, labels), "attention"),
        Section(labels["next_steps"], (Bullets(_next_steps(status, labels)),), "next-steps"),
    ]
    return Report("briefing", info, cover, tuple(sections))


def _changes_title(status: PlanStatus, labels: Labels) -> str:
    if status.previous is None or status.previous.update is None:
        return labels["changes"]
    return labels.get("changes_since", date=labels.date(status.previous.date))


def change_text(change: TaskChange, labels: Labels) -> str:
    parts = []
    if change.newly_done:
        parts.append(labels["newly_done"])
    if change.current.health != change.previous.health and not change.current.done:
        old, new = labels[change.previous.health.value], labels[change.current.health.value]
        parts.append(f"{old} → {new}")
    if change.progress_delta:
        parts.append(labels.get("progress_change", old=change.previous.progress,
                                new=change.current.progress))
    if change.due_moved:
        parts.append(labels.get("due_moved", date=labels.date(change.current.due)))
    return labels["separator"].join(parts)


def _change_rank(change: TaskChange) -> tuple:
    return (not change.newly_done, not change.slipped, -abs(change.progress_delta),
            change.current.number)


def _changes(status: PlanStatus, labels: Labels) -> tuple:
    if status.previous is None:
        return (Paragraph(labels["no_previous"], "note"),)
    changes = [c for c in status.changes if change_text(c, labels)]
    if not changes:
        return (Paragraph(labels["no_changes"], "note"),)
    done = sum(c.newly_done for c in changes)
    slipped = sum(c.slipped for c in changes)
    up = sum(c.progress_delta > 0 for c in changes)
    summary = labels.get("changes_summary", count=len(changes), done=done, up=up, slipped=slipped)
    shown = sorted(changes, key=_change_rank)[:MAX_CHANGE_ROWS]
    shown.sort(key=lambda c: [int(p) if p.isdigit() else p for p in c.current.number.split(".")])
    columns = (Column(labels["col_no"], 0.62, "center"), Column(labels["col_task"], 4.0),
               Column(labels["col_change"], 2.6), Column(labels["col_status"], 1.0, "center"))
    rows = tuple((Cell(c.current.number), Cell(c.current.task.title),
                  Cell(change_text(c, labels)),
                  Cell(status_text(c.current, labels), status_tone(c.current))) for c in shown)
    blocks: list = [Paragraph(summary), Table(columns, rows)]
    groups = [
        ("new_risk", [c for c in changes if c.health_worse and not c.current.done]),
        ("cleared_risk", [c for c in changes if c.health_better or (
            c.newly_done and c.previous.health.value != "on_track")]),
        ("newly_overdue", [c for c in status.changes if c.newly_overdue]),
    ]
    items = tuple(labels.get("change_group", group=labels[key],
                             tasks=labels.list_join([f"{c.current.number} {c.current.task.title}"
                                                     for c in found]))
                  for key, found in groups if found)
    if items:
        blocks.append(Bullets(items))
    if len(changes) > len(shown):
        rest = len(changes) - len(shown)
        blocks.append(Paragraph(labels.get("changes_more", count=rest), "note"))
    return tuple(blocks)


def _attention(status: PlanStatus, labels: Labels) -> tuple:
    plan = status.plan
    items = status.attention
    blocks: list = []
    if not items and not status.decisions:
        return (Paragraph(labels["nothing_attention"], "note"),)
    if items:
        columns = (Column(labels["col_no"], 0.62, "center"), Column(labels["col_task"], 3.6),
                   Column(labels["col_lead"], 1.3), Column(labels["col_status"], 1.0, "center"),
                   Column(labels["col_reason"], 2.4))
        rows = tuple((Cell(s.number), Cell(s.task.title),
                      Cell(plan.units_by_id[s.task.lead].label),
                      Cell(status_text(s, labels), status_tone(s)),
                      Cell(_reason(s, labels))) for s in items)
        blocks.append(Table(columns, rows))
    if status.decisions:
        blocks.append(Paragraph(labels["decisions"], "lead"))
        blocks.append(Bullets(tuple(labels.get("decision_item", number=s.number, title=s.task.title,
                                               decision=s.decision) for s in status.decisions)))
    return tuple(blocks)


def _reason(state, labels: Labels) -> str:
    if state.overdue:
        return labels.get("reason_overdue", days=state.overdue_days)
    if state.note:
        return state.note
    if state.due_soon:
        return labels.get("reason_due_soon", date=labels.date(state.due))
    return ""


def _next_steps(status: PlanStatus, labels: Labels) -> tuple[str, ...]:
    steps = list(status.plan.next_steps)
    for state, milestone in status.upcoming_milestones():
        steps.append(labels.get("milestone_due", title=f"{state.number} {milestone.title}",
                                date=labels.date(milestone.due)))
    for state in status.due_soon:
        steps.append(labels.get("due_soon_step", number=state.number, title=state.task.title,
                                due=labels.date(state.due)))
    return tuple(steps) or (labels["none"],)
